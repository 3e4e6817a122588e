//! The streaming reader of one CTF: quick-xml events, the element names
//! open at each, and a draft of the pupil being read.

use super::marks::decode_marks;
use super::position::LineCounter;
use super::totals::{Totals, ELEMENTS};
use super::{CtfFile, CtfPupil, CtfSchool, DecodedMark, Position, Problem, Severity};
use crate::read::fields::{date, shown};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Reads the CTF at `path`: its school, its pupils, and every problem
/// found (see the [module](super)). An error when the file cannot be
/// opened or its header names no source school (nothing of it can be
/// imported then).
pub fn read_ctf(path: &Path) -> Result<CtfFile, Problem> {
    let problem = |position, message: String| Problem {
        file: path.to_path_buf(),
        position,
        message,
        severity: Severity::Error,
    };
    let file = File::open(path).map_err(|error| problem(Position::default(), error.to_string()))?;
    let mut reader = Reader::from_reader(BufReader::new(LineCounter::new(file)));
    reader.config_mut().trim_text(true);
    let mut state = State::default();
    let mut buffer = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buffer);
        let here = reader
            .get_ref()
            .get_ref()
            .position(reader.buffer_position());
        match event {
            Ok(Event::Start(element)) => {
                state.open(String::from_utf8_lossy(element.local_name().as_ref()), here)
            }
            Ok(Event::Empty(element)) => {
                state.open(String::from_utf8_lossy(element.local_name().as_ref()), here);
                state.close(here);
            }
            Ok(Event::End(_)) => state.close(here),
            Ok(Event::Text(text)) => match text.unescape() {
                Ok(text) => state.text.push_str(&text),
                Err(error) => {
                    state.fail(here, format!("malformed XML: {error}"));
                    break;
                }
            },
            Ok(Event::CData(text)) => state.text.push_str(&String::from_utf8_lossy(&text)),
            Ok(Event::Eof) => {
                if let Some(open) = state.open.last() {
                    state.fail(
                        here,
                        format!("malformed XML: the file ends inside <{open}>"),
                    );
                }
                break;
            }
            Ok(_) => {}
            Err(error) => {
                let at = reader.get_ref().get_ref().position(reader.error_position());
                state.fail(at, format!("malformed XML: {error}"));
                break;
            }
        }
        buffer.clear();
    }
    let problems = state
        .problems
        .into_iter()
        .map(|(position, message, severity)| Problem {
            severity,
            ..problem(position, message)
        })
        .collect();
    match (state.lea, state.estab) {
        (Some(lea), Some(estab)) => Ok(CtfFile {
            school: CtfSchool {
                lea,
                estab,
                name: state.school_name.unwrap_or_default(),
            },
            pupils: state.pupils,
            problems,
        }),
        _ => Err(problem(
            Position::default(),
            "the header names no source school (Header/SourceSchool/LEA and Estab): nothing \
             of the file is imported"
                .to_owned(),
        )),
    }
}

/// What has been read so far.
#[derive(Default)]
struct State {
    /// The names of the elements open, outermost first.
    open: Vec<String>,
    /// The text of the element being read.
    text: String,
    lea: Option<String>,
    estab: Option<String>,
    school_name: Option<String>,
    pupil: Option<PupilDraft>,
    pupils: Vec<CtfPupil>,
    problems: Vec<(Position, String, Severity)>,
}

/// A pupil being read.
#[derive(Default)]
struct PupilDraft {
    start: Position,
    upn: Option<String>,
    date_of_birth: Option<chrono::NaiveDate>,
    /// The `Order` of each contact with parental responsibility.
    parents: Vec<String>,
    contact_order: Option<String>,
    contact_responsible: bool,
    year: YearDraft,
    marks: Vec<DecodedMark>,
    errors: Vec<(Position, String)>,
}

/// A `YearData` being read.
#[derive(Default)]
struct YearDraft {
    start: Position,
    given: [Option<u32>; 4],
    first_day: Option<chrono::NaiveDate>,
    marks: Vec<DecodedMark>,
    sessions_start: Option<chrono::NaiveDate>,
    sessions_marks: Option<(String, Position)>,
}

impl State {
    /// An element named `name` opens at `here`.
    fn open(&mut self, name: std::borrow::Cow<'_, str>, here: Position) {
        let parent = self.open.last().map(String::as_str);
        match (name.as_ref(), parent) {
            ("Pupil", Some("CTFpupilData")) => {
                self.pupil = Some(PupilDraft {
                    start: here,
                    ..PupilDraft::default()
                })
            }
            ("YearData", Some("Attendance")) => {
                if let Some(pupil) = &mut self.pupil {
                    pupil.year = YearDraft {
                        start: here,
                        ..YearDraft::default()
                    };
                }
            }
            _ => {}
        }
        self.open.push(name.into_owned());
        self.text.clear();
    }

    /// The innermost open element closes at `here`.
    fn close(&mut self, here: Position) {
        let Some(name) = self.open.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        let parent = self.open.last().map(String::as_str);
        match (name.as_str(), parent) {
            ("LEA", Some("SourceSchool")) => self.lea = Some(text),
            ("Estab", Some("SourceSchool")) => self.estab = Some(text),
            ("SchoolName", Some("SourceSchool")) => self.school_name = Some(text),
            ("Pupil", Some("CTFpupilData")) => {
                if let Some(pupil) = self.pupil.take() {
                    self.finish(pupil);
                }
            }
            (name, parent) => {
                if let Some(pupil) = &mut self.pupil {
                    if let Some((start, mismatch)) = pupil.close(name, parent, text, here) {
                        self.problems.push((start, mismatch, Severity::Mismatch));
                    }
                }
            }
        }
    }

    /// Records a problem that ends the reading of the file: the pupil
    /// being read is lost with it.
    fn fail(&mut self, here: Position, message: String) {
        let message = match self.pupil.take() {
            Some(pupil) => format!(
                "{message} (pupil {} from line {} is not imported, nor anything after it)",
                pupil.named(),
                pupil.start.line
            ),
            None => format!("{message} (nothing after it is imported)"),
        };
        self.problems.push((here, message, Severity::Error));
    }

    /// Keeps a pupil read whole, or reports why not.
    fn finish(&mut self, pupil: PupilDraft) {
        let mut errors = pupil.errors;
        if pupil.upn.is_none() {
            errors.push((pupil.start, "missing UPN".to_owned()));
        }
        let bad_birth_date = errors
            .iter()
            .any(|(_, error)| error.starts_with("BirthDate") || error.starts_with("DOB"));
        if pupil.date_of_birth.is_none() && !bad_birth_date {
            errors.push((pupil.start, "missing date of birth (BirthDate)".to_owned()));
        }
        match (pupil.upn, pupil.date_of_birth) {
            (Some(upn), Some(date_of_birth)) if errors.is_empty() => {
                self.pupils.push(CtfPupil {
                    parents: pupil
                        .parents
                        .iter()
                        .map(|order| format!("{upn}-contact{order}"))
                        .collect(),
                    upn,
                    date_of_birth,
                    marks: pupil.marks,
                    position: pupil.start,
                });
            }
            (upn, _) => {
                let named = upn
                    .as_deref()
                    .map_or("(no UPN)".to_owned(), |upn| shown(upn.as_bytes()));
                for (position, error) in errors {
                    self.problems.push((
                        position,
                        format!("pupil {named}: {error}; the pupil is not imported"),
                        Severity::Error,
                    ));
                }
            }
        }
    }
}

impl PupilDraft {
    /// The pupil as messages name them.
    fn named(&self) -> String {
        self.upn
            .as_deref()
            .map_or("(no UPN yet)".to_owned(), |upn| shown(upn.as_bytes()))
    }

    /// The pupil's element `name` (inside `parent`) closes at `here` with
    /// `text`; a year's totals that disagree with its marks are returned,
    /// with where the year starts.
    fn close(
        &mut self,
        name: &str,
        parent: Option<&str>,
        text: String,
        here: Position,
    ) -> Option<(Position, String)> {
        match (name, parent) {
            ("UPN", Some("Pupil")) => self.upn = Some(text),
            ("BirthDate" | "DOB", Some("Pupil" | "BasicDetails")) => match date(text.as_bytes()) {
                Ok(day) => self.date_of_birth = Some(day),
                Err(why) => self.errors.push((here, format!("{name}: {why}"))),
            },
            ("Order", Some("Contact")) => self.contact_order = Some(text),
            ("Responsibility", Some("Contact")) => {
                self.contact_responsible = matches!(text.as_str(), "true" | "1")
            }
            ("Contact", _) => {
                let order = self.contact_order.take();
                if std::mem::take(&mut self.contact_responsible) {
                    match order {
                        Some(order) => self.parents.push(order),
                        None => self.errors.push((
                            here,
                            "a contact with parental responsibility has no Order".to_owned(),
                        )),
                    }
                }
            }
            ("AttendanceStartDate", Some("AttendSessions")) => match date(text.as_bytes()) {
                Ok(day) => self.year.sessions_start = Some(day),
                Err(why) => self
                    .errors
                    .push((here, format!("AttendanceStartDate: {why}"))),
            },
            ("AttendanceMarks", Some("AttendSessions")) => {
                self.year.sessions_marks = Some((text, here))
            }
            ("AttendSessions", _) => self.decode_sessions(here),
            (total, Some("YearData")) if ELEMENTS.contains(&total) => {
                let index = ELEMENTS.iter().position(|known| *known == total);
                match (index, text.parse::<u32>()) {
                    (Some(index), Ok(count)) => self.year.given[index] = Some(count),
                    _ => self.errors.push((
                        here,
                        format!(
                            "{total}: {} is not a number of sessions",
                            shown(text.as_bytes())
                        ),
                    )),
                }
            }
            ("YearData", _) => return self.finish_year(),
            _ => {}
        }
        None
    }

    /// Decodes the `AttendSessions` just read into the year's marks.
    fn decode_sessions(&mut self, here: Position) {
        let start = self.year.sessions_start.take();
        let marks = self.year.sessions_marks.take();
        match (start, marks) {
            (Some(start), Some((marks, at))) => match decode_marks(start, &marks) {
                Ok(decoded) => {
                    self.year.first_day.get_or_insert(start);
                    self.year.marks.extend(decoded);
                }
                Err(why) => self
                    .errors
                    .push((at, format!("AttendanceMarks from {start}: {why}"))),
            },
            (None, _) => self.errors.push((
                here,
                "AttendSessions without an AttendanceStartDate".to_owned(),
            )),
            (_, None) => self
                .errors
                .push((here, "AttendSessions without AttendanceMarks".to_owned())),
        }
    }

    /// Cross-checks the year just read and adds its marks to the pupil's;
    /// returns the mismatch, if any, with where the year starts.
    fn finish_year(&mut self) -> Option<(Position, String)> {
        let year = std::mem::take(&mut self.year);
        let differences = Totals::of(&year.marks).differences(&year.given);
        self.marks.extend(year.marks);
        if differences.is_empty() {
            return None;
        }
        let from = year
            .first_day
            .map_or(String::new(), |day| format!(" (marks from {day})"));
        let message = format!(
            "pupil {}: the totals of YearData{from} disagree with its AttendanceMarks: {}",
            self.named(),
            differences.join("; ")
        );
        Some((year.start, message))
    }
}
