//! One decision's evidence pack: what was decided, for whom, under which
//! rule, the checks an officer must make before acting, and the pupil's
//! register with the decision's evidence highlighted.

use crate::html::{escape, facts, page};
use crate::register_grid::{Grid, SessionKey};
use crate::rules::RuleText;
use chrono::{Days, Months, NaiveDate};
use rollcall_data::model::{Event, School};
use rollcall_data::read::PupilHistory;
use rollcall_ir::codes::Code;
use rollcall_ir::words::{payments, plural};
use rollcall_ir::EventKind;
use rollcall_runtime::calendar::is_compulsory_school_age;
use rollcall_runtime::decision::{Decision, Evidence};
use rollcall_runtime::measures::resolutions;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The actions whose evidence later notices and prosecutions may not cite
/// again.
const CONSUMING: [&str; 2] = ["penalty_notice", "prosecution"];

/// Days of register shown before a decision with no session evidence.
const DAYS_WITHOUT_EVIDENCE: u64 = 27;

/// Days of register shown before the evidence window, for context.
const DAYS_BEFORE_WINDOW: u64 = 21;

/// Everything a pack is drawn from.
#[derive(Clone, Copy, Debug)]
pub struct Pack<'a> {
    /// The decision.
    pub decision: &'a Decision,
    /// Every decision about the pupil, in evaluation order (this one
    /// included): the earlier ones consumed sessions or were notices.
    pub decisions: &'a [Decision],
    /// The pupil's history.
    pub history: PupilHistory<'a>,
    /// The schools, sorted by id.
    pub schools: &'a [School],
    /// The decision's rule, if the rule book knows it.
    pub rule: Option<&'a RuleText>,
}

impl Pack<'_> {
    /// The school the decision is about (see [`decision_school`]).
    pub fn school(&self) -> Option<&School> {
        decision_school(self.decision, self.history, self.schools)
    }

    /// The evidence window: the first day of evidence to the decision date.
    pub fn window(&self) -> (NaiveDate, NaiveDate) {
        let first = self
            .decision
            .evidence
            .iter()
            .map(|evidence| match evidence {
                Evidence::Session { date, .. } | Evidence::Event { date, .. } => *date,
            });
        let date = self.decision.date;
        let start = first.min().unwrap_or_else(|| {
            date.checked_sub_days(Days::new(DAYS_WITHOUT_EVIDENCE))
                .unwrap_or(date)
        });
        (start.min(date), date)
    }

    /// The sessions the decision counts.
    pub fn counted(&self) -> BTreeSet<SessionKey> {
        sessions(self.decision)
    }

    /// The sessions notices and prosecutions decided before the decision
    /// date consumed.
    pub fn consumed(&self) -> BTreeSet<SessionKey> {
        self.decisions
            .iter()
            .filter(|earlier| {
                earlier.date < self.decision.date && CONSUMING.contains(&earlier.action.as_str())
            })
            .flat_map(sessions)
            .collect()
    }

    /// The whole page.
    pub fn render(&self) -> String {
        let decision = self.decision;
        let title = format!(
            "Evidence pack: {} for pupil {} on {}",
            action_words(decision),
            decision.pupil,
            decision.date
        );
        let mut body = format!("<h1>{}</h1>\n", escape(&title));
        body.push_str("<h2>Decision</h2>\n");
        body.push_str(&facts(&self.decision_facts()));
        body.push_str("<h2>Rule</h2>\n");
        body.push_str(&facts(&self.rule_facts()));
        body.push_str("<h2>Checks before acting</h2>\n");
        body.push_str(&facts(&self.checks()));
        let counted = self.counted();
        let consumed = self.consumed();
        let (from, to) = self.window();
        let _ = write!(
            body,
            "<h2>Register</h2>\n<p>Evidence window {from} to {to}: {} counted by this decision{}. \
             Three weeks before the window are shown for context.</p>\n",
            plural(counted.len(), "session", "sessions"),
            event_evidence(decision)
        );
        let grid = Grid {
            marks: self.history.marks,
            from: from
                .checked_sub_days(Days::new(DAYS_BEFORE_WINDOW))
                .unwrap_or(from),
            to,
            counted: &counted,
            consumed: &consumed,
        };
        body.push_str(&grid.render());
        let date = decision.date.to_string();
        let attributes = [
            ("data-pupil", decision.pupil.as_str()),
            ("data-date", &date),
            ("data-rule", &decision.rule),
            ("data-parent", decision.parent.as_deref().unwrap_or("")),
            ("data-action", &decision.action),
        ];
        page(&title, &attributes, &body)
    }

    fn decision_facts(&self) -> Vec<(&'static str, String)> {
        let decision = self.decision;
        let school = self.school().map_or_else(
            || "not in the schools file".to_string(),
            |school| format!("{} ({})", escape(&school.name), escape(&school.id)),
        );
        let mut rows = vec![
            ("Pupil", escape(&decision.pupil)),
            (
                "Parent",
                decision
                    .parent
                    .as_deref()
                    .map_or_else(|| "the pupil (no parent named)".to_string(), escape),
            ),
            ("School", school),
            ("Authority", escape(&decision.authority)),
            (
                "Decision date",
                decision.date.format("%A %-d %B %Y").to_string(),
            ),
            ("Action", escape(&action_words(decision))),
            ("Reason", escape(&decision.reason)),
        ];
        if let Some(number) = decision.notice_number {
            rows.push(("Notice number", number.to_string()));
        }
        if !decision.payments.is_empty() {
            rows.push(("Payment schedule", escape(&payments(&decision.payments))));
        }
        rows
    }

    fn rule_facts(&self) -> Vec<(&'static str, String)> {
        let decision = self.decision;
        let mut rows = vec![("Rule", escape(&decision.rule))];
        match self.rule {
            Some(rule) => {
                rows.push((
                    "In plain English",
                    rule.doc
                        .as_deref()
                        .map_or_else(|| "(the rule has no doc line)".to_string(), escape),
                ));
                rows.push((
                    "Policy version",
                    format!(
                        "{} ({})",
                        escape(&rule.policy_title),
                        escape(&decision.policy)
                    ),
                ));
                rows.push((
                    "Source",
                    rule.source
                        .as_deref()
                        .map_or_else(|| "(none given)".to_string(), escape),
                ));
                rows.push(("Written in", escape(&rule.written_in)));
            }
            None => rows.push(("Policy version", escape(&decision.policy))),
        }
        rows
    }

    /// The pre-checks: unresolved `N` marks, compulsory school age,
    /// earlier notices, an open Notice to Improve.
    fn checks(&self) -> Vec<(&'static str, String)> {
        let decision = self.decision;
        let (from, to) = self.window();
        let unresolved: Vec<String> = self
            .history
            .marks
            .iter()
            .filter(|mark| mark.code == Code::N && from <= mark.date && mark.date <= to)
            .map(|mark| format!("{} {}", mark.date, mark.session.as_str()))
            .collect();
        let unresolved = if unresolved.is_empty() {
            "none".to_string()
        } else {
            warn(&format!(
                "{}: {}",
                plural(unresolved.len(), "session", "sessions"),
                unresolved.join(", ")
            ))
        };
        let of_age = is_compulsory_school_age(self.history.pupil.date_of_birth, decision.date);
        let of_age = if of_age {
            "yes".to_string()
        } else {
            warn("no")
        };
        let earlier = self.earlier_notices();
        let earlier = if earlier.is_empty() {
            "none".to_string()
        } else {
            warn(&earlier.join("; "))
        };
        let improve = self.open_notices_to_improve();
        let improve = if improve.is_empty() {
            "none".to_string()
        } else {
            escape(&improve.join("; "))
        };
        vec![
            ("Unresolved N marks in the evidence window", unresolved),
            ("Of compulsory school age on the decision date", of_age),
            ("Penalty notices in the last 3 years", earlier),
            ("Open Notice to Improve", improve),
        ]
    }

    /// Penalty notices in the three years before the decision date: from
    /// the events (issued before this data) and this run's earlier
    /// decisions, each with who issued it and, for a decided one, how it
    /// was resolved by the decision date (paid, withdrawn, prosecuted).
    fn earlier_notices(&self) -> Vec<String> {
        let date = self.decision.date;
        let since = date.checked_sub_months(Months::new(36)).unwrap_or(date);
        let mut notices: Vec<(NaiveDate, String)> = self
            .history
            .events
            .iter()
            .filter(|event| event.kind == EventKind::PenaltyNotice)
            .filter(|event| since <= event.start && event.start < date)
            .map(|event| {
                let by = event.detail.as_deref().unwrap_or("an unknown authority");
                let mut text = format!(
                    "{} to {} by {}",
                    event.start,
                    event.parent.as_deref().unwrap_or("the parents"),
                    by
                );
                if let Some(end) = event.end {
                    text.push_str(&format!(" (withdrawn {end})"));
                }
                (event.start, text)
            })
            .collect();
        notices.extend(
            resolutions(self.decisions, self.history.events)
                .into_iter()
                .filter(|found| since <= found.notice.date && found.notice.date < date)
                .map(|found| {
                    let earlier = found.notice;
                    let mut text = format!(
                        "{} to {} by {} (rule {} of {})",
                        earlier.date,
                        earlier.parent.as_deref().unwrap_or("the parents"),
                        earlier.authority,
                        earlier.rule,
                        earlier.policy
                    );
                    // What was known of it by this decision's date.
                    if let Some(resolution) = found.resolution.filter(|r| r.date <= date) {
                        let how = resolution.how.as_str();
                        text.push_str(&format!(" ({how} {})", resolution.date));
                    }
                    (earlier.date, text)
                }),
        );
        notices.sort();
        notices.into_iter().map(|(_, text)| text).collect()
    }

    /// Notices to Improve issued by the decision date to the decision's
    /// parent (or to every parent) and not closed since by a case-closed
    /// event.
    fn open_notices_to_improve(&self) -> Vec<String> {
        let date = self.decision.date;
        let parent = self.decision.parent.as_deref();
        let concerns = |event: &Event| event.parent.is_none() || event.parent.as_deref() == parent;
        let events = self.history.events;
        events
            .iter()
            .filter(|event| event.kind == EventKind::NoticeToImprove)
            .filter(|event| event.start <= date && concerns(event))
            .filter(|notice| {
                !events.iter().any(|closed| {
                    closed.kind == EventKind::CaseClosed
                        && concerns(closed)
                        && notice.start <= closed.start
                        && closed.start <= date
                })
            })
            .map(|notice| {
                format!(
                    "issued {} to {}",
                    notice.start,
                    notice.parent.as_deref().unwrap_or("every parent")
                )
            })
            .collect()
    }
}

/// The decision's session evidence.
fn sessions(decision: &Decision) -> BTreeSet<SessionKey> {
    decision
        .evidence
        .iter()
        .filter_map(|evidence| match evidence {
            Evidence::Session { date, session, .. } => Some((*date, *session)),
            Evidence::Event { .. } => None,
        })
        .collect()
}

/// The decision's event evidence, as a clause: `; events: …` (HTML).
fn event_evidence(decision: &Decision) -> String {
    let events: Vec<String> = decision
        .evidence
        .iter()
        .filter_map(|evidence| match evidence {
            Evidence::Event { date, event, end } => Some(match end {
                Some(end) => format!("{event} {date} to {end}"),
                None => format!("{event} {date}"),
            }),
            Evidence::Session { .. } => None,
        })
        .collect();
    if events.is_empty() {
        String::new()
    } else {
        escape(&format!("; events: {}", events.join(", ")))
    }
}

/// The action for people: `penalty notice`, `letter "Letter 1"`.
pub fn action_words(decision: &Decision) -> String {
    let action = decision.action.replace('_', " ");
    match &decision.label {
        Some(label) => format!("{action} \"{label}\""),
        None => action,
    }
}

/// The school `decision` is about: the school of its evidence, else the
/// school of the pupil's last mark up to the decision date; `schools`
/// (sorted by id) are those the marks' indices refer to.
pub fn decision_school<'s>(
    decision: &Decision,
    history: PupilHistory<'_>,
    schools: &'s [School],
) -> Option<&'s School> {
    let from_evidence = decision
        .evidence
        .iter()
        .find_map(|evidence| match evidence {
            Evidence::Session { school, .. } => Some(school.clone()),
            Evidence::Event { .. } => None,
        });
    let id = from_evidence.or_else(|| {
        let marks = history.marks;
        let upto = marks.partition_point(|mark| mark.date <= decision.date);
        let mark = marks[..upto].last().or(marks.first())?;
        Some(schools.get(mark.school as usize)?.id.clone())
    })?;
    schools
        .binary_search_by(|school| school.id.cmp(&id))
        .ok()
        .map(|index| &schools[index])
}

/// `text` (escaped) flagged for the officer's attention.
fn warn(text: &str) -> String {
    format!("<span class=\"check-warn\">{}</span>", escape(text))
}
