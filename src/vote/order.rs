//! The order a voter sees the projects in: shuffled per voter, so that the first card is not
//! everyone's first card, but stable for one voter, so that a reload does not move the cards.
//!
//! The seed is the voting code (or, without one, a random value this browser keeps); FNV-1a
//! turns it into 64 bits and core's SplitMix64 drives a Fisher–Yates shuffle. No floats.

use linli_core::rng::SplitMix64;

/// FNV-1a over the seed's bytes.
fn fnv1a(seed: &str) -> u64 {
    seed.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The positions `0..count` in the order this seed shows them.
pub(crate) fn shuffled(count: usize, seed: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    let mut rng = SplitMix64::new(fnv1a(seed));
    for last in (1..count).rev() {
        order.swap(last, rng.between(0, last));
    }
    order
}

/// The seed for a voter: the code as the server reads it (case, spaces and hyphens do not
/// matter, so typing it differently keeps the order), else this browser's own random seed.
pub(crate) fn voter_seed(code: &str, device_seed: &str) -> String {
    let normalised: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if normalised.is_empty() {
        device_seed.to_owned()
    } else {
        normalised
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(count: usize, seed: &str, expected: &[usize]) {
        assert_eq!(
            shuffled(count, seed),
            expected,
            "{count} cards, seed {seed:?}"
        );
    }

    #[test]
    fn an_order_is_a_permutation_and_the_same_on_every_reload() {
        for seed in ["ABCD-EFGH-JKM7", "", "device-123"] {
            for count in [0, 1, 2, 8, 31] {
                let order = shuffled(count, seed);
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..count).collect::<Vec<_>>());
                assert_eq!(order, shuffled(count, seed));
            }
        }
    }

    #[test]
    fn different_voters_see_different_orders() {
        // Pinned to a separate reference implementation (a few lines of Python, FNV-1a +
        // SplitMix64 + Fisher–Yates), so a change of the mixing, which would reorder every
        // voter's cards between two visits during a ballot, shows up here.
        check(8, "23456789ABCN", &[5, 6, 3, 2, 4, 1, 7, 0]);
        check(8, "ZZZZZZZZZZZ2", &[1, 0, 7, 4, 2, 6, 3, 5]);
        check(1, "anything", &[0]);
        let orders: std::collections::HashSet<Vec<usize>> = (0..50)
            .map(|voter| shuffled(8, &format!("voter-{voter}")))
            .collect();
        assert!(orders.len() > 40, "{} distinct orders of 50", orders.len());
    }

    #[test]
    fn the_code_seeds_the_order_however_it_is_typed() {
        assert_eq!(voter_seed("abcd-efgh jkm7", "device"), "ABCDEFGHJKM7");
        assert_eq!(voter_seed("ABCDEFGHJKM7", "device"), "ABCDEFGHJKM7");
        assert_eq!(voter_seed(" - ", "device"), "device");
    }
}
