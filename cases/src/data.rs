//! A case as a data set: one pupil, the schools they attend (each with its
//! authority), their marks and events.
//!
//! A school's authority is the one its `school` line gives (`in
//! AUTHORITY`); else the one an earlier line gave the same school; else the
//! policy's: a school policy's own authority (its nearest authority
//! ancestor), an authority policy itself, or, for a national policy,
//! [`NO_LOCAL_CODE`], an authority without a policy file. The school the
//! pupil starts at, unless a `school` line says otherwise, is the school
//! policy itself, or `AUTHORITY-school`.

use super::library::Library;
use super::model::{Case, CaseError, SchoolLine};
use super::parse::did_you_mean;
use rollcall_data::model::{Event, EventKind, Mark, Pupil, School};
use rollcall_data::read::DataSet;
use rollcall_ir::graph::PolicyKind;
use std::collections::BTreeMap;

/// The authority a national policy's case is placed in: no policy file has
/// this id, so the national framework in force applies.
pub(super) const NO_LOCAL_CODE: &str = "no-local-code";

/// The data set of `case`, or why its schools cannot be placed.
pub(super) fn data_set(case: &Case, library: &Library) -> Result<DataSet, CaseError> {
    let default_authority = default_authority(&case.policy, library);
    let mut authorities: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut school_ids = Vec::with_capacity(case.schools.len());
    for line in &case.schools {
        let id = school_id(line, &case.policy, &default_authority, library);
        let authority = match (&line.authority, authorities.get(&id)) {
            (Some(given), Some((known, known_line))) if given != known => {
                return Err(CaseError {
                    path: case.path.clone(),
                    line: line.line,
                    message: format!(
                        "school `{id}` is in `{known}` (line {known_line}), not `{given}`"
                    ),
                });
            }
            (Some(given), _) => given.clone(),
            (None, Some((known, _))) => known.clone(),
            (None, None) => default_authority.clone(),
        };
        authorities
            .entry(id.clone())
            .or_insert((authority, line.line));
        school_ids.push(id);
    }
    let schools: Vec<School> = authorities
        .into_iter()
        .map(|(id, (authority, _))| School {
            name: id.clone(),
            id: id.into(),
            authority,
        })
        .collect();
    check_event_kinds(case, library)?;
    let pupil = &case.pupil;
    let marks = case
        .marks
        .iter()
        .map(|mark| {
            let school = schools
                .iter()
                .position(|school| *school.id == *school_ids[mark.school])
                .unwrap_or_default() as u32;
            let mark = Mark {
                school,
                date: mark.date,
                session: mark.session,
                code: mark.code,
            };
            (0, mark)
        })
        .collect();
    let events = case
        .events
        .iter()
        .map(|event| Event {
            pupil: pupil.id.clone(),
            parent: event.parent.clone(),
            kind: event.kind,
            start: event.start,
            end: event.end,
            detail: event.by.clone(),
            start_session: event.start_session,
        })
        .collect();
    let pupils = vec![Pupil {
        id: pupil.id.clone(),
        date_of_birth: pupil.date_of_birth,
        parents: pupil.parents.clone(),
    }];
    Ok(DataSet::new(schools, pupils, marks, events))
}

/// Every event's kind must be built in or declared by a policy of the
/// library, as in `events.csv`.
fn check_event_kinds(case: &Case, library: &Library) -> Result<(), CaseError> {
    let declared: Vec<EventKind> = library
        .graphs()
        .iter()
        .flat_map(|graph| graph.events.iter().map(|declaration| declaration.kind))
        .collect();
    let Some(event) = case
        .events
        .iter()
        .find(|event| EventKind::parse_known(event.kind.as_str(), &declared).is_none())
    else {
        return Ok(());
    };
    let known: Vec<&str> = EventKind::ALL
        .iter()
        .chain(&declared)
        .map(|kind| kind.as_str())
        .collect();
    Err(CaseError {
        path: case.path.clone(),
        line: event.line,
        message: format!(
            "unknown event `{}`{} (expected one of {})",
            event.kind,
            did_you_mean(event.kind.as_str(), &known),
            known.join(", ")
        ),
    })
}

/// The school of a `school` line (or the default school).
fn school_id(line: &SchoolLine, policy: &str, authority: &str, library: &Library) -> String {
    match &line.id {
        Some(id) => id.clone(),
        None if library.kind(policy) == Some(PolicyKind::School) => policy.to_string(),
        None => format!("{authority}-school"),
    }
}

/// The authority a case of `policy` is placed in by default.
fn default_authority(policy: &str, library: &Library) -> String {
    match library.kind(policy) {
        Some(PolicyKind::Authority) => policy.to_string(),
        Some(PolicyKind::School) => library
            .authority_of_school(policy)
            .unwrap_or(NO_LOCAL_CODE)
            .to_string(),
        Some(PolicyKind::National) | None => NO_LOCAL_CODE.to_string(),
    }
}
