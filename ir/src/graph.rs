//! The rule graph: the compiled form of one policy, and the runtime's only
//! input about policy.
//!
//! A flat arena: [`RuleGraph::nodes`] indexed by [`NodeId`]; every edge is a
//! `NodeId` inside a node. Inheritance and time versions are already
//! resolved: each [`EffectiveVersion`] lists the rules in force over a span of
//! dates, with the settings merged down the inheritance chain. Identical
//! nodes (the same aggregate used by two rules or two versions) appear once.

use crate::codes::CodeSet;
use crate::events::EventKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of this serialised format.
pub const FORMAT: u32 = 2;

/// Index of a node in [`RuleGraph::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One compiled policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleGraph {
    /// [`FORMAT`] at the time of compiling.
    pub format: u32,
    /// Who and what the policy is.
    pub policy: PolicyInfo,
    /// The node arena.
    pub nodes: Vec<Node>,
    /// The versions in force, in date order, without overlaps.
    pub versions: Vec<EffectiveVersion>,
    /// The event kinds the policy and its ancestors declare, by name: the
    /// kinds `events.csv` may hold besides the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventDeclaration>,
}

/// A policy-declared event kind (`event warning_letter "..."`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventDeclaration {
    /// The kind (always [`EventKind::Declared`]).
    pub kind: EventKind,
    /// What an event of the kind is, as the policy says it.
    pub description: String,
    /// Its doc line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Its source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it was declared.
    pub location: Location,
}

/// Identity of a compiled policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInfo {
    /// Identifier (`westmorland-and-furness`): matches `schools.csv`'s
    /// `authority` (authority policies) or `school` (school policies).
    pub id: String,
    /// Human title.
    pub title: String,
    /// National framework, authority or school.
    pub kind: PolicyKind,
    /// The file it was compiled from, as given to the compiler.
    pub file: String,
    /// `succeeds`: the predecessor authority's policy id.
    pub succeeds: Option<String>,
    /// Which date picks the version in force.
    pub selection: VersionSelection,
    /// The policy's doc line.
    pub doc: Option<String>,
    /// The policy's source line.
    pub source: Option<String>,
}

/// The kind of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// A national framework.
    National,
    /// A local authority's code of conduct.
    Authority,
    /// A school's ladder.
    School,
}

/// Which date picks the version in force (see docs/language.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionSelection {
    /// The version in force on the decision day.
    DecisionDate,
    /// The version in force on the decision day, counting only absences
    /// dated inside the version (the clipping is lowered into each
    /// aggregate's `counts_from`).
    AbsenceDate,
    /// The version in force on 1 September of the decision day's academic year.
    AcademicYear,
}

/// The rules and settings in force over a span of dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveVersion {
    /// First day (inclusive); `None` = since always.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive); `None` = open-ended.
    pub until: Option<NaiveDate>,
    /// The file versions this one was merged from, leaf first.
    pub origins: Vec<Origin>,
    /// Rule nodes in evaluation order: the most specific policy's rules
    /// first, each policy's in file order, with the authors' precedence
    /// clauses applied.
    pub rules: Vec<NodeId>,
    /// The [`Node::Escalation`] in force.
    pub escalation: NodeId,
}

/// A version block of one file that contributed to an effective version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// The policy id.
    pub policy: String,
    /// The version's `from` as written (`None` for a file without versions).
    pub from: Option<NaiveDate>,
    /// The version's `until` as written.
    pub until: Option<NaiveDate>,
}

/// Where a declaration was written, for evidence and diffs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The policy id.
    pub policy: String,
    /// The file path as given to the compiler.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// A node of the rule graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    /// A data input.
    Input(Input),
    /// A code-set classifier over the marks input.
    Classify {
        /// The set's name (`None` for an inline literal).
        name: Option<String>,
        /// The codes.
        codes: CodeSet,
        /// The [`Node::Input`] it classifies (always marks).
        input: NodeId,
    },
    /// A running aggregate over the classified marks.
    Aggregate(Aggregate),
    /// A boolean predicate.
    Predicate(Predicate),
    /// An action a rule takes.
    Action(Action),
    /// Notice amounts, limits and cross-border settings.
    Escalation(Escalation),
    /// A rule.
    Rule(Rule),
    /// A limit shared by the rules that name it.
    Limit(SharedLimit),
}

impl Node {
    /// The nodes this node reads: its edges, in the order written.
    pub fn reads(&self) -> Vec<NodeId> {
        let operand = |o: &Operand| match o {
            Operand::Node(id) => Some(*id),
            Operand::Constant(_) => None,
        };
        match self {
            Node::Input(_) => vec![],
            Node::Classify { input, .. } => vec![*input],
            Node::Aggregate(
                Aggregate::Count {
                    codes, window: w, ..
                }
                | Aggregate::Share {
                    codes, window: w, ..
                }
                | Aggregate::Episodes {
                    codes, window: w, ..
                },
            ) => std::iter::once(*codes).chain(w.anchor()).collect(),
            Node::Aggregate(Aggregate::Run { codes, .. } | Aggregate::Episode { codes, .. }) => {
                vec![*codes]
            }
            Node::Aggregate(Aggregate::SchoolWeeksSince { anchor }) => vec![*anchor],
            Node::Predicate(Predicate::Compare { left, right, .. }) => {
                operand(left).into_iter().chain(operand(right)).collect()
            }
            Node::Predicate(Predicate::ExclusionSighting {
                exclusions,
                sightings,
                ..
            }) => vec![*exclusions, *sightings],
            Node::Predicate(Predicate::All { of } | Predicate::Any { of }) => of.clone(),
            Node::Predicate(Predicate::Not { of }) => vec![*of],
            Node::Action(_) => vec![],
            Node::Escalation(escalation) => escalation.limit.iter().map(|l| l.then).collect(),
            Node::Rule(rule) => {
                let mut ids = vec![rule.when, rule.then];
                ids.extend(&rule.also);
                for alternative in &rule.instead {
                    ids.extend([alternative.when, alternative.then]);
                    ids.extend(&alternative.also);
                }
                ids.extend(rule.episode.map(|episode| episode.aggregate));
                ids.extend(&rule.limited_by);
                ids.extend(rule.preconditions.iter().map(|p| p.events));
                ids
            }
            Node::Limit(_) => vec![],
        }
    }
}

/// The data a graph reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Input {
    /// The pupil's session marks.
    Marks,
    /// The pupil's events of one kind.
    Events {
        /// Which kind.
        kind: EventKind,
    },
    /// Earlier firings of a rule of this policy.
    Firings {
        /// The rule's name.
        rule: String,
    },
}

/// A running quantity, updated once per session.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "aggregate", rename_all = "snake_case")]
pub enum Aggregate {
    /// Unconsumed sessions in a code set, over a window. Unit: sessions.
    Count {
        /// The [`Node::Classify`] counted.
        codes: NodeId,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored (absence-date versions).
        counts_from: Option<NaiveDate>,
    },
    /// The current run of unconsumed matching school days or sessions.
    /// Unit: school days or sessions.
    Run {
        /// The [`Node::Classify`] a run is made of.
        codes: NodeId,
        /// School days or sessions.
        unit: RunUnit,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// Sessions in a code set as a share of possible sessions, over a
    /// window. Unit: percent (basis points). Not affected by consumption.
    Share {
        /// The [`Node::Classify`] whose share is taken.
        codes: NodeId,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// The current (or just ended) episode: a run of school days each of
    /// whose possible sessions has a code in the set, counted in school
    /// days. Days without a possible session neither extend nor end it;
    /// consumption does not shorten it. Unit: school days.
    Episode {
        /// The [`Node::Classify`] an episode is made of.
        codes: NodeId,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// School weeks since the latest anchor. Unit: school weeks.
    SchoolWeeksSince {
        /// The [`Node::Input`] of events or firings.
        anchor: NodeId,
    },
    /// Separate episodes of the set (as [`Aggregate::Episode`] defines
    /// one) with a school day in the window. Not affected by consumption.
    /// Unit: episodes.
    Episodes {
        /// The [`Node::Classify`] an episode is made of.
        codes: NodeId,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
}

impl Aggregate {
    /// The window it is taken over, if it has one.
    pub fn window(&self) -> Option<&Window> {
        match self {
            Aggregate::Count { window, .. }
            | Aggregate::Share { window, .. }
            | Aggregate::Episodes { window, .. } => Some(window),
            Aggregate::Run { .. }
            | Aggregate::Episode { .. }
            | Aggregate::SchoolWeeksSince { .. } => None,
        }
    }
}

/// What a run is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunUnit {
    /// Whole school days (every possible session in the set).
    SchoolDays,
    /// Possible sessions.
    Sessions,
}

/// The window an aggregate is taken over, ending on the decision day.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "window", rename_all = "snake_case")]
pub enum Window {
    /// The school week of D and the `school_weeks − 1` school weeks before.
    SchoolWeeks {
        /// Length in school weeks (≥ 1).
        school_weeks: u32,
    },
    /// D and the `school_days − 1` school days before.
    SchoolDays {
        /// Length in school days (≥ 1).
        school_days: u32,
    },
    /// From the latest anchor: its school week and the next
    /// `school_weeks − 1`; empty before the first anchor and after the window.
    AfterAnchor {
        /// The [`Node::Input`] of events or firings.
        anchor: NodeId,
        /// Length in school weeks (≥ 1).
        school_weeks: u32,
    },
    /// Inside the improvement period of the latest Notice to Improve.
    NoticeToImprove {
        /// The [`Node::Input`] of `notice_to_improve` events.
        anchor: NodeId,
        /// The period without extension, in calendar days.
        lasts_days: u32,
        /// The longest period with extensions, in calendar days.
        at_most_days: u32,
    },
    /// Inside the improvement period of the latest Notice to Improve,
    /// counted in school weeks: the notice's own week is week 1 (school
    /// week or not) and each later school week adds one.
    NoticeToImproveSchoolWeeks {
        /// The [`Node::Input`] of `notice_to_improve` events.
        anchor: NodeId,
        /// The period without extension, in school weeks.
        lasts_school_weeks: u32,
        /// The longest period with extensions, in school weeks.
        at_most_school_weeks: u32,
    },
    /// Inside the improvement period of the latest Notice to Improve,
    /// counted in school days: the days after the notice's date up to the
    /// end of the `lasts_school_days`th school day after it.
    NoticeToImproveSchoolDays {
        /// The [`Node::Input`] of `notice_to_improve` events.
        anchor: NodeId,
        /// The period without extension, in school days.
        lasts_school_days: u32,
        /// The longest period with extensions, in school days.
        at_most_school_days: u32,
    },
    /// After the latest anchor: sessions dated after its date, on the
    /// `school_days` school days after it; empty before the first anchor
    /// and after the window.
    SchoolDaysAfter {
        /// The [`Node::Input`] of events or firings.
        anchor: NodeId,
        /// Length in school days (≥ 1).
        school_days: u32,
    },
    /// The pupil's last `sessions` possible sessions up to and including
    /// D, and the sessions between them that are not possible.
    Sessions {
        /// Length in possible sessions (≥ 1).
        sessions: u32,
    },
    /// Since the start of the current term, half-term or academic year.
    Period {
        /// Which period.
        period: Period,
    },
    /// Since the start of the term, half-term or academic year before the
    /// current one.
    ThisAndPrevious {
        /// Which period.
        period: Period,
    },
    /// Sessions dated after the same day `months` calendar months before
    /// D (the last day of a shorter month when it has no such day).
    Months {
        /// Length in calendar months (≥ 1).
        months: u32,
    },
    /// Sessions dated from `from` to `to`, both included, whatever D is.
    Between {
        /// The first date.
        from: NaiveDate,
        /// The last date (not before `from`).
        to: NaiveDate,
    },
    /// After the school day of the latest anchor.
    Since {
        /// The [`Node::Input`] of events or firings.
        anchor: NodeId,
    },
}

impl Window {
    /// The [`Node::Input`] of events or firings that moves the window, if any.
    pub fn anchor(&self) -> Option<NodeId> {
        match self {
            Window::AfterAnchor { anchor, .. }
            | Window::NoticeToImprove { anchor, .. }
            | Window::NoticeToImproveSchoolWeeks { anchor, .. }
            | Window::NoticeToImproveSchoolDays { anchor, .. }
            | Window::SchoolDaysAfter { anchor, .. }
            | Window::Since { anchor } => Some(*anchor),
            Window::SchoolWeeks { .. }
            | Window::Sessions { .. }
            | Window::SchoolDays { .. }
            | Window::Period { .. }
            | Window::ThisAndPrevious { .. }
            | Window::Months { .. }
            | Window::Between { .. } => None,
        }
    }
}

/// A period of the school calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Ends at a break of two or more weeks without school sessions.
    Term,
    /// Ends at any week without school sessions.
    HalfTerm,
    /// 1 September to 31 August.
    AcademicYear,
}

/// A quantity with its unit, as a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Quantity {
    /// A count of sessions.
    Sessions(u32),
    /// A count of school days.
    SchoolDays(u32),
    /// A count of school weeks.
    SchoolWeeks(u32),
    /// A percentage in basis points (92% = 9200).
    BasisPoints(u32),
    /// A number of separate episodes.
    Episodes(u32),
}

/// A side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operand {
    /// The current value of an aggregate node.
    Node(NodeId),
    /// A constant.
    Constant(Quantity),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
}

/// A boolean over aggregates and events.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "predicate", rename_all = "snake_case")]
pub enum Predicate {
    /// Compares two operands of the same unit.
    Compare {
        /// Left side.
        left: Operand,
        /// Operator.
        op: CompareOp,
        /// Right side.
        right: Operand,
    },
    /// A `public_place` event today, on one of the first `first_school_days`
    /// school days of an exclusion that covers today.
    ExclusionSighting {
        /// The [`Node::Input`] of `exclusion` events.
        exclusions: NodeId,
        /// The [`Node::Input`] of `public_place` events.
        sightings: NodeId,
        /// N (≥ 1).
        first_school_days: u32,
    },
    /// Every operand holds.
    All {
        /// Predicate nodes.
        of: Vec<NodeId>,
    },
    /// At least one operand holds.
    Any {
        /// Predicate nodes.
        of: Vec<NodeId>,
    },
    /// The operand does not hold.
    Not {
        /// A predicate node.
        of: NodeId,
    },
}

/// Something a rule does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// An attendance penalty notice to each parent (numbered and priced by
    /// the version's escalation); consumes its evidence.
    PenaltyNotice,
    /// An exclusion penalty notice to each parent; outside the notice limit.
    ExclusionNotice,
    /// A prosecution referral for each parent; consumes its evidence.
    Prosecution,
    /// A letter about the pupil.
    Letter {
        /// Which letter.
        label: String,
    },
    /// An attendance meeting.
    Meeting {
        /// Which meeting.
        label: String,
    },
    /// A referral (Education Welfare Officer, social care…).
    Referral {
        /// To whom.
        label: String,
    },
    /// An attendance contract.
    Contract {
        /// Which contract.
        label: String,
    },
    /// A case an officer must decide by hand.
    ManualReview {
        /// Why.
        reason: String,
    },
}

impl Action {
    /// Whether a decision of this action consumes its evidence (a notice
    /// or prosecution: the same sessions are never the ground of a second
    /// penalty).
    pub fn consumes_evidence(&self) -> bool {
        matches!(self, Action::PenaltyNotice | Action::Prosecution)
    }

    /// Whether it is a penalty: an attendance or exclusion penalty notice,
    /// or a prosecution (a rule takes at most one at once).
    pub fn is_penalty(&self) -> bool {
        matches!(
            self,
            Action::PenaltyNotice | Action::ExclusionNotice | Action::Prosecution
        )
    }

    /// The action's name in decisions (`penalty_notice`, `letter`…), as
    /// the output contract spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::PenaltyNotice => "penalty_notice",
            Action::ExclusionNotice => "exclusion_notice",
            Action::Prosecution => "prosecution",
            Action::Letter { .. } => "letter",
            Action::Meeting { .. } => "meeting",
            Action::Referral { .. } => "referral",
            Action::Contract { .. } => "contract",
            Action::ManualReview { .. } => "manual_review",
        }
    }

    /// The action's label in decisions: a letter's name, a referral's
    /// target, a review's reason.
    pub fn label(&self) -> Option<&str> {
        match self {
            Action::Letter { label }
            | Action::Meeting { label }
            | Action::Referral { label }
            | Action::Contract { label } => Some(label),
            Action::ManualReview { reason } => Some(reason),
            Action::PenaltyNotice | Action::ExclusionNotice | Action::Prosecution => None,
        }
    }
}

/// One payment option of a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Payment {
    /// Days from receipt.
    pub within_days: u32,
    /// Amount in pence.
    pub amount_pence: u64,
}

/// The payment schedule of the n-th notice (and later ones, if it is the last).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoticeSchedule {
    /// The notice number (1-based).
    pub number: u32,
    /// Payment options, shortest period first.
    pub payments: Vec<Payment>,
}

/// The limit on notices to one parent for one pupil.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoticeLimit {
    /// How many counted notices trigger the alternative.
    pub notices: u32,
    /// The action node taken instead of a further notice.
    pub then: NodeId,
}

/// Notice amounts, escalation and cross-border settings of a version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Escalation {
    /// Payment schedules by notice number, ascending.
    pub schedules: Vec<NoticeSchedule>,
    /// The notice limit, if any.
    pub limit: Option<NoticeLimit>,
    /// Earlier notices count only if issued within this many years before
    /// the decision day (`None`: all earlier notices count, unless
    /// `counting_months` is set).
    pub counting_years: Option<u32>,
    /// The same period written in calendar months (`within 12 months`);
    /// set instead of `counting_years`, never with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counting_months: Option<u32>,
    /// Notices issued before this date are not counted.
    pub counting_from: Option<NaiveDate>,
    /// Payment options of an exclusion notice.
    pub exclusion_payments: Vec<Payment>,
    /// Whether notices from other authorities count.
    pub other_authorities_count: bool,
    /// What to do when the previous authority is unknown.
    pub unknown_previous: UnknownPrevious,
    /// How long a prosecution keeps the case open (`None`: no open case;
    /// every prosecution decided stands alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_open: Option<CaseOpen>,
    /// Whether an attendance notice keeps the parent's case open during
    /// its payment period (`None`: a further notice may follow at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_open: Option<NoticeOpen>,
    /// Where each setting was written, for explanations and diffs.
    pub sources: Vec<SettingSource>,
}

/// Where one setting line was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SettingSource {
    /// The setting (`notice 1`, `limit`, `count notices issued from`…).
    pub setting: String,
    /// Where it was written.
    pub location: Location,
    /// The block's source line, if any.
    pub source: Option<String>,
}

/// What to assume when a pupil's previous authority cannot be asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownPrevious {
    /// Assume no earlier notice from other authorities.
    AssumeNone,
    /// Take `manual_review` instead of a penalty notice.
    ManualReview,
}

/// How often a rule may fire for one pupil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Whenever the condition starts to hold.
    Unlimited,
    /// Once ever.
    Once,
    /// Once per calendar period.
    OncePer(Period),
    /// Once per event of this kind that the condition reads (a Notice to
    /// Improve, a truancy sweep, an exclusion, a sighting): the rule fires
    /// when it holds for an event it has not yet fired for.
    OncePerEvent(EventKind),
}

/// How a rule decides on an episode of absence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EpisodeRule {
    /// The [`Aggregate::Episode`] node.
    pub aggregate: NodeId,
    /// `true`: the rule waits for the episode to end and decides dated its
    /// last school day (or at once when an `instead` alternative holds);
    /// `false`: it decides as soon as its condition holds. Either way it
    /// decides once per episode, and the decision takes the episode's
    /// later sessions as its evidence.
    pub at_end: bool,
}

/// An author's order between two rules of one effective version that may
/// hold on the same day on the same sessions.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precedence {
    /// This rule is evaluated before the named one.
    Over(String),
    /// This rule is evaluated after the named one.
    GivesWayTo(String),
}

/// How long a prosecution keeps a parent's case open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum CaseLength {
    /// Calendar days.
    Days(u32),
    /// Calendar years.
    Years(u32),
    /// Academic years: until 31 August ending the n-th academic year,
    /// counting the decision's own.
    AcademicYears(u32),
}

/// When a parent's case stays open after a prosecution: further offences
/// are reported against it rather than as new prosecutions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseOpen {
    /// For how long after the prosecution (`None`: until closed).
    pub lasts: Option<CaseLength>,
    /// Whether a `case_closed` event closes it.
    pub until_case_closed: bool,
}

/// When an attendance penalty notice keeps a parent's case open: until
/// its payment period (the longest `within` of its schedule) has passed,
/// further notices for the parent are reported against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoticeOpen {
    /// Whether a `case_closed` event (paid, withdrawn) closes it sooner.
    pub until_case_closed: bool,
}

/// An alternative action taken instead of the rule's own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Alternative {
    /// The predicate node that selects it.
    pub when: NodeId,
    /// The action node taken.
    pub then: NodeId,
    /// Further action nodes taken with it (`instead A and B when ...`), in
    /// the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<NodeId>,
}

/// A rule: when a predicate starts to hold, take an action.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    /// The rule's name (unique within an effective version).
    pub name: String,
    /// Its doc line.
    pub doc: Option<String>,
    /// Its source line (seed file or guidance paragraph).
    pub source: Option<String>,
    /// Where it was written.
    pub location: Location,
    /// The predicate node.
    pub when: NodeId,
    /// The action node.
    pub then: NodeId,
    /// Further action nodes taken with `then` (`then A and B`), in the
    /// order written: each gives its own decisions, on the same evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<NodeId>,
    /// Alternatives, first match wins.
    pub instead: Vec<Alternative>,
    /// How often it may fire.
    pub repeat: Repeat,
    /// Whether it decides once per episode of absence, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<EpisodeRule>,
    /// Its order against other rules, as written (the evaluation order is
    /// already [`EffectiveVersion::rules`]); kept for renderers and diffs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub precedence: Vec<Precedence>,
    /// The [`Node::Limit`]s it counts against (`limited by NAME`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limited_by: Vec<NodeId>,
    /// Events the rule requires, or is stopped by, without their being
    /// evidence (`requires warning_letter within 12 months`), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preconditions: Vec<Precondition>,
}

/// Whom a shared limit counts decisions for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitWhom {
    /// The pupil: every firing of the rules naming the limit that decides
    /// something counts once, whatever number of parents it addresses.
    Pupil,
    /// Each parent: every decision to a parent counts for that parent.
    Parent,
}

/// A limit shared by the rules that name it: among their decisions, at
/// most `at_most` per `per` for the pupil (or each parent). A rule whose
/// decision would go beyond it does not decide (for that parent).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SharedLimit {
    /// Its name: rules of every version naming it count together.
    pub name: String,
    /// How many decisions (≥ 1).
    pub at_most: u32,
    /// Per which calendar period.
    pub per: Period,
    /// Counted for the pupil or for each parent.
    pub whom: LimitWhom,
    /// Its doc line.
    pub doc: Option<String>,
    /// Its source line.
    pub source: Option<String>,
    /// Where it was written.
    pub location: Location,
}

/// A rule's gate on an event in the data: it decides for a parent only
/// when an event of the kind, addressed to that parent or to no parent,
/// is (`requires`) or is not (`unless`) dated on or before the decision
/// day and, with `within`, recently enough. The event is not evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Precondition {
    /// Requires or unless.
    pub gate: Gate,
    /// The [`Node::Input`] of the events of the kind.
    pub events: NodeId,
    /// How long an event counts after its date (`None`: for ever).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<EventAge>,
}

/// Whether a precondition requires an event or is stopped by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// `requires KIND`: no decision without such an event.
    Requires,
    /// `unless KIND`: no decision while there is such an event.
    Unless,
}

/// How long an event counts for a precondition, in calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum EventAge {
    /// Calendar days.
    Days(u32),
    /// Calendar weeks.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
}

impl EventAge {
    /// The first day an event dated `start` no longer counts: `start`
    /// plus the age (in months, the same day of the month, or the last
    /// day of a shorter month). An event counts on `start..lapses`.
    pub fn lapses(self, start: NaiveDate) -> NaiveDate {
        let later = match self {
            EventAge::Days(days) => start.checked_add_days(chrono::Days::new(u64::from(days))),
            EventAge::Weeks(weeks) => {
                start.checked_add_days(chrono::Days::new(7 * u64::from(weeks)))
            }
            EventAge::Months(months) => start.checked_add_months(chrono::Months::new(months)),
        };
        later.unwrap_or(NaiveDate::MAX)
    }
}
