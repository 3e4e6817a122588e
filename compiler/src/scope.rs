//! Merging the version blocks of an inheritance chain into one scope: the
//! code sets, measures, rules and settings in force over a segment.

use crate::diagnostic::{Diagnostic, FileText};
use crate::diagnostic_kind::DiagnosticKind;
use crate::library::{PolicyLibrary, Segment, SegmentLayer};
use rollcall_grammar::ast::{
    CodesDecl, DatesDecl, EventDecl, Item, LimitDecl, MeasureDecl, Overriding, RuleDecl, Setting,
    SettingsBlock, SettingsKind, Spanned,
};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// A declaration and the policy it was written in.
pub(crate) struct Declared<'a, T> {
    pub policy: usize,
    pub decl: &'a T,
    /// The index of its layer in the segment (root ancestor 0): the most
    /// specific policy's declarations have the greatest depth.
    pub depth: usize,
    /// Its place in the merge, in file order within a layer.
    pub order: usize,
}

/// Identifies a declaration for the unused-declaration warnings: the policy
/// it is written in and where its name starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DeclarationKey {
    pub policy: usize,
    pub name_start: u32,
}

impl<T> Declared<'_, T> {
    /// The key of this declaration, whose name starts at `name`.
    pub fn key(&self, name: &Spanned<String>) -> DeclarationKey {
        DeclarationKey {
            policy: self.policy,
            name_start: name.span.start,
        }
    }
}

/// One setting line and the block it was written in.
pub(crate) struct SettingLine<'a> {
    pub policy: usize,
    pub line: &'a Spanned<Setting>,
    pub block: &'a SettingsBlock,
}

/// Everything in force over one segment, after overrides and removals.
#[derive(Default)]
pub(crate) struct Scope<'a> {
    pub codes: BTreeMap<String, Declared<'a, CodesDecl>>,
    pub measures: BTreeMap<String, Declared<'a, MeasureDecl>>,
    /// Named spans of dates, by name.
    pub dates: BTreeMap<String, Declared<'a, DatesDecl>>,
    /// Shared limits, by name.
    pub limits: BTreeMap<String, Declared<'a, LimitDecl>>,
    /// Declared event kinds by name (built-in kinds are not here).
    pub events: BTreeMap<String, Declared<'a, EventDecl>>,
    /// Rules in merge order (ancestors' first, an override in the place of
    /// the rule it replaces). The evaluation order is built from `depth`
    /// and `order` and the precedence clauses when the rules are lowered.
    pub rules: Vec<Declared<'a, RuleDecl>>,
    /// Setting lines keyed by what they set (`notice 1`, `limit`…).
    pub settings: BTreeMap<SettingKey, SettingLine<'a>>,
    /// Declarations merged so far, numbering them in file order.
    merged: usize,
    /// The layer being merged.
    depth: usize,
}

impl<'a> Scope<'a> {
    /// Merges the layers of a segment, reporting override mistakes.
    pub fn merge(
        library: &'a PolicyLibrary,
        segment: &Segment,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Scope<'a> {
        let mut scope = Scope::default();
        for (depth, &SegmentLayer { policy, version }) in segment.layers.iter().enumerate() {
            scope.depth = depth;
            let ast = &library.policies[policy].ast;
            let file = &library.policies[policy].file;
            let mut items: Vec<&Item> = ast.items.iter().collect();
            if let Some(v) = version {
                items.extend(ast.versions[v].items.iter());
            }
            let mut layer = Layer::default();
            for item in items {
                scope.add(policy, file, item, &mut layer, diagnostics);
            }
        }
        scope
    }

    /// A declaration of the layer being merged, numbered in merge order.
    fn declared<T>(&mut self, policy: usize, decl: &'a T) -> Declared<'a, T> {
        self.merged += 1;
        Declared {
            policy,
            decl,
            depth: self.depth,
            order: self.merged,
        }
    }

    /// Adds a named declaration (a code set, measure, span of dates or
    /// limit) to the map `map` picks, unless its layer declares the name
    /// twice or its `override` does not match what it inherits.
    fn add_named<T>(
        &mut self,
        new: Named<'_>,
        decl: &'a T,
        map: impl Fn(&mut Self) -> &mut BTreeMap<String, Declared<'a, T>>,
        layer: &mut Layer,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if !layer.claim(new.file, new.name, new.what, diagnostics) {
            return;
        }
        let inherited = map(self).contains_key(&new.name.value);
        if check_override(
            new.file,
            new.overriding,
            new.name,
            inherited,
            new.what,
            diagnostics,
        ) {
            let declared = self.declared(new.policy, decl);
            map(self).insert(new.name.value.clone(), declared);
        }
    }

    fn add(
        &mut self,
        policy: usize,
        file: &FileText,
        item: &'a Item,
        layer: &mut Layer,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        match item {
            Item::Codes(decl) => {
                let new = Named::of(policy, file, &decl.name, decl.overriding, "code set");
                self.add_named(new, decl, |scope| &mut scope.codes, layer, diagnostics);
            }
            Item::Measure(decl) => {
                let new = Named::of(policy, file, &decl.name, decl.overriding, "measure");
                self.add_named(new, decl, |scope| &mut scope.measures, layer, diagnostics);
            }
            Item::Dates(decl) => {
                let new = Named::of(policy, file, &decl.name, decl.overriding, "span of dates");
                self.add_named(new, decl, |scope| &mut scope.dates, layer, diagnostics);
            }
            Item::Limit(decl) => {
                let new = Named::of(policy, file, &decl.name, decl.overriding, "limit");
                self.add_named(new, decl, |scope| &mut scope.limits, layer, diagnostics);
            }
            Item::Rule(decl) => {
                if !layer.claim(file, &decl.name, "rule", diagnostics) {
                    return;
                }
                let position = self
                    .rules
                    .iter()
                    .position(|r| r.decl.name.value == decl.name.value);
                if !check_override(
                    file,
                    decl.overriding,
                    &decl.name,
                    position.is_some(),
                    "rule",
                    diagnostics,
                ) {
                    return;
                }
                let declared = self.declared(policy, decl);
                match position {
                    Some(at) => self.rules[at] = declared,
                    None => self.rules.push(declared),
                }
            }
            Item::Event(decl) => self.add_event(policy, file, decl, diagnostics),
            Item::Remove(decl) => {
                match self
                    .rules
                    .iter()
                    .position(|r| r.decl.name.value == decl.name.value)
                {
                    Some(at) => {
                        self.rules.remove(at);
                    }
                    None => diagnostics.push(
                        Diagnostic::new(
                            DiagnosticKind::RemoveNothing,
                            file,
                            decl.name.span,
                            format!("there is no inherited rule `{}` to remove", decl.name.value),
                        )
                        .label("not a rule of the parent policy")
                        .help(self.rule_names_help()),
                    ),
                }
            }
            Item::Settings(block) => {
                for line in &block.settings {
                    let key = SettingKey::of(block.kind.value, &line.value);
                    self.settings.insert(
                        key,
                        SettingLine {
                            policy,
                            line,
                            block,
                        },
                    );
                }
            }
        }
    }

    /// Declares an event kind: never a built-in kind's name, never one
    /// declared already (in this layer or an ancestor).
    fn add_event(
        &mut self,
        policy: usize,
        file: &FileText,
        decl: &'a EventDecl,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let name = &decl.name;
        if rollcall_ir::EventKind::parse(&name.value).is_some() {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::BuiltInEvent,
                    file,
                    name.span,
                    format!("`{}` is a built-in event kind", name.value),
                )
                .label("already an event kind")
                .help(format!(
                    "use `{}` without declaring it, or give the new kind a name of its own",
                    name.value
                )),
            );
            return;
        }
        if let Some(first) = self.events.get(&name.value) {
            let diagnostic = Diagnostic::new(
                DiagnosticKind::DuplicateEvent,
                file,
                name.span,
                format!("event kind `{}` is declared twice", name.value),
            )
            .label("second declaration");
            diagnostics.push(if first.policy == policy {
                diagnostic
                    .also(first.decl.name.span, "first declared here")
                    .help("delete one of the declarations")
            } else {
                diagnostic.help(
                    "a policy this one extends declares it already: delete this declaration and use the inherited kind",
                )
            });
            return;
        }
        let declared = self.declared(policy, decl);
        self.events.insert(name.value.clone(), declared);
    }

    fn rule_names_help(&self) -> String {
        let names: Vec<String> = self
            .rules
            .iter()
            .map(|r| format!("`{}`", r.decl.name.value))
            .collect();
        if names.is_empty() {
            "the parent policy has no rules".to_string()
        } else {
            format!("the inherited rules are {}", names.join(", "))
        }
    }
}

/// Names declared by one layer (a file's top-level items plus one version).
#[derive(Default)]
struct Layer {
    names: BTreeMap<(String, &'static str), rollcall_grammar::ast::Span>,
}

impl Layer {
    /// Records a name; reports it and returns `false` if this layer already declared it.
    fn claim(
        &mut self,
        file: &FileText,
        name: &Spanned<String>,
        what: &'static str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        let key = (name.value.clone(), what);
        if let Some(first) = self.names.get(&key) {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::DuplicateName,
                    file,
                    name.span,
                    format!("{what} `{}` is declared twice", name.value),
                )
                .label("second declaration")
                .also(*first, "first declared here")
                .help(format!(
                    "rename one of them, or delete the duplicate {what}"
                )),
            );
            false
        } else {
            self.names.insert(key, name.span);
            true
        }
    }
}

/// Checks `override` against what is inherited; returns whether to apply the declaration.
fn check_override(
    file: &FileText,
    overriding: Overriding,
    name: &Spanned<String>,
    inherited: bool,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    match (overriding, inherited) {
        (Overriding::Override(span), false) => {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::OverrideNothing,
                    file,
                    name.span,
                    format!("`override {what} {}` overrides nothing", name.value),
                )
                .label(format!("no inherited {what} has this name"))
                .also(span, "`override` needs an inherited declaration")
                .help(format!(
                    "remove `override` to declare a new {what}, or check the name"
                )),
            );
            false
        }
        (Overriding::New, true) if what == "rule" => {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticKind::ShadowedRule,
                    file,
                    name.span,
                    format!(
                        "rule `{}` replaces the inherited rule of the same name",
                        name.value
                    ),
                )
                .label("shadows the parent's rule")
                .help(format!(
                    "write `override rule {}` to say this is intended",
                    name.value
                )),
            );
            true
        }
        _ => true,
    }
}

/// What a setting line sets, its identity: a child's line replaces the
/// parent's line with the same key. Shown as the graph names it, e.g.
/// `notice_to_improve: lasts`, or `notice 1` (a notice's line has no block
/// name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SettingKey {
    /// The block the line is written in.
    pub block: SettingsKind,
    /// What the line sets.
    pub name: SettingName,
}

/// What a setting line sets, whatever its block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SettingName {
    /// `notice N pays ...`.
    Notice(i64),
    /// `exclusion notice pays ...`.
    ExclusionNoticePays,
    /// `at most N notices within N years, then ACTION`.
    Limit,
    /// `count notices issued from DATE`.
    CountNoticesIssuedFrom,
    /// `lead school authority`.
    Lead,
    /// `earlier notices from other authorities count|do not count`.
    EarlierNoticesFromOtherAuthorities,
    /// `previous authority unknown: ...`.
    PreviousAuthorityUnknown,
    /// `lasts N weeks`.
    Lasts,
    /// `extendable by N weeks`.
    ExtendableBy,
    /// `at most N weeks`.
    AtMost,
    /// `case open for ... / until case_closed`.
    CaseOpen,
    /// `notice open for its payment period ...`.
    NoticeOpen,
}

impl SettingKey {
    /// The key of a line in a `notice_to_improve` block.
    pub fn notice_to_improve(name: SettingName) -> SettingKey {
        SettingKey {
            block: SettingsKind::NoticeToImprove,
            name,
        }
    }

    /// The key of a setting line written in a block of `block`'s kind.
    fn of(block: SettingsKind, setting: &Setting) -> SettingKey {
        let name = match setting {
            Setting::NoticePays { number, .. } => SettingName::Notice(number.value),
            Setting::ExclusionPays { .. } => SettingName::ExclusionNoticePays,
            Setting::Limit { .. } => SettingName::Limit,
            Setting::CountFrom(_) => SettingName::CountNoticesIssuedFrom,
            Setting::LeadSchoolAuthority => SettingName::Lead,
            Setting::OtherAuthoritiesCount(_) => SettingName::EarlierNoticesFromOtherAuthorities,
            Setting::UnknownPrevious(_) => SettingName::PreviousAuthorityUnknown,
            Setting::Lasts(_) => SettingName::Lasts,
            Setting::ExtendableBy(_) => SettingName::ExtendableBy,
            Setting::AtMost(_) => SettingName::AtMost,
            Setting::CaseOpen { .. } => SettingName::CaseOpen,
            Setting::NoticeOpen { .. } => SettingName::NoticeOpen,
        };
        SettingKey { block, name }
    }
}

impl fmt::Display for SettingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let block = match self.block {
            SettingsKind::PenaltyNotices => "penalty_notices",
            SettingsKind::CrossBorder => "cross_border",
            SettingsKind::NoticeToImprove => "notice_to_improve",
        };
        let name = match self.name {
            SettingName::Notice(number) => return write!(f, "notice {number}"),
            SettingName::ExclusionNoticePays => "exclusion notice pays",
            SettingName::Limit => "limit",
            SettingName::CountNoticesIssuedFrom => "count notices issued from",
            SettingName::Lead => "lead",
            SettingName::EarlierNoticesFromOtherAuthorities => {
                "earlier notices from other authorities"
            }
            SettingName::PreviousAuthorityUnknown => "previous authority unknown",
            SettingName::Lasts => "lasts",
            SettingName::ExtendableBy => "extendable by",
            SettingName::AtMost => "at most",
            SettingName::CaseOpen => "case open",
            SettingName::NoticeOpen => "notice open",
        };
        write!(f, "{block}: {name}")
    }
}

/// Keys are ordered as their text, the order settings have always been
/// lowered and listed in (so `notice 10` comes before `notice 2`).
impl Ord for SettingKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.to_string().cmp(&other.to_string())
    }
}

impl PartialOrd for SettingKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A named declaration being added: where it is, its name, whether it
/// overrides, and what it declares (as messages name it).
struct Named<'n> {
    policy: usize,
    file: &'n FileText,
    name: &'n Spanned<String>,
    overriding: Overriding,
    what: &'static str,
}

impl<'n> Named<'n> {
    fn of(
        policy: usize,
        file: &'n FileText,
        name: &'n Spanned<String>,
        overriding: Overriding,
        what: &'static str,
    ) -> Named<'n> {
        Named {
            policy,
            file,
            name,
            overriding,
            what,
        }
    }
}
