//! One decision as a flat CSV row.

use crate::decision::{Decision, Evidence};
use rollcall_data::dates::push_iso_date;
use rollcall_data::scan;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The header row.
pub(super) const COLUMNS: [&str; 12] = [
    "pupil",
    "parent",
    "date",
    "action",
    "label",
    "rule",
    "authority",
    "policy",
    "notice_number",
    "payments",
    "reason",
    "evidence",
];

/// The text of a row's fields that are written out rather than borrowed,
/// kept from one row to the next so that a row allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Written {
    date: String,
    notice_number: String,
    payments: String,
    evidence: String,
}

/// The row's fields, in [`COLUMNS`] order; absent values are empty.
/// `payments` reads `8000@21;16000@28` (pence within days); `evidence`
/// reads `2024-10-07 AM G kendal-primary;…` for sessions and
/// `2024-10-07 exclusion until 2024-10-11` or `2024-10-08 public_place`
/// for events. Text fields are borrowed from the decision, the others
/// written into `written`.
pub(super) fn fields<'a>(decision: &'a Decision, written: &'a mut Written) -> [&'a str; 12] {
    let Written {
        date,
        notice_number,
        payments,
        evidence,
    } = written;
    date.clear();
    push_iso_date(decision.date, date);
    notice_number.clear();
    if let Some(number) = decision.notice_number {
        let _ = write!(notice_number, "{number}");
    }
    payments.clear();
    for (index, payment) in decision.payments.iter().enumerate() {
        let separator = if index == 0 { "" } else { ";" };
        let _ = write!(
            payments,
            "{separator}{}@{}",
            payment.amount_pence, payment.within_days
        );
    }
    evidence.clear();
    for (index, item) in decision.evidence.iter().enumerate() {
        if index > 0 {
            evidence.push(';');
        }
        write_evidence(item, evidence);
    }
    [
        &decision.pupil,
        decision.parent.as_deref().unwrap_or_default(),
        date,
        &decision.action,
        decision.label.as_deref().unwrap_or_default(),
        &decision.rule,
        &decision.authority,
        &decision.policy,
        notice_number,
        payments,
        &decision.reason,
        evidence,
    ]
}

/// Writes `fields` as one CSV row, ended by a newline, onto `out`. A field
/// is quoted, its quotes doubled, only if it holds a comma, a quote or a
/// line break: what the csv crate writes (and reads back), without a test
/// per byte.
pub(super) fn write_row(fields: &[&str], out: &mut impl Write) -> io::Result<()> {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        let bytes = field.as_bytes();
        if !scan::any(bytes, |&byte| matches!(byte, b',' | b'"' | b'\n' | b'\r')) {
            out.write_all(bytes)?;
            continue;
        }
        out.write_all(b"\"")?;
        for (position, part) in bytes.split(|&byte| byte == b'"').enumerate() {
            if position > 0 {
                out.write_all(b"\"\"")?;
            }
            out.write_all(part)?;
        }
        out.write_all(b"\"")?;
    }
    out.write_all(b"\n")
}

fn write_evidence(evidence: &Evidence, out: &mut String) {
    match evidence {
        Evidence::Session {
            date,
            session,
            code,
            school,
        } => {
            push_iso_date(*date, out);
            for part in [session.as_str(), code.as_str(), school] {
                out.push(' ');
                out.push_str(part);
            }
        }
        Evidence::Event { date, event, end } => {
            push_iso_date(*date, out);
            out.push(' ');
            out.push_str(event.as_str());
            if let Some(end) = end {
                out.push_str(" until ");
                push_iso_date(*end, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let rows: [&[&str]; 4] = [
            &["p1", "", "plain text", "école", ""],
            &["a,b", "say \"hi\"", "\"", "two\nlines", "carriage\rreturn"],
            &["", "", "", "", ""],
            &["ends with a quote\"", ",", "\r\n", "x\"\"y", "#comment"],
        ];
        let mut ours = Vec::new();
        let mut theirs = csv::Writer::from_writer(Vec::new());
        for row in rows {
            write_row(row, &mut ours).expect("writing to memory");
            theirs.write_record(row).expect("writing to memory");
        }
        let theirs = theirs.into_inner().expect("flushed");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        let read: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&ours[..])
            .records()
            .map(|record| record.expect("a row").iter().map(str::to_owned).collect())
            .collect();
        let given: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|field| field.to_string()).collect())
            .collect();
        assert_eq!(read, given);
    }
}
