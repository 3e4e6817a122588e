//! Penalty notices as the DfE's parental responsibility measures count
//! them: the attendance notices issued, each one's main reason (holiday,
//! lateness or other) and how they were resolved, per authority and
//! academic year.

use super::resolution::{Resolution, Resolved};
use crate::decision::{Decision, Evidence};
use rollcall_ir::codes::{Category, Code};

/// The main reason for a penalty notice, as the return groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeReason {
    /// An unauthorised family holiday (`G`).
    Holiday,
    /// Arriving after the register closed (`U`).
    Late,
    /// Any other unauthorised absence.
    Other,
}

impl NoticeReason {
    /// The reason for `decision`'s notice: of the unauthorised sessions it
    /// cites, the code most of them have, `G` before `U` before the rest
    /// on a tie. A notice citing no unauthorised session (one resting on
    /// events alone) is `Other`.
    pub fn of(decision: &Decision) -> NoticeReason {
        let (mut holiday, mut late, mut other) = (0u32, 0u32, 0u32);
        for evidence in &decision.evidence {
            let Evidence::Session { code, .. } = evidence else {
                continue;
            };
            match *code {
                Code::G => holiday += 1,
                Code::U => late += 1,
                code if code.category() == Category::Unauthorised => other += 1,
                _ => {}
            }
        }
        if holiday > 0 && holiday >= late && holiday >= other {
            NoticeReason::Holiday
        } else if late > 0 && late >= other {
            NoticeReason::Late
        } else {
            NoticeReason::Other
        }
    }
}

/// The attendance penalty notices of one authority in one academic year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoticeTally {
    /// Notices issued: one per parent, as each parent receives their own.
    pub issued: u64,
    /// Of them, those whose main reason is a holiday.
    pub holiday: u64,
    /// Those whose main reason is lateness.
    pub late: u64,
    /// The others.
    pub other: u64,
    /// Notices paid within 21 days of issue.
    pub paid_21: u64,
    /// Notices paid 22 to 28 days after issue.
    pub paid_22_28: u64,
    /// Notices withdrawn.
    pub withdrawn: u64,
    /// Notices followed by a prosecution for the offence.
    pub prosecuted: u64,
}

impl NoticeTally {
    /// Counts `decision` if it is an attendance penalty notice (not an
    /// exclusion notice or any other action).
    pub fn add(&mut self, decision: &Decision) {
        if decision.action != "penalty_notice" {
            return;
        }
        self.issued += 1;
        match NoticeReason::of(decision) {
            NoticeReason::Holiday => self.holiday += 1,
            NoticeReason::Late => self.late += 1,
            NoticeReason::Other => self.other += 1,
        }
    }

    /// Counts how a notice issued on `issued` was resolved (see
    /// [`resolutions`](super::resolutions)). A payment more than 28 days
    /// after issue is not one the notice allows: the notice stays
    /// unresolved, as one neither paid, withdrawn nor prosecuted does.
    pub fn resolve(&mut self, issued: chrono::NaiveDate, resolution: Option<Resolution>) {
        let Some(resolution) = resolution else {
            return;
        };
        match resolution.how {
            Resolved::Paid => match resolution.days_after(issued) {
                ..=21 => self.paid_21 += 1,
                22..=28 => self.paid_22_28 += 1,
                _ => {}
            },
            Resolved::Withdrawn => self.withdrawn += 1,
            Resolved::Prosecuted => self.prosecuted += 1,
        }
    }

    /// Notices paid within 28 days.
    pub fn paid(&self) -> u64 {
        self.paid_21 + self.paid_22_28
    }

    /// Notices issued and neither paid within 28 days, withdrawn nor
    /// prosecuted.
    pub fn unresolved(&self) -> u64 {
        self.issued
            .saturating_sub(self.paid() + self.withdrawn + self.prosecuted)
    }

    /// The two tallies together.
    pub fn plus(self, other: NoticeTally) -> NoticeTally {
        NoticeTally {
            issued: self.issued + other.issued,
            holiday: self.holiday + other.holiday,
            late: self.late + other.late,
            other: self.other + other.other,
            paid_21: self.paid_21 + other.paid_21,
            paid_22_28: self.paid_22_28 + other.paid_22_28,
            withdrawn: self.withdrawn + other.withdrawn,
            prosecuted: self.prosecuted + other.prosecuted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NoticeReason, NoticeTally};
    use crate::decision::{Decision, Evidence};
    use crate::measures::{fixtures, Resolution, Resolved};
    use chrono::NaiveDate;
    use rollcall_data::model::Session;
    use rollcall_ir::codes::Code;

    fn notice(action: &str, codes: &[Code]) -> Decision {
        let date = NaiveDate::from_ymd_opt(2024, 10, 7).expect("a date");
        let mut notice = fixtures::decision(action, "mum", date);
        notice.evidence = codes
            .iter()
            .map(|&code| Evidence::Session {
                date,
                session: Session::Am,
                code,
                school: "s".into(),
            })
            .collect();
        notice
    }

    #[test]
    fn the_main_reason_is_the_commonest_unauthorised_code() {
        let reason = |codes: &[Code]| NoticeReason::of(&notice("penalty_notice", codes));
        assert_eq!(reason(&[Code::G, Code::G, Code::U]), NoticeReason::Holiday);
        assert_eq!(reason(&[Code::G, Code::U, Code::U]), NoticeReason::Late);
        assert_eq!(reason(&[Code::O, Code::O, Code::U]), NoticeReason::Other);
        assert_eq!(reason(&[Code::G, Code::U]), NoticeReason::Holiday, "a tie");
        assert_eq!(reason(&[Code::U, Code::N]), NoticeReason::Late, "a tie");
        assert_eq!(reason(&[Code::I, Code::PresentAm]), NoticeReason::Other);
        assert_eq!(reason(&[]), NoticeReason::Other);
    }

    #[test]
    fn only_attendance_penalty_notices_are_counted() {
        let mut tally = NoticeTally::default();
        tally.add(&notice("penalty_notice", &[Code::G]));
        tally.add(&notice("penalty_notice", &[Code::U]));
        tally.add(&notice("exclusion_notice", &[]));
        tally.add(&notice("letter", &[Code::G]));
        let expected = NoticeTally {
            issued: 2,
            holiday: 1,
            late: 1,
            other: 0,
            ..NoticeTally::default()
        };
        assert_eq!(tally, expected);
        assert_eq!(tally.plus(tally).issued, 4);
    }

    #[test]
    fn payments_count_by_days_after_issue_and_late_ones_stay_unresolved() {
        let issued = NaiveDate::from_ymd_opt(2024, 10, 7).expect("a date");
        let after = |how, days| {
            Some(Resolution {
                how,
                date: issued + chrono::Days::new(days),
            })
        };
        let mut tally = NoticeTally::default();
        for resolution in [
            after(Resolved::Paid, 1),
            after(Resolved::Paid, 21),
            after(Resolved::Paid, 22),
            after(Resolved::Paid, 28),
            after(Resolved::Paid, 29),
            after(Resolved::Withdrawn, 40),
            after(Resolved::Prosecuted, 60),
            None,
        ] {
            tally.add(&notice("penalty_notice", &[Code::G]));
            tally.resolve(issued, resolution);
        }
        assert_eq!((tally.paid_21, tally.paid_22_28), (2, 2));
        assert_eq!((tally.withdrawn, tally.prosecuted), (1, 1));
        assert_eq!(tally.paid(), 4);
        assert_eq!(
            tally.unresolved(),
            2,
            "paid on day 29, and nothing recorded"
        );
        assert_eq!(tally.plus(tally).unresolved(), 4);
    }
}
