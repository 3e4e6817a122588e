//! The result of a semantic diff: a list of changes, each named in domain
//! words with the source locations of both sides.

use super::behaviour::BehaviourDiff;
use super::words::date_range;
use chrono::NaiveDate;
use rollcall_ir::graph::{EffectiveVersion, Location, RuleGraph};
use serde::Serialize;

/// What `rollcall diff` reports: the semantic diff and, with `--data`, the
/// behavioural one.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Changes of meaning between the compiled policies.
    #[serde(flatten)]
    pub semantic: SemanticDiff,
    /// Decisions compared on a data set, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<BehaviourDiff>,
}

impl Report {
    /// Whether the policies differ in meaning or in any decision.
    pub fn has_changes(&self) -> bool {
        self.semantic.has_changes()
            || self
                .behaviour
                .as_ref()
                .is_some_and(|behaviour| behaviour.differing_pupils > 0)
    }
}

/// Everything that differs between two compiled policies.
#[derive(Clone, Debug, Serialize)]
pub struct SemanticDiff {
    /// The old policy.
    pub old: Side,
    /// The new policy.
    pub new: Side,
    /// Changes of meaning, in report order.
    pub changes: Vec<Change>,
    /// Changes of doc, source or title text only: listed, not counted.
    pub documentation: Vec<Change>,
}

impl SemanticDiff {
    /// Whether anything changed meaning.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// One side of a diff: which policy, and the date when versions were picked by date.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The policy id.
    pub policy: String,
    /// Its title.
    pub title: String,
    /// The file it was compiled from.
    pub file: String,
    /// With `--at`: the date whose version is compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<NaiveDate>,
}

impl Side {
    /// The side for `graph`, compared at `at` if given.
    pub fn of(graph: &RuleGraph, at: Option<NaiveDate>) -> Side {
        Side {
            policy: graph.policy.id.clone(),
            title: graph.policy.title.clone(),
            file: graph.policy.file.clone(),
            at,
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The whole policy, or a pair of effective versions.
    pub scope: Scope,
    /// What changed, in words: ``rule `national_threshold` ``, `notice 1`.
    pub subject: String,
    /// Added, removed, changed or renamed.
    pub kind: ChangeKind,
    /// Which parts of the subject changed.
    pub aspects: Vec<Aspect>,
    /// The old meaning, in the policy language's words.
    pub old: Option<String>,
    /// The new meaning.
    pub new: Option<String>,
    /// Further detail (codes added to or removed from a set).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Where the old side was written.
    pub old_location: Option<Location>,
    /// Where the new side was written.
    pub new_location: Option<Location>,
}

impl Change {
    /// `subject` changed from `old` to `new`.
    pub fn changed(subject: String, aspects: Vec<Aspect>, old: String, new: String) -> Change {
        Change::new(subject, ChangeKind::Changed, aspects, Some(old), Some(new))
    }

    /// `subject` is new, meaning `new`.
    pub fn added(subject: String, aspect: Aspect, new: String) -> Change {
        Change::new(subject, ChangeKind::Added, vec![aspect], None, Some(new))
    }

    /// `subject` is gone; it meant `old`.
    pub fn removed(subject: String, aspect: Aspect, old: String) -> Change {
        Change::new(subject, ChangeKind::Removed, vec![aspect], Some(old), None)
    }

    /// A change without scope, locations or notes.
    pub fn new(
        subject: String,
        kind: ChangeKind,
        aspects: Vec<Aspect>,
        old: Option<String>,
        new: Option<String>,
    ) -> Change {
        Change {
            scope: Scope::Policy,
            subject,
            kind,
            aspects,
            old,
            new,
            notes: Vec::new(),
            old_location: None,
            new_location: None,
        }
    }

    /// The change with the locations of both sides.
    pub fn at(mut self, old: Option<&Location>, new: Option<&Location>) -> Change {
        self.old_location = old.cloned();
        self.new_location = new.cloned();
        self
    }

    /// The change with further detail.
    pub fn with_notes(mut self, notes: Vec<String>) -> Change {
        self.notes = notes;
        self
    }
}

/// What happened to the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only the new policy has it.
    Added,
    /// Only the old policy has it.
    Removed,
    /// Both have it, meaning different things.
    Changed,
    /// A rule with the same meaning under another name.
    Renamed,
}

/// The part of a policy a change is about (in the order they are listed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// The dates a version is in force.
    EffectiveDates,
    /// National framework, authority or school.
    PolicyKind,
    /// The predecessor authority (`succeeds`).
    Succeeds,
    /// `versions chosen by`.
    VersionSelection,
    /// A whole rule.
    Rule,
    /// A rule's name.
    Name,
    /// A condition whose shape changed.
    Condition,
    /// A constant a quantity is compared with.
    Threshold,
    /// A comparison operator.
    Comparison,
    /// The kind or length of a window.
    Window,
    /// The codes a quantity counts.
    Codes,
    /// The date before which sessions are ignored.
    CountsFrom,
    /// A run counted in school days or sessions.
    Unit,
    /// The event or rule a window or interval starts from.
    Anchor,
    /// The school days of an exclusion a sighting must fall in.
    ExclusionDays,
    /// A rule's action.
    Action,
    /// A rule's alternative actions.
    Alternatives,
    /// A rule's episode clause (once per episode, or at its end).
    Episode,
    /// A rule's `takes precedence over` / `gives way to` clauses.
    Precedence,
    /// A rule's `requires` / `unless` clauses.
    Preconditions,
    /// A rule's repeat limit.
    Repeat,
    /// The shared limits a rule counts against, or their definitions.
    Limits,
    /// The payment options of a numbered notice.
    NoticePayments,
    /// The number of notices before the alternative action.
    NoticeLimit,
    /// How many years earlier notices count for.
    CountingYears,
    /// The date from which notices count.
    CountingFrom,
    /// The payment options of an exclusion notice.
    ExclusionPayments,
    /// Whether other authorities' notices count.
    OtherAuthorities,
    /// What to assume when the previous authority is unknown.
    UnknownPrevious,
    /// How long a prosecution keeps a parent's case open.
    CaseOpen,
    /// How long an attendance notice keeps a parent's case open.
    NoticeOpen,
    /// The order in which a version's rules are evaluated.
    RuleOrder,
    /// A doc, source or title line.
    Documentation,
}

impl Aspect {
    /// Whether the aspect says which part of a rule changed (and so is
    /// worth showing next to the rule's name).
    pub fn is_rule_part(self) -> bool {
        (Aspect::Condition..=Aspect::Limits).contains(&self)
    }

    /// The aspect in words.
    pub fn words(self) -> &'static str {
        match self {
            Aspect::EffectiveDates => "effective dates",
            Aspect::PolicyKind => "policy kind",
            Aspect::Succeeds => "predecessor",
            Aspect::VersionSelection => "version selection",
            Aspect::Rule => "rule",
            Aspect::Name => "name",
            Aspect::Condition => "condition",
            Aspect::Threshold => "threshold",
            Aspect::Comparison => "comparison",
            Aspect::Window => "window",
            Aspect::Codes => "codes",
            Aspect::CountsFrom => "sessions counted from",
            Aspect::Unit => "unit",
            Aspect::Anchor => "anchor",
            Aspect::ExclusionDays => "exclusion days",
            Aspect::Action => "action",
            Aspect::Alternatives => "alternatives",
            Aspect::Episode => "episode",
            Aspect::Precedence => "precedence",
            Aspect::Preconditions => "preconditions",
            Aspect::Repeat => "repeat limit",
            Aspect::Limits => "shared limits",
            Aspect::NoticePayments => "payments",
            Aspect::NoticeLimit => "notice limit",
            Aspect::CountingYears => "counting period",
            Aspect::CountingFrom => "notices counted from",
            Aspect::ExclusionPayments => "exclusion notice payments",
            Aspect::OtherAuthorities => "other authorities' notices",
            Aspect::UnknownPrevious => "previous authority unknown",
            Aspect::CaseOpen => "case open",
            Aspect::NoticeOpen => "notice open",
            Aspect::RuleOrder => "rule order",
            Aspect::Documentation => "documentation",
        }
    }
}

/// Which part of the policies a change belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// The policy as a whole (kind, predecessor, version selection, docs).
    Policy,
    /// An old and a new effective version compared with each other; a
    /// missing side means the version has no counterpart.
    Versions {
        /// The old version.
        old: Option<VersionRef>,
        /// The new version.
        new: Option<VersionRef>,
    },
}

/// An effective version, named by its dates and the policies it merges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    /// First day in force.
    pub from: Option<NaiveDate>,
    /// Last day in force.
    pub until: Option<NaiveDate>,
    /// The policies it was merged from, leaf first.
    pub merged_from: Vec<String>,
}

impl VersionRef {
    /// The reference to `version`.
    pub fn of(version: &EffectiveVersion) -> VersionRef {
        let mut merged_from: Vec<String> = Vec::new();
        for origin in &version.origins {
            if !merged_from.contains(&origin.policy) {
                merged_from.push(origin.policy.clone());
            }
        }
        VersionRef {
            from: version.from,
            until: version.until,
            merged_from,
        }
    }

    /// `version from 2024-08-19 (westmorland-and-furness < national-2024)`.
    pub fn words(&self) -> String {
        let mut words = format!("version {}", date_range(self.from, self.until));
        if !self.merged_from.is_empty() {
            words.push_str(&format!(" ({})", self.merged_from.join(" < ")));
        }
        words
    }
}
