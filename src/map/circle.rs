//! The circle around one start: every service point within a 15-minute walk, nearest first, and
//! the basic categories with none. Plain data over `linli_core::reach`, tested on the host.

use linli_core::reach::{Pace, Reach, Snap, Start, WalkNetwork, reach};
use linli_core::service_category::{CATEGORIES, Tier};

/// The bound of the circle, whatever the pace.
pub const CIRCLE_MINUTES: u32 = 15;

/// One service within the circle: its index in the community's list, and the walk to it with
/// both snaps (start to street, street to door) counted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reached {
    pub service: usize,
    pub metres: f64,
}

/// A search from `start` to the circle's edge at `pace`, and the services it reaches.
#[derive(Clone, Debug)]
pub struct Circle {
    pub reach: Reach,
    pub reached: Vec<Reached>,
}

impl Circle {
    /// `services` are the community's service points already snapped onto `network`, in the
    /// order of its list.
    pub fn search(network: &WalkNetwork, services: &[Snap], start: Snap, pace: Pace) -> Circle {
        let bound = pace.metres_in(CIRCLE_MINUTES);
        let walk = reach(network, Start::from(start), bound);
        let mut reached: Vec<Reached> = services
            .iter()
            .enumerate()
            .filter_map(|(service, snap)| {
                let metres = walk.metres(snap.node)? + snap.metres;
                (metres <= bound).then_some(Reached { service, metres })
            })
            .collect();
        // Nearest first; equal walks keep the list's order, so the numbering is stable.
        reached.sort_by(|a, b| {
            a.metres
                .total_cmp(&b.metres)
                .then(a.service.cmp(&b.service))
        });
        Circle {
            reach: walk,
            reached,
        }
    }
}

/// Basic-guarantee categories (基本保障类) with no service in `reached`, in `CATEGORIES` order.
/// `category_of` gives a service's category id by its index.
pub(crate) fn missing_basic<'a>(
    reached: &[Reached],
    category_of: impl Fn(usize) -> &'a str,
) -> Vec<&'static str> {
    CATEGORIES
        .iter()
        .filter(|c| c.tier == Tier::Basic)
        .filter(|c| !reached.iter().any(|r| category_of(r.service) == c.id))
        .map(|c| c.id)
        .collect()
}

/// Whole minutes as a resident reads them: a walk of 4.2 minutes is "5 minutes" at most, never
/// less, and nothing is "0 minutes".
pub(crate) fn whole_minutes(pace: Pace, metres: f64) -> u32 {
    (pace.minutes_for(metres).ceil() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use linli_core::reach::{ELDERLY_PACE, GeoPoint, STANDARD_PACE};

    use super::*;

    /// Nodes every 100 m along one street running east.
    fn street(nodes: u32) -> WalkNetwork {
        let positions = (0..nodes)
            .map(|i| GeoPoint::new(39.9, 116.65 + 0.001_17 * f64::from(i)).unwrap())
            .collect();
        let edges: Vec<(u32, u32, f64)> = (1..nodes).map(|i| (i - 1, i, 100.0)).collect();
        WalkNetwork::new(positions, &edges).unwrap()
    }

    fn snap(network: &WalkNetwork, node: u32, metres: f64) -> Snap {
        Snap {
            node: network.node(node).unwrap(),
            metres,
        }
    }

    #[test]
    fn lists_services_within_the_circle_nearest_first_with_both_snaps() {
        let network = street(15);
        let services = [
            snap(&network, 9, 5.0),   // 900 + 5 + 10
            snap(&network, 2, 0.0),   // 200 + 10
            snap(&network, 11, 80.0), // 1100: past 1080 m
            snap(&network, 10, 60.0), // 1000 + 60 + 10 = 1070
        ];
        let circle = Circle::search(&network, &services, snap(&network, 0, 10.0), STANDARD_PACE);
        assert_eq!(
            circle.reached,
            [
                Reached {
                    service: 1,
                    metres: 210.0
                },
                Reached {
                    service: 0,
                    metres: 915.0
                },
                Reached {
                    service: 3,
                    metres: 1070.0
                },
            ]
        );
        // At the older pace, 15 minutes is 810 m.
        let slower = Circle::search(&network, &services, snap(&network, 0, 10.0), ELDERLY_PACE);
        assert_eq!(slower.reached.len(), 1);
    }

    #[test]
    fn a_basic_category_is_missing_when_none_of_its_services_is_reached() {
        let network = street(15);
        let services = [snap(&network, 1, 0.0), snap(&network, 14, 0.0)];
        let categories = ["convenience_store", "pharmacy"];
        let circle = Circle::search(&network, &services, snap(&network, 0, 0.0), STANDARD_PACE);
        let missing = missing_basic(&circle.reached, |i| categories[i]);
        assert!(missing.contains(&"pharmacy"));
        assert!(!missing.contains(&"convenience_store"));
        assert!(missing.iter().all(|id| {
            linli_core::service_category::category(id).is_some_and(|c| c.tier == Tier::Basic)
        }));
    }

    #[test]
    fn minutes_round_up_and_start_at_one() {
        assert_eq!(whole_minutes(STANDARD_PACE, 0.0), 1);
        assert_eq!(whole_minutes(STANDARD_PACE, 72.0), 1);
        assert_eq!(whole_minutes(STANDARD_PACE, 73.0), 2);
        assert_eq!(whole_minutes(STANDARD_PACE, 1080.0), 15);
    }
}
