//! Reading the rows of the optional `events.csv`:
//! `pupil,parent,kind,start,end,detail[,start_session]`.

use super::fields::{date, event_kind, optional_date, session, shown, text};
use super::rows::field;
use crate::model::{Event, EventKind, Pupil, Session};
use csv::ByteRecord;
use rollcall_ir::words::plural;

/// Parses a row of `events.csv` about `pupil` (a row read without the
/// optional `start_session` column has it empty); its kind is built in or
/// one of `declared`.
///
/// Which columns each kind uses:
/// - `parent`: required for `penalty_notice`; optional for
///   `notice_to_improve`, `exclusion`, `truancy_sweep`, `case_closed` and
///   declared kinds (blank: all parents); empty for `public_place` and
///   `previous_authority_unknown`; when given it must be one of the
///   pupil's parents in `pupils.csv`;
/// - `end`: required for `exclusion` (its last day); optional for
///   `penalty_notice` (withdrawn on) and `notice_to_improve` (extended
///   end); empty for declared kinds, `public_place`, `truancy_sweep`,
///   `previous_authority_unknown` and `case_closed`, which happen on one
///   day; never before `start`;
/// - `detail`: free text (for `penalty_notice`, the issuing authority; for
///   `case_closed`, the outcome);
/// - `start_session`: `AM` or `PM` for an `exclusion` (the session it
///   began in), else empty.
pub(crate) fn parse_event(
    record: &ByteRecord,
    pupil: &Pupil,
    declared: &[EventKind],
) -> Result<Event, String> {
    let kind = event_kind(field(record, 2), declared)?;
    let parent = parent(text(field(record, 1), "parent")?, kind, pupil)?;
    let start = date(field(record, 3)).map_err(|message| format!("start: {message}"))?;
    let end = optional_date(field(record, 4)).map_err(|message| format!("end: {message}"))?;
    check_end(kind, start, end)?;
    let detail = text(field(record, 5), "detail")?;
    let start_session = start_session(field(record, 6), kind)?;
    Ok(Event {
        pupil: pupil.id.clone(),
        parent,
        kind,
        start,
        end,
        detail: (!detail.is_empty()).then(|| detail.to_owned()),
        start_session,
    })
}

fn parent(parent: &str, kind: EventKind, pupil: &Pupil) -> Result<Option<String>, String> {
    match kind {
        EventKind::PenaltyNotice if parent.is_empty() => {
            return Err(
                "`penalty_notice` events need the parent the notice was issued to".to_owned(),
            )
        }
        EventKind::PublicPlace | EventKind::PreviousAuthorityUnknown if !parent.is_empty() => {
            return Err(format!(
                "`{kind}` events are about the pupil: leave parent empty (found {})",
                shown(parent.as_bytes())
            ))
        }
        _ => {}
    }
    if parent.is_empty() {
        return Ok(None);
    }
    if !pupil.parents.iter().any(|known| known == parent) {
        // The pupil's parents are not listed: a message names no parent
        // beyond the row's own.
        return Err(format!(
            "{} is not a parent of pupil `{}` in pupils.csv ({} on record)",
            shown(parent.as_bytes()),
            pupil.id,
            plural(pupil.parents.len(), "parent", "parents")
        ));
    }
    Ok(Some(parent.to_owned()))
}

/// The session an exclusion began in: empty, `AM` or `PM`; only
/// exclusions have one.
fn start_session(bytes: &[u8], kind: EventKind) -> Result<Option<Session>, String> {
    if bytes.is_empty() {
        return Ok(None);
    }
    if kind != EventKind::Exclusion {
        return Err(format!(
            "`start_session` is only for exclusions: leave it empty on `{kind}` events"
        ));
    }
    session(bytes)
        .map(Some)
        .map_err(|message| format!("start_session: {message}"))
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
            EventKind::PublicPlace
            | EventKind::TruancySweep
            | EventKind::PreviousAuthorityUnknown
            | EventKind::CaseClosed
            | EventKind::Declared(_),
            Some(end),
        ) => Err(format!(
            "`{kind}` events happen on one day: leave end empty (found {end})"
        )),
        (_, Some(end)) if end < start => Err(format!("end {end} is before start {start}")),
        _ => Ok(()),
    }
}
