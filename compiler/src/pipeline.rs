//! The whole compiler pipeline, policy text to rule graphs: parse every file
//! (syntax errors become diagnostics), index the library (ids, parents,
//! version dates), then for each policy whose chain is sound merge the scope
//! of each time segment, lower it into one shared node arena, and warn about
//! unused declarations.

use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::PolicyLibrary;
use crate::lower::{Arena, SegmentLowerer};
use crate::scope::{DeclarationKey, Scope};
use crate::{Compilation, SourceFile};
use rollcall_grammar::ast::{self, Item, VersionSelection};
use rollcall_ir::graph::{self, EffectiveVersion, Origin, PolicyInfo, RuleGraph};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Compiles a set of policy files together, so parents resolve among them.
pub fn compile(sources: &[SourceFile]) -> Compilation {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for source in sources {
        let file = FileText::new(&source.path, &source.text);
        match rollcall_grammar::parse(&source.text) {
            Ok(ast) => parsed.push((file, ast)),
            Err(errors) => diagnostics.extend(errors.into_iter().map(|error| {
                let mut diagnostic =
                    Diagnostic::new(DiagnosticKind::Syntax, &file, error.span, error.message)
                        .label(error.label);
                if let Some(help) = error.help {
                    diagnostic = diagnostic.help(help);
                }
                diagnostic
            })),
        }
    }
    let library = PolicyLibrary::new(parsed, &mut diagnostics);
    let mut graphs = Vec::new();
    for index in 0..library.policies.len() {
        if !library.chain_sound(index) {
            continue;
        }
        let before = diagnostics.iter().filter(|d| d.is_error()).count();
        let graph = build(&library, index, &mut diagnostics);
        if diagnostics.iter().filter(|d| d.is_error()).count() == before {
            graphs.push(graph);
        }
    }
    graphs.sort_by(|a, b| a.policy.id.cmp(&b.policy.id));
    Compilation {
        graphs,
        diagnostics: tidy(diagnostics),
    }
}

/// Drops repeated reports (an ancestor's mistake is met once per descendant)
/// and sorts by file and position.
fn tidy(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut unique: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.identity()))
        .collect();
    unique.sort_by_key(Diagnostic::identity);
    unique
}

fn build(library: &PolicyLibrary, index: usize, diagnostics: &mut Vec<Diagnostic>) -> RuleGraph {
    let policy = &library.policies[index];
    let header = &policy.ast.header;
    let selection = match header.selection.as_ref().map(|s| s.value) {
        None | Some(VersionSelection::DecisionDate) => graph::VersionSelection::DecisionDate,
        Some(VersionSelection::AbsenceDate) => graph::VersionSelection::AbsenceDate,
        Some(VersionSelection::AcademicYear) => graph::VersionSelection::AcademicYear,
    };
    let mut arena = Arena::default();
    let mut used = BTreeSet::new();
    let mut versions: Vec<EffectiveVersion> = Vec::new();
    let mut events = BTreeMap::new();
    let mut segments = library.segments(index, diagnostics);
    segments.sort_by_key(|s| s.range.from);
    for segment in &segments {
        let scope = Scope::merge(library, segment, diagnostics);
        let counts_from = match selection {
            graph::VersionSelection::AbsenceDate => segment.range.from,
            _ => None,
        };
        let mut lowerer = SegmentLowerer::new(
            library,
            &scope,
            &mut arena,
            diagnostics,
            counts_from,
            segment.range,
            &mut used,
        );
        let rules = lowerer.rules();
        let escalation = lowerer.escalation();
        for declaration in lowerer.declared_events() {
            events.entry(declaration.kind).or_insert(declaration);
        }
        let origins = segment
            .layers
            .iter()
            .rev()
            .map(|layer| {
                let policy = &library.policies[layer.policy];
                let range = layer.version.map(|v| policy.ranges[v]);
                Origin {
                    policy: library.id(layer.policy).to_string(),
                    from: range.and_then(|r| r.from),
                    until: range.and_then(|r| r.until),
                }
            })
            .collect();
        let version = EffectiveVersion {
            from: segment.range.from,
            until: segment.range.until,
            origins,
            rules,
            escalation,
        };
        match versions.last_mut() {
            Some(last) if adjacent_and_equal(last, &version) => last.until = version.until,
            _ => versions.push(version),
        }
    }
    warn_unused(library, index, &used, diagnostics);
    RuleGraph {
        format: graph::FORMAT,
        policy: PolicyInfo {
            id: header.id.value.clone(),
            title: header.title.value.clone(),
            kind: match header.kind.value {
                ast::PolicyKind::National => graph::PolicyKind::National,
                ast::PolicyKind::Authority => graph::PolicyKind::Authority,
                ast::PolicyKind::School => graph::PolicyKind::School,
            },
            file: policy.file.path.clone(),
            succeeds: header.succeeds.as_ref().map(|s| s.value.clone()),
            selection,
            doc: header.doc.as_ref().map(|d| d.value.clone()),
            source: header.source.as_ref().map(|s| s.value.clone()),
        },
        nodes: arena.nodes,
        versions,
        events: events.into_values().collect(),
    }
}

fn adjacent_and_equal(last: &EffectiveVersion, next: &EffectiveVersion) -> bool {
    let touching = match (last.until, next.from) {
        (Some(until), Some(from)) => until.succ_opt() == Some(from),
        _ => false,
    };
    touching
        && last.rules == next.rules
        && last.escalation == next.escalation
        && last.origins == next.origins
}

/// Warns about the policy's own code sets, measures and limits that nothing uses.
fn warn_unused(
    library: &PolicyLibrary,
    index: usize,
    used: &BTreeSet<DeclarationKey>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let policy = &library.policies[index];
    // A second declaration of a name in one layer is already an error
    // (`duplicate_name`): it is not also reported unused.
    let mut top = BTreeSet::new();
    let mut items: Vec<(&Item, bool)> = policy
        .ast
        .items
        .iter()
        .map(|item| (item, first_declaration(item, &mut top)))
        .collect();
    for version in &policy.ast.versions {
        let mut layer = top.clone();
        items.extend(
            version
                .items
                .iter()
                .map(|item| (item, first_declaration(item, &mut layer))),
        );
    }
    for (item, first) in items {
        if !first {
            continue;
        }
        let (name, what, kind) = match item {
            Item::Codes(decl) => (&decl.name, "code set", DiagnosticKind::UnusedCodeSet),
            Item::Measure(decl) => (&decl.name, "measure", DiagnosticKind::UnusedMeasure),
            Item::Limit(decl) => (&decl.name, "limit", DiagnosticKind::UnusedLimit),
            Item::Dates(decl) => (&decl.name, "dates", DiagnosticKind::UnusedDates),
            _ => continue,
        };
        let key = DeclarationKey {
            policy: index,
            name_start: name.span.start,
        };
        if !used.contains(&key) {
            diagnostics.push(
                Diagnostic::new(
                    kind,
                    &policy.file,
                    name.span,
                    format!("{what} `{}` is never used", name.value),
                )
                .label(format!("unused {what}"))
                .help("use it in a rule, or delete it"),
            );
        }
    }
}

/// Whether `item` is the first declaration of its kind and name among
/// those `seen` (which it joins).
fn first_declaration<'a>(item: &'a Item, seen: &mut BTreeSet<(&'static str, &'a str)>) -> bool {
    let key = match item {
        Item::Codes(decl) => ("codes", decl.name.value.as_str()),
        Item::Measure(decl) => ("measure", decl.name.value.as_str()),
        Item::Limit(decl) => ("limit", decl.name.value.as_str()),
        Item::Dates(decl) => ("dates", decl.name.value.as_str()),
        _ => return true,
    };
    seen.insert(key)
}
