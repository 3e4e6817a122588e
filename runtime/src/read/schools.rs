//! Reading `schools.csv`: `school,name,authority`.

use super::csv_file::{field, read_unique, CsvFile};
use super::error::{ReadError, Rejections};
use super::fields::{identifier, text};
use crate::model::School;
use csv::ByteRecord;
use std::path::Path;

/// Reads every good row of `dir/schools.csv`, sorted by id.
pub(crate) fn read_schools(
    dir: &Path,
    rejections: &mut Rejections,
) -> Result<Vec<School>, ReadError> {
    let file = CsvFile::open(dir, "schools.csv", &["school", "name", "authority"])?;
    read_unique(file, rejections, "school", parse_school, |school| {
        &school.id
    })
}

fn parse_school(record: &ByteRecord) -> Result<School, String> {
    Ok(School {
        id: identifier(field(record, 0), "school")?.to_owned(),
        name: text(field(record, 1), "name")?.to_owned(),
        authority: identifier(field(record, 2), "authority")?.to_owned(),
    })
}
