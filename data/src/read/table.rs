//! The data contract: the tables of a data directory, their columns, and
//! the formats a table's file may have.

/// A table of the data contract: its file name without extension and its
/// columns, in order; the last [`optional`](Table::optional) of them a file
/// may leave out (read as empty fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    /// The file name without extension (`marks` for `marks.csv`).
    pub name: &'static str,
    /// The columns, in order (the optional ones last): every one is
    /// written.
    pub columns: &'static [&'static str],
    /// How many of the last columns a file may leave out: a CSV header
    /// may stop before them (in order), a Parquet file may lack them.
    pub optional: usize,
    /// The columns holding dates (Date32 in Parquet).
    pub date_columns: &'static [&'static str],
    /// Whether a data directory must have it.
    pub required: bool,
}

impl Table {
    /// `schools.csv`.
    pub const SCHOOLS: Table = Table {
        name: "schools",
        columns: &["school", "name", "authority"],
        optional: 0,
        date_columns: &[],
        required: true,
    };
    /// `pupils.csv`.
    pub const PUPILS: Table = Table {
        name: "pupils",
        columns: &["pupil", "date_of_birth", "parents"],
        optional: 0,
        date_columns: &["date_of_birth"],
        required: true,
    };
    /// `marks.csv`.
    pub const MARKS: Table = Table {
        name: "marks",
        columns: &["pupil", "school", "date", "session", "code"],
        optional: 0,
        date_columns: &["date"],
        required: true,
    };
    /// `events.csv` (optional); `start_session` may be left out.
    pub const EVENTS: Table = Table {
        name: "events",
        columns: &[
            "pupil",
            "parent",
            "kind",
            "start",
            "end",
            "detail",
            "start_session",
        ],
        optional: 1,
        date_columns: &["start", "end"],
        required: false,
    };
    /// Every table, in reading order.
    pub const ALL: [Table; 4] = [Table::SCHOOLS, Table::PUPILS, Table::MARKS, Table::EVENTS];

    /// Whether `column` holds dates.
    pub fn is_date(&self, column: &str) -> bool {
        self.date_columns.contains(&column)
    }

    /// The columns every file must have: all but the optional ones.
    pub fn required_columns(&self) -> &'static [&'static str] {
        &self.columns[..self.columns.len() - self.optional]
    }

    /// Whether a file may leave `column` out.
    pub fn is_optional(&self, column: &str) -> bool {
        self.columns[self.columns.len() - self.optional..].contains(&column)
    }
}

/// A file format of the data directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet with the same column names.
    Parquet,
}

impl FileFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Parquet => "parquet",
        }
    }
}
