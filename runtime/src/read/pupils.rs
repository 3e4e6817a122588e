//! Reading the rows of `pupils.csv`: `pupil,date_of_birth,parents`.

use super::csv_file::field;
use super::fields::{date, identifier, text};
use crate::model::Pupil;
use csv::ByteRecord;

/// Parses a row of `pupils.csv`.
///
/// `parents` is a `;`-separated list of parent ids; it may be empty (a pupil
/// with no parents on record gets no parent-level decisions).
pub(crate) fn parse_pupil(record: &ByteRecord) -> Result<Pupil, String> {
    let id = identifier(field(record, 0), "pupil")?.to_owned();
    let date_of_birth = date(field(record, 1))?;
    let parents = parse_parents(text(field(record, 2), "parents")?)?;
    Ok(Pupil {
        id,
        date_of_birth,
        parents,
    })
}

fn parse_parents(list: &str) -> Result<Vec<String>, String> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut parents: Vec<String> = Vec::new();
    for parent in list.split(';').map(str::trim) {
        if parent.is_empty() {
            return Err(format!(
                "empty parent id in `{list}` (parents are separated by `;`)"
            ));
        }
        if parents.iter().any(|known| known == parent) {
            return Err(format!("parent `{parent}` is listed twice in `{list}`"));
        }
        parents.push(parent.to_owned());
    }
    Ok(parents)
}
