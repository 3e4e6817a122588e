//! A whole data directory in memory, and its per-pupil view.

use crate::model::{Event, Mark, Pupil, School};

/// Everything in a data directory, kept in history order: schools and
/// pupils sorted by id, marks pupil by pupil (each pupil's by date and
/// session), events by (pupil, start, kind, parent).
///
/// [`read_data_dir`](super::read_data_dir), [`DataSet::new`] and
/// [`DataSet::push_pupil`] establish this order, and keep where each
/// pupil's marks end; [`DataSet::histories`] relies on both, so code that
/// edits the fields must keep them (adding pupils with
/// [`DataSet::push_pupil`], or rebuilding with [`DataSet::new`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataSet {
    /// `schools.csv`, sorted by id.
    pub schools: Vec<School>,
    /// `pupils.csv`, sorted by id.
    pub pupils: Vec<Pupil>,
    /// `marks.csv`, pupil by pupil in the order of `pupils`, each pupil's
    /// sorted by date and session; each mark's `school` is an index into
    /// `schools`.
    pub marks: Vec<Mark>,
    /// Where each pupil's marks end in `marks`, index for index with
    /// `pupils`: pupil `i`'s are `marks[mark_ends[i - 1]..mark_ends[i]]`
    /// (from 0 for the first).
    mark_ends: Vec<usize>,
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
    /// A data set in history order, built from rows in any order: each
    /// mark comes with its pupil's position in `pupils` as given, and
    /// refers to its school by its position in `schools` as given; exact
    /// duplicate marks and events are kept once. Does not validate (that is
    /// the readers' job): conflicting marks stay as given.
    pub fn new(
        schools: Vec<School>,
        pupils: Vec<Pupil>,
        mut marks: Vec<(u32, Mark)>,
        mut events: Vec<Event>,
    ) -> DataSet {
        let (schools, school_at) = sorted_by_id(schools, |school| &school.id);
        let (pupils, pupil_at) = sorted_by_id(pupils, |pupil| &pupil.id);
        for (pupil, mark) in &mut marks {
            mark.school = school_at[mark.school as usize];
            *pupil = pupil_at[*pupil as usize];
        }
        marks
            .sort_by_key(|&(pupil, mark)| (pupil, mark.date, mark.session, mark.school, mark.code));
        marks.dedup();
        let mut mark_ends = Vec::with_capacity(pupils.len());
        for index in 0..pupils.len() as u32 {
            let done = mark_ends.last().copied().unwrap_or(0);
            let own = marks[done..].partition_point(|&(pupil, _)| pupil <= index);
            mark_ends.push(done + own);
        }
        let marks = marks.into_iter().map(|(_, mark)| mark).collect();
        events.sort_by(|a, b| {
            (&a.pupil, a.start, a.kind, &a.parent, a.end, &a.detail)
                .cmp(&(&b.pupil, b.start, b.kind, &b.parent, b.end, &b.detail))
        });
        events.dedup();
        DataSet {
            schools,
            pupils,
            marks,
            mark_ends,
            events,
        }
    }

    /// Adds `pupil`, who comes after every pupil so far in id order, with
    /// their `marks` (in date and session order) and `events` (in history
    /// order).
    pub fn push_pupil(&mut self, pupil: Pupil, marks: &[Mark], events: &mut Vec<Event>) {
        // Pupils pushed onto `pupils` by hand have no marks.
        let done = self.mark_ends.last().copied().unwrap_or(0);
        self.mark_ends.resize(self.pupils.len(), done);
        self.pupils.push(pupil);
        self.marks.extend_from_slice(marks);
        self.mark_ends.push(self.marks.len());
        self.events.append(events);
    }

    /// The marks of the pupil at `index` in [`DataSet::pupils`]: none for
    /// a pupil pushed onto `pupils` by hand rather than by
    /// [`DataSet::push_pupil`], or when `marks` was cut short.
    fn marks_of(&self, index: usize) -> &[Mark] {
        let end_of = |index: usize| self.mark_ends.get(index).copied();
        let start = index.checked_sub(1).map_or(Some(0), end_of);
        let own = start.zip(end_of(index));
        own.and_then(|(start, end)| self.marks.get(start..end))
            .unwrap_or_default()
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
        let mut events = self.events.as_slice();
        (0..self.pupils.len())
            .map(|index| {
                let pupil = &self.pupils[index];
                let start = events.partition_point(|event| event.pupil < pupil.id);
                let end = start + events[start..].partition_point(|event| event.pupil == pupil.id);
                let own_events = &events[start..end];
                events = &events[end..];
                PupilHistory {
                    pupil,
                    marks: self.marks_of(index),
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
        let start_event = self
            .events
            .partition_point(|event| event.pupil.as_str() < id);
        let end_event = self
            .events
            .partition_point(|event| event.pupil.as_str() <= id);
        Some(PupilHistory {
            pupil: &self.pupils[index],
            marks: self.marks_of(index),
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
