//! `event` lines: the events of `events.csv` (built-in kinds, and kinds a
//! policy declares, which take one date and `to PARENT`), each kind with its own
//! clauses (a range for exclusions and extended Notices to Improve, `began
//! AM|PM` for exclusions, `to PARENT` for the kinds that may name a parent,
//! `by AUTHORITY` and `withdrawn DATE` for earlier notices).

use super::super::model::CaseEvent;
use super::super::tokens::{date, identifier, Words};
use super::did_you_mean;
use chrono::NaiveDate;
use rollcall_data::model::{EventKind, Session};

/// The words that start a clause of an `event` line.
const CLAUSES: &[&str] = &["to", "by", "withdrawn", "began"];

/// Reads the rest of an `event KIND DATE[..END] [began AM|PM] [to PARENT]
/// [by AUTHORITY] [withdrawn DATE]` line.
pub(super) fn event(number: usize, words: &mut Words) -> Result<CaseEvent, String> {
    let kind_text = words.plain("the event's kind")?;
    // A name that is not built in is a declared kind, checked against the
    // library when the case runs.
    let declared = || EventKind::declared(kind_text);
    let kind = EventKind::parse(kind_text)
        .or_else(declared)
        .ok_or_else(|| {
            let kinds: Vec<&str> = EventKind::ALL.iter().map(|kind| kind.as_str()).collect();
            format!(
                "unknown event `{kind_text}`{} (expected one of {})",
                did_you_mean(kind_text, &kinds),
                kinds.join(", ")
            )
        })?;
    let (start, range_end) = date_or_range(words.plain("the event's date")?)?;
    let mut event = CaseEvent {
        kind,
        start,
        end: range_end,
        parent: None,
        by: None,
        start_session: None,
        line: number,
    };
    let mut withdrawn = None;
    while !words.at_end() {
        let clause = words.plain("`to`, `by`, `withdrawn` or `began`")?;
        match clause {
            "to" if event.parent.is_none() => {
                event.parent = Some(identifier(words.plain("a parent id")?, "parent id")?);
            }
            "by" if event.by.is_none() => {
                event.by = Some(identifier(words.plain("an authority id")?, "authority id")?);
            }
            "withdrawn" if withdrawn.is_none() => {
                withdrawn = Some(date(words.plain("the day it was withdrawn")?)?);
            }
            "began" if event.start_session.is_none() => {
                let session = words.plain("`AM` or `PM`")?;
                event.start_session = Some(
                    Session::parse(session)
                        .ok_or_else(|| format!("`began` takes `AM` or `PM`, not `{session}`"))?,
                );
            }
            "to" | "by" | "withdrawn" | "began" => {
                return Err(format!("`{clause}` is given twice"))
            }
            _ => {
                return Err(format!(
                    "unexpected `{clause}`{} (expected `to`, `by`, `withdrawn` or `began`)",
                    did_you_mean(clause, CLAUSES)
                ))
            }
        }
    }
    check_event(&mut event, withdrawn)?;
    Ok(event)
}

/// `DATE` or `DATE..END`.
fn date_or_range(text: &str) -> Result<(NaiveDate, Option<NaiveDate>), String> {
    match text.split_once("..") {
        Some((start, end)) => {
            let (start, end) = (date(start)?, date(end)?);
            if end < start {
                return Err(format!("the range ends ({end}) before it starts ({start})"));
            }
            Ok((start, Some(end)))
        }
        None => Ok((date(text)?, None)),
    }
}

/// Which clauses each event kind takes; sets a penalty notice's end to its
/// withdrawal day.
fn check_event(event: &mut CaseEvent, withdrawn: Option<NaiveDate>) -> Result<(), String> {
    let kind = event.kind;
    let is_notice = kind == EventKind::PenaltyNotice;
    let ranged = matches!(kind, EventKind::Exclusion | EventKind::NoticeToImprove);
    if kind == EventKind::Exclusion && event.end.is_none() {
        return Err("an exclusion needs its days: `event exclusion START..END`".to_string());
    }
    if !ranged && event.end.is_some() {
        return Err(format!(
            "`{kind}` happens on one day: give one date, not a range"
        ));
    }
    if is_notice && event.parent.is_none() {
        return Err("an earlier penalty notice needs `to PARENT`".to_string());
    }
    if event.parent.is_some()
        && matches!(
            kind,
            EventKind::PublicPlace | EventKind::PreviousAuthorityUnknown
        )
    {
        return Err(format!(
            "`{kind}` is about the pupil: it takes no `to PARENT`"
        ));
    }
    if event.start_session.is_some() && kind != EventKind::Exclusion {
        return Err("`began AM|PM` is only for exclusions".to_string());
    }
    if !is_notice && (event.by.is_some() || withdrawn.is_some()) {
        return Err("`by` and `withdrawn` are only for earlier penalty notices".to_string());
    }
    if let Some(withdrawn) = withdrawn {
        if withdrawn < event.start {
            return Err(format!(
                "withdrawn ({withdrawn}) before it was issued ({})",
                event.start
            ));
        }
        event.end = Some(withdrawn);
    }
    Ok(())
}
