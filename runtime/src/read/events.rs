//! Reading the optional `events.csv`: `pupil,parent,kind,start,end,detail`.

use super::csv_file::{field, CsvFile};
use super::error::{ReadError, Rejections};
use super::fields::{date, event_kind, optional_date, text};
use crate::model::{Event, EventKind, Pupil};
use csv::ByteRecord;
use std::collections::HashMap;
use std::path::Path;

/// Reads `dir/events.csv` if it exists, against the known `pupils`; the
/// good events in file order.
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
pub(crate) fn read_events(
    dir: &Path,
    pupils: &[Pupil],
    rejections: &mut Rejections,
) -> Result<Vec<Event>, ReadError> {
    let columns = &["pupil", "parent", "kind", "start", "end", "detail"];
    let Some(mut file) = CsvFile::open_optional(dir, "events.csv", columns)? else {
        return Ok(Vec::new());
    };
    let pupils: HashMap<&str, &Pupil> = pupils
        .iter()
        .map(|pupil| (pupil.id.as_str(), pupil))
        .collect();
    let mut events = Vec::new();
    let mut record = ByteRecord::new();
    while let Some(line) = file.next_row(&mut record, rejections)? {
        match parse_event(&record, &pupils) {
            Ok(event) => events.push(event),
            Err(message) => rejections.reject(file.path(), line, message)?,
        }
    }
    Ok(events)
}

fn parse_event(record: &ByteRecord, pupils: &HashMap<&str, &Pupil>) -> Result<Event, String> {
    let pupil_id = text(field(record, 0), "pupil")?;
    let pupil = match pupils.get(pupil_id) {
        Some(pupil) => pupil,
        None if pupil_id.is_empty() => return Err("missing pupil".to_owned()),
        None => return Err(format!("unknown pupil `{pupil_id}` (not in pupils.csv)")),
    };
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
