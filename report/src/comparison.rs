//! The charts of `rollcall diff --data --charts`: two policies' decisions
//! on the same pupils, side by side. Decisions per month are drawn once
//! per side on one scale, with a table of the two counts; penalty notices
//! per 100 enrolments as paired bars per authority; attendance and
//! persistent absence by school once (the data is the same for both).

use crate::charts::{school_charts, DecisionCounts};
use crate::html::{escape, page};
use crate::pack::decision_school;
use crate::svg::{paired_bars, stacked_columns, tallest, Pair};
use rollcall_data::model::School;
use rollcall_data::read::PupilHistory;
use rollcall_runtime::decision::Decision;
use rollcall_runtime::measures::Measures;
use std::collections::BTreeSet;
use std::fmt::Write;

/// What the comparison charts are drawn from, added up one pupil at a time.
#[derive(Clone, Debug, Default)]
pub struct ComparisonCharts {
    /// Attendance measures of every enrolment read.
    pub measures: Measures,
    /// The decisions of the old policy, then of the new.
    pub sides: [DecisionCounts; 2],
}

impl ComparisonCharts {
    /// Adds one pupil: their enrolments' measures, and their decisions
    /// under the `old` and the `new` policy. Each policy decides for every
    /// school, so a notice is counted under the authority of its school in
    /// `schools` (sorted by id; `?` for a school not in it), the authority
    /// whose enrolments it is counted against.
    pub fn add_pupil(
        &mut self,
        schools: &[School],
        history: PupilHistory<'_>,
        old: &[Decision],
        new: &[Decision],
    ) {
        self.measures.add_pupil(schools, history);
        for (side, decisions) in self.sides.iter_mut().zip([old, new]) {
            for decision in decisions {
                let authority = decision_school(decision, history, schools)
                    .map_or("?", |school| school.authority.as_str());
                side.add(decision, authority);
            }
        }
    }

    /// The page; `names` are the old and the new policy, `schools` (sorted
    /// by id) name the schools.
    pub fn render(&self, schools: &[School], names: [&str; 2]) -> String {
        let [old, new] = names.map(escape);
        let mut body = format!(
            "<h1>{old} against {new}</h1>\n<p>Each policy applied to every school at every \
             date, on the same pupils; notices are counted against the authority of their \
             school.</p>\n"
        );
        body.push_str("<h2>Decisions per month</h2>\n");
        body.push_str(&self.months_charts(names));
        body.push_str("<h2>Penalty notices per 100 enrolments</h2>\n");
        body.push_str(&paired_bars(
            "Attendance penalty notices per 100 enrolments, by authority",
            names,
            &self.notice_pairs(),
        ));
        body.push_str(&school_charts(&self.measures, schools));
        page(&format!("{} against {}", names[0], names[1]), &[], &body)
    }

    /// One chart of decisions per month by action for each side, with the
    /// same months, actions (so colours) and scale, then a table of both
    /// sides' counts per month.
    fn months_charts(&self, names: [&str; 2]) -> String {
        let months = self.either(DecisionCounts::months);
        let actions = self.either(DecisionCounts::actions);
        let columns = self
            .sides
            .each_ref()
            .map(|side| side.columns(&months, &actions));
        let max = columns.iter().map(|side| tallest(side)).max().unwrap_or(0);
        let mut out = String::new();
        for (name, side) in names.iter().zip(&columns) {
            out.push_str(&stacked_columns(
                &format!("Decisions per month under {name}, by action"),
                &actions,
                side,
                max,
            ));
        }
        let _ = writeln!(
            out,
            "<table class=\"rows\">\n<tr><th>month</th><th>{}</th><th>{}</th></tr>",
            escape(names[0]),
            escape(names[1])
        );
        for (index, month) in months.iter().enumerate() {
            let [old, new] = columns.each_ref().map(|side| {
                side.get(index)
                    .map_or(0, |(_, counts)| counts.iter().sum::<u64>())
            });
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{old}</td><td>{new}</td></tr>",
                escape(month)
            );
        }
        out.push_str("</table>\n");
        out
    }

    /// What `of` lists for either side, in order, once each.
    fn either(&self, of: fn(&DecisionCounts) -> Vec<String>) -> Vec<String> {
        let all: BTreeSet<String> = self.sides.iter().flat_map(of).collect();
        all.into_iter().collect()
    }

    /// Notices per 100 enrolments for each authority and year with
    /// enrolments, under each side.
    fn notice_pairs(&self) -> Vec<Pair> {
        let [old, new] = self
            .sides
            .each_ref()
            .map(|side| side.per_hundred(&self.measures));
        old.into_iter()
            .zip(new)
            .map(|(old, new)| Pair {
                label: old.label,
                values: [old.value, new.value],
                texts: [old.text, new.text],
            })
            .collect()
    }
}
