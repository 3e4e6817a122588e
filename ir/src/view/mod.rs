//! One checked, typed view of a compiled policy, read by the engine's plan,
//! `diff` and the renderers.
//!
//! [`view`] follows every edge of a [`RuleGraph`] once: dangling ids, edges
//! to nodes of the wrong kind, zero-length windows, comparisons of
//! different units, predicate cycles and overlapping versions are refused
//! with a [`ViewError`]. What comes back is a tree of typed values, with
//! anchors and code sets resolved; a node used twice is one [`Shared`]
//! value that keeps its [`NodeId`], so readers that need node identity (the
//! engine gives each aggregate one state) still have it.
//!
//! Equality of view values is equality of meaning: ids and code-set names
//! are not compared, and `All`/`Any` compare their operands as multisets.

mod check;
mod error;

pub use check::view;
pub use error::ViewError;

use crate::codes::CodeSet;
use crate::events::EventKind;
use crate::graph::{
    Action, CaseOpen, CompareOp, EffectiveVersion, EventAge, Gate, Input, LimitWhom, Location,
    NodeId, NoticeOpen, NoticeSchedule, Payment, Period, PolicyInfo, Precedence, Quantity, Repeat,
    Rule, RuleGraph, RunUnit, SettingSource, UnknownPrevious,
};
use chrono::NaiveDate;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A checked node's value together with its id; cloning shares it.
pub struct Shared<T>(Arc<(NodeId, T)>);

impl<T> Shared<T> {
    /// Wraps the value of node `id`.
    fn new(id: NodeId, value: T) -> Self {
        Shared(Arc::new((id, value)))
    }

    /// The node's id in the graph.
    pub fn id(&self) -> NodeId {
        self.0 .0
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0 .1
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} ", self.id().0)?;
        (**self).fmt(f)
    }
}

/// A checked policy: its versions, and every node of its graph typed.
#[derive(Debug)]
pub struct PolicyView<'g> {
    /// The graph viewed.
    pub graph: &'g RuleGraph,
    /// Every node, in arena order (`nodes[id.index()]`).
    pub nodes: Vec<NodeView<'g>>,
    /// The versions, in date order, without overlaps.
    pub versions: Vec<VersionView<'g>>,
}

impl PolicyView<'_> {
    /// Who and what the policy is.
    pub fn policy(&self) -> &PolicyInfo {
        &self.graph.policy
    }
}

/// One node of the graph, typed.
#[derive(Clone, Debug)]
pub enum NodeView<'g> {
    /// A data input.
    Input(&'g Input),
    /// A code-set classifier over the marks.
    CodeSet(CodeSetView),
    /// A running quantity.
    Aggregate(Shared<Aggregate>),
    /// A predicate.
    Condition(Shared<Condition>),
    /// An action.
    Action(Shared<Action>),
    /// Notice amounts, limits and cross-border settings.
    Escalation(Shared<EscalationView<'g>>),
    /// A rule.
    Rule(Shared<RuleView<'g>>),
    /// A limit shared by rules.
    Limit(Shared<Limit>),
}

/// The rules and settings in force over a span of dates.
#[derive(Clone, Debug)]
pub struct VersionView<'g> {
    /// The version as compiled (dates, origins).
    pub version: &'g EffectiveVersion,
    /// Rules in evaluation order.
    pub rules: Vec<Shared<RuleView<'g>>>,
    /// The escalation in force.
    pub escalation: Shared<EscalationView<'g>>,
}

/// A rule with what it decides.
#[derive(Clone, Debug)]
pub struct RuleView<'g> {
    /// The rule as compiled (name, doc, source, location).
    pub rule: &'g Rule,
    /// What it decides.
    pub meaning: RuleMeaning,
}

/// What a rule decides: everything about it except its name, documentation
/// and location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeaning {
    /// When it fires.
    pub condition: Shared<Condition>,
    /// What it does.
    pub action: Shared<Action>,
    /// What else it does with `action`, in the order written (at most one
    /// of them all a penalty).
    pub also: Vec<Shared<Action>>,
    /// Alternatives, first match wins.
    pub instead: Vec<Alternative>,
    /// How often it may fire.
    pub repeat: Repeat,
    /// The shared limits it counts against, in the order written.
    pub limits: Vec<Shared<Limit>>,
    /// Whether it decides once per episode of absence, and when.
    pub episode: Option<EpisodeView>,
    /// Its order against other rules, as written.
    pub precedence: Vec<Precedence>,
    /// The events it requires or is stopped by, as written.
    pub preconditions: Vec<PreconditionView>,
}

/// A rule's precondition with its event kind resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PreconditionView {
    /// Requires or unless.
    pub gate: Gate,
    /// The kind of event.
    pub kind: EventKind,
    /// How long an event counts after its date (`None`: for ever).
    pub within: Option<EventAge>,
}

/// A rule's episode clause, its aggregate resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeView {
    /// The [`Aggregate::Episode`] the rule decides on.
    pub aggregate: Shared<Aggregate>,
    /// Whether it waits for the episode to end (`decides at the end of
    /// each episode`) rather than deciding at once (`at most once per
    /// episode`).
    pub at_end: bool,
}

/// An alternative action taken instead of a rule's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// When it is taken.
    pub when: Shared<Condition>,
    /// The action taken.
    pub then: Shared<Action>,
    /// What else is taken with it, in the order written.
    pub also: Vec<Shared<Action>>,
}

impl RuleMeaning {
    /// The actions taken when no alternative holds: `action`, then `also`.
    pub fn actions(&self) -> impl Iterator<Item = &Shared<Action>> {
        std::iter::once(&self.action).chain(&self.also)
    }
}

impl Alternative {
    /// The actions taken: `then`, then `also`.
    pub fn actions(&self) -> impl Iterator<Item = &Shared<Action>> {
        std::iter::once(&self.then).chain(&self.also)
    }
}

/// A limit shared by the rules that name it (see [`graph::SharedLimit`]):
/// its name and what it allows; its documentation stays in the graph.
///
/// [`graph::SharedLimit`]: crate::graph::SharedLimit
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Limit {
    /// Its name: the rules naming it count together, in every version.
    pub name: String,
    /// How many decisions (≥ 1).
    pub at_most: u32,
    /// Per which calendar period.
    pub per: Period,
    /// Counted for the pupil or for each parent.
    pub whom: LimitWhom,
}

/// A boolean over aggregates and events.
#[derive(Clone, Debug, Eq)]
pub enum Condition {
    /// `left op right`, both sides of one [`Unit`].
    Compare {
        /// Left side.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right side.
        right: Operand,
    },
    /// A `public_place` event on one of the first N school days of an
    /// exclusion.
    ExclusionSighting {
        /// N (≥ 1).
        first_school_days: u32,
    },
    /// Every operand holds.
    All(Vec<Shared<Condition>>),
    /// At least one operand holds.
    Any(Vec<Shared<Condition>>),
    /// The operand does not hold.
    Not(Shared<Condition>),
}

impl PartialEq for Condition {
    fn eq(&self, other: &Self) -> bool {
        use Condition::*;
        match (self, other) {
            (
                Compare { left, op, right },
                Compare {
                    left: other_left,
                    op: other_op,
                    right: other_right,
                },
            ) => left == other_left && op == other_op && right == other_right,
            (
                ExclusionSighting { first_school_days },
                ExclusionSighting {
                    first_school_days: n,
                },
            ) => first_school_days == n,
            (All(a), All(b)) | (Any(a), Any(b)) => same_multiset(a, b),
            (Not(a), Not(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether `a` and `b` hold the same items, in any order.
fn same_multiset<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut unused: Vec<&T> = b.iter().collect();
    a.iter().all(
        |item| match unused.iter().position(|other| *other == item) {
            Some(index) => {
                unused.swap_remove(index);
                true
            }
            None => false,
        },
    )
}

/// A side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// The current value of an aggregate.
    Aggregate(Shared<Aggregate>),
    /// A constant with its unit.
    Constant(Quantity),
}

impl Operand {
    /// The unit of the operand's value.
    pub fn unit(&self) -> Unit {
        match self {
            Operand::Aggregate(aggregate) => aggregate.unit(),
            Operand::Constant(quantity) => Unit::of_quantity(*quantity),
        }
    }
}

/// A running quantity, updated once per session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Unconsumed sessions in a code set, over a window. Unit: sessions.
    Count {
        /// The codes counted.
        codes: CodeSetView,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// The current run of unconsumed matching school days or sessions.
    Run {
        /// The codes a run is made of.
        codes: CodeSetView,
        /// School days or sessions.
        unit: RunUnit,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// Sessions in a code set as a share of possible sessions, over a
    /// window. Unit: percent.
    Share {
        /// The codes whose share is taken.
        codes: CodeSetView,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// The school days of the current (or just ended) episode of a code
    /// set: a continuous absence, unshortened by consumption.
    Episode {
        /// The codes an episode is made of.
        codes: CodeSetView,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// School weeks since the latest anchor.
    SchoolWeeksSince {
        /// The event or rule.
        anchor: Anchor,
    },
    /// Separate episodes of a code set with a school day in the window,
    /// unaffected by consumption. Unit: episodes.
    Episodes {
        /// The codes an episode is made of.
        codes: CodeSetView,
        /// Over which window.
        window: Window,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
}

impl Aggregate {
    /// The unit of the aggregate's value.
    pub fn unit(&self) -> Unit {
        match self {
            Aggregate::Count { .. } => Unit::Sessions,
            Aggregate::Run {
                unit: RunUnit::Sessions,
                ..
            } => Unit::Sessions,
            Aggregate::Run {
                unit: RunUnit::SchoolDays,
                ..
            } => Unit::SchoolDays,
            Aggregate::Episode { .. } => Unit::SchoolDays,
            Aggregate::Share { .. } => Unit::Percent,
            Aggregate::SchoolWeeksSince { .. } => Unit::SchoolWeeks,
            Aggregate::Episodes { .. } => Unit::Episodes,
        }
    }
}

/// A code set with the name it was declared under. Only the codes take
/// part in equality: renaming a set does not change what it means.
#[derive(Clone, Debug, Eq)]
pub struct CodeSetView {
    /// The set's name (`None` for an inline literal).
    pub name: Option<String>,
    /// The codes.
    pub codes: CodeSet,
}

impl PartialEq for CodeSetView {
    fn eq(&self, other: &Self) -> bool {
        self.codes == other.codes
    }
}

/// The window an aggregate is taken over, ending on the decision day:
/// [`crate::graph::Window`] with its anchors resolved (to an [`Anchor`] in
/// the view; the engine resolves them to its own indices). Every length
/// is at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window<A = Anchor> {
    /// The school week of the day and the `n − 1` school weeks before.
    SchoolWeeks(u32),
    /// The school day and the `n − 1` school days before.
    SchoolDays(u32),
    /// From the latest anchor: its school week and the next
    /// `school_weeks − 1`.
    AfterAnchor {
        /// The event or rule.
        anchor: A,
        /// Length in school weeks.
        school_weeks: u32,
    },
    /// After the latest anchor: the `school_days` school days after its
    /// date.
    SchoolDaysAfter {
        /// The event or rule.
        anchor: A,
        /// Length in school days.
        school_days: u32,
    },
    /// The last `n` possible sessions, and the sessions between them that
    /// are not possible.
    Sessions(u32),
    /// Inside the improvement period of the latest Notice to Improve.
    NoticeToImprove {
        /// The period without extension, in `unit`.
        lasts: u32,
        /// The longest period with extensions, in `unit`.
        at_most: u32,
        /// Calendar days or school weeks.
        unit: ImprovementUnit,
    },
    /// Since the start of the current term, half-term or academic year.
    Period(Period),
    /// Since the start of the previous term, half-term or academic year.
    ThisAndPrevious(Period),
    /// After the same day this many calendar months before.
    Months(u32),
    /// Fixed dates, both included.
    Between {
        /// The first date.
        from: NaiveDate,
        /// The last date.
        to: NaiveDate,
    },
    /// After the school day of the latest anchor.
    Since(A),
}

impl<A> Window<A> {
    /// The same window with each anchor replaced by `f` of it.
    pub fn map_anchor<B>(&self, mut f: impl FnMut(&A) -> B) -> Window<B> {
        match self {
            Window::SchoolWeeks(n) => Window::SchoolWeeks(*n),
            Window::SchoolDays(n) => Window::SchoolDays(*n),
            Window::AfterAnchor {
                anchor,
                school_weeks,
            } => Window::AfterAnchor {
                anchor: f(anchor),
                school_weeks: *school_weeks,
            },
            Window::SchoolDaysAfter {
                anchor,
                school_days,
            } => Window::SchoolDaysAfter {
                anchor: f(anchor),
                school_days: *school_days,
            },
            Window::Sessions(n) => Window::Sessions(*n),
            Window::NoticeToImprove {
                lasts,
                at_most,
                unit,
            } => Window::NoticeToImprove {
                lasts: *lasts,
                at_most: *at_most,
                unit: *unit,
            },
            Window::Period(period) => Window::Period(*period),
            Window::ThisAndPrevious(period) => Window::ThisAndPrevious(*period),
            Window::Months(months) => Window::Months(*months),
            Window::Between { from, to } => Window::Between {
                from: *from,
                to: *to,
            },
            Window::Since(anchor) => Window::Since(f(anchor)),
        }
    }
}

/// How far back earlier notices count, as the policy wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountingPeriod {
    /// Calendar years.
    Years(u32),
    /// Calendar months.
    Months(u32),
}

impl CountingPeriod {
    /// The period in calendar months.
    pub fn months(self) -> u32 {
        match self {
            CountingPeriod::Years(years) => years.saturating_mul(12),
            CountingPeriod::Months(months) => months,
        }
    }
}

impl std::fmt::Display for CountingPeriod {
    /// `3 years`, `12 months`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            CountingPeriod::Years(n) => f.write_str(&crate::words::plural(n, "year", "years")),
            CountingPeriod::Months(n) => f.write_str(&crate::words::plural(n, "month", "months")),
        }
    }
}

/// What an improvement period is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImprovementUnit {
    /// Calendar days from the notice's date (the first is day 1).
    Days,
    /// School weeks: the notice's own week is week 1, school week or not,
    /// and each later school week adds one.
    SchoolWeeks,
    /// School days: the school days after the notice's date.
    SchoolDays,
}

/// What a window or a `school weeks since` starts from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The latest event of a kind.
    Event(EventKind),
    /// The latest firing of the rule of this name.
    Firing(String),
}

/// Notice amounts, limits and cross-border settings of a version, with the
/// limit's action followed.
#[derive(Clone, Debug)]
pub struct EscalationView<'g> {
    /// Payment schedules by notice number, as compiled.
    pub schedules: &'g [NoticeSchedule],
    /// The notice limit and the action taken at it.
    pub limit: Option<(u32, Shared<Action>)>,
    /// Earlier notices count only when issued within this period.
    pub counting: Option<CountingPeriod>,
    /// Notices issued before this date are not counted.
    pub counting_from: Option<NaiveDate>,
    /// Payment options of an exclusion notice.
    pub exclusion_payments: &'g [Payment],
    /// Whether notices from other authorities count.
    pub other_authorities_count: bool,
    /// What to do when the previous authority is unknown.
    pub unknown_previous: UnknownPrevious,
    /// Where each setting was written.
    pub sources: &'g [SettingSource],
    /// How long a prosecution keeps the case open, if it does.
    pub case_open: Option<CaseOpen>,
    /// Whether an attendance notice keeps the case open, if it does.
    pub notice_open: Option<NoticeOpen>,
}

impl<'g> EscalationView<'g> {
    /// The schedule line that prices the `number`-th notice: the last line
    /// numbered `number` or lower (the first line if all are higher).
    pub fn schedule(&self, number: u32) -> Option<&'g NoticeSchedule> {
        self.schedules
            .iter()
            .rev()
            .find(|schedule| schedule.number <= number)
            .or(self.schedules.first())
    }

    /// The highest notice number with a line of its own (0 without lines).
    pub fn last_number(&self) -> u32 {
        self.schedules.iter().map(|s| s.number).max().unwrap_or(0)
    }

    /// Where the setting called `setting` (`notice 1`, `limit`…) was
    /// written, if the compiler recorded it (under its name, or its name
    /// after its block's: `penalty_notices: limit`).
    pub fn location(&self, setting: &str) -> Option<&'g Location> {
        let in_block = format!(": {setting}");
        self.sources
            .iter()
            .find(|source| source.setting == setting || source.setting.ends_with(&in_block))
            .map(|source| &source.location)
    }
}

/// The unit of a quantity, for checking comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Sessions.
    Sessions,
    /// School days.
    SchoolDays,
    /// School weeks.
    SchoolWeeks,
    /// Percent (basis points).
    Percent,
    /// Separate episodes.
    Episodes,
}

impl Unit {
    /// The unit of a constant.
    pub fn of_quantity(quantity: Quantity) -> Unit {
        match quantity {
            Quantity::Sessions(_) => Unit::Sessions,
            Quantity::SchoolDays(_) => Unit::SchoolDays,
            Quantity::SchoolWeeks(_) => Unit::SchoolWeeks,
            Quantity::BasisPoints(_) => Unit::Percent,
            Quantity::Episodes(_) => Unit::Episodes,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Sessions => "sessions",
            Unit::SchoolDays => "school days",
            Unit::SchoolWeeks => "school weeks",
            Unit::Percent => "a percentage",
            Unit::Episodes => "episodes",
        })
    }
}

impl VersionView<'_> {
    /// `id@from`, or `id@always`: a decision's `policy` field.
    pub fn label(&self, policy: &str) -> String {
        check::version_label(policy, self.version.from)
    }
}
