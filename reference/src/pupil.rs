//! One pupil, day by day: on every school day, every rule of the version in
//! force, in order, evaluated from scratch; a firing's decisions, one per
//! parent for notices and prosecutions; consumed evidence.

use crate::calendar::{compulsory_start, same_period, school_days, school_weeks};
use crate::measure::{latest, Today};
use crate::notices::{next_notice, Issued, Notice};
use crate::preconditions;
use crate::Unsupported;
use chrono::NaiveDate;
use rollcall_data::model::{Event, Mark, School};
use rollcall_data::read::PupilHistory;
use rollcall_ir::graph::{Action, LimitWhom, Repeat, UnknownPrevious};
use rollcall_ir::view::{Limit, Shared};
use rollcall_ir::view::{PolicyView, PreconditionView};
use rollcall_runtime::decision::{Decision, Evidence};
use std::collections::{BTreeMap, BTreeSet};

/// The decisions for one pupil under `policy`, in date order.
pub fn evaluate_pupil(
    policy: &PolicyView,
    schools: &[School],
    history: &PupilHistory,
) -> Result<Vec<Decision>, Unsupported> {
    let marks = history.marks;
    let days = school_days(marks);
    let pupil = Pupil {
        marks,
        weeks: school_weeks(&days),
        days: &days,
        compulsory_from: compulsory_start(history.pupil.date_of_birth),
        events: history.events,
        parents: &history.pupil.parents,
    };
    let mut consumed = BTreeSet::new();
    let mut issued: Vec<Issued> = Vec::new();
    let mut decisions = Vec::new();
    // Per rule name: whether it held on the last school day, both when it
    // was evaluated and at the end of the day (after every firing of that
    // day), and the days it fired.
    let mut held: BTreeMap<String, bool> = BTreeMap::new();
    let mut fired: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
    // Per once-per-event rule, the events it has decided on.
    let mut decided: Vec<(String, &Event)> = Vec::new();
    // Per shared limit, the decisions counted: for the pupil (`None`) or a
    // parent, and on which day.
    let mut counted: BTreeMap<String, Vec<(Option<String>, NaiveDate)>> = BTreeMap::new();
    for &date in &days {
        let Some(version) = policy.versions.iter().find(|version| {
            version.version.from.is_none_or(|from| from <= date)
                && version.version.until.is_none_or(|until| date <= until)
        }) else {
            continue;
        };
        let escalation = &version.escalation;
        if escalation.case_open.is_some() || escalation.notice_open.is_some() {
            return Err(Unsupported("open cases and open notices".into()));
        }
        if escalation.unknown_previous != UnknownPrevious::AssumeNone {
            return Err(Unsupported(
                "a previous authority that cannot say (other than assume none)".into(),
            ));
        }
        let label = version.label(&policy.policy().id);
        let school = marks
            .iter()
            .find(|mark| mark.date == date && mark.code.is_possible())
            .map(|mark| &schools[mark.school as usize])
            .expect("a school day has a possible mark");
        for rule in &version.rules {
            let meaning = &rule.meaning;
            if meaning.episode.is_some() {
                return Err(Unsupported("episodes".into()));
            }
            let (holds, mut evidence) = pupil
                .on(date, &consumed, &fired)
                .holds(&meaning.condition)?;
            // A rule holds only when some parent meets its preconditions.
            let holds = holds && pupil.gates_open(&meaning.preconditions, date);
            let name = rule.rule.name.clone();
            let before = held.get(&name).copied().unwrap_or(false);
            held.insert(name.clone(), holds);
            let earlier = fired.get(&name).map_or(&[][..], Vec::as_slice);
            // A once-per-event rule decides on the latest event of its kind,
            // once for each, whether or not it held the day before.
            let trigger = match meaning.repeat {
                Repeat::OncePerEvent(kind) => latest(history.events, kind, date),
                _ => None,
            };
            let edge = holds && !before;
            let allowed = match meaning.repeat {
                Repeat::Unlimited => edge,
                Repeat::OncePerEvent(_) => {
                    holds && trigger.is_some_and(|event| !decided.contains(&(name.clone(), event)))
                }
                Repeat::Once => edge && earlier.is_empty(),
                Repeat::OncePer(period) => {
                    edge && earlier
                        .iter()
                        .all(|day| !same_period(&pupil.weeks, *day, date, period))
                }
            };
            let barred = limited(
                &meaning.limits,
                &counted,
                date,
                &history.pupil.parents,
                &pupil.weeks,
            );
            if allowed && barred.is_none() {
                // A once-per-event rule that a shared limit stops has
                // decided on its event.
                if let Some(event) = trigger {
                    decided.push((name.clone(), event));
                }
            }
            if let (true, Some(barred)) = (allowed, barred) {
                if let Some(event) = trigger {
                    decided.push((name.clone(), event));
                }
                // The first alternative whose condition also holds decides
                // instead, on its evidence as well.
                let mut actions: Vec<&Action> = meaning.actions().map(|a| &**a).collect();
                for alternative in &meaning.instead {
                    let (also, more) =
                        pupil.on(date, &consumed, &fired).holds(&alternative.when)?;
                    if also {
                        evidence.extend(more);
                        actions = alternative.actions().map(|a| &**a).collect();
                        break;
                    }
                }
                evidence.sort();
                evidence.dedup();
                // Each action its own decisions, in the order written.
                let mut found = Vec::new();
                for action in actions {
                    found.extend(fire(FireContext {
                        rule: &name,
                        date,
                        action,
                        label: &label,
                        school,
                        history,
                        schools,
                        evidence: &evidence,
                        trigger,
                        escalation: &version.escalation,
                        issued: &mut issued,
                        compulsory: date >= pupil.compulsory_from,
                        barred: &barred,
                        preconditions: &meaning.preconditions,
                    }));
                }
                fired.entry(name.clone()).or_default().push(date);
                count(&meaning.limits, &mut counted, date, &found);
                let consumes = found.iter().any(|decision| {
                    decision.action == "penalty_notice" || decision.action == "prosecution"
                });
                if consumes {
                    consumed.extend(evidence.iter().copied());
                }
                decisions.extend(found);
            }
        }
        // A rule that held stops holding if it no longer does at the end
        // of the day, once every rule has consumed its evidence (one that
        // did not hold when evaluated has not held, whatever a later
        // firing made of its condition).
        for rule in &version.rules {
            if !held.get(&rule.rule.name).copied().unwrap_or(false) {
                continue;
            }
            let after = pupil
                .on(date, &consumed, &fired)
                .holds(&rule.meaning.condition)?
                .0
                && pupil.gates_open(&rule.meaning.preconditions, date);
            held.insert(rule.rule.name.clone(), after);
        }
    }
    Ok(decisions)
}

/// What a day's measures read of one pupil: all but the day and the
/// evidence consumed so far.
struct Pupil<'a> {
    marks: &'a [Mark],
    days: &'a [NaiveDate],
    weeks: Vec<NaiveDate>,
    compulsory_from: NaiveDate,
    events: &'a [Event],
    parents: &'a [String],
}

impl Pupil<'_> {
    /// The measures on `date`, with `consumed` taken.
    fn on<'b>(
        &'b self,
        date: NaiveDate,
        consumed: &'b BTreeSet<usize>,
        fired: &'b BTreeMap<String, Vec<NaiveDate>>,
    ) -> Today<'b> {
        Today {
            date,
            marks: self.marks,
            days: self.days,
            weeks: &self.weeks,
            consumed,
            compulsory_from: self.compulsory_from,
            events: self.events,
            fired,
        }
    }

    /// Whether a rule with `preconditions` may hold on `date`.
    fn gates_open(&self, preconditions: &[PreconditionView], date: NaiveDate) -> bool {
        preconditions::open(preconditions, self.events, date, self.parents)
    }
}

/// Everything a firing needs.
struct FireContext<'a> {
    rule: &'a str,
    date: NaiveDate,
    action: &'a Action,
    label: &'a str,
    school: &'a School,
    history: &'a PupilHistory<'a>,
    schools: &'a [School],
    evidence: &'a [usize],
    trigger: Option<&'a Event>,
    escalation: &'a rollcall_ir::view::EscalationView<'a>,
    issued: &'a mut Vec<Issued>,
    compulsory: bool,
    /// Parents a shared limit bars from the rule's decisions.
    barred: &'a [String],
    /// The rule's preconditions: a parent who does not meet them is
    /// decided nothing for.
    preconditions: &'a [PreconditionView],
}

/// The decisions of one firing.
fn fire(context: FireContext) -> Vec<Decision> {
    let mut evidence: Vec<Evidence> = context
        .evidence
        .iter()
        .map(|&index| {
            let mark = &context.history.marks[index];
            Evidence::Session {
                date: mark.date,
                session: mark.session,
                code: mark.code,
                school: context.schools[mark.school as usize].id.clone(),
            }
        })
        .collect();
    evidence.extend(context.trigger.map(|event| Evidence::Event {
        date: event.start,
        event: event.kind,
        end: event.end,
    }));
    evidence.sort();
    let decision = |parent: Option<&str>, action: &Action, number, payments| Decision {
        pupil: context.history.pupil.id.clone(),
        parent: parent.map(str::to_string),
        date: context.date,
        action: action.name().to_string(),
        label: action.label().map(str::to_string),
        rule: context.rule.to_string(),
        authority: context.school.authority.clone(),
        policy: context.label.to_string(),
        notice_number: number,
        payments,
        reason: String::new(),
        evidence: evidence.clone(),
    };
    let per_parent = matches!(
        context.action,
        Action::PenaltyNotice | Action::ExclusionNotice | Action::Prosecution
    );
    if !per_parent {
        return vec![decision(None, context.action, None, Vec::new())];
    }
    if !context.compulsory {
        return Vec::new();
    }
    let mut decisions = Vec::new();
    // An event that names a parent is decided on for that parent only.
    let addressed = context.trigger.and_then(|event| event.parent.as_deref());
    for parent in context
        .history
        .pupil
        .parents
        .iter()
        .filter(|parent| addressed.is_none_or(|addressed| addressed == parent.as_str()))
        .filter(|parent| !context.barred.contains(parent))
        .filter(|parent| {
            preconditions::meets(
                context.preconditions,
                context.history.events,
                context.date,
                Some(parent),
            )
        })
    {
        decisions.push(match context.action {
            Action::PenaltyNotice => match next_notice(
                context.escalation,
                context.date,
                parent,
                &context.school.authority,
                context.history.events,
                context.issued,
            ) {
                Notice::Numbered(number, payments) => {
                    context.issued.push(Issued {
                        parent: parent.clone(),
                        date: context.date,
                    });
                    decision(Some(parent), &Action::PenaltyNotice, Some(number), payments)
                }
                Notice::Instead(action) => decision(Some(parent), &action, None, Vec::new()),
            },
            Action::ExclusionNotice => decision(
                Some(parent),
                context.action,
                None,
                context.escalation.exclusion_payments.to_vec(),
            ),
            other => decision(Some(parent), other, None, Vec::new()),
        });
    }
    decisions
}

/// Whether a rule naming `limits` may decide on `date`: `None` if a
/// limit stops it (the pupil's count reached, or every parent's), else the
/// parents a per-parent limit bars. Decisions are counted in the period
/// of `date` in the pupil's calendar (`weeks`: their school weeks).
fn limited(
    limits: &[Shared<Limit>],
    counted: &BTreeMap<String, Vec<(Option<String>, NaiveDate)>>,
    date: NaiveDate,
    parents: &[String],
    weeks: &[NaiveDate],
) -> Option<Vec<String>> {
    let mut barred = Vec::new();
    for limit in limits {
        let count = |whom: Option<&str>| {
            counted.get(&limit.name).map_or(0, |decisions| {
                decisions
                    .iter()
                    .filter(|(counted, day)| {
                        counted.as_deref() == whom && same_period(weeks, *day, date, limit.per)
                    })
                    .count()
            })
        };
        let reached = |whom: Option<&str>| count(whom) >= limit.at_most as usize;
        match limit.whom {
            LimitWhom::Pupil if reached(None) => return None,
            LimitWhom::Pupil => {}
            LimitWhom::Parent => {
                let at_limit: Vec<String> = parents
                    .iter()
                    .filter(|parent| reached(Some(parent)))
                    .cloned()
                    .collect();
                if !parents.is_empty() && at_limit.len() == parents.len() {
                    return None;
                }
                barred.extend(at_limit);
            }
        }
    }
    Some(barred)
}

/// Counts the decisions `found` of one firing on `date` against `limits`:
/// once for the pupil if there are any, once for each parent with one.
fn count(
    limits: &[Shared<Limit>],
    counted: &mut BTreeMap<String, Vec<(Option<String>, NaiveDate)>>,
    date: NaiveDate,
    found: &[Decision],
) {
    for limit in limits {
        let decisions = counted.entry(limit.name.clone()).or_default();
        match limit.whom {
            LimitWhom::Pupil if !found.is_empty() => decisions.push((None, date)),
            LimitWhom::Pupil => {}
            LimitWhom::Parent => {
                let parents: BTreeSet<&String> =
                    found.iter().filter_map(|d| d.parent.as_ref()).collect();
                decisions.extend(parents.into_iter().map(|p| (Some(p.clone()), date)));
            }
        }
    }
}
