//! SplitMix64 (Steele, Lea & Flood 2014), the one seeded generator for everything that must
//! come out the same on every run: the sample data, a voter's card order, test graphs and
//! benchmark inputs. Tiny and well mixed, and not cryptographic: ids and secrets come from the
//! browser's or the operating system's random source instead.
//!
//! The arithmetic is part of the contract. The sample data's positions and phones and every
//! voter's card order are derived from it, so a change of any step here changes what residents
//! see; the tests pin the reference sequence.

/// A SplitMix64 generator: one `u64` of state, advanced by the golden-ratio increment.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`. The modulo bias is irrelevant for the small ranges this
    /// generator is asked for (a few cards, a few hundred households).
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    /// Uniform in `[0, 1)`: the top 53 bits, as many as an `f64` holds exactly.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True `percent` times in a hundred.
    pub fn chance_percent(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_the_reference_one() {
        // The first outputs for seed 0 of Vigna's splitmix64.c, the usual reference.
        let mut rng = SplitMix64::new(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F
            ]
        );
    }

    #[test]
    fn helpers_stay_in_their_ranges() {
        let mut rng = SplitMix64::new(0x4C49_4E4C_4920_2026);
        for _ in 0..10_000 {
            assert!((5..=60).contains(&rng.between(5, 60)));
            assert_eq!(rng.between(7, 7), 7);
            assert!((0.0..1.0).contains(&rng.unit()));
        }
        assert!(!rng.chance_percent(0));
        assert!(rng.chance_percent(100));
    }
}
