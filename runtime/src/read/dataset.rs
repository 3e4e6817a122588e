//! A whole data directory in memory, and its per-pupil view.

use crate::model::{Event, Mark, Pupil, School};

/// Everything in a data directory, kept in history order: schools and
/// pupils sorted by id, marks by (pupil, date, session), events by
/// (pupil, start, kind, parent).
///
/// [`read_data_dir`](super::read_data_dir) and [`DataSet::new`] establish
/// this order; [`DataSet::histories`] relies on it, so code that edits the
/// fields must keep it (or rebuild with [`DataSet::new`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataSet {
    /// `schools.csv`, sorted by id.
    pub schools: Vec<School>,
    /// `pupils.csv`, sorted by id.
    pub pupils: Vec<Pupil>,
    /// `marks.csv`, sorted by pupil, date and session.
    pub marks: Vec<Mark>,
    /// `events.csv`, sorted by pupil, start, kind and parent.
    pub events: Vec<Event>,
}

/// One pupil's marks and events, in date order: what evaluation streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PupilHistory<'a> {
    /// The pupil.
    pub pupil: &'a Pupil,
    /// Their marks, sorted by date then session (AM before PM).
    pub marks: &'a [Mark],
    /// Their events, sorted by start, kind, then parent.
    pub events: &'a [Event],
}

impl DataSet {
    /// A data set in history order, built from rows in any order; exact
    /// duplicate marks and events are kept once. Does not validate (that is
    /// the readers' job): conflicting marks stay as given.
    pub fn new(
        schools: Vec<School>,
        pupils: Vec<Pupil>,
        mut marks: Vec<Mark>,
        events: Vec<Event>,
    ) -> DataSet {
        marks.sort_by(|a, b| {
            (&a.pupil, a.date, a.session, &a.school, a.code)
                .cmp(&(&b.pupil, b.date, b.session, &b.school, b.code))
        });
        marks.dedup();
        DataSet::with_marks_in_order(schools, pupils, marks, events)
    }

    /// As [`DataSet::new`], for marks already sorted and without duplicates
    /// (as the marks reader leaves them).
    pub(crate) fn with_marks_in_order(
        mut schools: Vec<School>,
        mut pupils: Vec<Pupil>,
        marks: Vec<Mark>,
        mut events: Vec<Event>,
    ) -> DataSet {
        schools.sort_by(|a, b| a.id.cmp(&b.id));
        pupils.sort_by(|a, b| a.id.cmp(&b.id));
        events.sort_by(|a, b| {
            (&a.pupil, a.start, a.kind, &a.parent, a.end, &a.detail)
                .cmp(&(&b.pupil, b.start, b.kind, &b.parent, b.end, &b.detail))
        });
        events.dedup();
        DataSet {
            schools,
            pupils,
            marks,
            events,
        }
    }

    /// The school with this id.
    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools
            .binary_search_by(|school| school.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.schools[index])
    }

    /// Every pupil's history, sorted by pupil id (pupils without marks or
    /// events included, with empty slices). Marks and events of ids not in
    /// [`DataSet::pupils`] belong to no history.
    pub fn histories(&self) -> Vec<PupilHistory<'_>> {
        debug_assert!(
            self.marks.windows(2).all(|w| w[0].pupil <= w[1].pupil),
            "DataSet::marks out of history order"
        );
        debug_assert!(
            self.events.windows(2).all(|w| w[0].pupil <= w[1].pupil),
            "DataSet::events out of history order"
        );
        let mut marks = self.marks.as_slice();
        let mut events = self.events.as_slice();
        self.pupils
            .iter()
            .map(|pupil| PupilHistory {
                pupil,
                marks: take_pupil(&mut marks, pupil, |mark| &mark.pupil),
                events: take_pupil(&mut events, pupil, |event| &event.pupil),
            })
            .collect()
    }
}

/// Splits `pupil`'s rows off the front of `rows` (sorted by pupil id),
/// dropping any rows of smaller ids before them.
fn take_pupil<'a, T>(
    rows: &mut &'a [T],
    pupil: &Pupil,
    pupil_of: impl Fn(&T) -> &String,
) -> &'a [T] {
    let start = rows.partition_point(|row| *pupil_of(row) < pupil.id);
    let end = start + rows[start..].partition_point(|row| *pupil_of(row) == pupil.id);
    let (taken, rest) = (&rows[start..end], &rows[end..]);
    *rows = rest;
    taken
}
