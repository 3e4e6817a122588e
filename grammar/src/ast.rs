//! The abstract syntax tree of one policy file.
//!
//! Every node that a diagnostic may point at carries a [`Span`]. The AST is
//! the grammar's only output: it knows nothing of inheritance, units or
//! pupils; the compiler gives it meaning.

use serde::Serialize;

/// A byte range in the policy source, `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `usize` range, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value with the span of the text it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A whole policy file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyFile {
    /// The header (kind, identifier, title, parent, version selection).
    pub header: Header,
    /// Items outside any version block: they apply to every version.
    pub items: Vec<Item>,
    /// The version blocks, in file order.
    pub versions: Vec<VersionBlock>,
}

/// The kind of policy a file declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PolicyKind {
    /// A national framework (`national`).
    National,
    /// A local authority's code of conduct (`authority`).
    Authority,
    /// A school's own ladder (`school`).
    School,
}

/// Which date picks the version of a policy in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum VersionSelection {
    /// `versions chosen by decision date`.
    DecisionDate,
    /// `versions chosen by absence date`.
    AbsenceDate,
    /// `versions chosen by academic year`.
    AcademicYear,
}

/// The header that opens every policy file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Header {
    /// `national`, `authority` or `school`.
    pub kind: Spanned<PolicyKind>,
    /// The policy identifier (kebab case).
    pub id: Spanned<String>,
    /// The human title.
    pub title: Spanned<String>,
    /// `extends ID`: the default parent of every version.
    pub extends: Option<Spanned<String>>,
    /// `succeeds ID`: the predecessor authority's policy.
    pub succeeds: Option<Spanned<String>>,
    /// `versions chosen by ...`; `None` means the default (decision date).
    pub selection: Option<Spanned<VersionSelection>>,
    /// `doc "..."`.
    pub doc: Option<Spanned<String>>,
    /// `source "..."`.
    pub source: Option<Spanned<String>>,
    /// The span of the whole header.
    pub span: Span,
}

/// `version from DATE [until DATE] [extends ID] { items }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionBlock {
    /// First day in force (inclusive). Kept as written; the compiler checks it.
    pub from: Spanned<DateLit>,
    /// Last day in force (inclusive), if bounded.
    pub until: Option<Spanned<DateLit>>,
    /// A parent for this version only.
    pub extends: Option<Spanned<String>>,
    /// The items of this version.
    pub items: Vec<Item>,
    /// The span of `version ... {` (the block's opening line).
    pub span: Span,
}

/// A date as written: three numbers, not yet validated as a calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateLit {
    /// Year.
    pub year: i32,
    /// Month, 1-based as written (may be out of range).
    pub month: u32,
    /// Day, 1-based as written (may be out of range).
    pub day: u32,
}

/// One declaration inside a file or version block.
// Items are built once per file and never stored in bulk, so the size of
// the rule variant (with its episode clauses) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Item {
    /// `codes NAME = SETEXPR`.
    Codes(CodesDecl),
    /// `measure NAME = QUANTITY`.
    Measure(MeasureDecl),
    /// `dates NAME = from DATE to DATE`.
    Dates(DatesDecl),
    /// `rule NAME { ... }`.
    Rule(RuleDecl),
    /// `remove rule NAME`.
    Remove(RemoveDecl),
    /// `limit NAME = at most N times per PERIOD per pupil|parent`.
    Limit(LimitDecl),
    /// `event KIND "DESCRIPTION"`.
    Event(EventDecl),
    /// `penalty_notices { ... }`, `cross_border { ... }`, `notice_to_improve { ... }`.
    Settings(SettingsBlock),
}

/// Whether a declaration was written with `override`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Overriding {
    /// A new name.
    New,
    /// `override ...`: replaces the parent's definition; the span is the keyword.
    Override(Span),
}

/// Doc and source lines attached to a declaration.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Docs {
    /// `doc "..."`.
    pub doc: Option<Spanned<String>>,
    /// `source "..."`.
    pub source: Option<Spanned<String>>,
}

/// `[override] codes NAME = SETEXPR [doc ...] [source ...]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodesDecl {
    /// New or override.
    pub overriding: Overriding,
    /// The set's name.
    pub name: Spanned<String>,
    /// Its definition.
    pub set: SetExpr,
    /// Doc and source.
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// `dates NAME = from DATE to DATE`: a named span of dates (a school's
/// phonics week), a window as `during NAME`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatesDecl {
    /// New or override.
    pub overriding: Overriding,
    /// The span's name.
    pub name: Spanned<String>,
    /// Its first date.
    pub from: Spanned<DateLit>,
    /// Its last date.
    pub to: Spanned<DateLit>,
    /// Doc and source.
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// A code-set expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum SetExpr {
    /// `{G, N, "#"}`: codes as written (not yet checked against the table).
    Literal(Vec<Spanned<String>>, Span),
    /// A named set (built-in or declared).
    Name(Spanned<String>),
    /// `A + B`.
    Union(Box<SetExpr>, Box<SetExpr>),
    /// `A - B`.
    Difference(Box<SetExpr>, Box<SetExpr>),
}

impl SetExpr {
    /// The span of the whole expression.
    pub fn span(&self) -> Span {
        match self {
            SetExpr::Literal(_, span) => *span,
            SetExpr::Name(name) => name.span,
            SetExpr::Union(a, b) | SetExpr::Difference(a, b) => a.span().join(b.span()),
        }
    }
}

/// `[override] measure NAME = QUANTITY [doc ...] [source ...]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureDecl {
    /// New or override.
    pub overriding: Overriding,
    /// The measure's name.
    pub name: Spanned<String>,
    /// What it measures.
    pub quantity: Operand,
    /// Doc and source.
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// `[override] limit NAME = at most N times per PERIOD per pupil|parent
/// [doc ...] [source ...]`: a limit shared by the rules that name it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LimitDecl {
    /// New or override.
    pub overriding: Overriding,
    /// The limit's name.
    pub name: Spanned<String>,
    /// How many decisions, as written (`once` is "1"; the compiler checks
    /// it is a whole number of at least 1).
    pub at_most: Spanned<String>,
    /// The period, as written (the compiler checks it is `academic_year`,
    /// `term` or `half_term`).
    pub period: Spanned<String>,
    /// Whom it counts for, as written (`pupil` or `parent`, checked by
    /// the compiler).
    pub whom: Spanned<String>,
    /// Doc and source.
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// `remove rule NAME`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemoveDecl {
    /// The rule to drop from the parent.
    pub name: Spanned<String>,
    /// Doc and source (why it was removed).
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// `event KIND "DESCRIPTION" [doc ...] [source ...]`: a kind of event the
/// data may hold (a warning letter sent, a leave request refused).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventDecl {
    /// The kind's name, as `events.csv` writes it.
    pub name: Spanned<String>,
    /// What an event of the kind is.
    pub description: Spanned<String>,
    /// Doc and source.
    pub docs: Docs,
    /// The whole declaration.
    pub span: Span,
}

/// `requires KIND [within N UNIT]` / `unless KIND [within N UNIT]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Precondition {
    /// Whether the event is required or stops the rule.
    pub gate: Gate,
    /// The event kind (checked by the compiler).
    pub kind: Spanned<String>,
    /// How long an event counts after its date (the compiler checks the unit).
    pub within: Option<Spanned<Amount>>,
}

/// `requires` or `unless`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Gate {
    /// `requires`.
    Requires,
    /// `unless`.
    Unless,
}

/// `[override] rule NAME { ... }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleDecl {
    /// New or override.
    pub overriding: Overriding,
    /// The rule's name.
    pub name: Spanned<String>,
    /// Doc and source.
    pub docs: Docs,
    /// `when CONDITION` (the parser reports a missing one; `None` lets the
    /// compiler keep checking the rest of the rule).
    pub when: Option<Condition>,
    /// `then ACTION` (the first action of the clause).
    pub then: Option<Spanned<Action>>,
    /// `then ACTION and ACTION ...`: the further actions, in order.
    pub also: Vec<Spanned<Action>>,
    /// `instead ACTION when CONDITION`, in order.
    pub instead: Vec<Alternative>,
    /// `limited by NAME, ...`: the shared limits the rule counts against.
    pub limited_by: Vec<Spanned<String>>,
    /// `at most once [per PERIOD|EVENT|episode of SET school days]`.
    pub limit: Option<Spanned<RepeatLimit>>,
    /// `decides at the end of each episode of SET school days` (the span is
    /// the whole clause).
    pub episode_end: Option<Spanned<EpisodeOf>>,
    /// `takes precedence over A, B` / `gives way to C`, in the order written.
    pub precedence: Vec<Spanned<Precedence>>,
    /// `requires KIND ...` / `unless KIND ...`, in the order written (the
    /// span is the whole clause).
    pub preconditions: Vec<Spanned<Precondition>>,
    /// The whole declaration.
    pub span: Span,
}

/// `instead ACTION when CONDITION`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// The action taken instead.
    pub action: Spanned<Action>,
    /// `instead ACTION and ACTION ...`: the further actions, in order.
    pub also: Vec<Spanned<Action>>,
    /// When it is taken.
    pub when: Condition,
    /// The whole clause.
    pub span: Span,
}

/// How often a rule may fire for one pupil.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RepeatLimit {
    /// `at most once`.
    Once,
    /// `at most once per PERIOD`.
    OncePer(Period),
    /// `at most once per notice_to_improve` (the name is checked by the
    /// compiler: an event kind the condition reads).
    OncePerEvent(Spanned<String>),
    /// `at most once per episode of SET school days`.
    OncePerEpisode(EpisodeOf),
}

/// `episode of SET school days`: the continuous absences a rule decides on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpisodeOf {
    /// The codes an episode is made of.
    pub set: SetExpr,
    /// The unit written (`school days`; `sessions` is an error the compiler
    /// reports).
    pub unit: Spanned<Unit>,
    /// `episode of SET UNIT`.
    pub span: Span,
}

/// The order of a rule against another rule in force with it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Precedence {
    /// `takes precedence over NAME`: this rule is evaluated first.
    Over(Spanned<String>),
    /// `gives way to NAME`: the named rule is evaluated first.
    GivesWayTo(Spanned<String>),
}

impl Precedence {
    /// The rule named.
    pub fn name(&self) -> &Spanned<String> {
        match self {
            Precedence::Over(name) | Precedence::GivesWayTo(name) => name,
        }
    }
}

/// A calendar period derived from the pupil's school calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Period {
    /// `term`.
    Term,
    /// `half_term`.
    HalfTerm,
    /// `academic_year`.
    AcademicYear,
}

/// An action a rule takes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Action {
    /// `penalty_notice`.
    PenaltyNotice,
    /// `exclusion_notice`.
    ExclusionNotice,
    /// `prosecution`.
    Prosecution,
    /// `letter "LABEL"`.
    Letter(String),
    /// `meeting "LABEL"`.
    Meeting(String),
    /// `referral "LABEL"`.
    Referral(String),
    /// `contract "LABEL"`.
    Contract(String),
    /// `manual_review "REASON"`.
    ManualReview(String),
}

/// A boolean condition.
// Conditions are built once per file and never stored in bulk, so the
// size of the comparison variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Condition {
    /// `A op B`.
    Compare {
        /// Left side.
        left: Operand,
        /// The operator and its span.
        op: Spanned<CompareOp>,
        /// Right side.
        right: Operand,
    },
    /// `public_place in first N school days of exclusion`.
    ExclusionSighting {
        /// N, as written with its unit.
        first: Spanned<Amount>,
        /// The whole condition.
        span: Span,
    },
    /// `A and B`.
    And(Box<Condition>, Box<Condition>),
    /// `A or B`.
    Or(Box<Condition>, Box<Condition>),
    /// `not A`; the span is the `not` keyword through the operand.
    Not(Box<Condition>, Span),
}

impl Condition {
    /// The span of the whole condition.
    pub fn span(&self) -> Span {
        match self {
            Condition::Compare { left, right, .. } => left.span().join(right.span()),
            Condition::ExclusionSighting { span, .. } | Condition::Not(_, span) => *span,
            Condition::And(a, b) | Condition::Or(a, b) => a.span().join(b.span()),
        }
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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

/// One side of a comparison, or a measure's definition: a literal, a measure
/// or an aggregate over the register (the compiler lowers it to
/// `graph::Operand`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Operand {
    /// A literal with its unit (or without one, which the compiler rejects).
    Literal(Spanned<Amount>),
    /// A measure name.
    Measure(Spanned<String>),
    /// `count SET WINDOW`.
    Count {
        /// The codes counted.
        set: SetExpr,
        /// Over which window.
        window: Window,
        /// The whole quantity.
        span: Span,
    },
    /// `episodes of SET WINDOW`: separate episodes of the set with a
    /// school day in the window.
    Episodes {
        /// The codes an episode is made of.
        set: SetExpr,
        /// Over which window.
        window: Window,
        /// The whole quantity.
        span: Span,
    },
    /// `consecutive SET school days` / `consecutive SET sessions`.
    Consecutive {
        /// The codes a run is made of.
        set: SetExpr,
        /// `school days` or `sessions`.
        unit: Spanned<Unit>,
        /// The whole quantity.
        span: Span,
    },
    /// `attendance WINDOW`.
    Attendance {
        /// Over which window.
        window: Window,
        /// The whole quantity.
        span: Span,
    },
    /// `share SET WINDOW`.
    Share {
        /// The codes whose share of possible sessions is taken.
        set: SetExpr,
        /// Over which window.
        window: Window,
        /// The whole quantity.
        span: Span,
    },
    /// `school weeks since ANCHOR`.
    SchoolWeeksSince {
        /// The rule or event measured from.
        anchor: Spanned<String>,
        /// The whole quantity.
        span: Span,
    },
    /// `episode length`: school days of the rule's current episode.
    EpisodeLength {
        /// The two words.
        span: Span,
    },
}

impl Operand {
    /// The span of the whole operand.
    pub fn span(&self) -> Span {
        match self {
            Operand::Literal(lit) => lit.span,
            Operand::Measure(name) => name.span,
            Operand::Count { span, .. }
            | Operand::Episodes { span, .. }
            | Operand::Consecutive { span, .. }
            | Operand::Attendance { span, .. }
            | Operand::Share { span, .. }
            | Operand::SchoolWeeksSince { span, .. }
            | Operand::EpisodeLength { span } => *span,
        }
    }
}

/// The window a count or a percentage is taken over.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Window {
    /// `within N UNIT` (rolling; the compiler accepts school weeks, school
    /// days and months).
    Within(Spanned<Amount>),
    /// `within N UNIT after ANCHOR`.
    WithinAfter(Spanned<Amount>, Spanned<String>),
    /// `during notice_to_improve` (the span covers the anchor word).
    During(Spanned<String>),
    /// `this term` / `this half_term` / `this academic_year`.
    This(Spanned<Period>),
    /// `this and previous term` (or half_term, academic_year).
    ThisAndPrevious(Spanned<Period>),
    /// `from DATE to DATE`: fixed dates, both included.
    Between(Spanned<DateLit>, Spanned<DateLit>),
    /// `since ANCHOR`.
    Since(Spanned<String>),
}

/// A number with an optional unit, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Amount {
    /// The number scaled by 100 for money (pence) and percent (basis
    /// points); otherwise the whole number as written. Negative only if
    /// written with a minus sign.
    pub value: i64,
    /// The unit written after (or, for `£`, before) the number.
    pub unit: Option<Unit>,
}

/// A unit of measure as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    /// `session` / `sessions`.
    Sessions,
    /// `school day` / `school days`.
    SchoolDays,
    /// `school week` / `school weeks`.
    SchoolWeeks,
    /// `day` / `days`.
    Days,
    /// `week` / `weeks`.
    Weeks,
    /// `month` / `months`.
    Months,
    /// `year` / `years`.
    Years,
    /// `%`.
    Percent,
    /// `£` (the value is in pence).
    Money,
    /// `notice` / `notices` (in `limit N notices`).
    Notices,
    /// `episode` / `episodes` (separate episodes of absence).
    Episodes,
}

/// A settings block: `penalty_notices`, `cross_border` or `notice_to_improve`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettingsBlock {
    /// Which block.
    pub kind: Spanned<SettingsKind>,
    /// Doc and source of the block.
    pub docs: Docs,
    /// Its lines, in order.
    pub settings: Vec<Spanned<Setting>>,
    /// The whole block.
    pub span: Span,
}

/// The three settings blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SettingsKind {
    /// `penalty_notices`.
    PenaltyNotices,
    /// `cross_border`.
    CrossBorder,
    /// `notice_to_improve`.
    NoticeToImprove,
}

/// One payment option: `£80 within 21 days`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Payment {
    /// The amount (unit should be money).
    pub amount: Spanned<Amount>,
    /// The period (unit should be days).
    pub within: Spanned<Amount>,
}

/// One line of a settings block.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Setting {
    /// `notice N pays P, P...`.
    NoticePays {
        /// Which notice (1-based).
        number: Spanned<i64>,
        /// The payment options.
        payments: Vec<Payment>,
    },
    /// `exclusion notice pays P, P...`.
    ExclusionPays {
        /// The payment options.
        payments: Vec<Payment>,
    },
    /// `limit N notices within Y years then ACTION`.
    Limit {
        /// How many notices before the alternative.
        notices: Spanned<Amount>,
        /// Over how long.
        within: Spanned<Amount>,
        /// What instead.
        then: Spanned<Action>,
    },
    /// `count notices issued from DATE`.
    CountFrom(Spanned<DateLit>),
    /// `lead school authority`.
    LeadSchoolAuthority,
    /// `earlier notices from other authorities count` (true) / `are ignored` (false).
    OtherAuthoritiesCount(bool),
    /// `previous authority unknown assume none` / `manual_review`.
    UnknownPrevious(UnknownPrevious),
    /// `lasts N weeks`.
    Lasts(Spanned<Amount>),
    /// `extendable by N weeks`.
    ExtendableBy(Spanned<Amount>),
    /// `at most N weeks`.
    AtMost(Spanned<Amount>),
    /// `case open for N years|weeks|days|academic_years [or until
    /// case_closed]` / `case open until case_closed`.
    CaseOpen {
        /// For how long, if said.
        lasts: Option<Spanned<CaseLength>>,
        /// Whether a `case_closed` event closes the case.
        until_closed: bool,
    },
    /// `notice open for its payment period [or until case_closed]`.
    NoticeOpen {
        /// Whether a `case_closed` event closes the notice's case.
        until_closed: bool,
    },
}

/// How long a case stays open, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum CaseLength {
    /// `N years`, `N weeks`, `N days` (or a wrong unit, which the compiler reports).
    Amount(Amount),
    /// `N academic_years`.
    AcademicYears(i64),
}

/// What to assume when a pupil's previous authority cannot be asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum UnknownPrevious {
    /// Assume the parent had no earlier notice.
    AssumeNone,
    /// Send the case for manual review instead of issuing a notice.
    ManualReview,
}
