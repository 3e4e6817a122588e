//! End-to-end tests of `rollcall synth`: the real binary writes cohorts
//! into the target's temporary directory, and the tests read the files
//! back: determinism, the data contract, the stories a cohort must hold,
//! and its calibration against England's absence measures; and, on such a
//! cohort, that the engine's shortcuts change no decision.

use chrono::{Datelike, NaiveDate, Weekday};
use rollcall_compiler::load_sources;
use rollcall_data::model::Event;
use rollcall_data::read::{read_data_dir, OnBadRow};
use rollcall_ir::codes::{Category, Code};
use rollcall_runtime::decision::Decision;
use rollcall_runtime::engine::{evaluate, explain, EvalOptions, PolicySet};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Runs `rollcall synth ARGS... --out <tmp>/NAME`; the output directory and
/// what the command printed.
fn synth(name: &str, args: &[&str]) -> (PathBuf, Output) {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("synth")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("synth")
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("the rollcall binary runs");
    (out, output)
}

/// Runs `rollcall synth` and insists that it succeeds.
fn synth_ok(name: &str, args: &[&str]) -> (PathBuf, String) {
    let (out, output) = synth(name, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "rollcall synth {args:?} failed:\n{stderr}"
    );
    (out, stderr)
}

/// A data file's rows (header first), split into fields.
fn rows(dir: &Path, file: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(file)).expect("the file exists");
    text.lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("an ISO date")
}

/// The 2,000-pupil, one-year cohort most tests look at, generated once.
fn cohort() -> &'static (PathBuf, String) {
    static COHORT: OnceLock<(PathBuf, String)> = OnceLock::new();
    COHORT.get_or_init(|| {
        synth_ok(
            "cohort-2000",
            &["--pupils", "2000", "--years", "1", "--seed", "11"],
        )
    })
}

/// A small two-year cohort from September 2022, across Cumbria's abolition.
fn cumbria_cohort() -> &'static (PathBuf, String) {
    static COHORT: OnceLock<(PathBuf, String)> = OnceLock::new();
    COHORT.get_or_init(|| {
        synth_ok(
            "cohort-cumbria",
            &[
                "--pupils",
                "600",
                "--years",
                "2",
                "--seed",
                "5",
                "--start-year",
                "2022",
            ],
        )
    })
}

#[test]
fn the_same_seed_gives_identical_files_whatever_the_thread_count() {
    let common = ["--pupils", "700", "--years", "2", "--seed", "42"];
    let (first, _) = synth_ok("same-seed-1", &[&common[..], &["--threads", "1"]].concat());
    let (second, _) = synth_ok("same-seed-2", &[&common[..], &["--threads", "3"]].concat());
    let (other, _) = synth_ok(
        "other-seed",
        &["--pupils", "700", "--years", "2", "--seed", "43"],
    );
    for file in ["schools.csv", "pupils.csv", "marks.csv", "events.csv"] {
        let read = |dir: &Path| std::fs::read(dir.join(file)).expect("the file exists");
        assert!(
            read(&first) == read(&second),
            "{file} differs between runs with the same seed"
        );
        if file != "schools.csv" {
            assert!(
                read(&first) != read(&other),
                "{file} is the same for seeds 42 and 43"
            );
        }
    }
}

#[test]
fn the_files_have_the_contract_headers() {
    let (dir, _) = cohort();
    for (file, header) in [
        ("schools.csv", "school,name,authority"),
        ("pupils.csv", "pupil,date_of_birth,parents"),
        ("marks.csv", "pupil,school,date,session,code"),
        (
            "events.csv",
            "pupil,parent,kind,start,end,detail,start_session",
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).expect("the file exists");
        assert_eq!(text.lines().next(), Some(header), "{file}");
    }
}

#[test]
fn every_mark_is_valid_known_and_in_pupil_date_session_order() {
    let (dir, _) = cohort();
    let schools: BTreeSet<String> = rows(dir, "schools.csv")[1..]
        .iter()
        .map(|row| row[0].clone())
        .collect();
    let pupils: BTreeSet<String> = rows(dir, "pupils.csv")[1..]
        .iter()
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(pupils.len(), 2000);
    let marks = rows(dir, "marks.csv");
    let mut previous: Option<(String, String, String)> = None;
    for row in &marks[1..] {
        assert_eq!(row.len(), 5, "{row:?}");
        assert!(pupils.contains(&row[0]), "unknown pupil in {row:?}");
        assert!(schools.contains(&row[1]), "unknown school in {row:?}");
        assert!(Code::parse(&row[4]).is_some(), "invalid code in {row:?}");
        assert!(row[3] == "AM" || row[3] == "PM", "{row:?}");
        let weekday = date(&row[2]).weekday();
        assert!(
            !matches!(weekday, Weekday::Sat | Weekday::Sun),
            "weekend mark {row:?}"
        );
        let key = (row[0].clone(), row[2].clone(), row[3].clone());
        if let Some(previous) = &previous {
            assert!(
                *previous < key,
                "{previous:?} then {key:?}: not sorted, or a duplicate session"
            );
        }
        previous = Some(key);
    }
}

#[test]
fn every_event_names_a_pupil_and_one_of_their_parents() {
    let (dir, _) = cohort();
    let parents: HashMap<String, Vec<String>> = rows(dir, "pupils.csv")[1..]
        .iter()
        .map(|row| {
            (
                row[0].clone(),
                row[2].split(';').map(str::to_owned).collect(),
            )
        })
        .collect();
    let events = rows(dir, "events.csv");
    let mut previous: Option<(String, NaiveDate)> = None;
    for row in &events[1..] {
        assert_eq!(row.len(), 7, "{row:?}");
        assert!(
            row[6].is_empty() || (row[2] == "exclusion" && ["AM", "PM"].contains(&&*row[6])),
            "{row:?}"
        );
        let pupil_parents = parents
            .get(&row[0])
            .unwrap_or_else(|| panic!("unknown pupil in {row:?}"));
        assert!(
            row[1].is_empty() || pupil_parents.contains(&row[1]),
            "{row:?}"
        );
        let start = date(&row[3]);
        if !row[4].is_empty() {
            assert!(date(&row[4]) >= start, "{row:?}");
        }
        let key = (row[0].clone(), start);
        if let Some(previous) = &previous {
            assert!(
                *previous <= key,
                "events not sorted by pupil and start: {row:?}"
            );
        }
        previous = Some(key);
    }
}

#[test]
fn the_runtime_reads_every_row_of_a_cohort() {
    let (dir, _) = cumbria_cohort();
    let loaded = read_data_dir(dir, OnBadRow::Skip).expect("the cohort is readable");
    let rejected: Vec<String> = loaded
        .rejected
        .iter()
        .take(5)
        .map(ToString::to_string)
        .collect();
    assert!(loaded.rejected.is_empty(), "rejected rows: {rejected:?}");
    assert_eq!(loaded.data.pupils.len(), 600);
    assert_eq!(loaded.data.marks.len(), rows(dir, "marks.csv").len() - 1);
    assert_eq!(loaded.data.events.len(), rows(dir, "events.csv").len() - 1);
}

#[test]
fn a_parquet_cohort_holds_the_same_rows_as_the_csv_one() {
    let (csv, _) = cohort();
    let (parquet, stderr) = synth_ok(
        "cohort-2000-parquet",
        &[
            "--pupils", "2000", "--years", "1", "--seed", "11", "--format", "parquet",
        ],
    );
    for table in ["schools", "pupils", "marks", "events"] {
        assert!(parquet.join(format!("{table}.parquet")).exists(), "{table}");
        assert!(!parquet.join(format!("{table}.csv")).exists(), "{table}");
        assert!(stderr.contains(&format!("{table}.parquet ")), "{stderr}");
    }
    let from_csv = read_data_dir(csv, OnBadRow::Stop).expect("the CSV cohort reads");
    let from_parquet = read_data_dir(&parquet, OnBadRow::Stop).expect("the Parquet cohort reads");
    assert_eq!(from_parquet, from_csv);
    assert!(from_csv.data.marks.len() > 500_000);
}

/// The engine passes over quiet days and whole quiet weeks; `explain`
/// visits every day. Under every shipped policy, each pupil's decisions
/// are the same both ways: passing over is only a shortcut. (The Cumbria
/// cohort has schools handed to new authorities mid-way, events and
/// school moves across two years.)
#[test]
fn passing_over_quiet_days_and_weeks_changes_no_decision() {
    let (dir, _) = cumbria_cohort();
    let data = read_data_dir(dir, OnBadRow::Stop)
        .expect("the cohort is readable")
        .data;
    let sources = load_sources(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies")])
        .expect("the shipped policies are readable");
    let compilation = rollcall_compiler::compile(&sources);
    assert!(!compilation.has_errors());
    let policies = PolicySet::new(compilation.graphs).expect("the shipped policies go together");
    let mut by_pupil: BTreeMap<String, Vec<Decision>> = BTreeMap::new();
    for decision in evaluate(&policies, &data, &EvalOptions::default()) {
        by_pupil
            .entry(decision.pupil.clone())
            .or_default()
            .push(decision);
    }
    assert!(
        by_pupil.len() > 100,
        "{} pupils with decisions",
        by_pupil.len()
    );
    for pupil in &data.pupils {
        let timeline = explain(&policies, &data, &pupil.id).expect("a known pupil");
        let passed_over = by_pupil.remove(&pupil.id).unwrap_or_default();
        assert_eq!(timeline.decisions, passed_over, "pupil {}", pupil.id);
    }
}

#[test]
fn the_cohort_holds_the_stories_enforcement_needs() {
    let (dir, _) = cohort();
    let codes: BTreeMap<String, usize> =
        rows(dir, "marks.csv")[1..]
            .iter()
            .fold(BTreeMap::new(), |mut counts, row| {
                *counts.entry(row[4].clone()).or_default() += 1;
                counts
            });
    for code in [
        "/", "\\", "#", "I", "M", "C", "E", "G", "L", "U", "O", "N", "V",
    ] {
        assert!(codes.contains_key(code), "no `{code}` mark in {codes:?}");
    }
    let events = rows(dir, "events.csv");
    for kind in [
        "exclusion",
        "public_place",
        "truancy_sweep",
        "penalty_notice",
        "notice_to_improve",
        "previous_authority_unknown",
        "case_closed",
    ] {
        assert!(events.iter().any(|row| row[2] == kind), "no `{kind}` event");
    }
    assert!(
        events
            .iter()
            .any(|row| row[2] == "exclusion" && row[6] == "PM"),
        "no exclusion begun in the afternoon"
    );
    assert!(
        events
            .iter()
            .any(|row| row[2] == "penalty_notice" && !row[4].is_empty()),
        "no withdrawn penalty notice"
    );
    let pupils = rows(dir, "pupils.csv");
    let mut children: HashMap<&str, usize> = HashMap::new();
    for row in &pupils[1..] {
        *children.entry(row[2].as_str()).or_default() += 1;
    }
    let families = children.len();
    let with_siblings = children.values().filter(|&&count| count >= 2).count();
    assert!(
        (20..=40).contains(&(100 * with_siblings / families)),
        "{with_siblings} of {families} families have siblings"
    );
    assert!(
        pupils[1..].iter().any(|row| row[2].contains(';')),
        "no pupil with two parents"
    );
}

#[test]
fn term_time_holidays_come_in_blocks_and_unresolved_n_only_at_the_end() {
    let (dir, _) = cohort();
    let marks = rows(dir, "marks.csv");
    let mut longest: HashMap<&str, (usize, usize)> = HashMap::new();
    for row in &marks[1..] {
        let (run, best) = longest.entry(row[0].as_str()).or_default();
        *run = if row[4] == "G" { *run + 1 } else { 0 };
        *best = (*best).max(*run);
    }
    assert!(
        longest.values().any(|&(_, best)| best >= 10),
        "no holiday of 10 sessions or more"
    );
    let last_day = marks[1..]
        .iter()
        .map(|row| date(&row[2]))
        .max()
        .expect("marks");
    for row in marks[1..].iter().filter(|row| row[4] == "N") {
        assert!(
            (last_day - date(&row[2])).num_days() < 14,
            "`N` long before the end: {row:?}"
        );
    }
}

#[test]
fn schools_follow_english_term_dates_with_five_inset_days() {
    let (dir, _) = cohort();
    let mut days: HashMap<String, BTreeSet<NaiveDate>> = HashMap::new();
    let mut inset: HashMap<String, BTreeSet<NaiveDate>> = HashMap::new();
    for row in &rows(dir, "marks.csv")[1..] {
        days.entry(row[1].clone())
            .or_default()
            .insert(date(&row[2]));
        if row[4] == "#" {
            inset
                .entry(row[1].clone())
                .or_default()
                .insert(date(&row[2]));
        }
    }
    let bank_holidays = [
        "2024-03-29",
        "2024-04-01",
        "2024-05-06",
        "2024-05-27",
        "2023-12-25",
    ]
    .map(date);
    for (school, dates) in &days {
        assert!(
            bank_holidays.iter().all(|day| !dates.contains(day)),
            "{school} has marks on a bank holiday"
        );
        assert!(
            (186..=200).contains(&dates.len()),
            "{school}: {} days",
            dates.len()
        );
        assert_eq!(
            inset.get(school).map_or(0, BTreeSet::len),
            5,
            "{school}: INSET days"
        );
        let first = dates.first().expect("dates");
        assert!(
            first.month() == 9 && first.day() <= 8,
            "{school} starts on {first}"
        );
        let holidays = dates
            .iter()
            .zip(dates.iter().skip(1))
            .filter(|(a, b)| (**b - **a).num_days() >= 7)
            .count();
        assert_eq!(holidays, 5, "{school}: half-terms, Christmas and Easter");
    }
}

#[test]
fn cumbria_hands_its_schools_over_on_1_april_2023() {
    let (dir, _) = cumbria_cohort();
    let authority: HashMap<String, String> = rows(dir, "schools.csv")[1..]
        .iter()
        .map(|row| (row[0].clone(), row[2].clone()))
        .collect();
    let succession = date("2023-04-01");
    let mut movers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let marks = rows(dir, "marks.csv");
    for row in &marks[1..] {
        let school_authority = authority[&row[1]].as_str();
        let day = date(&row[2]);
        match school_authority {
            "cumbria" => assert!(
                day < succession,
                "Cumbria mark after its abolition: {row:?}"
            ),
            "westmorland-and-furness" | "cumberland" => assert!(day >= succession, "{row:?}"),
            _ => {}
        }
        movers
            .entry(row[0].as_str())
            .or_default()
            .insert(school_authority);
    }
    assert!(movers
        .values()
        .any(|seen| seen.contains("cumbria") && seen.contains("westmorland-and-furness")));
    assert!(authority.values().any(|id| id == "north-northamptonshire"));
    assert!(authority
        .get("godmanchester-bridge")
        .is_some_and(|id| id == "cambridgeshire"));
    assert!(authority.values().any(|id| id == "authority-001"));
}

#[test]
fn pupils_move_between_schools_and_authorities() {
    let (dir, _) = cohort();
    let authority: HashMap<String, String> = rows(dir, "schools.csv")[1..]
        .iter()
        .map(|row| (row[0].clone(), row[2].clone()))
        .collect();
    let mut schools: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in &rows(dir, "marks.csv")[1..] {
        schools
            .entry(row[0].clone())
            .or_default()
            .insert(row[1].clone());
    }
    let movers = schools.values().filter(|seen| seen.len() > 1).count();
    let across = schools
        .values()
        .filter(|seen| {
            seen.iter()
                .map(|school| &authority[school])
                .collect::<BTreeSet<_>>()
                .len()
                > 1
        })
        .count();
    assert!(
        (20..=120).contains(&movers),
        "{movers} of 2000 pupils moved school"
    );
    assert!(across > 0, "nobody moved authority");
}

#[test]
fn absence_measures_land_near_englands_and_match_the_summary() {
    let (dir, stderr) = cohort();
    let mut sessions: HashMap<&str, (u64, u64)> = HashMap::new();
    let marks = rows(dir, "marks.csv");
    for row in &marks[1..] {
        let code = Code::parse(&row[4]).expect("valid code");
        let (possible, absent) = sessions.entry(row[0].as_str()).or_default();
        *possible += u64::from(code.is_possible());
        *absent += u64::from(matches!(
            code.category(),
            Category::Authorised | Category::Unauthorised
        ));
    }
    let measured: Vec<&(u64, u64)> = sessions
        .values()
        .filter(|(possible, _)| *possible > 0)
        .collect();
    let persistent = measured
        .iter()
        .filter(|(possible, absent)| absent * 10 >= *possible)
        .count();
    let severe = measured
        .iter()
        .filter(|(possible, absent)| absent * 2 >= *possible)
        .count();
    let pupils = measured.len();
    assert!(
        (15 * pupils..=25 * pupils).contains(&(100 * persistent)),
        "persistent absence {persistent} of {pupils}"
    );
    assert!(
        (pupils..=4 * pupils).contains(&(100 * severe)),
        "severe absence {severe} of {pupils}"
    );
    let expected = format!("persistent absence {persistent} of {pupils} pupil-years");
    assert!(
        stderr.contains(&expected),
        "summary does not say `{expected}`:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("severe absence {severe} (")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{} marks", marks.len() - 1)),
        "{stderr}"
    );
}

#[test]
fn bad_options_fail_with_a_message() {
    let (_, output) = synth("zero-pupils", &["--pupils", "0"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--pupils"));
    let blocker = Path::new(env!("CARGO_TARGET_TMPDIR")).join("synth-blocker");
    std::fs::write(&blocker, "a file, not a directory").expect("writable temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(["synth", "--pupils", "10", "--out"])
        .arg(blocker.join("cohort"))
        .output()
        .expect("the rollcall binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot create the output directory") && stderr.contains("synth-blocker"),
        "{stderr}"
    );
}

/// Decisions of one parent for one pupil, in date order.
type ParentDecisions<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Decision>>;

/// The academic year (its starting calendar year) of `date`.
fn academic_year(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// `n → how many parent-pupils have n` of the decisions `counted` keeps.
fn histogram(by_parent: &ParentDecisions, counted: impl Fn(&Decision) -> bool) -> String {
    let mut histogram: BTreeMap<usize, usize> = BTreeMap::new();
    for decisions in by_parent.values() {
        *histogram
            .entry(decisions.iter().filter(|d| counted(d)).count())
            .or_default() += 1;
    }
    histogram
        .iter()
        .map(|(n, parents)| format!("{n}: {parents}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The bounds every code of conduct implies, over two years of a synthetic
/// cohort under every shipped policy (2023/24 under the 2013 regime and
/// the local codes of the time, 2024/25 under the national framework):
/// no parent has more than 2 attendance notices for a pupil within 3 years
/// (from 19 August 2024), nor more than one prosecution in an academic
/// year unless a closed case intervenes; a once-per-event rule decides at
/// most once per parent per event, for the parent the event names; no
/// session before compulsory school age is evidence. The distribution per
/// parent is printed (`--nocapture`) for the record.
#[test]
fn decisions_meet_the_bounds_every_code_implies() {
    use rollcall_ir::graph::{Node, Repeat};
    use rollcall_ir::EventKind;
    use rollcall_runtime::calendar::compulsory_school_age;
    use rollcall_runtime::decision::Evidence;

    let (dir, _) = synth_ok(
        "cohort-bounds",
        &["--pupils", "2000", "--years", "2", "--seed", "7"],
    );
    let data = read_data_dir(&dir, OnBadRow::Stop)
        .expect("the cohort is readable")
        .data;
    let sources = load_sources(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies")])
        .expect("the shipped policies are readable");
    let compilation = rollcall_compiler::compile(&sources);
    assert!(!compilation.has_errors());
    let once_per_event: BTreeMap<String, EventKind> = compilation
        .graphs
        .iter()
        .flat_map(|graph| &graph.nodes)
        .filter_map(|node| match node {
            Node::Rule(rule) => match rule.repeat {
                Repeat::OncePerEvent(kind) => Some((rule.name.clone(), kind)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let policies = PolicySet::new(compilation.graphs).expect("the shipped policies go together");
    let decisions = evaluate(&policies, &data, &EvalOptions::default());
    let pupils: HashMap<&str, _> = data.pupils.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut by_parent: ParentDecisions = BTreeMap::new();
    for decision in &decisions {
        if let Some(parent) = &decision.parent {
            by_parent
                .entry((decision.pupil.as_str(), parent.as_str()))
                .or_default()
                .push(decision);
        }
    }
    let events_of = |pupil: &str, kind: EventKind| -> Vec<&Event> {
        data.events
            .iter()
            .filter(|e| e.pupil == pupil && e.kind == kind)
            .collect()
    };
    let framework = NaiveDate::from_ymd_opt(2024, 8, 19).expect("a date");
    let mut violations = Vec::new();
    for (&(pupil, parent), decisions) in &by_parent {
        // Notices counted against this parent: the run's, and the data's
        // earlier ones (not withdrawn), unless the previous authority is unknown.
        let unknown = !events_of(pupil, EventKind::PreviousAuthorityUnknown).is_empty();
        let mut notices: Vec<NaiveDate> = decisions
            .iter()
            .filter(|d| d.action == "penalty_notice" && d.date >= framework)
            .map(|d| d.date)
            .chain(
                events_of(pupil, EventKind::PenaltyNotice)
                    .into_iter()
                    .filter(|e| !unknown && e.parent.as_deref() == Some(parent))
                    .filter(|e| e.end.is_none() && e.start >= framework)
                    .map(|e| e.start),
            )
            .collect();
        notices.sort();
        for three in notices.windows(3) {
            if three[2] < three[0] + chrono::Months::new(36) {
                violations.push(format!("{pupil}/{parent}: 3 notices in 3 years: {three:?}"));
            }
        }
        let prosecutions: Vec<NaiveDate> = decisions
            .iter()
            .filter(|d| d.action == "prosecution")
            .map(|d| d.date)
            .collect();
        for pair in prosecutions.windows(2) {
            let closed = events_of(pupil, EventKind::CaseClosed).iter().any(|e| {
                e.parent.as_deref().is_none_or(|p| p == parent)
                    && pair[0] < e.start
                    && e.start <= pair[1]
            });
            if academic_year(pair[0]) == academic_year(pair[1]) && !closed {
                violations.push(format!("{pupil}/{parent}: prosecutions {pair:?}"));
            }
        }
        let mut triggers: BTreeMap<(&str, NaiveDate), usize> = BTreeMap::new();
        for decision in decisions {
            let Some(&kind) = once_per_event.get(&decision.rule) else {
                continue;
            };
            for evidence in &decision.evidence {
                if let Evidence::Event { date, event, .. } = evidence {
                    if *event == kind {
                        *triggers.entry((&decision.rule, *date)).or_default() += 1;
                        let named = events_of(pupil, kind)
                            .into_iter()
                            .find(|e| e.start == *date)
                            .and_then(|e| e.parent.as_deref());
                        if named.is_some_and(|named| named != parent) {
                            violations.push(format!(
                                "{pupil}/{parent}: {} for the {kind} of {date} addressed to {named:?}",
                                decision.rule
                            ));
                        }
                    }
                }
            }
        }
        for ((rule, date), n) in triggers {
            if n > 1 {
                violations.push(format!("{pupil}/{parent}: {rule} {n} times for {date}"));
            }
        }
    }
    for decision in &decisions {
        let (age_from, age_until) =
            compulsory_school_age(pupils[decision.pupil.as_str()].date_of_birth);
        for evidence in &decision.evidence {
            if let Evidence::Session { date, .. } = evidence {
                if *date < age_from {
                    violations.push(format!(
                        "{}: evidence {date} before compulsory school age ({age_from})",
                        decision.pupil
                    ));
                }
            }
        }
        if decision.parent.is_some() && !(age_from..=age_until).contains(&decision.date) {
            violations.push(format!(
                "{}: a parent-level decision outside compulsory school age",
                decision.pupil
            ));
        }
    }
    let mut by_action: BTreeMap<&str, usize> = BTreeMap::new();
    for decision in &decisions {
        *by_action.entry(decision.action.as_str()).or_default() += 1;
    }
    let most = by_parent.iter().max_by_key(|(_, d)| d.len());
    eprintln!("decisions by action: {by_action:?}");
    eprintln!(
        "attendance notices per parent-pupil: {}",
        histogram(&by_parent, |d| d.action == "penalty_notice")
    );
    eprintln!(
        "prosecutions per parent-pupil: {}",
        histogram(&by_parent, |d| d.action == "prosecution")
    );
    eprintln!(
        "parent-level decisions per parent-pupil: {}",
        histogram(&by_parent, |_| true)
    );
    if let Some(((pupil, parent), decisions)) = most {
        eprintln!(
            "most for one parent-pupil: {pupil}/{parent}, {}",
            decisions.len()
        );
    }
    assert!(
        by_action.get("penalty_notice").is_some_and(|&n| n > 500),
        "the cohort has enforcement to check: {by_action:?}"
    );
    assert!(
        violations.is_empty(),
        "{} violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
