//! `rollcall explain`: one pupil's timeline, with each rule's running
//! values on the days that mattered and why each decision was or was not taken.

use super::data::{DataArgs, PolicyArgs, RunDates};
use super::eval::load_policies;
use rollcall_data::read::{DataSet, PupilRecord};
use rollcall_ir::EventKind;
use rollcall_runtime::engine::explain;
use std::process::ExitCode;

/// Arguments of `rollcall explain`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    policies: PolicyArgs,
    #[command(flatten)]
    data: DataArgs,
    /// The pupil to explain.
    #[arg(long)]
    pupil: String,
}

/// Prints the timeline; exit 1 on bad policies or data, or an unknown pupil.
pub fn run(args: Args) -> ExitCode {
    let Some(policies) = load_policies(&args.policies.policies) else {
        return ExitCode::FAILURE;
    };
    let dates = RunDates::new(Some(&policies), None);
    let declared = policies.declared_events();
    let Some(data) = find_pupil(&args.data, &dates, declared, &args.pupil) else {
        return ExitCode::FAILURE;
    };
    match explain(&policies, &data, &args.pupil) {
        Ok(timeline) => {
            print!("{timeline}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rollcall: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the rows of pupil `id` from the data directory (passing over the
/// others' rows, sorting nothing): a data set of the schools and that
/// pupil alone, or of no pupil if there is no such pupil. `None`
/// (reported) if the data cannot be read.
fn find_pupil(
    args: &DataArgs,
    dates: &RunDates,
    declared_events: &[EventKind],
    id: &str,
) -> Option<DataSet> {
    let mut stream = args.open(dates, declared_events, Some(id))?;
    let mut record = PupilRecord::default();
    let found = loop {
        match stream.pupils.next_into(&mut record) {
            Ok(true) if record.pupil.id.as_str() < id => continue,
            Ok(more) => break more && record.pupil.id == id,
            Err(error) => {
                eprintln!("{error}");
                return None;
            }
        }
    };
    if !args.report_rejected(&stream.pupils, dates) {
        return None;
    }
    let mut data = DataSet::default();
    data.schools = stream.schools;
    if found {
        data.push_pupil(record.pupil, &record.marks, &mut record.events);
    }
    Some(data)
}
