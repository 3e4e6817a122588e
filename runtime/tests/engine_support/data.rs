//! Pupil histories built day by day on an English school calendar.

use super::d;
use chrono::{Datelike, NaiveDate, Weekday};
use rollcall_data::model::{Event, EventKind, Mark, Pupil, School, Session};
use rollcall_data::read::DataSet;
use rollcall_ir::codes::Code;
use std::collections::BTreeMap;

/// School holidays (inclusive), 2022 to 2027: weeks inside them have no marks.
pub const HOLIDAYS: &[(&str, &str)] = &[
    ("2022-10-22", "2022-10-30"),
    ("2022-12-21", "2023-01-03"),
    ("2023-02-18", "2023-02-26"),
    ("2023-04-01", "2023-04-16"),
    ("2023-05-27", "2023-06-04"),
    ("2023-07-22", "2023-09-03"),
    ("2023-10-21", "2023-10-29"),
    ("2023-12-21", "2024-01-03"),
    ("2024-02-10", "2024-02-18"),
    ("2024-03-29", "2024-04-14"),
    ("2024-05-25", "2024-06-02"),
    ("2024-07-20", "2024-09-01"),
    ("2024-10-26", "2024-11-03"),
    ("2024-12-21", "2025-01-05"),
    ("2025-02-15", "2025-02-23"),
    ("2025-04-05", "2025-04-21"),
    ("2025-05-24", "2025-06-01"),
    ("2025-07-19", "2025-08-31"),
    ("2025-10-25", "2025-11-02"),
    ("2025-12-20", "2026-01-04"),
    ("2026-02-14", "2026-02-22"),
    ("2026-03-28", "2026-04-12"),
    ("2026-05-23", "2026-05-31"),
    ("2026-07-18", "2026-08-31"),
    ("2026-10-24", "2026-11-01"),
    ("2026-12-19", "2027-01-04"),
    ("2027-02-13", "2027-02-21"),
    ("2027-03-27", "2027-04-11"),
    ("2027-05-29", "2027-06-06"),
    ("2027-07-17", "2027-08-31"),
];

/// Whether `date` is a weekday outside the holidays.
pub fn is_term_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        && !HOLIDAYS
            .iter()
            .any(|(from, to)| d(from) <= date && date <= d(to))
}

/// Term days from `from` to `to` inclusive.
pub fn term_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|date| *date <= to)
        .filter(|date| is_term_day(*date))
        .collect()
}

/// A data set under construction.
#[derive(Clone, Debug, Default)]
pub struct Data {
    schools: Vec<School>,
    pupils: Vec<Pupil>,
    /// (pupil, date, session) -> (school, code).
    marks: BTreeMap<(String, NaiveDate, Session), (String, Code)>,
    events: Vec<Event>,
}

impl Data {
    /// An empty data set with school `s1` of authority `luton` (which has
    /// no policy of its own in the tests).
    pub fn new() -> Data {
        let mut data = Data::default();
        data.school("s1", "luton");
        data
    }

    /// Adds a school.
    pub fn school(&mut self, id: &str, authority: &str) -> &mut Data {
        self.schools.push(School {
            id: id.into(),
            name: format!("School {id}"),
            authority: authority.to_string(),
        });
        self
    }

    /// Adds a pupil.
    pub fn pupil(&mut self, id: &str, date_of_birth: &str, parents: &[&str]) -> &mut Data {
        self.pupils.push(Pupil {
            id: id.to_string(),
            date_of_birth: d(date_of_birth),
            parents: parents.iter().map(|parent| parent.to_string()).collect(),
        });
        self
    }

    /// Marks `pupil` present at `school` on every term day from `from` to `to`.
    pub fn attend(&mut self, pupil: &str, school: &str, from: &str, to: &str) -> &mut Data {
        for date in term_days(d(from), d(to)) {
            self.set(pupil, school, date, Session::Am, Code::PresentAm);
            self.set(pupil, school, date, Session::Pm, Code::PresentPm);
        }
        self
    }

    /// Sets one session's mark at `school`.
    pub fn set(
        &mut self,
        pupil: &str,
        school: &str,
        date: NaiveDate,
        session: Session,
        code: Code,
    ) -> &mut Data {
        let mark = (school.to_string(), code);
        self.marks.insert((pupil.to_string(), date, session), mark);
        self
    }

    /// Changes the code of a session already marked.
    pub fn mark(&mut self, pupil: &str, date: &str, session: Session, code: Code) -> &mut Data {
        let key = (pupil.to_string(), d(date), session);
        let mark = self
            .marks
            .get_mut(&key)
            .unwrap_or_else(|| panic!("{pupil} has no mark on {date} {session}"));
        mark.1 = code;
        self
    }

    /// Marks both sessions of each of `dates` with `code`.
    pub fn absent(&mut self, pupil: &str, dates: &[&str], code: Code) -> &mut Data {
        for date in dates {
            self.mark(pupil, date, Session::Am, code);
            self.mark(pupil, date, Session::Pm, code);
        }
        self
    }

    /// Marks both sessions of every term day from `from` to `to` with
    /// `code`.
    pub fn absent_from(&mut self, pupil: &str, from: &str, to: &str, code: Code) -> &mut Data {
        for date in term_days(d(from), d(to)) {
            self.mark(pupil, &date.to_string(), Session::Am, code);
            self.mark(pupil, &date.to_string(), Session::Pm, code);
        }
        self
    }

    /// Marks the morning of each of `dates` with `code`.
    pub fn mornings(&mut self, pupil: &str, dates: &[&str], code: Code) -> &mut Data {
        for date in dates {
            self.mark(pupil, date, Session::Am, code);
        }
        self
    }

    /// Removes a day's marks (a bank holiday).
    pub fn unmark(&mut self, pupil: &str, date: &str) -> &mut Data {
        for session in [Session::Am, Session::Pm] {
            self.marks.remove(&(pupil.to_string(), d(date), session));
        }
        self
    }

    /// Adds an event.
    pub fn event(
        &mut self,
        pupil: &str,
        parent: Option<&str>,
        kind: EventKind,
        start: &str,
        end: Option<&str>,
        detail: Option<&str>,
    ) -> &mut Data {
        self.events.push(Event {
            pupil: pupil.to_string(),
            parent: parent.map(str::to_string),
            kind,
            start: d(start),
            end: end.map(d),
            detail: detail.map(str::to_string),
            start_session: None,
        });
        self
    }

    /// Sets the session the last event added began in (`start_session`).
    pub fn began(&mut self, session: Session) -> &mut Data {
        self.events
            .last_mut()
            .expect("an event added before")
            .start_session = Some(session);
        self
    }

    /// The data set.
    pub fn build(&self) -> DataSet {
        DataSet::new(
            self.schools.clone(),
            self.pupils.clone(),
            self.marks
                .iter()
                .map(|((pupil, date, session), (school, code))| {
                    let mark = Mark {
                        school: position(&self.schools, |s| *s.id == **school),
                        date: *date,
                        session: *session,
                        code: *code,
                    };
                    (position(&self.pupils, |p| &p.id == pupil), mark)
                })
                .collect(),
            self.events.clone(),
        )
    }
}

/// The position of the row `is` picks (panics on a test's typo).
fn position<T>(rows: &[T], is: impl Fn(&T) -> bool) -> u32 {
    rows.iter()
        .position(is)
        .expect("marks name pupils and schools added to the data") as u32
}
