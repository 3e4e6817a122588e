//! Reading the rows of `pupils.csv`: `pupil,date_of_birth,parents`.

use super::fields::{date, identifier, shown, text};
use super::rows::field;
use crate::model::Pupil;
use csv::ByteRecord;

/// Parses a row of `pupils.csv` into `pupil`, reusing its strings (on an
/// error, `pupil` is left part written).
///
/// `parents` is a `;`-separated list of parent ids; it may be empty (a pupil
/// with no parents on record gets no parent-level decisions).
pub(crate) fn parse_pupil(record: &ByteRecord, pupil: &mut Pupil) -> Result<(), String> {
    let id = identifier(field(record, 0), "pupil")?;
    // A date of birth is personal data: a bad one is named, never shown.
    pupil.date_of_birth = date(field(record, 1)).map_err(|_| {
        "date_of_birth is missing or not a date in the form YYYY-MM-DD (not shown: personal data)"
            .to_owned()
    })?;
    parse_parents(text(field(record, 2), "parents")?, &mut pupil.parents)?;
    pupil.id.clear();
    pupil.id.push_str(id);
    Ok(())
}

/// Parses a list of parents into `parents`, reusing its strings.
fn parse_parents(list: &str, parents: &mut Vec<String>) -> Result<(), String> {
    let mut count = 0;
    if !list.is_empty() {
        for parent in list.split(';').map(str::trim) {
            if parent.is_empty() {
                return Err(
                    "empty parent id in the parents column (parents are separated by `;`)"
                        .to_owned(),
                );
            }
            if parents[..count].iter().any(|known| known == parent) {
                return Err(format!(
                    "parent {} is listed twice",
                    shown(parent.as_bytes())
                ));
            }
            match parents.get_mut(count) {
                Some(slot) => {
                    slot.clear();
                    slot.push_str(parent);
                }
                None => parents.push(parent.to_owned()),
            }
            count += 1;
        }
    }
    parents.truncate(count);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pupil_read_over_another_keeps_nothing_of_it() {
        let row = |fields: [&str; 3]| ByteRecord::from(fields.to_vec());
        let mut pupil = Pupil::default();
        parse_pupil(&row(["p1", "2015-01-01", "a;b;c"]), &mut pupil).expect("a pupil");
        assert!(parse_pupil(&row(["p2", "2015-01-01", "x;y;x"]), &mut pupil).is_err());
        parse_pupil(&row(["p3", "2016-02-29", " d "]), &mut pupil).expect("a pupil");
        let expected = Pupil {
            id: "p3".to_owned(),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(2016, 2, 29).expect("a date"),
            parents: vec!["d".to_owned()],
        };
        assert_eq!(pupil, expected);
        parse_pupil(&row(["p4", "2016-02-29", ""]), &mut pupil).expect("a pupil");
        assert!(pupil.parents.is_empty());
    }
}
