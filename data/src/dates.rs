//! Dates written as `YYYY-MM-DD` without the formatting machinery: the
//! Parquet reader's dates read as text and the decision writers' hot path.

use chrono::{Datelike, NaiveDate};

/// `date` as `YYYY-MM-DD` (years 0–9999), without the formatting machinery:
/// the writers' hot path.
pub fn iso_date(date: NaiveDate) -> [u8; 10] {
    let digit = |value: u32| b'0' + (value % 10) as u8;
    let year = date.year().clamp(0, 9999) as u32;
    let (month, day) = (date.month(), date.day());
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

/// Appends `date` as `YYYY-MM-DD` to `out`.
pub fn push_iso_date(date: NaiveDate, out: &mut String) {
    let text = iso_date(date);
    out.extend(text.iter().map(|&byte| char::from(byte)));
}
