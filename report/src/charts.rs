//! The charts page (`charts.html`): attendance and persistent absence by
//! school (the measures of `rollcall stats`), decisions per month by
//! action, and penalty notices per 100 enrolments by authority.

use crate::html::{escape, page};
use crate::pack::action_words;
use crate::svg::{horizontal_bars, stacked_columns, Bar};
use rollcall_data::model::School;
use rollcall_data::read::PupilHistory;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::measures::{AcademicYear, Measures, NoticeTally, Ratio, Totals};
use std::collections::{BTreeMap, BTreeSet};

/// What the charts are drawn from, added up one pupil at a time.
#[derive(Clone, Debug, Default)]
pub struct ChartData {
    /// Attendance measures of every enrolment read.
    pub measures: Measures,
    /// Decisions of the period per (month `YYYY-MM`, action).
    pub months: BTreeMap<(String, String), u64>,
    /// Attendance penalty notices of the period per (academic year, authority).
    pub notices: BTreeMap<(AcademicYear, String), NoticeTally>,
}

impl ChartData {
    /// Adds one pupil: their enrolments' measures, and their decisions
    /// `in_period`.
    pub fn add_pupil<'d>(
        &mut self,
        schools: &[School],
        history: PupilHistory<'_>,
        in_period: impl Iterator<Item = &'d Decision>,
    ) {
        self.measures.add_pupil(schools, history);
        for decision in in_period {
            let month = decision.date.format("%Y-%m").to_string();
            *self
                .months
                .entry((month, action_words(decision)))
                .or_default() += 1;
            self.notices
                .entry((AcademicYear::of(decision.date), decision.authority.clone()))
                .or_default()
                .add(decision);
        }
    }

    /// The page; `schools` (sorted by id) name the schools, `period`
    /// describes the decisions' dates.
    pub fn render(&self, schools: &[School], period: &str) -> String {
        let name = |id: &str| {
            schools
                .binary_search_by(|school| (*school.id).cmp(id))
                .map_or_else(|_| id.to_string(), |index| schools[index].name.clone())
        };
        let by_school: Vec<(String, &Totals)> = self
            .measures
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
        let mut body = format!(
            "<h1>Attendance charts</h1>\n<p>Measures of every enrolment in the data; decisions {}. \
             <a href=\"index.html\">Caseload</a>.</p>\n",
            escape(period)
        );
        body.push_str("<h2>Attendance by school</h2>\n");
        body.push_str(&horizontal_bars(
            "Attendance rate (attended ÷ possible sessions)",
            &attendance,
            1000,
            "#1f5fa8",
        ));
        body.push_str("<h2>Persistent absence by school</h2>\n");
        body.push_str(&horizontal_bars(
            "Persistent absence rate (enrolments below 90% attendance)",
            &persistent,
            1000,
            "#d9822b",
        ));
        body.push_str("<h2>Decisions per month</h2>\n");
        body.push_str(&self.months_chart());
        body.push_str("<h2>Penalty notices per 100 enrolments</h2>\n");
        body.push_str(&horizontal_bars(
            "Attendance penalty notices per 100 enrolments, by authority",
            &self.notice_bars(),
            0,
            "#a12a5e",
        ));
        page("Attendance charts", &[], &body)
    }

    /// Decisions per month, stacked by action.
    fn months_chart(&self) -> String {
        let actions: Vec<String> = self
            .months
            .keys()
            .map(|(_, action)| action.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut columns: Vec<(String, Vec<u64>)> = Vec::new();
        for ((month, action), &count) in &self.months {
            if columns.last().map(|(last, _)| last) != Some(month) {
                columns.push((month.clone(), vec![0; actions.len()]));
            }
            if let (Some((_, counts)), Ok(serie)) =
                (columns.last_mut(), actions.binary_search(action))
            {
                counts[serie] = count;
            }
        }
        stacked_columns("Decisions per month, by action", &actions, &columns)
    }

    /// Notices per 100 enrolments for each authority and year with
    /// enrolments, in hundredths.
    fn notice_bars(&self) -> Vec<Bar> {
        self.measures
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
