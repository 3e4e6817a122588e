//! Reading `schools.csv`: `school,name,authority`, held whole (it is small).

use super::error::{ReadError, Rejections};
use super::fields::{identifier, shown, text};
use super::rows::{field, RowSource};
use crate::model::School;
use csv::ByteRecord;
use std::collections::HashMap;
use std::sync::Arc;

/// Reads every good row of `rows`, sorted by id; a school listed twice is
/// rejected on its later line.
pub(crate) fn read_schools(
    rows: &mut dyn RowSource,
    rejections: &mut Rejections,
) -> Result<Vec<School>, ReadError> {
    let mut schools = Vec::new();
    let mut first_lines: HashMap<Arc<str>, u64> = HashMap::new();
    let mut record = ByteRecord::new();
    while let Some(line) = rows.next_row(&mut record, rejections)? {
        let school = match parse_school(&record) {
            Ok(school) => school,
            Err(message) => {
                rejections.reject(rows.path(), line, message)?;
                continue;
            }
        };
        if let Some(first) = first_lines.get(&school.id) {
            let message = format!(
                "school {} is already listed on line {first}",
                shown(school.id.as_bytes())
            );
            rejections.reject(rows.path(), line, message)?;
            continue;
        }
        first_lines.insert(school.id.clone(), line);
        schools.push(school);
    }
    schools.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(schools)
}

fn parse_school(record: &ByteRecord) -> Result<School, String> {
    Ok(School {
        id: identifier(field(record, 0), "school")?.into(),
        name: text(field(record, 1), "name")?.to_owned(),
        authority: identifier(field(record, 2), "authority")?.to_owned(),
    })
}
