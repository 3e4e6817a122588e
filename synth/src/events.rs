//! The events around a pupil's marks (`events.csv`): earlier penalty
//! notices, some withdrawn, and now and then the close of the prosecution
//! one led to; exclusions (some begun in the afternoon) with the odd
//! public-place sighting; truancy sweeps; Notices to Improve in North
//! Northamptonshire; and moves from an authority whose records cannot be
//! established.

use super::geography::Phase;
use super::rng::Rng;
use super::rows::EventRow;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rollcall_data::model::{EventKind, Session};

/// Chance, per academic year, that a pupil is suspended.
fn suspension_chance(phase: Phase, chronic: bool) -> f64 {
    let base = match phase {
        Phase::Primary => 0.005,
        Phase::Secondary => 0.03,
    };
    if chronic {
        3.0 * base
    } else {
        base
    }
}

/// Penalty notices issued to a chronic absentee's parents in the three
/// years before the cohort begins, by their authority or another; some
/// later withdrawn.
pub fn earlier_notices<'a>(
    rng: &mut Rng,
    parents: &'a [String],
    before: NaiveDate,
    authorities: [&'a str; 2],
    events: &mut Vec<EventRow<'a>>,
) {
    if !rng.chance(0.15) {
        return;
    }
    for _ in 0..1 + usize::from(rng.chance(0.25)) {
        let issued = weekday_on_or_before(before - Days::new(rng.between(14, 3 * 365)));
        let authority = authorities[usize::from(rng.chance(0.2))];
        let all_parents = rng.chance(0.7);
        let withdrawn = rng
            .chance(0.1)
            .then(|| issued + Days::new(rng.between(7, 60)));
        for parent in parents
            .iter()
            .take(if all_parents { parents.len() } else { 1 })
        {
            events.push(EventRow {
                start: issued,
                kind: EventKind::PenaltyNotice,
                parent,
                end: withdrawn,
                detail: authority,
                start_session: None,
            });
        }
    }
}

/// The events of a move on `date` from `old_authority` into another one:
/// sometimes the new authority cannot establish earlier notices, and
/// sometimes the old authority issued a notice before the move.
pub fn move_between_authorities<'a>(
    rng: &mut Rng,
    parents: &'a [String],
    date: NaiveDate,
    old_authority: &'a str,
    events: &mut Vec<EventRow<'a>>,
) {
    if rng.chance(0.35) {
        events.push(single(
            date,
            EventKind::PreviousAuthorityUnknown,
            "moved from another authority",
        ));
    }
    if let (true, Some(parent)) = (rng.chance(0.15), parents.first()) {
        events.push(EventRow {
            start: weekday_on_or_before(date - Days::new(rng.between(10, 60))),
            kind: EventKind::PenaltyNotice,
            parent,
            end: None,
            detail: old_authority,
            start_session: None,
        });
    }
}

/// A truancy sweep that stopped the pupil on `date`.
pub fn truancy_sweep(date: NaiveDate) -> EventRow<'static> {
    single(
        date,
        EventKind::TruancySweep,
        "stopped in a town centre during school hours",
    )
}

/// A Notice to Improve issued on `date`, to one parent or (blank) to all,
/// sometimes extended to six weeks.
pub fn notice_to_improve<'a>(
    rng: &mut Rng,
    parents: &'a [String],
    date: NaiveDate,
) -> EventRow<'a> {
    EventRow {
        start: date,
        kind: EventKind::NoticeToImprove,
        parent: match parents.first() {
            Some(parent) if rng.chance(0.4) => parent,
            _ => "",
        },
        end: rng.chance(0.3).then(|| date + Days::new(41)),
        detail: "",
        start_session: None,
    }
}

/// A planned suspension: it begins on the pupil's `first_day`-th ordinary
/// school day of the year and lasts `days` school days; the pupil may be
/// seen in a public place on its `seen_on`-th day (counting from 0).
#[derive(Clone, Debug)]
pub struct Suspension {
    first_day: u32,
    days: u32,
    seen_on: Option<u32>,
    served: u32,
    dates: Option<(NaiveDate, NaiveDate)>,
}

impl Suspension {
    /// A suspension for some pupils of `phase` this year (more often for
    /// chronic absentees); usually the sighting, if any, is in its first
    /// five days, now and then later.
    pub fn draw(rng: &mut Rng, phase: Phase, chronic: bool) -> Option<Suspension> {
        if !rng.chance(suspension_chance(phase, chronic)) {
            return None;
        }
        let days = [1, 2, 3, 4, 5, 7, 10][rng.weighted(&[40, 20, 15, 5, 15, 3, 2])];
        let seen_on = if rng.chance(0.15) {
            Some(rng.below(u64::from(days.min(5))) as u32)
        } else if days > 5 && rng.chance(0.3) {
            Some(rng.between(5, u64::from(days) - 1) as u32)
        } else {
            None
        };
        Some(Suspension {
            first_day: rng.between(5, 170) as u32,
            days,
            seen_on,
            served: 0,
            dates: None,
        })
    }

    /// Whether the pupil is excluded on ordinary school day `day_number`
    /// (`date`); records the sighting in `events`.
    pub fn covers(
        &mut self,
        day_number: u32,
        date: NaiveDate,
        events: &mut Vec<EventRow<'_>>,
    ) -> bool {
        if day_number < self.first_day || self.served >= self.days {
            return false;
        }
        if self.seen_on == Some(self.served) {
            events.push(single(
                date,
                EventKind::PublicPlace,
                "seen in a shopping centre during school hours",
            ));
        }
        self.served += 1;
        self.dates = Some((self.dates.map_or(date, |(first, _)| first), date));
        if self.served == self.days {
            self.finish(events);
        }
        true
    }

    /// Ends the suspension (at its last day, or when the pupil leaves the
    /// school): its `exclusion` event, if it began.
    pub fn finish(&mut self, events: &mut Vec<EventRow<'_>>) {
        if let Some((first, last)) = self.dates.take() {
            events.push(EventRow {
                start: first,
                kind: EventKind::Exclusion,
                parent: "",
                end: Some(last),
                detail: "suspension",
                start_session: None,
            });
            self.served = self.days;
        }
    }
}

/// Share of exclusions that begin once the afternoon session has begun.
const AFTERNOON_START_CHANCE: f64 = 0.2;

/// Chance that a pupil's last earlier penalty notice (not withdrawn) led to
/// a prosecution whose case has since closed.
const CLOSED_CASE_CHANCE: f64 = 0.3;

/// Details of a pupil's `events`, drawn from their own stream once the
/// history is done (so that no other draw moves): the session each
/// exclusion began in (the afternoon for about one in five; otherwise left
/// out), and for some pupils whose last penalty notice before `before`
/// (the cohort's first day) was not withdrawn, the close of the
/// prosecution it led to, to the same parent, three months to a year or so
/// later.
pub fn event_details(rng: &mut Rng, before: NaiveDate, events: &mut Vec<EventRow<'_>>) {
    for exclusion in events
        .iter_mut()
        .filter(|event| event.kind == EventKind::Exclusion)
    {
        exclusion.start_session = rng.chance(AFTERNOON_START_CHANCE).then_some(Session::Pm);
    }
    let last_notice = events
        .iter()
        .filter(|event| {
            event.kind == EventKind::PenaltyNotice && event.end.is_none() && event.start < before
        })
        .max_by_key(|notice| notice.start)
        .map(|notice| (notice.start, notice.parent));
    let Some((issued, parent)) = last_notice else {
        return;
    };
    if !rng.chance(CLOSED_CASE_CHANCE) {
        return;
    }
    let closed = weekday_on_or_before(issued + Days::new(rng.between(90, 400)));
    let outcome = ["convicted", "withdrawn", "not guilty"][rng.weighted(&[6, 3, 1])];
    events.push(EventRow {
        start: closed,
        kind: EventKind::CaseClosed,
        parent,
        end: None,
        detail: outcome,
        start_session: None,
    });
}

/// An event on one day that names no parent.
fn single(date: NaiveDate, kind: EventKind, detail: &'static str) -> EventRow<'static> {
    EventRow {
        start: date,
        kind,
        parent: "",
        end: None,
        detail,
        start_session: None,
    }
}

fn weekday_on_or_before(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - Days::new(1),
        Weekday::Sun => date - Days::new(2),
        _ => date,
    }
}
