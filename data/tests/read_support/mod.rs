//! Shared by the reader tests: data directories written from text.
//!
//! Each test file uses only some of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// A fresh data directory `name` under Cargo's test scratch space holding
/// `files` (name, contents); one per process, so that two runs of the
/// tests at once (a long fuzz run beside CI) never clear each other's.
pub fn data_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("read-{}", std::process::id()))
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear the scratch directory");
    }
    fs::create_dir_all(&dir).expect("create the scratch directory");
    for (file, contents) in files {
        fs::write(dir.join(file), contents).expect("write a data file");
    }
    dir
}

/// `schools.csv` with two schools in two authorities.
pub const SCHOOLS: &str = "school,name,authority\n\
    school-b,Bee School,la-2\n\
    school-a,\"Ay School, Upper\",la-1\n";

/// `pupils.csv`: p2 has two parents, p1 one, p3 none.
pub const PUPILS: &str = "pupil,date_of_birth,parents\n\
    p2,2016-05-06,p2-mum;p2-dad\n\
    p1,2015-03-04,p1-dad\n\
    p3,2017-01-01,\n";

/// The header row of `marks.csv`.
pub const MARKS_HEADER: &str = "pupil,school,date,session,code\n";

/// The header row of `events.csv` without its optional `start_session`.
pub const EVENTS_HEADER: &str = "pupil,parent,kind,start,end,detail\n";

/// The full header row of `events.csv`, with `start_session`.
pub const EVENTS_HEADER_WITH_SESSION: &str = "pupil,parent,kind,start,end,detail,start_session\n";

/// A data directory with the standard schools and pupils, and `marks`
/// (rows after the header) and `events` (rows after the six-column header;
/// `None`: no events.csv).
pub fn with_rows(name: &str, marks: &str, events: Option<&str>) -> PathBuf {
    with_events(
        name,
        marks,
        events.map(|rows| format!("{EVENTS_HEADER}{rows}")),
    )
}

/// As [`with_rows`], `events` being the whole of `events.csv` (its header
/// row included).
pub fn with_events(name: &str, marks: &str, events: Option<String>) -> PathBuf {
    let marks = format!("{MARKS_HEADER}{marks}");
    let mut files = vec![
        ("schools.csv", SCHOOLS),
        ("pupils.csv", PUPILS),
        ("marks.csv", marks.as_str()),
    ];
    if let Some(events) = &events {
        files.push(("events.csv", events.as_str()));
    }
    data_dir(name, &files)
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
