//! The engine's form of a rule graph: the policy's checked
//! [view](rollcall_ir::view) with every node turned into an index and every
//! rule name into a firing-state slot, so that evaluation never looks a node
//! up, matches on its kind, or meets a dangling edge.

mod lower;

pub(crate) use lower::lower;

use chrono::NaiveDate;
use rollcall_data::model::EventKind;
use rollcall_ir::codes::CodeSet;
use rollcall_ir::graph::{
    Action, CaseOpen, CompareOp, LimitWhom, NoticeOpen, Payment, Period, PolicyKind, Quantity,
    Repeat, RunUnit,
};
use rollcall_ir::graph::{NoticeSchedule, UnknownPrevious, VersionSelection};
use rollcall_ir::view::{self, CountingPeriod, PreconditionView, Shared};

/// One compiled policy, ready to evaluate.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// The policy id.
    pub id: String,
    /// National, authority or school.
    pub kind: PolicyKind,
    /// The predecessor's id (`succeeds`).
    pub succeeds: Option<String>,
    /// Which date picks the version in force.
    pub selection: VersionSelection,
    /// Aggregates, each with one state per pupil.
    pub aggregates: Vec<AggregatePlan>,
    /// Predicates; children always come before their parents.
    pub predicates: Vec<PredicatePlan>,
    /// Actions.
    pub actions: Vec<Action>,
    /// Rules.
    pub rules: Vec<RulePlan>,
    /// Rule names by slot: rules of one name share firing state.
    pub slots: Vec<String>,
    /// Shared limit names by slot: rules naming one limit share its count.
    pub limits: Vec<String>,
    /// The versions, in date order, without overlaps.
    pub versions: Vec<VersionPlan>,
    /// The codes without which a day of the same school week as the day
    /// before, with no event, leaves every aggregate as it is, if there are
    /// such codes (see [`AggregateKind::quiet_unless`]).
    pub quiet_unless: Option<CodeSet>,
    /// Every rule's preconditions, once each: the kinds and ages whose
    /// events may open or close a gate (see `gates`).
    pub preconditions: Vec<PreconditionView>,
}

/// A data input that moves an anchored window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Events of one kind, on their start date.
    Event(EventKind),
    /// Firings of the rule in this slot.
    Firing(usize),
}

/// A running quantity's definition.
#[derive(Clone, Debug)]
pub(crate) struct AggregatePlan {
    /// What it computes.
    pub kind: AggregateKind,
    /// The aggregate as the policy defines it, for explanations
    /// ([`rollcall_ir::words::AggregateText`]).
    pub definition: Shared<view::Aggregate>,
}

/// What an aggregate computes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AggregateKind {
    /// Unconsumed sessions with a code in the set, over a window.
    Count {
        /// The codes counted.
        codes: CodeSet,
        /// Over which window.
        window: WindowPlan,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// The current run of unconsumed matching sessions or school days.
    Run {
        /// The codes a run is made of.
        codes: CodeSet,
        /// Sessions or school days.
        unit: RunUnit,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// Possible sessions with a code in the set, as a share of possible sessions.
    Share {
        /// The codes whose share is taken.
        codes: CodeSet,
        /// Over which window.
        window: WindowPlan,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// School weeks since the latest anchor.
    SchoolWeeksSince {
        /// Which anchor.
        anchor: Anchor,
    },
    /// The school days of the current (or just ended) episode: a run of
    /// school days each of whose possible sessions has a code in the set.
    Episode {
        /// The codes an episode is made of.
        codes: CodeSet,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
    /// Separate episodes of the set with a school day in the window.
    Episodes {
        /// The codes an episode is made of.
        codes: CodeSet,
        /// Over which window.
        window: WindowPlan,
        /// Sessions before this date are ignored.
        counts_from: Option<NaiveDate>,
    },
}

/// The window of a count or share, its anchors resolved to the engine's.
pub(crate) type WindowPlan = view::Window<Anchor>;

/// The anchor that moves `window`, if any.
pub(crate) fn window_anchor(window: WindowPlan) -> Option<Anchor> {
    match window {
        WindowPlan::AfterAnchor { anchor, .. }
        | WindowPlan::SchoolDaysAfter { anchor, .. }
        | WindowPlan::Since(anchor) => Some(anchor),
        WindowPlan::NoticeToImprove { .. } => Some(Anchor::Event(EventKind::NoticeToImprove)),
        WindowPlan::SchoolWeeks(_)
        | WindowPlan::SchoolDays(_)
        | WindowPlan::Sessions(_)
        | WindowPlan::Period(_)
        | WindowPlan::ThisAndPrevious(_)
        | WindowPlan::Months(_)
        | WindowPlan::Between { .. } => None,
    }
}

impl AggregateKind {
    /// The codes whose sessions can change this aggregate on a day of the
    /// same school week as the day before with no event, if only they can:
    /// a count over school weeks or since an anchor changes only when a
    /// session in its set arrives (or, at a new school week, leaves), and
    /// school weeks since an anchor only at a new school week. `None` for
    /// the rest (runs, episodes and shares take in every possible session;
    /// other windows move by date).
    pub fn quiet_unless(self) -> Option<CodeSet> {
        match self {
            AggregateKind::Count {
                codes,
                window: WindowPlan::SchoolWeeks(_) | WindowPlan::Since(_),
                ..
            } => Some(codes),
            AggregateKind::SchoolWeeksSince { .. } => Some(CodeSet::EMPTY),
            _ => None,
        }
    }

    /// The anchor that moves this aggregate, if any.
    pub fn anchor(self) -> Option<Anchor> {
        match self {
            AggregateKind::Count { window, .. }
            | AggregateKind::Share { window, .. }
            | AggregateKind::Episodes { window, .. } => window_anchor(window),
            AggregateKind::SchoolWeeksSince { anchor } => Some(anchor),
            AggregateKind::Run { .. } | AggregateKind::Episode { .. } => None,
        }
    }
}

/// A side of a comparison.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OperandPlan {
    /// The current value of an aggregate.
    Aggregate(usize),
    /// A constant.
    Constant(Quantity),
}

/// A boolean over aggregates and events.
#[derive(Clone, Debug)]
pub(crate) enum PredicatePlan {
    /// Compares two operands of the same unit.
    Compare {
        /// Left side.
        left: OperandPlan,
        /// Operator.
        op: CompareOp,
        /// Right side.
        right: OperandPlan,
    },
    /// A public place sighting on one of the first school days of an exclusion.
    ExclusionSighting {
        /// N.
        first_school_days: u32,
    },
    /// Every operand holds.
    All(Vec<usize>),
    /// At least one operand holds.
    Any(Vec<usize>),
    /// The operand does not hold.
    Not(usize),
}

/// A rule.
#[derive(Clone, Debug)]
pub(crate) struct RulePlan {
    /// Its name.
    pub name: String,
    /// Its firing-state slot.
    pub slot: usize,
    /// The predicate.
    pub when: usize,
    /// The actions, in the order written (at least one).
    pub then: Vec<usize>,
    /// Alternatives (predicate, actions), first match wins.
    pub instead: Vec<(usize, Vec<usize>)>,
    /// How often it may fire.
    pub repeat: Repeat,
    /// The shared limits it counts against.
    pub limits: Vec<LimitPlan>,
    /// Whether it decides once per episode of absence, and when.
    pub episode: Option<EpisodePlan>,
    /// The events it requires or is stopped by (see `gates`).
    pub preconditions: Vec<PreconditionView>,
}

impl RulePlan {
    /// Whether a firing taking `actions` cites sessions as a penalty does
    /// (see [`Action::consumes_evidence`]): one of them consumes.
    pub fn consumes(actions: &[usize], plan: &Plan) -> bool {
        actions
            .iter()
            .any(|&action| plan.actions[action].consumes_evidence())
    }
}

/// A limit shared by rules (see `limits`), as a rule of one version
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LimitPlan {
    /// Its count-state slot (one per name).
    pub slot: usize,
    /// How many decisions per period.
    pub at_most: u32,
    /// The period.
    pub per: Period,
    /// Counted for the pupil or for each parent.
    pub whom: LimitWhom,
}

/// How a rule decides on an episode (see `rules`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct EpisodePlan {
    /// The index of its [`AggregateKind::Episode`].
    pub aggregate: usize,
    /// The codes the episode is made of.
    pub codes: CodeSet,
    /// Waits for the episode to end (or an `instead` to hold), rather than
    /// deciding as soon as the condition holds.
    pub at_end: bool,
}

/// The rules and settings in force over a span of dates.
#[derive(Clone, Debug)]
pub(crate) struct VersionPlan {
    /// First day (`None`: since always).
    pub from: Option<NaiveDate>,
    /// Last day (`None`: open-ended).
    pub until: Option<NaiveDate>,
    /// `id@from`, or `id@always`: the decision's `policy` field.
    pub label: String,
    /// Rules in evaluation order.
    pub rules: Vec<usize>,
    /// Notice amounts and limits.
    pub escalation: EscalationPlan,
}

/// Notice amounts, limits and cross-border settings of a version.
#[derive(Clone, Debug)]
pub(crate) struct EscalationPlan {
    /// Payment schedules by notice number, ascending.
    pub schedules: Vec<NoticeSchedule>,
    /// (notices, action index): the limit and what is done instead.
    pub limit: Option<(u32, usize)>,
    /// Notices older than this period are not counted.
    pub counting: Option<CountingPeriod>,
    /// Notices issued before this date are not counted.
    pub counting_from: Option<NaiveDate>,
    /// Payment options of an exclusion notice.
    pub exclusion_payments: Vec<Payment>,
    /// Whether notices from other authorities count.
    pub other_authorities_count: bool,
    /// What to do when the previous authority is unknown.
    pub unknown_previous: UnknownPrevious,
    /// How long a prosecution keeps a parent's case open, if it does.
    pub case_open: Option<CaseOpen>,
    /// Whether an attendance notice keeps the case open for its payment period.
    pub notice_open: Option<NoticeOpen>,
}

impl Plan {
    /// The version in force on `date` under this policy's selection rule,
    /// and the last date on which the answer is sure to be the same.
    pub fn version_on(&self, date: NaiveDate) -> (Option<usize>, NaiveDate) {
        let key = match self.selection {
            VersionSelection::AcademicYear => crate::calendar::academic_year_start(date),
            VersionSelection::DecisionDate | VersionSelection::AbsenceDate => date,
        };
        let found = self.versions.iter().position(|version| {
            version.from.is_none_or(|from| from <= key)
                && version.until.is_none_or(|until| key <= until)
        });
        let stable_until = match (self.selection, found) {
            (VersionSelection::AcademicYear, _) => academic_year_end(date),
            (_, Some(index)) => self.versions[index].until.unwrap_or(NaiveDate::MAX),
            (_, None) => self
                .versions
                .iter()
                .filter_map(|version| version.from)
                .find(|&from| from > date)
                .and_then(|from| from.pred_opt())
                .unwrap_or(NaiveDate::MAX),
        };
        (found, stable_until)
    }

    /// The first day of the first version (`NaiveDate::MIN` if since always).
    pub fn first_day(&self) -> NaiveDate {
        self.versions
            .first()
            .and_then(|version| version.from)
            .unwrap_or(NaiveDate::MIN)
    }
}

/// 31 August of `date`'s academic year.
fn academic_year_end(date: NaiveDate) -> NaiveDate {
    crate::calendar::academic_year_start(date)
        .checked_add_months(chrono::Months::new(12))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}
