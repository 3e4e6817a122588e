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
    /// `marks.csv`, sorted by pupil, date and session; each mark's `pupil`
    /// and `school` are indices into `pupils` and `schools`.
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
    /// A data set in history order, built from rows in any order, whose
    /// marks refer to pupils and schools by their positions in `pupils` and
    /// `schools` as given; exact duplicate marks and events are kept once.
    /// Does not validate (that is the readers' job): conflicting marks stay
    /// as given.
    pub fn new(
        schools: Vec<School>,
        pupils: Vec<Pupil>,
        mut marks: Vec<Mark>,
        mut events: Vec<Event>,
    ) -> DataSet {
        let (schools, school_at) = sorted_by_id(schools, |school| &school.id);
        let (pupils, pupil_at) = sorted_by_id(pupils, |pupil| &pupil.id);
        for mark in &mut marks {
            mark.school = school_at[mark.school as usize];
            mark.pupil = pupil_at[mark.pupil as usize];
        }
        marks.sort_by_key(|mark| (mark.pupil, mark.date, mark.session, mark.school, mark.code));
        marks.dedup();
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
            .binary_search_by(|school| (*school.id).cmp(id))
            .ok()
            .map(|index| &self.schools[index])
    }

    /// Every pupil's history, sorted by pupil id (pupils without marks or
    /// events included, with empty slices). Events of ids not in
    /// [`DataSet::pupils`] belong to no history.
    pub fn histories(&self) -> Vec<PupilHistory<'_>> {
        debug_assert!(
            self.marks.windows(2).all(|w| w[0].pupil <= w[1].pupil),
            "DataSet::marks out of history order"
        );
        let mut marks = self.marks.as_slice();
        let mut events = self.events.as_slice();
        self.pupils
            .iter()
            .zip(0..)
            .map(|(pupil, index)| {
                let end = marks.partition_point(|mark| mark.pupil <= index);
                let (own, rest) = marks.split_at(end);
                marks = rest;
                let start = events.partition_point(|event| event.pupil < pupil.id);
                let end = start + events[start..].partition_point(|event| event.pupil == pupil.id);
                let own_events = &events[start..end];
                events = &events[end..];
                PupilHistory {
                    pupil,
                    marks: own,
                    events: own_events,
                }
            })
            .collect()
    }

    /// The history of pupil `id`, if they are in the data set.
    pub fn history(&self, id: &str) -> Option<PupilHistory<'_>> {
        let index = self
            .pupils
            .binary_search_by(|pupil| pupil.id.as_str().cmp(id))
            .ok()?;
        let marks = &self.marks;
        let start = marks.partition_point(|mark| (mark.pupil as usize) < index);
        let end = marks.partition_point(|mark| (mark.pupil as usize) <= index);
        let start_event = self
            .events
            .partition_point(|event| event.pupil.as_str() < id);
        let end_event = self
            .events
            .partition_point(|event| event.pupil.as_str() <= id);
        Some(PupilHistory {
            pupil: &self.pupils[index],
            marks: &marks[start..end],
            events: &self.events[start_event..end_event],
        })
    }
}

/// `rows` sorted by id, and where each given row went.
fn sorted_by_id<T>(rows: Vec<T>, id: impl Fn(&T) -> &str) -> (Vec<T>, Vec<u32>) {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| id(&rows[a]).cmp(id(&rows[b])));
    let mut moved_to = vec![0; rows.len()];
    for (new, &old) in order.iter().enumerate() {
        moved_to[old] = new as u32;
    }
    let mut slots: Vec<Option<T>> = rows.into_iter().map(Some).collect();
    let sorted = order.iter().filter_map(|&old| slots[old].take()).collect();
    (sorted, moved_to)
}
