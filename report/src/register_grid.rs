//! A pupil's register as a grid: one row per school week, the days Monday
//! to Friday across, an AM and a PM cell each, showing each mark's code.
//! The sessions a decision counts are highlighted (class `counted`), those
//! an earlier notice or prosecution consumed are marked (class
//! `consumed`); every marked cell carries `data-date` and `data-session`.

use crate::html::escape;
use chrono::{Datelike, Days, NaiveDate};
use rollcall_data::model::{Mark, Session};
use rollcall_runtime::calendar::week_start;
use std::collections::BTreeSet;
use std::fmt::Write;

/// A session of the register: its day and AM or PM.
pub type SessionKey = (NaiveDate, Session);

/// What the grid shows.
#[derive(Clone, Debug)]
pub struct Grid<'a> {
    /// The pupil's marks, sorted by date then session.
    pub marks: &'a [Mark],
    /// The first day shown (its whole week is).
    pub from: NaiveDate,
    /// The last day shown (its whole week is).
    pub to: NaiveDate,
    /// The sessions the decision counts.
    pub counted: &'a BTreeSet<SessionKey>,
    /// The sessions earlier decisions consumed.
    pub consumed: &'a BTreeSet<SessionKey>,
}

const DAYS: [&str; 5] = ["Mon", "Tue", "Wed", "Thu", "Fri"];

impl Grid<'_> {
    /// The grid as an HTML table, then its legend.
    pub fn render(&self) -> String {
        let mut out =
            String::from("<table class=\"register\">\n<thead>\n<tr><th rowspan=\"2\">Week of</th>");
        for day in DAYS {
            let _ = write!(out, "<th colspan=\"2\">{day}</th>");
        }
        out.push_str("</tr>\n<tr>");
        for _ in DAYS {
            out.push_str("<th>AM</th><th>PM</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        let mut monday = week_start(self.from);
        while monday <= self.to {
            let days: Vec<NaiveDate> = (0..5)
                .filter_map(|offset| monday.checked_add_days(Days::new(offset)))
                .collect();
            // A week without a mark is a holiday, not a school week.
            if days.iter().any(|&day| self.has_marks(day)) {
                let _ = write!(out, "<tr><th>{}</th>", monday.format("%d %b %Y"));
                for &date in &days {
                    for session in [Session::Am, Session::Pm] {
                        out.push_str(&self.cell(date, session));
                    }
                }
                out.push_str("</tr>\n");
            }
            let Some(next) = monday.checked_add_days(Days::new(7)) else {
                break;
            };
            monday = next;
        }
        out.push_str("</tbody>\n</table>\n");
        out.push_str(LEGEND);
        out
    }

    /// One session's cell.
    fn cell(&self, date: NaiveDate, session: Session) -> String {
        let Some(mark) = self.mark(date, session) else {
            return "<td class=\"none\">·</td>".to_string();
        };
        let key = (date, session);
        let class = if self.counted.contains(&key) {
            " class=\"counted\""
        } else if self.consumed.contains(&key) {
            " class=\"consumed\""
        } else {
            ""
        };
        format!(
            "<td{class} data-date=\"{date}\" data-session=\"{}\" title=\"{} {} {}\">{}</td>",
            session.as_str(),
            date.weekday(),
            date,
            session.as_str(),
            escape(mark.code.as_str())
        )
    }

    /// Whether the pupil has a mark on `date`.
    fn has_marks(&self, date: NaiveDate) -> bool {
        self.mark(date, Session::Am).is_some() || self.mark(date, Session::Pm).is_some()
    }

    /// The pupil's mark for a session (the first, if several schools
    /// recorded one).
    fn mark(&self, date: NaiveDate, session: Session) -> Option<&Mark> {
        let start = self
            .marks
            .partition_point(|mark| (mark.date, mark.session) < (date, session));
        self.marks
            .get(start)
            .filter(|mark| mark.date == date && mark.session == session)
    }
}

/// What the cells mean.
const LEGEND: &str =
    "<p class=\"legend\"><span class=\"counted\">X</span>counted by this decision \
<span class=\"consumed\">X</span>consumed by an earlier notice or prosecution \
<span>X</span>other mark (its code) <span>·</span>no mark</p>\n";
