//! The charts page (`charts.html`, and `rollcall stats --charts`):
//! attendance and persistent absence by school (the measures of
//! `rollcall stats`), decisions per month by action, and penalty notices
//! per 100 enrolments by authority.

use crate::html::{escape, page};
use crate::pack::action_words;
use crate::svg::{horizontal_bars, stacked_columns, Bar};
use chrono::NaiveDate;
use rollcall_data::model::School;
use rollcall_data::read::PupilHistory;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::measures::{
    resolutions, AcademicYear, Measures, NoticeResolution, NoticeTally, Ratio, Totals,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the charts are drawn from, added up one pupil at a time.
#[derive(Clone, Debug, Default)]
pub struct ChartData {
    /// Attendance measures of every enrolment read.
    pub measures: Measures,
    /// The decisions of the period.
    pub decisions: DecisionCounts,
}

/// One set of decisions, counted for the charts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionCounts {
    /// Decisions per (month `YYYY-MM`, action).
    pub months: BTreeMap<(String, String), u64>,
    /// Attendance penalty notices per (academic year, authority).
    pub notices: BTreeMap<(AcademicYear, String), NoticeTally>,
}

impl ChartData {
    /// Adds one pupil: their enrolments' measures, and those of their
    /// `decisions` (all of them, in evaluation order) dated `in_period`,
    /// each under the authority that decided it, with how the pupil's
    /// events say each penalty notice was resolved. Returns those
    /// resolutions, every notice's, for a caller with more to do with them.
    pub fn add_pupil<'d, 'e>(
        &mut self,
        schools: &[School],
        history: PupilHistory<'e>,
        decisions: &'d [Decision],
        in_period: impl Fn(NaiveDate) -> bool,
    ) -> Vec<NoticeResolution<'d, 'e>> {
        self.measures.add_pupil(schools, history);
        for decision in decisions.iter().filter(|d| in_period(d.date)) {
            self.decisions.add(decision, &decision.authority);
        }
        let found = resolutions(decisions, history.events);
        for notice in found.iter().filter(|found| in_period(found.notice.date)) {
            let date = notice.notice.date;
            self.decisions
                .notices
                .entry((AcademicYear::of(date), notice.notice.authority.clone()))
                .or_default()
                .resolve(date, notice.resolution);
        }
        found
    }

    /// The page; `schools` (sorted by id) name the schools, `intro` (HTML)
    /// says what was measured; the decision charts are drawn when
    /// `decided` (the policies were evaluated).
    pub fn render(&self, schools: &[School], intro: &str, decided: bool) -> String {
        let mut body = format!("<h1>Attendance charts</h1>\n<p>{intro}</p>\n");
        body.push_str(&school_charts(&self.measures, schools));
        if decided {
            body.push_str("<h2>Decisions per month</h2>\n");
            let (months, actions) = (self.decisions.months(), self.decisions.actions());
            body.push_str(&stacked_columns(
                "Decisions per month, by action",
                &actions,
                &self.decisions.columns(&months, &actions),
                0,
            ));
            body.push_str("<h2>Penalty notices per 100 enrolments</h2>\n");
            body.push_str(&horizontal_bars(
                "Attendance penalty notices per 100 enrolments, by authority",
                &self.decisions.per_hundred(&self.measures),
                0,
                "#a12a5e",
            ));
        }
        page("Attendance charts", &[], &body)
    }
}

impl DecisionCounts {
    /// Counts `decision` in its month, and under `authority` if it is an
    /// attendance penalty notice.
    pub fn add(&mut self, decision: &Decision, authority: &str) {
        let month = decision.date.format("%Y-%m").to_string();
        *self
            .months
            .entry((month, action_words(decision)))
            .or_default() += 1;
        self.notices
            .entry((AcademicYear::of(decision.date), authority.to_string()))
            .or_default()
            .add(decision);
    }

    /// The months with decisions, in order.
    pub fn months(&self) -> Vec<String> {
        let months: BTreeSet<&String> = self.months.keys().map(|(month, _)| month).collect();
        months.into_iter().cloned().collect()
    }

    /// The actions decided, in order.
    pub fn actions(&self) -> Vec<String> {
        let actions: BTreeSet<&String> = self.months.keys().map(|(_, action)| action).collect();
        actions.into_iter().cloned().collect()
    }

    /// The decisions of each of `months` per each of `actions`, as the
    /// columns of [`stacked_columns`].
    pub fn columns(&self, months: &[String], actions: &[String]) -> Vec<(String, Vec<u64>)> {
        months
            .iter()
            .map(|month| {
                let counts = actions
                    .iter()
                    .map(|action| {
                        self.months
                            .get(&(month.clone(), action.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
                (month.clone(), counts)
            })
            .collect()
    }

    /// Notices per 100 enrolments for each authority and year with
    /// enrolments in `measures`, in hundredths.
    pub fn per_hundred(&self, measures: &Measures) -> Vec<Bar> {
        measures
            .by_authority
            .iter()
            .map(|((year, authority), totals)| {
                let issued = self
                    .notices
                    .get(&(*year, authority.clone()))
                    .map_or(0, |tally| tally.issued);
                let ratio = Ratio::new(issued, totals.enrolments);
                Bar {
                    label: format!("{authority} {year}"),
                    value: (issued * 10_000)
                        .checked_div(totals.enrolments)
                        .unwrap_or(0),
                    text: ratio.per_hundred().unwrap_or_else(|| "–".to_string()),
                }
            })
            .collect()
    }
}

/// Attendance and persistent absence by school and year, each chart under
/// its heading; `schools` (sorted by id) name the schools.
pub fn school_charts(measures: &Measures, schools: &[School]) -> String {
    let name = |id: &str| {
        schools
            .binary_search_by(|school| (*school.id).cmp(id))
            .map_or_else(|_| id.to_string(), |index| schools[index].name.clone())
    };
    let by_school: Vec<(String, &Totals)> = measures
        .by_school
        .iter()
        .map(|((year, school), totals)| (format!("{} {year}", name(school)), totals))
        .collect();
    let attendance: Vec<Bar> = by_school
        .iter()
        .map(|(label, totals)| permille_bar(label, totals.attendance()))
        .collect();
    let persistent: Vec<Bar> = by_school
        .iter()
        .map(|(label, totals)| permille_bar(label, totals.persistent_rate()))
        .collect();
    let mut out = String::from("<h2>Attendance by school</h2>\n");
    out.push_str(&horizontal_bars(
        "Attendance rate (attended ÷ possible sessions)",
        &attendance,
        1000,
        "#1f5fa8",
    ));
    out.push_str("<h2>Persistent absence by school</h2>\n");
    out.push_str(&horizontal_bars(
        "Persistent absence rate (enrolments below 90% attendance)",
        &persistent,
        1000,
        "#d9822b",
    ));
    out
}

/// The introduction of `report`'s charts page: the decisions' `period`
/// (in words) and a link back to the caseload.
pub fn report_intro(period: &str) -> String {
    format!(
        "Measures of every enrolment in the data; decisions {}. \
         <a href=\"index.html\">Caseload</a>.",
        escape(period)
    )
}

/// A bar of `ratio` in thousandths, written as a percentage.
fn permille_bar(label: &str, ratio: Ratio) -> Bar {
    Bar {
        label: label.to_string(),
        value: (ratio.part * 1000).checked_div(ratio.whole).unwrap_or(0),
        text: ratio
            .percent()
            .map_or_else(|| "–".to_string(), |percent| format!("{percent}%")),
    }
}
