//! Planning pupils in families: who their parents are, which school they
//! start at, their year group and date of birth. Pupils are planned in
//! fixed batches, each from its own random stream, so any batch can be
//! planned (and generated) independently of the others.

use super::geography::{Geography, Phase};
use super::rng::{Rng, Stream};
use chrono::{Days, NaiveDate};

/// Pupils per batch (fixed: the output must not depend on the thread count).
pub const BATCH_PUPILS: u64 = 256;

/// Children per family, from 1 to 4: about 30% of families have two or
/// more children at the same school.
const FAMILY_SIZE_WEIGHTS: [u32; 4] = [700, 220, 65, 15];
/// Families with two parents (per 1,000); the others have one.
const TWO_PARENTS_PER_THOUSAND: u64 = 650;

/// One pupil as planned, before their history is generated.
#[derive(Clone, Debug)]
pub struct PupilPlan {
    /// Pupil number (0-based, over the whole cohort).
    pub index: u64,
    /// The family's number: the index of its first child.
    pub family: u64,
    /// The parents' identifiers, shared by siblings.
    pub parents: Vec<String>,
    /// The school the pupil is at on the first day.
    pub school: usize,
    /// Year group in the first academic year (0 = Reception, 12 = year 12).
    pub year_group: u8,
    /// Date of birth, consistent with the year group.
    pub date_of_birth: NaiveDate,
}

/// The pupils of batch `batch` of a cohort of `pupils`, whose first
/// academic year starts in September `start_year`.
pub fn plan_batch(
    seed: u64,
    batch: u64,
    pupils: u64,
    start_year: i32,
    geography: &Geography,
) -> Vec<PupilPlan> {
    let mut rng = Rng::new(seed, Stream::Batch, batch);
    let first = batch * BATCH_PUPILS;
    let end = (first + BATCH_PUPILS).min(pupils);
    let first_day = super::terms::ymd(start_year, 9, 1);
    let mut plans = Vec::with_capacity((end - first) as usize);
    let mut index = first;
    while index < end {
        let size = (rng.weighted(&FAMILY_SIZE_WEIGHTS) as u64 + 1).min(end - index);
        let family = index;
        let parent_count = if rng.below(1000) < TWO_PARENTS_PER_THOUSAND {
            2
        } else {
            1
        };
        let parents: Vec<String> = (0..parent_count)
            .map(|n| format!("f{}-{}", family + 1, ["a", "b"][n]))
            .collect();
        // Schools of every authority but Cumbria are open throughout.
        let school = geography
            .pick(&mut rng, None, None, first_day, None)
            .unwrap_or(0);
        let mut taken = Vec::new();
        for _ in 0..size {
            let year_group = year_group(&mut rng, geography.schools[school].phase, &taken);
            taken.push(year_group);
            plans.push(PupilPlan {
                index,
                family,
                parents: parents.clone(),
                school,
                year_group,
                date_of_birth: date_of_birth(&mut rng, start_year, year_group),
            });
            index += 1;
        }
    }
    plans
}

/// A year group of `phase`, preferring one no sibling is in (twins are rare).
fn year_group(rng: &mut Rng, phase: Phase, taken: &[u8]) -> u8 {
    let mut year_group = 0;
    for _ in 0..4 {
        year_group = match phase {
            Phase::Primary => rng.below(7) as u8,
            Phase::Secondary => 7 + rng.weighted(&[10, 10, 10, 10, 10, 4]) as u8,
        };
        if !taken.contains(&year_group) {
            break;
        }
    }
    year_group
}

/// A date of birth in the academic year (1 September – 31 August) that
/// puts a child in `year_group` in September `start_year`: Reception
/// children turn 5 during the year.
fn date_of_birth(rng: &mut Rng, start_year: i32, year_group: u8) -> NaiveDate {
    let born_from = super::terms::ymd(start_year - 5 - i32::from(year_group), 9, 1);
    let born_until = super::terms::ymd(start_year - 4 - i32::from(year_group), 8, 31);
    let span = (born_until - born_from).num_days() as u64;
    born_from + Days::new(rng.between(0, span))
}
