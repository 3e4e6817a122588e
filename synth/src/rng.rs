//! The generator's source of randomness: SplitMix64, small and fast, giving
//! the same numbers on every platform and with every crate version.
//!
//! Every pupil, family, school and authority draws from its own stream,
//! derived from the cohort seed and what it is for, so a pupil's history
//! does not depend on the order pupils are generated in or on the number
//! of threads. Probabilities are `f64`s used only with basic arithmetic,
//! which IEEE 754 makes exact and the same everywhere.

/// What a random stream is for; keeps streams of different things apart.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    /// An authority's term-date variations.
    Authority = 1,
    /// A school's INSET days and its place in the geography.
    School = 2,
    /// The families of one batch of pupils.
    Batch = 3,
    /// A family's term-time holidays.
    Family = 4,
    /// One pupil's history.
    Pupil = 5,
    /// Details of one pupil's events drawn once their history is done (the
    /// session each exclusion began in, a closed case), apart from the
    /// history so that adding them moved no other draw.
    PupilEvents = 6,
}

/// A SplitMix64 generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// The stream `index` of kind `stream` under the cohort `seed`.
    pub fn new(seed: u64, stream: Stream, index: u64) -> Rng {
        let tag = (stream as u64) << 56;
        Rng(mix(seed ^ mix(tag ^ index)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..count` (`count` > 0).
    pub fn below(&mut self, count: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(count)) >> 64) as u64
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `probability`.
    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut point = self.below(u64::from(total)) as u32;
        for (index, &weight) in weights.iter().enumerate() {
            if point < weight {
                return index;
            }
            point -= weight;
        }
        weights.len() - 1
    }
}

/// The SplitMix64 finaliser.
fn mix(mut bits: u64) -> u64 {
    bits = (bits ^ (bits >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    bits = (bits ^ (bits >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    bits ^ (bits >> 31)
}
