//! Letters: decisions of kind `letter` rendered with templates the
//! authority or school edits without rebuilding rollcall (minijinja, the
//! Jinja2 language).
//!
//! A templates directory holds `*.html` files. A letter decision is
//! rendered with the template named after its rule (`letter_1.html`), or
//! else `letter.html`. A template sees `decision` (as `rollcall eval`
//! writes it: `pupil`, `parent`, `date`, `action`, `label`, `rule`,
//! `authority`, `policy`, `reason`, `evidence` with each session's `date`,
//! `session`, `code` and `school`) and `school` (`id`, `name`,
//! `authority`). Values are escaped as HTML, and a name a template uses
//! that is not there is an error naming the template and line, not an
//! empty gap in a letter.

use minijinja::{context, Environment, UndefinedBehavior};
use rollcall_data::model::School;
use rollcall_runtime::decision::Decision;
use std::fs;
use std::path::{Path, PathBuf};

/// The templates of a directory, ready to render letters.
#[derive(Debug)]
pub struct Letters {
    dir: PathBuf,
    templates: Environment<'static>,
}

/// The template used for a letter whose rule has none of its own.
const FALLBACK: &str = "letter.html";

impl Letters {
    /// Loads every `*.html` file of `dir`; why not, naming the file (and
    /// the line, for a template that does not parse).
    pub fn load(dir: &Path) -> Result<Letters, String> {
        let entries = fs::read_dir(dir).map_err(|error| {
            format!(
                "cannot read the letter templates in {}: {error}",
                dir.display()
            )
        })?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
                .path();
            if path
                .extension()
                .is_some_and(|extension| extension == "html")
            {
                paths.push(path);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(format!(
                "no letter templates (*.html) in {}: at least {FALLBACK} is needed",
                dir.display()
            ));
        }
        let mut templates = Environment::new();
        templates.set_undefined_behavior(UndefinedBehavior::Strict);
        for path in paths {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            templates
                .add_template_owned(name, source)
                .map_err(|error| template_error(&path, &error))?;
        }
        Ok(Letters {
            dir: dir.to_path_buf(),
            templates,
        })
    }

    /// The letter for `decision` (a `letter` decision) at `school`, or why
    /// it cannot be written.
    pub fn render(&self, decision: &Decision, school: Option<&School>) -> Result<String, String> {
        let own = format!("{}.html", decision.rule);
        let template = self
            .templates
            .get_template(&own)
            .or_else(|_| self.templates.get_template(FALLBACK))
            .map_err(|_| {
                format!(
                    "no letter template for rule `{}`: neither {own} nor {FALLBACK}",
                    decision.rule
                )
            })?;
        let school = school.map(|school| {
            context! { id => &school.id, name => &school.name, authority => &school.authority }
        });
        template
            .render(context! { decision => decision, school => school })
            .map_err(|error| template_error(&self.dir.join(template.name()), &error))
    }
}

/// A template's error as a message: its file, line and what is wrong.
fn template_error(path: &Path, error: &minijinja::Error) -> String {
    let line = error
        .line()
        .map_or_else(String::new, |line| format!(":{line}"));
    let what = error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_owned);
    format!("letter template {}{line}: {what}", path.display())
}
