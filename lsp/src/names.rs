//! What a policy file declares and which names it uses, with their spans:
//! the ground of document symbols, go to definition, hover and completion.

use rollcall_grammar::ast::*;

/// What kind of thing a declaration declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclKind {
    /// `rule NAME { ... }`.
    Rule,
    /// `measure NAME = ...`.
    Measure,
    /// `codes NAME = ...`.
    Codes,
    /// `limit NAME = ...`.
    Limit,
    /// `event NAME "..."`.
    Event,
    /// `dates NAME = ...`.
    Dates,
}

impl DeclKind {
    /// The keyword that declares it.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Rule => "rule",
            DeclKind::Measure => "measure",
            DeclKind::Codes => "codes",
            DeclKind::Limit => "limit",
            DeclKind::Event => "event",
            DeclKind::Dates => "dates",
        }
    }
}

/// One named declaration of a file.
#[derive(Clone, Copy, Debug)]
pub struct Declaration<'a> {
    /// What it declares.
    pub kind: DeclKind,
    /// Its name, where written.
    pub name: &'a Spanned<String>,
    /// Its doc and source lines.
    pub docs: &'a Docs,
    /// The whole declaration.
    pub span: Span,
    /// Whether it was written with `override`.
    pub overrides: bool,
    /// The version block it is in (index in file order), or `None` at the top level.
    pub version: Option<usize>,
}

/// The declaration an item makes, if it makes one.
fn declaration(item: &Item, version: Option<usize>) -> Option<Declaration<'_>> {
    let (kind, name, docs, span, overriding) = match item {
        Item::Rule(d) => (DeclKind::Rule, &d.name, &d.docs, d.span, d.overriding),
        Item::Measure(d) => (DeclKind::Measure, &d.name, &d.docs, d.span, d.overriding),
        Item::Codes(d) => (DeclKind::Codes, &d.name, &d.docs, d.span, d.overriding),
        Item::Limit(d) => (DeclKind::Limit, &d.name, &d.docs, d.span, d.overriding),
        Item::Dates(d) => (DeclKind::Dates, &d.name, &d.docs, d.span, d.overriding),
        Item::Event(d) => (DeclKind::Event, &d.name, &d.docs, d.span, Overriding::New),
        Item::Remove(_) | Item::Settings(_) => return None,
    };
    Some(Declaration {
        kind,
        name,
        docs,
        span,
        overrides: matches!(overriding, Overriding::Override(_)),
        version,
    })
}

/// Every declaration of a file: the top level's, then each version block's.
pub fn declarations(file: &PolicyFile) -> Vec<Declaration<'_>> {
    let top = file.items.iter().filter_map(|item| declaration(item, None));
    let versions = file.versions.iter().enumerate().flat_map(|(index, block)| {
        block
            .items
            .iter()
            .filter_map(move |item| declaration(item, Some(index)))
    });
    top.chain(versions).collect()
}

/// What a name written in a file stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The name a declaration declares (`override` or not).
    Declared {
        /// Whether written with `override` (so it also stands for the parent's).
        overrides: bool,
    },
    /// A use of a rule, measure, code set, limit, event or dates name.
    Name,
    /// `remove rule NAME`: a parent's rule.
    Removed,
    /// A policy id after `extends` or `succeeds`.
    Policy,
    /// A register code inside `{...}`.
    Code,
}

/// One name written in a file.
#[derive(Clone, Copy, Debug)]
pub struct Use<'a> {
    /// The name, where written.
    pub name: &'a Spanned<String>,
    /// What it stands for.
    pub role: Role,
    /// The version block it is in, or `None` outside any.
    pub version: Option<usize>,
}

/// Every name written in a file, in no particular order.
pub fn uses(file: &PolicyFile) -> Vec<Use<'_>> {
    let mut walker = Walker {
        uses: Vec::new(),
        version: None,
    };
    let header = &file.header;
    for id in header.extends.iter().chain(&header.succeeds) {
        walker.push(id, Role::Policy);
    }
    walker.items(&file.items);
    for (index, block) in file.versions.iter().enumerate() {
        walker.version = Some(index);
        if let Some(parent) = &block.extends {
            walker.push(parent, Role::Policy);
        }
        walker.items(&block.items);
    }
    walker.uses
}

/// The name written at byte `offset`, if any (the innermost).
pub fn use_at(file: &PolicyFile, offset: usize) -> Option<Use<'_>> {
    uses(file)
        .into_iter()
        .filter(|u| u.name.span.range().contains(&offset) || u.name.span.end as usize == offset)
        .min_by_key(|u| u.name.span.end - u.name.span.start)
}

/// Collects the names of a file as it walks its AST.
struct Walker<'a> {
    uses: Vec<Use<'a>>,
    version: Option<usize>,
}

impl<'a> Walker<'a> {
    fn push(&mut self, name: &'a Spanned<String>, role: Role) {
        self.uses.push(Use {
            name,
            role,
            version: self.version,
        });
    }

    fn items(&mut self, items: &'a [Item]) {
        for item in items {
            if let Some(declared) = declaration(item, self.version) {
                self.push(
                    declared.name,
                    Role::Declared {
                        overrides: declared.overrides,
                    },
                );
            }
            match item {
                Item::Codes(d) => self.set(&d.set),
                Item::Measure(d) => self.operand(&d.quantity),
                Item::Rule(rule) => self.rule(rule),
                Item::Remove(d) => self.push(&d.name, Role::Removed),
                Item::Dates(_) | Item::Limit(_) | Item::Event(_) | Item::Settings(_) => {}
            }
        }
    }

    fn rule(&mut self, rule: &'a RuleDecl) {
        if let Some(when) = &rule.when {
            self.condition(when);
        }
        for alternative in &rule.instead {
            self.condition(&alternative.when);
        }
        for limit in &rule.limited_by {
            self.push(limit, Role::Name);
        }
        match rule.limit.as_ref().map(|limit| &limit.value) {
            Some(RepeatLimit::OncePerEvent(event)) => self.push(event, Role::Name),
            Some(RepeatLimit::OncePerEpisode(episode)) => self.set(&episode.set),
            Some(RepeatLimit::Once | RepeatLimit::OncePer(_)) | None => {}
        }
        if let Some(episode) = &rule.episode_end {
            self.set(&episode.value.set);
        }
        for precedence in &rule.precedence {
            self.push(precedence.value.name(), Role::Name);
        }
        for precondition in &rule.preconditions {
            self.push(&precondition.value.kind, Role::Name);
        }
    }

    fn condition(&mut self, condition: &'a Condition) {
        match condition {
            Condition::Compare { left, right, .. } => {
                self.operand(left);
                self.operand(right);
            }
            Condition::ExclusionSighting { .. } => {}
            Condition::And(a, b) | Condition::Or(a, b) => {
                self.condition(a);
                self.condition(b);
            }
            Condition::Not(inner, _) => self.condition(inner),
        }
    }

    fn operand(&mut self, operand: &'a Operand) {
        match operand {
            Operand::Measure(name) => self.push(name, Role::Name),
            Operand::Count { set, window, .. }
            | Operand::Episodes { set, window, .. }
            | Operand::Share { set, window, .. } => {
                self.set(set);
                self.window(window);
            }
            Operand::Consecutive { set, .. } => self.set(set),
            Operand::Attendance { window, .. } => self.window(window),
            Operand::SchoolWeeksSince { anchor, .. } => self.push(anchor, Role::Name),
            Operand::Literal(_) | Operand::EpisodeLength { .. } => {}
        }
    }

    fn window(&mut self, window: &'a Window) {
        match window {
            Window::WithinAfter(_, anchor) | Window::During(anchor) | Window::Since(anchor) => {
                self.push(anchor, Role::Name)
            }
            Window::Within(_)
            | Window::This(_)
            | Window::ThisAndPrevious(_)
            | Window::Between(_, _) => {}
        }
    }

    fn set(&mut self, set: &'a SetExpr) {
        match set {
            SetExpr::Literal(codes, _) => {
                for code in codes {
                    self.push(code, Role::Code);
                }
            }
            SetExpr::Name(name) => self.push(name, Role::Name),
            SetExpr::Union(a, b) | SetExpr::Difference(a, b) => {
                self.set(a);
                self.set(b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r##"school demo "Demo"
  extends national-2024

codes holiday = {G, "#"}
measure lost = count holiday + unauthorised within 6 school weeks

version from 2024-09-01 {
  override rule fallback_threshold {
    when lost >= 10 sessions
    then penalty_notice
  }
  remove rule other
}
"##;

    fn at<'a>(file: &'a PolicyFile, word: &str, nth: usize) -> Option<Use<'a>> {
        let offset = POLICY.match_indices(word).nth(nth).unwrap().0;
        use_at(file, offset + 1)
    }

    #[test]
    fn declarations_are_listed_with_their_version() {
        let file = rollcall_grammar::parse(POLICY).unwrap();
        let found: Vec<_> = declarations(&file)
            .iter()
            .map(|d| (d.kind, d.name.value.as_str(), d.version, d.overrides))
            .collect();
        assert_eq!(
            found,
            [
                (DeclKind::Codes, "holiday", None, false),
                (DeclKind::Measure, "lost", None, false),
                (DeclKind::Rule, "fallback_threshold", Some(0), true),
            ]
        );
    }

    #[test]
    fn the_name_under_an_offset_is_found_with_its_role() {
        let file = rollcall_grammar::parse(POLICY).unwrap();
        let role = |word, nth| at(&file, word, nth).map(|u| (u.name.value.clone(), u.role));
        assert_eq!(
            role("national-2024", 0),
            Some(("national-2024".into(), Role::Policy))
        );
        assert_eq!(role("holiday", 1), Some(("holiday".into(), Role::Name)));
        assert_eq!(
            role("holiday", 0),
            Some(("holiday".into(), Role::Declared { overrides: false }))
        );
        assert_eq!(role("\"#\"", 0), Some(("#".into(), Role::Code)));
        assert_eq!(role("G,", 0), Some(("G".into(), Role::Code)));
        assert_eq!(role("lost", 1), Some(("lost".into(), Role::Name)));
        assert_eq!(role("other", 0), Some(("other".into(), Role::Removed)));
        assert_eq!(
            role("fallback_threshold", 0),
            Some((
                "fallback_threshold".into(),
                Role::Declared { overrides: true }
            ))
        );
        assert_eq!(at(&file, "then", 0).map(|u| u.role), None);
        assert_eq!(at(&file, "fallback", 0).unwrap().version, Some(0));
    }
}
