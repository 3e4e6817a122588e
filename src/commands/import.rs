//! `rollcall import ctf FILES... --to DIR`: Common Transfer Files into a
//! data directory of the data contract (`schools.csv`, `pupils.csv`,
//! `marks.csv`).
//!
//! Each file is read by [`rollcall_data::read::ctf`]; a pupil in several
//! files (one who moved school mid-year) becomes one pupil with the marks
//! of every file. Two files giving one session of a pupil different marks
//! is an error: the session is reported (pupil, date, session, each
//! file's mark) and left out. The output depends only on the files and
//! their order (the first file's date of birth is kept where files
//! disagree): the same input gives byte-identical files.

use chrono::NaiveDate;
use rollcall_data::atomic;
use rollcall_data::model::Session;
use rollcall_data::read::ctf::{read_ctf, CtfPupil, Severity};
use rollcall_ir::codes::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rollcall import`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

/// The formats `rollcall import` reads.
#[derive(clap::Subcommand)]
enum Format {
    /// Common Transfer Files (the DfE's CTF XML) into a data directory.
    Ctf(CtfArgs),
}

/// Arguments of `rollcall import ctf`.
#[derive(clap::Args)]
struct CtfArgs {
    /// The CTF files to read.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<PathBuf>,
    /// The data directory to write (created if need be).
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// The authority a policy declares for an LEA number, as
    /// `LEA=AUTHORITY` (repeatable); without one, an LEA's authority is its
    /// number.
    #[arg(long = "authority", value_name = "LEA=AUTHORITY", value_parser = lea_authority)]
    authorities: Vec<(String, String)>,
    /// Exit non-zero when a year's totals disagree with its marks (always
    /// reported as a warning).
    #[arg(long)]
    strict: bool,
}

/// Parses `LEA=AUTHORITY`.
fn lea_authority(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((lea, authority)) if !lea.is_empty() && !authority.is_empty() => {
            Ok((lea.to_owned(), authority.to_owned()))
        }
        _ => Err(format!(
            "`{text}` is not LEA=AUTHORITY (for example 888=lancashire)"
        )),
    }
}

/// Runs `rollcall import`.
pub fn run(args: Args) -> ExitCode {
    match args.format {
        Format::Ctf(args) => import_ctf(&args),
    }
}

/// A school of the output: its name and authority.
struct SchoolRow {
    name: String,
    authority: String,
}

/// One session's mark, with the file it came from.
#[derive(Clone, PartialEq, Eq)]
struct Placed {
    school: String,
    code: Code,
    file: usize,
}

/// A pupil merged from every file that has them.
struct MergedPupil {
    date_of_birth: NaiveDate,
    /// The first file that has the pupil.
    file: usize,
    parents: Vec<String>,
    marks: BTreeMap<(NaiveDate, Session), Placed>,
}

/// What the import found and kept.
#[derive(Default)]
struct Import {
    schools: BTreeMap<String, SchoolRow>,
    pupils: BTreeMap<String, MergedPupil>,
    /// Sessions two files mark differently: every mark given for each.
    conflicts: BTreeMap<(String, NaiveDate, Session), Vec<Placed>>,
    errors: usize,
    mismatches: usize,
}

/// Imports `args.files` into `args.to`.
fn import_ctf(args: &CtfArgs) -> ExitCode {
    let mut import = Import::default();
    for (index, path) in args.files.iter().enumerate() {
        let file = match read_ctf(path) {
            Ok(file) => file,
            Err(problem) => {
                eprintln!("{problem}");
                import.errors += 1;
                continue;
            }
        };
        for problem in &file.problems {
            eprintln!("{problem}");
            match problem.severity {
                Severity::Error => import.errors += 1,
                Severity::Mismatch => import.mismatches += 1,
            }
        }
        let school = file.school.id();
        let authority = args
            .authorities
            .iter()
            .find(|(lea, _)| *lea == file.school.lea)
            .map_or(file.school.lea.clone(), |(_, authority)| authority.clone());
        import.schools.entry(school.clone()).or_insert(SchoolRow {
            name: file.school.name.clone(),
            authority,
        });
        for pupil in file.pupils {
            import.merge(pupil, &school, index, path, &args.files);
        }
    }
    import.drop_conflicts(&args.files);
    let written = import.write(&args.to);
    let (pupils, marks) = (
        import.pupils.len(),
        import
            .pupils
            .values()
            .map(|pupil| pupil.marks.len())
            .sum::<usize>(),
    );
    match written {
        Ok(()) => eprintln!(
            "rollcall import: wrote {}: {} schools, {pupils} pupils, {marks} marks; {} errors, {} \
             totals mismatches",
            args.to.display(),
            import.schools.len(),
            import.errors,
            import.mismatches
        ),
        Err(error) => {
            eprintln!(
                "rollcall import: cannot write {}: {error}",
                args.to.display()
            );
            return ExitCode::FAILURE;
        }
    }
    if import.errors > 0 || (args.strict && import.mismatches > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

impl Import {
    /// Adds `pupil`, read from file `index` (`path`) at `school`.
    fn merge(
        &mut self,
        pupil: CtfPupil,
        school: &str,
        index: usize,
        path: &Path,
        files: &[PathBuf],
    ) {
        let merged = self
            .pupils
            .entry(pupil.upn.clone())
            .or_insert_with(|| MergedPupil {
                date_of_birth: pupil.date_of_birth,
                file: index,
                parents: Vec::new(),
                marks: BTreeMap::new(),
            });
        if merged.date_of_birth != pupil.date_of_birth {
            eprintln!(
                "{}:{}: error: pupil `{}`: date of birth {} differs from {} in {}; the \
                 earlier one is kept",
                path.display(),
                pupil.position,
                pupil.upn,
                pupil.date_of_birth,
                merged.date_of_birth,
                files[merged.file].display()
            );
            self.errors += 1;
        }
        for parent in pupil.parents {
            if !merged.parents.contains(&parent) {
                merged.parents.push(parent);
            }
        }
        for mark in pupil.marks {
            let placed = Placed {
                school: school.to_owned(),
                code: mark.code,
                file: index,
            };
            let key = (mark.date, mark.session);
            match merged.marks.get(&key) {
                None => {
                    merged.marks.insert(key, placed);
                }
                Some(known) if (&known.school, known.code) == (&placed.school, placed.code) => {}
                Some(known) => {
                    let given = self
                        .conflicts
                        .entry((pupil.upn.clone(), mark.date, mark.session))
                        .or_insert_with(|| vec![known.clone()]);
                    given.push(placed);
                }
            }
        }
    }

    /// Reports each conflicting session and leaves it out.
    fn drop_conflicts(&mut self, files: &[PathBuf]) {
        for ((upn, date, session), given) in &self.conflicts {
            let described: Vec<String> = given
                .iter()
                .map(|placed| {
                    format!(
                        "{} has `{}` at {}",
                        files[placed.file].display(),
                        placed.code,
                        placed.school
                    )
                })
                .collect();
            eprintln!(
                "error: pupil `{upn}` on {date} {session}: the files disagree ({}); the session is \
                 not imported",
                described.join(", ")
            );
            self.errors += 1;
            if let Some(pupil) = self.pupils.get_mut(upn) {
                pupil.marks.remove(&(*date, *session));
            }
        }
    }

    /// Writes `schools.csv`, `pupils.csv` and `marks.csv` to `dir`, each
    /// all or nothing, rows sorted by their ids (marks by pupil, date and
    /// session).
    fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let schools = csv_rows(
            ["school", "name", "authority"],
            self.schools
                .iter()
                .map(|(id, row)| [id.as_str(), &row.name, &row.authority]),
        )?;
        let pupils = csv_rows(
            ["pupil", "date_of_birth", "parents"],
            self.pupils.iter().map(|(id, pupil)| {
                [
                    id.clone(),
                    pupil.date_of_birth.to_string(),
                    pupil.parents.join(";"),
                ]
            }),
        )?;
        let marks = csv_rows(
            ["pupil", "school", "date", "session", "code"],
            self.pupils.iter().flat_map(|(id, pupil)| {
                pupil.marks.iter().map(move |((date, session), placed)| {
                    [
                        id.as_str(),
                        &placed.school,
                        &date.to_string(),
                        session.as_str(),
                        placed.code.as_str(),
                    ]
                    .map(str::to_owned)
                })
            }),
        )?;
        atomic::write(&dir.join("schools.csv"), schools)?;
        atomic::write(&dir.join("pupils.csv"), pupils)?;
        atomic::write(&dir.join("marks.csv"), marks)
    }
}

/// A CSV file of `header` and `rows`.
fn csv_rows<const N: usize, T: AsRef<[u8]>>(
    header: [&str; N],
    rows: impl Iterator<Item = [T; N]>,
) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer.into_inner().map_err(|error| error.into_error())
}
