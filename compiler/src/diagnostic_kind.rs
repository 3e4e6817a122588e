//! The kinds of diagnostic the compiler reports: each with its stable code,
//! its severity, and the words `docs/diagnostics.md` is generated from.

use miette::Severity;
use std::fmt;

/// Declares [`DiagnosticKind`], its list [`DiagnosticKind::ALL`] and its
/// table of facts from one list, so neither can miss a kind.
macro_rules! diagnostic_kinds {
    ($(
        $(#[doc = $doc:literal])+
        $kind:ident => $code:literal, $severity:ident,
            $description:literal,
            $fix:literal;
    )+) => {
        /// What a diagnostic is about: one kind per stable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DiagnosticKind {
            $($(#[doc = $doc])+ $kind,)+
        }

        impl DiagnosticKind {
            /// Every kind, in order of code.
            pub const ALL: &'static [DiagnosticKind] = &[$(DiagnosticKind::$kind,)+];

            /// The facts about this kind.
            const fn facts(self) -> Facts {
                match self {
                    $(DiagnosticKind::$kind => Facts {
                        code: $code,
                        severity: Severity::$severity,
                        description: $description,
                        fix: $fix,
                    },)+
                }
            }
        }
    };
}

/// What the documentation says about one kind.
struct Facts {
    code: &'static str,
    severity: Severity,
    description: &'static str,
    fix: &'static str,
}

diagnostic_kinds! {
    /// A payment above the statutory maximum.
    AmountOverMaximum => "rollcall::amount_over_maximum", Warning,
        "A payment is more than the £160 any penalty-notice regulations have set.",
        "Check the amount against the Education (Penalty Notices) (England) Regulations.";
    /// A later payment period that costs no more than an earlier one.
    AmountsNotRising => "rollcall::amounts_not_rising", Error,
        "A later payment period of a notice costs no more than an earlier one.",
        "List the reduced amount for the shorter period first, e.g. `£80 within 21 days, £160 within 28 days`.";
    /// An `event` declaration with a built-in kind's name.
    BuiltInEvent => "rollcall::built_in_event", Error,
        "An `event` declaration uses the name of a built-in event kind (`exclusion`, `public_place`, `truancy_sweep`, `penalty_notice`, `notice_to_improve`, `previous_authority_unknown`, `case_closed`).",
        "Use the built-in kind as it is, or give the new kind a name of its own.";
    /// A register code in use on no day of the version naming it.
    CodeNotInUse => "rollcall::code_not_in_use", Error,
        "A code set names a register code that is in use on no day of the version: `H`, `J` or `Y` from 19 August 2024, or a code that came in then (`C1`, `C2`, `J1`, `K`, `Q`, `Y1`–`Y7`) before it.",
        "Use the code of the set in use then: the help names it (for `H`, `C` or `G`; for `J`, `J1`; for `Y`, `Y1`–`Y7`).";
    /// A code set defined in terms of itself.
    CodesCycle => "rollcall::codes_cycle", Error,
        "A code set is defined in terms of itself, directly or through other sets.",
        "Define the set from register codes, or from sets that do not refer back to it.";
    /// An event kind declared twice.
    DuplicateEvent => "rollcall::duplicate_event", Error,
        "An event kind is declared again: twice in one file, or by a policy that already inherits it.",
        "Delete the second declaration: an inherited kind can be used as it is.";
    /// A name declared twice in one layer.
    DuplicateName => "rollcall::duplicate_name", Error,
        "A file's top level or one of its version blocks declares the same code set, measure, limit or rule twice.",
        "Rename one of the declarations, or delete the duplicate.";
    /// Two files with the same policy identifier.
    DuplicatePolicy => "rollcall::duplicate_policy", Error,
        "Two files compiled together declare the same policy identifier.",
        "Give each policy a unique identifier.";
    /// A version that ends before it begins.
    EmptyVersion => "rollcall::empty_version", Error,
        "A version's `until` date is before its `from` date.",
        "Make `until` the version's last day in force, on or after its `from`.";
    /// An episode counted in sessions.
    EpisodeInSessions => "rollcall::episode_in_sessions", Error,
        "An episode clause counts its episode in sessions; an episode is a run of whole school days.",
        "Write `episode of SET school days`.";
    /// `episode length` where no episode clause gives it an episode.
    EpisodeWithoutClause => "rollcall::episode_without_clause", Error,
        "`episode length` is used in a measure, or in a rule without an episode clause, so it has no episode to measure.",
        "Add `decides at the end of each episode of SET school days` or `at most once per episode of SET school days` to the rule, and write `episode length` in that rule's `when` or `instead`.";
    /// A policy that is its own ancestor.
    InheritanceCycle => "rollcall::inheritance_cycle", Error,
        "A policy is its own ancestor through its `extends` lines.",
        "Remove one `extends` from the cycle.";
    /// A date literal that is not a calendar date.
    InvalidDate => "rollcall::invalid_date", Error,
        "A date is not a calendar date (month 13, 30 February...).",
        "Write dates as YYYY-MM-DD, e.g. `2024-08-19`.";
    /// A shared limit with a count, period or scope it cannot have.
    InvalidLimit => "rollcall::invalid_limit", Error,
        "A `limit` declaration allows no decision (`at most 0 times`) or a count that is not a whole number, is per a period other than `academic_year`, `term` or `half_term`, or counts for someone other than the `pupil` or each `parent`.",
        "Write e.g. `limit notices = at most 2 times per academic_year per pupil`.";
    /// A parent of a kind the policy cannot extend.
    InvalidParent => "rollcall::invalid_parent", Error,
        "A policy extends a policy of the wrong kind: a school extends its authority, an authority a national framework or another authority, a national framework nothing.",
        "Extend a policy of the kind the help names.";
    /// A measure defined in terms of itself.
    MeasureCycle => "rollcall::measure_cycle", Error,
        "A measure is defined in terms of itself, directly or through other measures.",
        "Define the measure from a count, a share or measures that do not refer back to it.";
    /// A setting in a block it does not belong in.
    MisplacedSetting => "rollcall::misplaced_setting", Error,
        "A setting is written in a settings block it does not belong in.",
        "Move amounts and limits to `penalty_notices`, authority rules to `cross_border`, improvement periods to `notice_to_improve`.";
    /// A rule without its `doc` or `source` line.
    MissingDoc => "rollcall::missing_doc", Warning,
        "A rule has no `doc` line or no `source` line.",
        "Say what the rule is for with `doc \"...\"` and where it comes from with `source \"...\"`.";
    /// A parent or predecessor that is not in the library.
    MissingParent => "rollcall::missing_parent", Error,
        "A policy extends or succeeds an identifier no file compiled with it declares.",
        "Check the identifier, or pass the parent's file or directory too.";
    /// A number without the unit it needs.
    MissingUnit => "rollcall::missing_unit", Error,
        "A number has no unit where one is needed.",
        "Write the unit the help names, e.g. `10 sessions`, `15 school days`, `92%`, `4 weeks`.";
    /// `during notice_to_improve` without an improvement period.
    NoNoticeToImprove => "rollcall::no_notice_to_improve", Error,
        "A window is `during notice_to_improve`, but no `notice_to_improve` block sets `lasts`.",
        "Add `notice_to_improve { lasts 4 weeks  extendable by 2 weeks  at most 6 weeks }` to the policy.";
    /// An amount of zero or less where it must be positive.
    NonPositive => "rollcall::non_positive", Error,
        "A window, payment, period or limit that must be greater than zero is zero or negative, or a window between two dates ends before it starts.",
        "Write a positive amount, or the earlier date first.";
    /// A policy file holding bytes that are not UTF-8.
    NotUtf8 => "rollcall::not_utf8", Error,
        "A policy file holds bytes that are not UTF-8 text (often a file saved in a Windows or Mac code page, or as UTF-16), so nothing in it can be read.",
        "Re-save the file as UTF-8 in your editor, then check the characters around the reported position.";
    /// An improvement period longer than its own maximum.
    NoticeToImprovePeriod => "rollcall::notice_to_improve_period", Error,
        "A Notice to Improve's `lasts` plus `extendable by` is longer than its `at most`.",
        "Make `at most` at least `lasts` plus `extendable by`.";
    /// An improvement period outside the national guidance.
    NoticeToImproveRange => "rollcall::notice_to_improve_range", Warning,
        "A Notice to Improve's period is outside the 3 to 6 weeks the national guidance allows.",
        "Give between 3 and 6 weeks.";
    /// `at most once per EVENT` for an event the rule never reads.
    OncePerUnrelatedEvent => "rollcall::once_per_unrelated_event", Error,
        "A rule is `at most once per` an event its condition never reads, so the limit cannot apply.",
        "Limit the rule per the event its condition reads (a window `during`, `after` or `since` it, `school weeks since` it, a sighting for `exclusion`), or per a period.";
    /// A number outside the values it can take.
    OutOfRange => "rollcall::out_of_range", Error,
        "A number is outside what it can be: a negative count, a percentage over 100%, a notice numbered 0 or over 100.",
        "Write a count of zero or more, a percentage from 0% to 100%, or a notice number from 1 to 100.";
    /// Two versions in force on the same days.
    OverlappingVersions => "rollcall::overlapping_versions", Error,
        "Two versions of a policy are in force on the same days.",
        "End the earlier version the day before the later one begins.";
    /// `override` with nothing inherited to override.
    OverrideNothing => "rollcall::override_nothing", Error,
        "An `override` declaration names nothing the parent declares.",
        "Remove `override` to declare something new, or correct the name.";
    /// A per-parent shared limit named by a rule that takes an action about the pupil.
    ParentLimitOnPupilAction => "rollcall::parent_limit_on_pupil_action", Error,
        "A rule names a limit counted per parent, but one of its actions (a letter, meeting, referral, contract or review) is taken about the pupil, not for each parent, so it cannot be counted for a parent.",
        "Declare the limit `per pupil`, or name it only from rules whose actions are penalty notices, exclusion notices or prosecutions.";
    /// A version whose parent is not in force throughout it.
    ParentNotInForce => "rollcall::parent_not_in_force", Error,
        "A version extends a parent that is not in force on all of the version's days.",
        "Start the version when its parent is in force, or extend a policy that covers those dates.";
    /// Precedence clauses that contradict one another.
    PrecedenceCycle => "rollcall::precedence_cycle", Error,
        "`takes precedence over` and `gives way to` clauses order rules in a circle, so no rule can be evaluated first.",
        "Remove or reverse one of the clauses the labels show.";
    /// A rule that names itself in a precedence clause.
    PrecedenceSelf => "rollcall::precedence_self", Error,
        "A rule says it takes precedence over, or gives way to, itself.",
        "Name another rule in force with it, or delete the clause.";
    /// `remove rule` with no such inherited rule.
    RemoveNothing => "rollcall::remove_nothing", Error,
        "A `remove rule` line names a rule the parent does not have.",
        "Use one of the inherited rule names the help lists, or delete the line.";
    /// More than one penalty in one list of actions.
    SeveralPenalties => "rollcall::several_penalties", Error,
        "A `then` or `instead` clause takes more than one penalty (penalty notice, exclusion notice, prosecution) at once.",
        "Keep one penalty in the clause; take the other with `instead ... when ...`, or in another rule.";
    /// A rule that replaces an inherited one without `override`.
    ShadowedRule => "rollcall::shadowed_rule", Warning,
        "A rule has the name of an inherited rule but is not marked `override`.",
        "Write `override rule NAME` if replacing the parent's rule is intended, or rename the rule.";
    /// A file that does not parse.
    Syntax => "rollcall::syntax", Error,
        "The file does not parse: a missing header, brace, keyword or closing quote, or a misspelt keyword.",
        "Follow the help: it names what the parser expected where it stopped.";
    /// A rule with both episode clauses.
    TwoEpisodeClauses => "rollcall::two_episode_clauses", Error,
        "A rule says both `at most once per episode of ...` and `decides at the end of each episode of ...`.",
        "Keep one: `decides at the end of each episode` waits for the episode to end, `at most once per episode` decides at once.";
    /// A precondition on an event kind nothing declares.
    UndeclaredEvent => "rollcall::undeclared_event", Error,
        "A `requires` or `unless` clause names an event kind that is neither built in nor declared by the policy or a policy it extends.",
        "Correct the name (the help suggests the closest one), or declare the kind with `event NAME \"DESCRIPTION\"`.";
    /// A comparison of quantities in different units.
    UnitMismatch => "rollcall::unit_mismatch", Error,
        "A condition compares quantities in different units (sessions with a percentage, school weeks with school days...).",
        "Compare like with like, e.g. `count unauthorised within 10 school weeks >= 10 sessions`.";
    /// A code that is not a register code.
    UnknownCode => "rollcall::unknown_code", Error,
        "A code set lists something that is not a register code (of 2024, or `H`, `J`, `Y` of the earlier set).",
        "Use a register code; the help suggests the closest, or for `F` (extended family holiday, long gone) what replaced it.";
    /// A name nothing declares.
    UnknownName => "rollcall::unknown_name", Error,
        "A code set, measure, event or rule is named but not declared, or `during` names something that is not a period.",
        "Correct the name (the help suggests the closest one) or declare it.";
    /// A code set nothing uses.
    UnusedCodeSet => "rollcall::unused_code_set", Warning,
        "A policy declares a code set that none of its rules or measures uses.",
        "Use it in a rule, or delete it.";
    /// Named dates nothing uses.
    UnusedDates => "rollcall::unused_dates", Warning,
        "A policy declares `dates NAME = from DATE to DATE` that no window names with `during`.",
        "Use it in a window (`count unauthorised during NAME`), or delete it.";
    /// A shared limit no rule names.
    UnusedLimit => "rollcall::unused_limit", Warning,
        "A policy declares a `limit` that no rule names with `limited by`.",
        "Name it from the rules it limits, or delete it.";
    /// A measure nothing uses.
    UnusedMeasure => "rollcall::unused_measure", Warning,
        "A policy declares a measure that none of its rules or measures uses.",
        "Use it in a rule, or delete it.";
    /// Days between two versions with no version in force.
    VersionGap => "rollcall::version_gap", Error,
        "No version of a policy is in force on the days between two of its versions.",
        "Start the later version the day after the earlier one ends.";
    /// An amount in the wrong unit.
    WrongUnit => "rollcall::wrong_unit", Error,
        "An amount is in the wrong unit for where it is written, or a condition compares units conditions never compare (money, days, weeks, years, notices).",
        "Write the amount in the unit the help names.";
}

impl DiagnosticKind {
    /// The stable code, e.g. `rollcall::unknown_code`.
    pub const fn code(self) -> &'static str {
        self.facts().code
    }

    /// Whether diagnostics of this kind are errors or warnings.
    pub const fn severity(self) -> Severity {
        self.facts().severity
    }

    /// What this kind of diagnostic means, in one line.
    pub const fn description(self) -> &'static str {
        self.facts().description
    }

    /// How to fix it, in one line.
    pub const fn fix(self) -> &'static str {
        self.facts().fix
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
