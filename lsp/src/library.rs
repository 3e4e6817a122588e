//! The policy files an open document is read with: the other `*.policy`
//! files of its directory (an open document's text in place of the file on
//! disk), parsed, and the lookups across them: a policy by id, its parent,
//! and a name's declaration up the chain of parents.

use crate::names::{declarations, Declaration};
use crate::position::LineIndex;
use lsp_types::{Location, Url};
use rollcall_compiler::SourceFile;
use rollcall_grammar::ast::{PolicyFile, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One policy file of the library.
#[derive(Debug)]
pub struct LibraryFile {
    /// Where it is (a `file:` URI, or the client's URI for an unsaved document).
    pub uri: Url,
    /// The path the compiler names it by.
    pub path: String,
    /// Its text.
    pub text: String,
    /// Its lines.
    pub lines: LineIndex,
    /// Its AST, if it parses.
    pub ast: Option<PolicyFile>,
}

impl LibraryFile {
    /// A file of the library, parsed.
    pub fn new(uri: Url, path: String, text: String) -> LibraryFile {
        let lines = LineIndex::new(&text);
        let ast = rollcall_grammar::parse(&text).ok();
        LibraryFile {
            uri,
            path,
            text,
            lines,
            ast,
        }
    }

    /// The location of a span of this file.
    pub fn location(&self, span: Span) -> Location {
        Location::new(self.uri.clone(), self.lines.range(&self.text, span))
    }

    /// The policy id the file declares, if it parses.
    pub fn id(&self) -> Option<&str> {
        self.ast.as_ref().map(|ast| ast.header.id.value.as_str())
    }
}

/// A declaration and the file it is in.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    /// The file.
    pub file: &'a LibraryFile,
    /// The declaration.
    pub declaration: Declaration<'a>,
}

/// How many parents a chain is followed through (a cycle is the compiler's
/// error to report; here it only stops the walk).
const MAX_DEPTH: usize = 16;

/// The files an open document is read with; the document is the first.
#[derive(Debug)]
pub struct Library {
    /// The document, then the directory's other policy files in path order.
    pub files: Vec<LibraryFile>,
}

impl Library {
    /// A library of in-memory files `(name, text)`, the first being the
    /// document, each at `file:///p/NAME.policy` (for tests).
    #[cfg(test)]
    pub(crate) fn of_texts(files: &[(&str, &str)]) -> Library {
        let file = |(name, text): &(&str, &str)| {
            let uri = Url::parse(&format!("file:///p/{name}.policy")).expect("a file URL");
            LibraryFile::new(uri, format!("{name}.policy"), text.to_string())
        };
        Library {
            files: files.iter().map(file).collect(),
        }
    }

    /// The library of the document at `uri` with `text`: the other policy
    /// files of its directory, read from `open` when open there, from disk
    /// otherwise. A document that is not a file is read alone.
    pub fn of(uri: &Url, text: &str, open: &BTreeMap<Url, String>) -> Library {
        let Ok(path) = uri.to_file_path() else {
            return Library {
                files: vec![LibraryFile::new(
                    uri.clone(),
                    uri.to_string(),
                    text.to_string(),
                )],
            };
        };
        let mut files = vec![LibraryFile::new(
            uri.clone(),
            path.display().to_string(),
            text.to_string(),
        )];
        for other in siblings(&path) {
            let Ok(other_uri) = Url::from_file_path(&other) else {
                continue;
            };
            let text = match open.get(&other_uri) {
                Some(text) => text.clone(),
                None => match std::fs::read_to_string(&other) {
                    Ok(text) => text,
                    Err(_) => continue,
                },
            };
            files.push(LibraryFile::new(
                other_uri,
                other.display().to_string(),
                text,
            ));
        }
        Library { files }
    }

    /// The document the library was made for.
    pub fn document(&self) -> &LibraryFile {
        &self.files[0]
    }

    /// The files as the compiler reads them.
    pub fn sources(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .map(|file| SourceFile {
                path: file.path.clone(),
                text: file.text.clone(),
            })
            .collect()
    }

    /// The file declaring policy `id` (the document first, then path order).
    pub fn policy(&self, id: &str) -> Option<&LibraryFile> {
        self.files.iter().find(|file| file.id() == Some(id))
    }

    /// The parent of `file` for names used in its version block `version`
    /// (`None`: outside any): the block's `extends`, else the header's.
    pub fn parent(&self, file: &LibraryFile, version: Option<usize>) -> Option<&LibraryFile> {
        let ast = file.ast.as_ref()?;
        let block = version.and_then(|index| ast.versions.get(index));
        let id = block
            .and_then(|block| block.extends.as_ref())
            .or(ast.header.extends.as_ref())?;
        self.policy(&id.value)
    }

    /// The declaration a name used in `file` (in version block `version`)
    /// stands for: the file's own (in the same block, else at the top
    /// level), else its parent's, up the chain. With `skip_own`, the
    /// search starts at the parent (for `override` and `remove`).
    pub fn resolve<'a>(
        &'a self,
        file: &'a LibraryFile,
        version: Option<usize>,
        name: &str,
        skip_own: bool,
    ) -> Option<Found<'a>> {
        let mut current = file;
        let mut version = version;
        let mut skip = skip_own;
        for _ in 0..MAX_DEPTH {
            if !skip {
                if let Some(found) = own_declaration(current, version, name) {
                    return Some(found);
                }
            }
            skip = false;
            current = self.parent(current, version)?;
            // In a parent, every version's declarations are candidates.
            version = None;
        }
        None
    }

    /// Every declaration in scope in `file`: its own, then its parents'
    /// (header `extends` and each version's), without repeating a name.
    pub fn in_scope<'a>(&'a self, file: &'a LibraryFile) -> Vec<Found<'a>> {
        let mut found: Vec<Found<'a>> = Vec::new();
        let mut queue = vec![file];
        let mut seen: Vec<&str> = Vec::new();
        while let Some(current) = queue.pop() {
            let Some(ast) = &current.ast else { continue };
            if seen.contains(&ast.header.id.value.as_str()) || seen.len() > MAX_DEPTH {
                continue;
            }
            seen.push(&ast.header.id.value);
            for declaration in declarations(ast) {
                if !found
                    .iter()
                    .any(|f| f.declaration.name.value == declaration.name.value)
                {
                    found.push(Found {
                        file: current,
                        declaration,
                    });
                }
            }
            let parents = ast
                .versions
                .iter()
                .filter_map(|block| block.extends.as_ref())
                .chain(&ast.header.extends);
            queue.extend(parents.filter_map(|id| self.policy(&id.value)));
        }
        found
    }
}

/// A file's own declaration of `name` for a use in block `version`: in the
/// same block first, then at the top level, then (for a use outside any
/// block) in the latest block that declares it.
fn own_declaration<'a>(
    file: &'a LibraryFile,
    version: Option<usize>,
    name: &str,
) -> Option<Found<'a>> {
    let all = declarations(file.ast.as_ref()?);
    let named = || all.iter().filter(|d| d.name.value == name);
    let declaration = named()
        .find(|d| version.is_some() && d.version == version)
        .or_else(|| named().find(|d| d.version.is_none()))
        .or_else(|| named().rfind(|_| version.is_none()))?;
    Some(Found {
        file,
        declaration: *declaration,
    })
}

/// The other `*.policy` files in the directory of `path`, in path order.
fn siblings(path: &Path) -> Vec<PathBuf> {
    let Some(directory) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|other| {
            other.extension().is_some_and(|e| e == "policy") && other != path && other.is_file()
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRANDPARENT: &str = "national g \"G\"\n\nmeasure lost = count unauthorised this term\n\nrule fallback {\n  when lost >= 1 session\n  then penalty_notice\n}\n";
    const PARENT: &str = "authority p \"P\"\n  extends g\n\nmeasure lost = count {G} this term\n";
    const CHILD: &str = r#"authority c "C"
  extends g

measure lost = count {N} this term

version from 2024-09-01 extends p {
  override measure lost = count {O} this term
  rule r {
    when lost >= 1 session
    then penalty_notice
  }
}

version from 2025-09-01 {
  rule s {
    when lost >= 2 sessions
    then penalty_notice
  }
}
"#;

    fn library() -> Library {
        Library::of_texts(&[("c", CHILD), ("g", GRANDPARENT), ("p", PARENT)])
    }

    /// The file and line of the declaration `name` resolves to.
    fn resolved(library: &Library, version: Option<usize>, skip_own: bool) -> (String, u32) {
        let found = library
            .resolve(library.document(), version, "lost", skip_own)
            .expect("lost resolves");
        let location = found.file.location(found.declaration.name.span);
        (
            found.file.id().unwrap().to_string(),
            location.range.start.line,
        )
    }

    #[test]
    fn a_name_resolves_in_its_version_then_the_top_level_then_the_parents() {
        let library = library();
        assert_eq!(resolved(&library, Some(0), false), ("c".into(), 6));
        assert_eq!(resolved(&library, Some(1), false), ("c".into(), 3));
        assert_eq!(resolved(&library, None, false), ("c".into(), 3));
        // From an override: the parent of its version (`extends p`)...
        assert_eq!(resolved(&library, Some(0), true), ("p".into(), 3));
        // ... or of the file (`extends g`).
        assert_eq!(resolved(&library, Some(1), true), ("g".into(), 2));
    }

    #[test]
    fn the_names_in_scope_include_every_parents_once() {
        let library = library();
        let scope = library.in_scope(library.document());
        let names: Vec<(&str, &str)> = scope
            .iter()
            .map(|f| (f.file.id().unwrap(), f.declaration.name.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [("c", "lost"), ("c", "r"), ("c", "s"), ("g", "fallback")]
        );
        assert!(library.policy("p").is_some());
        assert!(library.policy("nobody").is_none());
    }
}
