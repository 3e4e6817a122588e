//! Reading the rows of the optional `events.csv`: `pupil,parent,kind,start,end,detail`.

use super::csv_file::field;
use super::fields::{date, event_kind, optional_date, text};
use crate::model::{Event, EventKind, Pupil};
use csv::ByteRecord;

/// Parses a row of `events.csv` about `pupil`.
///
/// Which columns each kind uses:
/// - `parent`: required for `penalty_notice`, optional for
///   `notice_to_improve` (blank: all parents), empty for the others; when
///   given it must be one of the pupil's parents in `pupils.csv`;
/// - `end`: required for `exclusion` (its last day); optional for
///   `penalty_notice` (withdrawn on) and `notice_to_improve` (extended
///   end); empty for `public_place`, `truancy_sweep` and
///   `previous_authority_unknown`, which happen on one day; never before
///   `start`;
/// - `detail`: free text (for `penalty_notice`, the issuing authority).
pub(crate) fn parse_event(record: &ByteRecord, pupil: &Pupil) -> Result<Event, String> {
    let kind = event_kind(field(record, 2))?;
    let parent = parent(text(field(record, 1), "parent")?, kind, pupil)?;
    let start = date(field(record, 3)).map_err(|message| format!("start: {message}"))?;
    let end = optional_date(field(record, 4)).map_err(|message| format!("end: {message}"))?;
    check_end(kind, start, end)?;
    let detail = text(field(record, 5), "detail")?;
    Ok(Event {
        pupil: pupil.id.clone(),
        parent,
        kind,
        start,
        end,
        detail: (!detail.is_empty()).then(|| detail.to_owned()),
        start_session: None,
    })
}

fn parent(parent: &str, kind: EventKind, pupil: &Pupil) -> Result<Option<String>, String> {
    match kind {
        EventKind::PenaltyNotice if parent.is_empty() => {
            return Err(
                "`penalty_notice` events need the parent the notice was issued to".to_owned(),
            )
        }
        EventKind::PenaltyNotice | EventKind::NoticeToImprove => {}
        _ if parent.is_empty() => {}
        _ => {
            return Err(format!(
                "`{kind}` events are about the pupil: leave parent empty (found `{parent}`)"
            ))
        }
    }
    if parent.is_empty() {
        return Ok(None);
    }
    if !pupil.parents.iter().any(|known| known == parent) {
        let known = if pupil.parents.is_empty() {
            "none".to_owned()
        } else {
            pupil.parents.join(", ")
        };
        return Err(format!(
            "`{parent}` is not a parent of pupil `{}` in pupils.csv (parents: {known})",
            pupil.id
        ));
    }
    Ok(Some(parent.to_owned()))
}

fn check_end(
    kind: EventKind,
    start: chrono::NaiveDate,
    end: Option<chrono::NaiveDate>,
) -> Result<(), String> {
    match (kind, end) {
        (EventKind::Exclusion, None) => Err(
            "an exclusion needs an end date (its last day; the start date for one day)".to_owned(),
        ),
        (
            EventKind::PublicPlace | EventKind::TruancySweep | EventKind::PreviousAuthorityUnknown,
            Some(end),
        ) => Err(format!(
            "`{kind}` events happen on one day: leave end empty (found {end})"
        )),
        (_, Some(end)) if end < start => Err(format!("end {end} is before start {start}")),
        _ => Ok(()),
    }
}
