//! Fuzz targets for the data readers: the example data directory with
//! CSV-breaking bytes spliced into one file, and its Parquet conversion
//! with bytes flipped or cut. No input may panic; a refusal is one short
//! message.
//!
//! Quick and repeatable in the test suite (a fixed seed);
//! `ROLLCALL_FUZZ_CASES` cases from a random seed in a long run.

mod read_support;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::RngSeed;
use read_support::data_dir;
use rollcall_data::read::{convert_table, read_data_dir, FileFormat, OnBadRow, Table};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn config() -> ProptestConfig {
    let long: Option<u32> = std::env::var("ROLLCALL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    ProptestConfig {
        cases: long.unwrap_or(48),
        rng_seed: long.map_or(RngSeed::Fixed(1), |_| RngSeed::Random),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}

/// The example data converted to Parquet once: each table's bytes.
fn parquet_tables() -> &'static [(String, Vec<u8>)] {
    static TABLES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let dir = data_dir("fuzz_parquet_source", &[]);
        Table::ALL
            .iter()
            .map(|table| {
                let name = format!("{}.parquet", table.name);
                let out = dir.join(&name);
                convert_table(
                    &examples(),
                    *table,
                    &out,
                    FileFormat::Parquet,
                    OnBadRow::Stop,
                )
                .expect("the examples convert");
                (name, fs::read(&out).expect("a converted table"))
            })
            .collect()
    })
}

/// Reads `dir` both ways a run can: stopping at the first bad row, and
/// skipping bad rows. Neither may panic; a refusal is short.
fn reads_or_refuses_briefly(dir: &Path) {
    for on_bad_row in [OnBadRow::Stop, OnBadRow::Skip] {
        if let Err(error) = read_data_dir(dir, on_bad_row) {
            let message = error.to_string();
            assert!(
                !message.is_empty() && message.len() < 4096,
                "{} bytes: {}",
                message.len(),
                &message[..message.len().min(300)]
            );
        }
    }
}

/// What CSV exports go wrong with.
const HOSTILE: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"pupil,school,date,session,code\n",
    b";",
    b"2024-02-30",
    b"9999-12-31",
    b"\"\"",
    b"AM",
    b"PM",
    &[b'x'; 9000],
    &[b','; 300],
];

fn splice(bytes: &mut Vec<u8>, splices: &[(Index, Index)]) {
    for (at, piece) in splices {
        let at = at.index(bytes.len() + 1);
        let piece = HOSTILE[piece.index(HOSTILE.len())];
        bytes.splice(at..at, piece.iter().copied());
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_with_hostile_bytes_reads_or_refuses_briefly(
        file in prop::sample::select(vec!["schools.csv", "pupils.csv", "marks.csv", "events.csv"]),
        splices in prop::collection::vec((any::<Index>(), any::<Index>()), 1..8),
        cut in prop::option::of(any::<Index>()),
    ) {
        let dir = data_dir("fuzz_csv", &[]);
        for name in ["schools.csv", "pupils.csv", "marks.csv", "events.csv"] {
            let mut bytes = fs::read(examples().join(name)).expect("an example file");
            if name == file {
                splice(&mut bytes, &splices);
                if let Some(cut) = cut {
                    bytes.truncate(cut.index(bytes.len() + 1));
                }
            }
            fs::write(dir.join(name), bytes).expect("write a data file");
        }
        reads_or_refuses_briefly(&dir);
    }

    #[test]
    fn parquet_with_flipped_or_cut_bytes_reads_or_refuses_briefly(
        table in any::<Index>(),
        flips in prop::collection::vec((any::<Index>(), 1u8..=255), 0..6),
        cut in prop::option::of(any::<Index>()),
    ) {
        let tables = parquet_tables();
        let chosen = table.index(tables.len());
        let dir = data_dir("fuzz_parquet", &[]);
        for (index, (name, bytes)) in tables.iter().enumerate() {
            let mut bytes = bytes.clone();
            if index == chosen {
                for (at, mask) in &flips {
                    let at = at.index(bytes.len());
                    bytes[at] ^= mask;
                }
                if let Some(cut) = cut {
                    bytes.truncate(cut.index(bytes.len() + 1));
                }
            }
            fs::write(dir.join(name), bytes).expect("write a data file");
        }
        reads_or_refuses_briefly(&dir);
    }
}
