//! Random policies (as text, from the grammar) and random histories.

use super::rng::Rng;
use super::{d, Case};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rollcall_data::model::{Event, EventKind, Mark, Pupil, School, Session};
use rollcall_ir::codes::Code;

/// Codes a generated history uses: attendance, authorised and unauthorised
/// absence.
const CODES: &[&str] = &["/", "\\", "L", "B", "C", "E", "I", "M", "G", "N", "O", "U"];

/// Codes of sessions that are not possible.
const NOT_POSSIBLE: &[&str] = &["X", "Y1", "Y2", "Z", "#"];

/// Holidays (inclusive) of the generated school years.
const HOLIDAYS: &[(&str, &str)] = &[
    ("2024-10-26", "2024-11-03"),
    ("2024-12-21", "2025-01-05"),
    ("2025-02-15", "2025-02-23"),
    ("2025-04-05", "2025-04-21"),
    ("2025-05-24", "2025-06-01"),
    ("2025-07-19", "2025-08-31"),
    ("2025-10-25", "2025-11-02"),
    ("2025-12-20", "2026-01-04"),
];

/// The kinds of event a generated policy may declare, with what they are.
const DECLARED: [&str; 2] = ["warning_letter", "attendance_contract"];

/// A random case from `seed`.
pub fn case(seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    // Declared kinds of event that rules' preconditions read.
    let declared = rng.chance(35);
    // Exclusions and public place sightings, and a rule on them.
    let sightings = rng.chance(25);
    let policy = policy(&mut rng, declared, sightings);
    // The second school in the same authority or another.
    let second = if rng.chance(30) { "bedford" } else { "luton" };
    // An authority policy inheriting from the national one, from a stream
    // of its own so that the rest of the case is as the seed always gave:
    // then every school is in that authority.
    let mut inheriting = Rng::new(seed ^ 0x5eed_c41d);
    let child = inheriting
        .chance(25)
        .then(|| child(&mut inheriting, &policy));
    let second = if child.is_some() { "luton" } else { second };
    let schools = vec![school("s1", "luton"), school("s2", second)];
    let mut pupils = Vec::new();
    let mut marks = Vec::new();
    let mut events = Vec::new();
    for index in 0..rng.range(1, 4) {
        let id = format!("p{index}");
        let parents: Vec<String> = (0..rng.range(0, 3))
            .map(|n| format!("{id}-parent{n}"))
            .collect();
        // Most under compulsory school age or in primary school; some
        // turning 16 in 2024/25, whose compulsory school age ends.
        let born = if rng.chance(10) {
            d("2008-09-01") + Duration::days(i64::from(rng.range(0, 365)))
        } else {
            d("2016-01-01") + Duration::days(i64::from(rng.range(0, 5 * 365)))
        };
        for parent in &parents {
            if rng.chance(25) {
                events.push(earlier_notice(&mut rng, &id, parent));
            }
        }
        for _ in 0..rng.range(0, 3) {
            events.push(notice_to_improve(&mut rng, &id, &parents));
        }
        // Cases closed (a notice paid, a prosecution heard), for one
        // parent or all; a previous authority that cannot say.
        for _ in 0..rng.range(0, 2) {
            events.push(one_day_event(
                &mut rng,
                &id,
                &parents,
                EventKind::CaseClosed,
            ));
        }
        if rng.chance(10) {
            events.push(one_day_event(
                &mut rng,
                &id,
                &[],
                EventKind::PreviousAuthorityUnknown,
            ));
        }
        if sightings {
            for _ in 0..rng.range(0, 2) {
                events.extend(exclusion(&mut rng, &id, &parents));
            }
        }
        if declared {
            for _ in 0..rng.range(0, 3) {
                let kind = *rng.pick(&DECLARED);
                events.push(declared_event(&mut rng, &id, &parents, kind));
            }
        }
        pupils.push(Pupil {
            id: id.clone(),
            date_of_birth: born,
            parents,
        });
        marks.extend(history(&mut rng, index));
    }
    Case {
        policy,
        child,
        schools,
        pupils,
        marks,
        events,
    }
}

fn school(id: &str, authority: &str) -> School {
    School {
        id: id.into(),
        name: id.to_uppercase(),
        authority: authority.into(),
    }
}

fn earlier_notice(rng: &mut Rng, pupil: &str, parent: &str) -> Event {
    let start = d("2022-01-01") + Duration::days(i64::from(rng.range(0, 1200)));
    Event {
        pupil: pupil.into(),
        parent: Some(parent.into()),
        kind: EventKind::PenaltyNotice,
        start,
        end: rng
            .chance(20)
            .then(|| start + Duration::days(i64::from(rng.range(1, 60)))),
        detail: Some(if rng.chance(80) { "luton" } else { "bedford" }.into()),
        start_session: None,
    }
}

fn is_term_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        && !HOLIDAYS
            .iter()
            .any(|(from, to)| d(from) <= date && date <= d(to))
}

/// Marks from September 2024 for a few months to a year and a half, at one
/// school or moving to the other, with runs of absence.
fn history(rng: &mut Rng, pupil: u32) -> Vec<(u32, Mark)> {
    let start = d("2024-09-02") + Duration::days(i64::from(rng.range(0, 60)));
    let end = start + Duration::days(i64::from(rng.range(30, 500)));
    let moves = rng
        .chance(30)
        .then(|| start + Duration::days(i64::from(rng.range(0, 400))));
    let absent_rate = rng.range(2, 40);
    let mut marks = Vec::new();
    let mut code = Code::parse("/").expect("a code");
    let mut date = start;
    while date <= end {
        if is_term_day(date) {
            // A move takes effect in the morning or, some days, at lunch.
            let lunch = rng.chance(30);
            for session in [Session::Am, Session::Pm] {
                let school = u32::from(moves.is_some_and(|day| {
                    date > day || (date == day && (session == Session::Pm || !lunch))
                }));
                if rng.chance(absent_rate) {
                    code = Code::parse(rng.pick::<&str>(CODES)).expect("a code");
                } else if rng.chance(1) {
                    // Sessions that are not possible: a day of only these
                    // is no school day.
                    code = Code::parse(rng.pick::<&str>(NOT_POSSIBLE)).expect("a code");
                } else if rng.chance(30) {
                    code = Code::parse("/").expect("a code");
                }
                if rng.chance(2) {
                    continue;
                }
                marks.push((
                    pupil,
                    Mark {
                        school,
                        date,
                        session,
                        code,
                    },
                ));
            }
        }
        date += Duration::days(1);
    }
    marks
}

/// An authority policy (`luton`) extending the generated national one
/// `parent`: its first rule overridden with another condition and action,
/// perhaps its last removed (when no window anchors on it), perhaps a rule
/// of its own; in the parent's version, if it has one.
fn child(rng: &mut Rng, parent: &str) -> String {
    let mut text = String::from("authority luton \"Luton\"\n  extends generated\n");
    let version = parent
        .lines()
        .find(|line| line.starts_with("version from "));
    if let Some(line) = version {
        text.push_str(line);
        text.push('\n');
    }
    let sets = ["unauthorised", "{G}", "{N, U}", "{O}"];
    let anchors = ["notice_to_improve", "penalty_notice"].map(String::from);
    let g = Generated {
        sets: &sets,
        anchors: &anchors,
    };
    let actions = [
        "penalty_notice",
        "prosecution",
        "letter \"child\"",
        "manual_review \"child\"",
    ];
    text.push_str(&format!(
        "override rule r0 {{\n  doc \"d\"\n  source \"s\"\n  when {}\n  then {}\n}}\n",
        comparison(rng, &g),
        rng.pick(&actions)
    ));
    let rules = parent
        .lines()
        .filter(|line| line.starts_with("rule r"))
        .count();
    let last = rules.saturating_sub(1);
    let anchored = ["since", "after"]
        .iter()
        .any(|word| parent.contains(&format!("{word} r{last}")));
    if last > 0 && !anchored && rng.chance(50) {
        text.push_str(&format!("remove rule r{last}\n"));
    }
    if rng.chance(50) {
        text.push_str(&format!(
            "rule c0 {{\n  doc \"d\"\n  source \"s\"\n  when {}\n  then {}\n  at most once per {}\n}}\n",
            comparison(rng, &g),
            rng.pick(&actions),
            rng.pick(&PERIODS)
        ));
    }
    if version.is_some() {
        text.push_str("}\n");
    }
    text
}

/// A random national policy; with `declared`, it declares the kinds of
/// [`DECLARED`] and some rules have preconditions on them.
fn policy(rng: &mut Rng, declared: bool, sightings: bool) -> String {
    let mut text = String::from("national generated \"Generated\"\n");
    let versioned = rng.chance(50);
    if versioned && rng.chance(40) {
        let by = rng.pick(&["academic year", "absence date", "decision date"]);
        text.push_str(&format!("  versions chosen by {by}\n"));
    }
    if versioned {
        let from = *rng.pick(&["2023-09-01", "2024-08-19", "2024-11-04"]);
        text.push_str(&format!("version from {from} {{\n"));
    }
    let sets = [
        "unauthorised",
        "authorised",
        "{G}",
        "{N, U}",
        "unauthorised - {G}",
        "{G} + {C}",
        "{O}",
    ];
    if declared {
        for kind in DECLARED {
            text.push_str(&format!("event {kind} \"A {kind}\"\n  source \"s\"\n"));
        }
    }
    // A limit shared by the rules (the first always names it).
    let shared = rng.chance(30).then(|| rng.range(1, 3));
    if let Some(at_most) = shared {
        let per = rng.pick(&PERIODS);
        text.push_str(&format!(
            "limit shared = at most {at_most} times per {per} per pupil\n"
        ));
    }
    // What windows and `school weeks since` may be anchored on.
    let rules = rng.range(1, 3);
    let mut anchors: Vec<String> = (0..rules).map(|index| format!("r{index}")).collect();
    anchors.extend(["notice_to_improve", "penalty_notice"].map(String::from));
    if declared {
        anchors.extend(DECLARED.map(String::from));
    }
    let g = Generated {
        sets: &sets,
        anchors: &anchors,
    };
    for index in 0..rules {
        text.push_str(&format!(
            "rule r{index} {{\n  doc \"d\"\n  source \"s\"\n  when "
        ));
        let sighting = sightings && rng.chance(60);
        let improvement = !sighting && rng.chance(25);
        // An episode clause: decides at the end of each episode, or at
        // most once per episode.
        let episode = (!improvement && rng.chance(25)).then(|| {
            let set = *rng.pick(g.sets);
            let at_end = rng.chance(50);
            (set, at_end)
        });
        if sighting {
            text.push_str(&format!(
                "public_place in first {} school days of exclusion",
                rng.range(1, 5)
            ));
        } else if improvement {
            text.push_str(&format!(
                "count {} during notice_to_improve {} {} sessions",
                rng.pick(g.sets),
                rng.pick(&[">=", ">"]),
                rng.range(1, 12)
            ));
        } else if rng.chance(20) {
            text.push_str(&run(rng, g.sets));
        } else {
            text.push_str(&comparison(rng, &g));
        }
        if rng.chance(25) {
            text.push_str(if rng.chance(50) { " and " } else { " or " });
            text.push_str(&comparison(rng, &g));
        }
        let action = match rng.range(0, 7) {
            _ if sighting && rng.chance(60) => "exclusion_notice".to_string(),
            0 => "prosecution".to_string(),
            1 => format!("letter \"l{index}\""),
            2 => format!("letter \"l{index}\" and penalty_notice"),
            3 => format!("prosecution and meeting \"m{index}\""),
            _ => "penalty_notice".to_string(),
        };
        text.push_str(&format!("\n  then {action}\n"));
        if episode.is_some() && rng.chance(60) {
            let instead = *rng.pick(&["prosecution", "letter \"long\""]);
            text.push_str(&format!(
                "  instead {instead} when episode length > {} school days\n",
                rng.range(1, 12)
            ));
        }
        for _ in 0..rng.range(0, 2) {
            if rng.chance(40) {
                let instead = *rng.pick(&[
                    "prosecution",
                    "letter \"instead\"",
                    "penalty_notice",
                    "meeting \"instead\" and penalty_notice",
                ]);
                let when = if rng.chance(50) {
                    run(rng, g.sets)
                } else {
                    comparison(rng, &g)
                };
                text.push_str(&format!("  instead {instead} when {when}\n"));
            }
        }
        if declared && rng.chance(60) {
            text.push_str(&preconditions(rng));
        }
        if shared.is_some() && (index == 0 || rng.chance(60)) {
            text.push_str("  limited by shared\n");
        }
        match rng.range(0, 3) {
            _ if episode.is_some() => {
                if let Some((set, at_end)) = episode {
                    text.push_str(&if at_end {
                        format!("  decides at the end of each episode of {set} school days\n")
                    } else {
                        format!("  at most once per episode of {set} school days\n")
                    });
                }
            }
            _ if improvement && rng.chance(70) => {
                text.push_str("  at most once per notice_to_improve\n")
            }
            0 => text.push_str("  at most once\n"),
            1 => text.push_str(&format!("  at most once per {}\n", rng.pick(&PERIODS))),
            _ => {}
        }
        text.push_str("}\n");
    }
    text.push_str("penalty_notices {\n  notice 1 pays £80 within 21 days, £160 within 28 days\n");
    if rng.chance(60) {
        text.push_str("  notice 2 pays £160 within 28 days\n");
    }
    if rng.chance(70) {
        let (notices, years) = (rng.range(1, 3), rng.range(1, 3));
        text.push_str(&format!(
            "  limit {notices} notices within {years} years then prosecution\n"
        ));
    }
    if rng.chance(30) {
        text.push_str("  count notices issued from 2024-08-19\n");
    }
    if rng.chance(35) {
        let closed = if rng.chance(50) {
            " or until case_closed"
        } else {
            ""
        };
        text.push_str(&match rng.range(0, 3) {
            0 => format!("  case open for {} days{closed}\n", rng.range(10, 120)),
            1 => format!("  case open for 1 year{closed}\n"),
            2 => format!("  case open for 1 academic_year{closed}\n"),
            _ => "  case open until case_closed\n".to_string(),
        });
    }
    if rng.chance(35) {
        let closed = if rng.chance(50) {
            " or until case_closed"
        } else {
            ""
        };
        text.push_str(&format!("  notice open for its payment period{closed}\n"));
    }
    text.push_str("}\n");
    if rng.chance(30) {
        text.push_str(&format!(
            "notice_to_improve {{\n  lasts {} school weeks\n  extendable by 1 school weeks\n  at most 6 school weeks\n}}\n",
            rng.range(3, 5)
        ));
    } else if rng.chance(40) {
        text.push_str(&format!(
            "notice_to_improve {{\n  lasts {} school days\n  extendable by 5 school days\n  at most 30 school days\n}}\n",
            rng.range(15, 25)
        ));
    } else {
        text.push_str(&format!(
            "notice_to_improve {{\n  lasts {} weeks\n  extendable by 1 weeks\n  at most 6 weeks\n}}\n",
            rng.range(3, 5)
        ));
    }
    text.push_str("cross_border {\n  lead school authority\n");
    text.push_str(if rng.chance(50) {
        "  earlier notices from other authorities count\n"
    } else {
        "  earlier notices from other authorities are ignored\n"
    });
    text.push_str("  previous authority unknown assume none\n}\n");
    if versioned {
        text.push_str("}\n");
    }
    text
}

/// What a generated policy's conditions may name.
struct Generated<'a> {
    /// Code sets.
    sets: &'a [&'a str],
    /// Rules and event kinds to anchor on.
    anchors: &'a [String],
}

/// The periods of the school calendar.
const PERIODS: [&str; 3] = ["academic_year", "term", "half_term"];

fn comparison(rng: &mut Rng, g: &Generated) -> String {
    if rng.chance(8) {
        return format!(
            "school weeks since {} {} {} school weeks",
            rng.pick(g.anchors),
            rng.pick(&[">=", ">", "<"]),
            rng.range(0, 8)
        );
    }
    let sets = g.sets;
    let window = match rng.range(0, 10) {
        0 => format!("within {} school weeks", rng.range(1, 12)),
        1 => format!("within {} school days", rng.range(1, 30)),
        2 => format!("within {} months", rng.range(1, 12)),
        3 => {
            let from = d("2024-09-02") + Duration::days(i64::from(rng.range(0, 400)));
            let to = from + Duration::days(i64::from(rng.range(0, 120)));
            format!("from {from} to {to}")
        }
        4 => format!("within {} sessions", rng.range(1, 100)),
        5 => format!("this {}", rng.pick(&PERIODS)),
        6 => format!("this and previous {}", rng.pick(&PERIODS)),
        7 => format!("since {}", rng.pick(g.anchors)),
        8 => format!(
            "within {} school weeks after {}",
            rng.range(1, 8),
            rng.pick(g.anchors)
        ),
        _ => format!(
            "within {} school days after {}",
            rng.range(1, 25),
            rng.pick(g.anchors)
        ),
    };
    if rng.chance(15) {
        // A percentage over the same window.
        let percent = format!("{}.{}%", rng.range(5, 99), rng.range(0, 9));
        return if rng.chance(50) {
            let op = rng.pick(&["<", "<="]);
            format!("attendance {window} {op} {percent}")
        } else {
            let op = rng.pick(&[">=", ">", "<"]);
            format!("share {} {window} {op} {percent}", rng.pick(sets))
        };
    }
    if rng.chance(10) {
        // Separate episodes (whole school days in the set) over the window.
        let op = rng.pick(&[">=", ">", "<"]);
        let n = rng.range(1, 4);
        return format!("episodes of {} {window} {op} {n} episodes", rng.pick(sets));
    }
    let op = rng.pick(&[">=", ">"]);
    format!(
        "count {} {window} {op} {} sessions",
        rng.pick(sets),
        rng.range(1, 20)
    )
}

fn run(rng: &mut Rng, sets: &[&str]) -> String {
    let op = rng.pick(&[">=", ">"]);
    if rng.chance(50) {
        let n = rng.range(1, 12);
        format!(
            "consecutive {} school days {op} {n} school days",
            rng.pick(sets)
        )
    } else {
        let n = rng.range(1, 20);
        format!("consecutive {} sessions {op} {n} sessions", rng.pick(sets))
    }
}

/// An exclusion of one to ten days, begun in the morning or the
/// afternoon, for one parent or all, and none to three public place
/// sightings around it.
fn exclusion(rng: &mut Rng, pupil: &str, parents: &[String]) -> Vec<Event> {
    let start = d("2024-09-02") + Duration::days(i64::from(rng.range(0, 450)));
    let parent = (!parents.is_empty() && rng.chance(40)).then(|| rng.pick(parents).clone());
    let mut events = vec![Event {
        pupil: pupil.into(),
        parent: parent.clone(),
        kind: EventKind::Exclusion,
        start,
        end: rng
            .chance(80)
            .then(|| start + Duration::days(i64::from(rng.range(0, 10)))),
        detail: None,
        start_session: match rng.range(0, 2) {
            0 => Some(Session::Pm),
            1 => Some(Session::Am),
            _ => None,
        },
    }];
    for _ in 0..rng.range(0, 3) {
        events.push(Event {
            pupil: pupil.into(),
            parent: (!parents.is_empty() && rng.chance(30)).then(|| rng.pick(parents).clone()),
            kind: EventKind::PublicPlace,
            start: start + Duration::days(i64::from(rng.range(0, 12))),
            end: None,
            detail: None,
            start_session: None,
        });
    }
    events
}

/// One or two precondition clauses on the declared kinds.
fn preconditions(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.range(1, 2) {
        let gate = if rng.chance(65) { "requires" } else { "unless" };
        let kind = rng.pick(&DECLARED);
        let age = match rng.range(0, 3) {
            0 => format!(" within {} days", rng.range(1, 60)),
            1 => format!(" within {} weeks", rng.range(1, 12)),
            2 => format!(" within {} months", rng.range(1, 12)),
            _ => String::new(),
        };
        text.push_str(&format!("  {gate} {kind}{age}\n"));
    }
    text
}

/// An event of a declared kind: on one day, for one parent or for all.
fn declared_event(rng: &mut Rng, pupil: &str, parents: &[String], kind: &str) -> Event {
    let kind = EventKind::declared(kind).expect("a declared kind's name");
    one_day_event(rng, pupil, parents, kind)
}

/// An event of `kind` on one day, for one of `parents` or for all.
fn one_day_event(rng: &mut Rng, pupil: &str, parents: &[String], kind: EventKind) -> Event {
    Event {
        pupil: pupil.into(),
        parent: (!parents.is_empty() && rng.chance(60)).then(|| rng.pick(parents).clone()),
        kind,
        start: d("2024-08-01") + Duration::days(i64::from(rng.range(0, 500))),
        end: None,
        detail: None,
        start_session: None,
    }
}

fn notice_to_improve(rng: &mut Rng, pupil: &str, parents: &[String]) -> Event {
    let start = d("2024-09-02") + Duration::days(i64::from(rng.range(0, 450)));
    Event {
        pupil: pupil.into(),
        parent: (!parents.is_empty() && rng.chance(50)).then(|| rng.pick(parents).clone()),
        kind: EventKind::NoticeToImprove,
        start,
        end: rng
            .chance(30)
            .then(|| start + Duration::days(i64::from(rng.range(14, 50)))),
        detail: None,
        start_session: None,
    }
}
