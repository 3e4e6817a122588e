//! How each attendance penalty notice a run decides was resolved, read
//! from the events recorded after it: paid, withdrawn or followed by a
//! prosecution for not paying (the outcomes the DfE's parental
//! responsibility measures census counts).
//!
//! The events that resolve a notice to a parent:
//! - a `case_closed` event for that parent (or naming none) whose `detail`
//!   begins with an outcome word: `paid`; `withdrawn`; `prosecuted`,
//!   `convicted` or `not guilty` (a prosecution). The rest of the detail is
//!   free text, e.g. the grounds of a withdrawal. Other details (or none)
//!   close a case without saying how, and resolve no notice;
//! - a `penalty_notice` event recording the same notice (same parent, same
//!   issue date) with an `end`: withdrawn on that date.
//!
//! An outcome dated `X` belongs to the parent's latest notice issued
//! before `X` (as a `case_closed` event closes the notices issued before
//! it); a notice's first outcome is the one that counts.

use crate::decision::Decision;
use chrono::NaiveDate;
use rollcall_data::model::{Event, EventKind};

/// How a notice was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The parent paid it.
    Paid,
    /// The authority withdrew it.
    Withdrawn,
    /// The parent was prosecuted for the offence instead (it was not paid).
    Prosecuted,
}

impl Resolved {
    /// In words: `paid`, `withdrawn` or `prosecuted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolved::Paid => "paid",
            Resolved::Withdrawn => "withdrawn",
            Resolved::Prosecuted => "prosecuted",
        }
    }
}

/// The outcome of one notice: how and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// How.
    pub how: Resolved,
    /// The date the event records.
    pub date: NaiveDate,
}

impl Resolution {
    /// Calendar days from `issued` to this outcome.
    pub fn days_after(self, issued: NaiveDate) -> i64 {
        (self.date - issued).num_days()
    }
}

/// One attendance penalty notice and how it was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeResolution<'d, 'e> {
    /// The notice decided.
    pub notice: &'d Decision,
    /// Its first outcome, if the events record one.
    pub resolution: Option<Resolution>,
    /// For a notice without one: the first `case_closed` event that would
    /// have resolved it but whose detail names no outcome (a typo, or an
    /// outcome the return does not count), for a warning.
    pub unexplained: Option<&'e Event>,
}

/// Each attendance penalty notice among `decisions` (one pupil's, as the
/// engine gives them, in date order) with its resolution, if `events`
/// (the same pupil's) record one.
pub fn resolutions<'d, 'e>(
    decisions: &'d [Decision],
    events: &'e [Event],
) -> Vec<NoticeResolution<'d, 'e>> {
    let notices: Vec<&Decision> = decisions
        .iter()
        .filter(|decision| decision.action == "penalty_notice")
        .collect();
    notices
        .iter()
        .map(|&notice| {
            let parent = notice.parent.as_deref();
            // Outcomes after the parent's next notice belong to that one.
            let next = notices
                .iter()
                .filter(|later| later.parent.as_deref() == parent && later.date > notice.date)
                .map(|later| later.date)
                .min();
            let in_turn = |date: NaiveDate| next.is_none_or(|next| date <= next);
            let resolution = events
                .iter()
                .filter_map(|event| outcome(event, notice))
                .filter(|found| in_turn(found.date))
                .min_by_key(|found| found.date);
            let unexplained = resolution.is_none().then(|| {
                events.iter().find(|event| {
                    closes(event, notice)
                        && in_turn(event.start)
                        && event.detail.as_deref().and_then(outcome_word).is_none()
                })
            });
            NoticeResolution {
                notice,
                resolution,
                unexplained: unexplained.flatten(),
            }
        })
        .collect()
}

/// Whether `event` is a `case_closed` event after `notice` for its parent
/// (or naming none).
fn closes(event: &Event, notice: &Decision) -> bool {
    event.kind == EventKind::CaseClosed
        && event.start > notice.date
        && (event.parent.is_none() || event.parent == notice.parent)
}

/// The outcome `event` records for `notice`, if any (ignoring later
/// notices).
fn outcome(event: &Event, notice: &Decision) -> Option<Resolution> {
    let parent = notice.parent.as_deref();
    match event.kind {
        EventKind::CaseClosed if closes(event, notice) => {
            let how = outcome_word(event.detail.as_deref()?)?;
            Some(Resolution {
                how,
                date: event.start,
            })
        }
        EventKind::PenaltyNotice
            if event.start == notice.date && event.parent.as_deref() == parent =>
        {
            event.end.map(|date| Resolution {
                how: Resolved::Withdrawn,
                date,
            })
        }
        _ => None,
    }
}

/// The outcome a `case_closed` detail begins with (any case).
fn outcome_word(detail: &str) -> Option<Resolved> {
    let detail = detail.trim_start().to_lowercase();
    let starts = |word: &str| {
        detail.starts_with(word) && !detail[word.len()..].starts_with(|c: char| c.is_alphanumeric())
    };
    if starts("paid") {
        Some(Resolved::Paid)
    } else if starts("withdrawn") {
        Some(Resolved::Withdrawn)
    } else if starts("prosecuted") || starts("convicted") || starts("not guilty") {
        Some(Resolved::Prosecuted)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{outcome_word, resolutions, Resolution, Resolved};
    use crate::decision::Decision;
    use crate::measures::fixtures;
    use chrono::NaiveDate;
    use rollcall_data::model::{Event, EventKind};

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn decision(action: &str, parent: &str, on: &str) -> Decision {
        fixtures::decision(action, parent, date(on))
    }

    fn event(kind: EventKind, parent: Option<&str>, on: &str, detail: &str) -> Event {
        Event {
            pupil: "p".into(),
            parent: parent.map(Into::into),
            kind,
            start: date(on),
            end: None,
            detail: (!detail.is_empty()).then(|| detail.into()),
            start_session: None,
        }
    }

    fn resolved(how: Resolved, on: &str) -> Option<Resolution> {
        Some(Resolution {
            how,
            date: date(on),
        })
    }

    #[test]
    fn outcome_words_begin_the_detail() {
        assert_eq!(outcome_word("paid"), Some(Resolved::Paid));
        assert_eq!(outcome_word("Paid £80 by card"), Some(Resolved::Paid));
        assert_eq!(
            outcome_word("withdrawn: medical evidence supplied"),
            Some(Resolved::Withdrawn)
        );
        assert_eq!(outcome_word("convicted"), Some(Resolved::Prosecuted));
        assert_eq!(outcome_word("not guilty"), Some(Resolved::Prosecuted));
        assert_eq!(outcome_word("prosecuted"), Some(Resolved::Prosecuted));
        assert_eq!(outcome_word("paidup"), None, "a whole word");
        assert_eq!(outcome_word("unpaid"), None);
        assert_eq!(outcome_word("moved away"), None);
    }

    #[test]
    fn an_outcome_resolves_the_parents_latest_notice_before_it() {
        let decisions = [
            decision("penalty_notice", "mum", "2024-10-07"),
            decision("penalty_notice", "dad", "2024-10-07"),
            decision("letter", "mum", "2024-10-08"),
            decision("penalty_notice", "mum", "2025-03-03"),
        ];
        let events = [
            // Same day as the notice: not after it.
            event(EventKind::CaseClosed, Some("mum"), "2024-10-07", "paid"),
            event(EventKind::CaseClosed, Some("mum"), "2024-10-20", "paid"),
            // A second outcome of the same notice does not count.
            event(
                EventKind::CaseClosed,
                Some("mum"),
                "2024-10-25",
                "withdrawn",
            ),
            event(
                EventKind::CaseClosed,
                Some("dad"),
                "2024-10-20",
                "moved away",
            ),
            // Naming no parent: every parent's notice.
            event(EventKind::CaseClosed, None, "2025-04-01", "convicted"),
        ];
        let found = resolutions(&decisions, &events);
        assert_eq!(found.len(), 3, "the letter is not a notice");
        assert_eq!(found[0].resolution, resolved(Resolved::Paid, "2024-10-20"));
        assert_eq!(
            found[1].resolution,
            resolved(Resolved::Prosecuted, "2025-04-01")
        );
        assert_eq!(
            found[2].resolution,
            resolved(Resolved::Prosecuted, "2025-04-01")
        );
        assert!(found.iter().all(|found| found.unexplained.is_none()));
        assert_eq!(
            resolved(Resolved::Paid, "2024-10-20").map(|r| r.days_after(date("2024-10-07"))),
            Some(13)
        );
    }

    #[test]
    fn a_later_notice_takes_the_outcomes_after_it() {
        let decisions = [
            decision("penalty_notice", "mum", "2024-10-07"),
            decision("penalty_notice", "mum", "2025-03-03"),
        ];
        let events = [event(
            EventKind::CaseClosed,
            Some("mum"),
            "2025-03-10",
            "paid",
        )];
        let found = resolutions(&decisions, &events);
        assert_eq!(found[0].resolution, None);
        assert_eq!(found[1].resolution, resolved(Resolved::Paid, "2025-03-10"));
    }

    #[test]
    fn a_recorded_notice_withdrawn_withdraws_the_same_notice() {
        let decisions = [decision("penalty_notice", "mum", "2024-10-07")];
        let mut record = event(EventKind::PenaltyNotice, Some("mum"), "2024-10-07", "");
        record.end = Some(date("2024-10-15"));
        let mut other = event(EventKind::PenaltyNotice, Some("mum"), "2024-09-01", "");
        other.end = Some(date("2024-10-09"));
        let events = [other, record];
        let found = resolutions(&decisions, &events);
        assert_eq!(
            found[0].resolution,
            resolved(Resolved::Withdrawn, "2024-10-15")
        );
    }

    #[test]
    fn a_closure_naming_no_outcome_is_kept_for_a_warning() {
        let decisions = [
            decision("penalty_notice", "mum", "2024-10-07"),
            decision("penalty_notice", "dad", "2024-10-07"),
        ];
        let events = [
            event(EventKind::CaseClosed, Some("mum"), "2024-10-20", "payed"),
            event(EventKind::CaseClosed, Some("mum"), "2024-10-21", ""),
            event(
                EventKind::CaseClosed,
                Some("dad"),
                "2024-10-20",
                "moved away",
            ),
            event(EventKind::CaseClosed, Some("dad"), "2024-10-22", "paid"),
        ];
        let found = resolutions(&decisions, &events);
        assert_eq!(found[0].resolution, None);
        assert_eq!(found[0].unexplained, Some(&events[0]));
        assert_eq!(
            (found[1].resolution, found[1].unexplained),
            (resolved(Resolved::Paid, "2024-10-22"), None),
            "resolved after all"
        );
    }
}
