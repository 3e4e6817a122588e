//! Open cases (docs/language.md, "Open cases"): after a prosecution
//! referral, or while an attendance penalty notice can still be paid, a
//! notice or prosecution for the parent is reported against the open case
//! instead (`case_evidence`).

use crate::calendar::academic_year_of;
use crate::notices::Issued;
use chrono::{Duration, Months, NaiveDate};
use rollcall_data::model::{Event, EventKind};
use rollcall_ir::graph::{Action, CaseLength};
use rollcall_ir::view::EscalationView;
use rollcall_runtime::decision::Decision;

/// The action of a decision reported against an open case.
pub const CASE_EVIDENCE: &str = "case_evidence";

/// What a pupil's earlier decisions and events say about `parent`'s
/// cases on a day.
pub struct Cases<'a> {
    /// The version's settings.
    pub escalation: &'a EscalationView<'a>,
    /// The pupil's decisions so far.
    pub decisions: &'a [Decision],
    /// The attendance notices decided so far.
    pub issued: &'a [Issued],
    /// The pupil's events.
    pub events: &'a [Event],
    /// The decision day.
    pub date: NaiveDate,
}

impl Cases<'_> {
    /// The case, in words, that `action` for `parent` is reported against
    /// today: an open prosecution case (for a notice or a prosecution),
    /// else an open notice (for a notice).
    pub fn open(&self, action: &Action, parent: &str) -> Option<String> {
        match action {
            Action::Prosecution => self.prosecution(parent),
            Action::PenaltyNotice => self.prosecution(parent).or_else(|| self.notice(parent)),
            _ => None,
        }
    }

    /// Whether a `case_closed` event for `parent` (or naming none), dated
    /// after `since`, has been reached.
    fn closed_since(&self, since: NaiveDate, parent: &str) -> bool {
        self.events.iter().any(|event| {
            event.kind == EventKind::CaseClosed
                && since < event.start
                && event.start <= self.date
                && event.parent.as_deref().is_none_or(|named| named == parent)
        })
    }

    /// The latest prosecution referral of `parent`, while its case is open:
    /// before the day its length runs out (N days or years after it; the 1
    /// September after N academic years, its own counted) and, where the
    /// setting says so, no `case_closed` since.
    fn prosecution(&self, parent: &str) -> Option<String> {
        let setting = self.escalation.case_open?;
        let referred = self
            .decisions
            .iter()
            .filter(|d| {
                d.action == Action::Prosecution.name() && d.parent.as_deref() == Some(parent)
            })
            .map(|d| d.date)
            .max()?;
        let ends = setting.lasts.map(|lasts| match lasts {
            CaseLength::Days(days) => referred + Duration::days(i64::from(days)),
            CaseLength::Years(years) => referred + Months::new(12 * years),
            CaseLength::AcademicYears(years) => {
                academic_year_of(referred) + Months::new(12 * years)
            }
        });
        let over = ends.is_some_and(|ends| self.date >= ends);
        let closed = setting.until_case_closed && self.closed_since(referred, parent);
        (!over && !closed).then(|| format!("prosecution of {referred}"))
    }

    /// The latest attendance notice to `parent` (decided here, or a
    /// `penalty_notice` event not withdrawn by today), while it can still
    /// be paid: up to its date plus the longest payment period, and, where
    /// the setting says so, no `case_closed` since.
    fn notice(&self, parent: &str) -> Option<String> {
        let setting = self.escalation.notice_open?;
        let period = self
            .escalation
            .schedules
            .iter()
            .flat_map(|schedule| &schedule.payments)
            .map(|payment| payment.within_days)
            .max()?;
        let decided = self
            .issued
            .iter()
            .filter(|notice| notice.parent == parent)
            .map(|notice| notice.date);
        let recorded = self
            .events
            .iter()
            .filter(|event| {
                event.kind == EventKind::PenaltyNotice
                    && event.parent.as_deref() == Some(parent)
                    && event.end.is_none_or(|withdrawn| withdrawn > self.date)
            })
            .map(|event| event.start);
        let issued = decided
            .chain(recorded)
            .filter(|day| *day <= self.date)
            .max()?;
        let over = self.date > issued + Duration::days(i64::from(period));
        let closed = setting.until_case_closed && self.closed_since(issued, parent);
        (!over && !closed).then(|| format!("penalty notice of {issued}"))
    }
}

/// Whether `decision` consumes its evidence: a penalty notice, a
/// prosecution, or evidence for an open case.
pub fn consumes(decision: &Decision) -> bool {
    decision.action == CASE_EVIDENCE
        || decision.action == Action::PenaltyNotice.name()
        || decision.action == Action::Prosecution.name()
}
