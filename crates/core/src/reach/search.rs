//! The bounded search: every node's walking distance from the nearest of one or more starts
//! (Dijkstra's algorithm on std's binary heap), stopped at a distance bound.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::network::{NodeId, Snap, WalkNetwork};
use super::pace::{Band, Pace};

/// Where a walk begins, and the metres already walked to get there: a snapped point starts
/// with its snap distance; a service point reached from several starts carries its own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    pub node: NodeId,
    pub metres: f64,
}

impl From<Snap> for Start {
    fn from(snap: Snap) -> Start {
        Start {
            node: snap.node,
            metres: snap.metres,
        }
    }
}

/// The outcome of one search: each reached node's walking distance and which start it came from.
/// One search answers all three bands: search to 15 minutes and read the band per node.
#[derive(Clone, Debug)]
pub struct Reach {
    /// Per node; infinite where the bound stopped the walk or no path exists.
    metres: Vec<f64>,
    /// Per node, the index of the nearest start; `UNREACHED` where `metres` is infinite.
    origins: Vec<u32>,
    max_metres: f64,
    reached_count: usize,
}

const UNREACHED: u32 = u32::MAX;

impl Reach {
    pub fn max_metres(&self) -> f64 {
        self.max_metres
    }

    /// Walking metres to `node`, if it lies within the bound.
    pub fn metres(&self, node: NodeId) -> Option<f64> {
        self.metres
            .get(node.index())
            .copied()
            .filter(|metres| metres.is_finite())
    }

    /// The index, in the starts given, of the start nearest to `node`. Of equally near starts
    /// one is named: which one depends only on the input.
    pub fn origin(&self, node: NodeId) -> Option<usize> {
        self.origins
            .get(node.index())
            .filter(|&&origin| origin != UNREACHED)
            .map(|&origin| origin as usize)
    }

    /// The band `node` falls in at `pace`; `Beyond` when it was not reached.
    pub fn band(&self, node: NodeId, pace: Pace) -> Band {
        self.metres(node)
            .map_or(Band::Beyond, |metres| pace.band(metres))
    }

    /// Every reached node with its walking metres, in node order.
    pub fn reached(&self) -> impl Iterator<Item = (NodeId, f64)> + '_ {
        self.metres
            .iter()
            .enumerate()
            .filter(|(_, metres)| metres.is_finite())
            .map(|(index, &metres)| (NodeId(index as u32), metres))
    }

    pub fn reached_count(&self) -> usize {
        self.reached_count
    }
}

/// Every node within `max_metres` of `start`, with its walking distance.
pub fn reach(network: &WalkNetwork, start: Start, max_metres: f64) -> Reach {
    reach_from_any(network, &[start], max_metres)
}

/// Every node within `max_metres` of the nearest of `starts`, each start counting its own
/// `metres` as already walked. Searching from every pharmacy at once gives each building's
/// nearest pharmacy in one pass, because walking distances are the same in both directions.
/// Starts whose metres are already past the bound (or not a number) reach nothing; so does a
/// start on a node from another network.
pub fn reach_from_any(network: &WalkNetwork, starts: &[Start], max_metres: f64) -> Reach {
    let node_count = network.node_count();
    let mut metres = vec![f64::INFINITY; node_count];
    let mut origins = vec![UNREACHED; node_count];
    let mut queue = BinaryHeap::new();
    for (index, start) in starts.iter().enumerate() {
        let node = start.node.index();
        // A NaN offset or bound compares as neither less nor equal, so it is refused too.
        let within_bound = start.metres <= max_metres;
        if node >= node_count || !within_bound || start.metres >= metres[node] {
            continue;
        }
        metres[node] = start.metres;
        origins[node] = index as u32;
        queue.push(Queued {
            metres: start.metres,
            node: start.node.0,
        });
    }

    let (targets, lengths) = (network.targets(), network.lengths());
    let mut reached_count = 0;
    while let Some(Queued { metres: here, node }) = queue.pop() {
        let node_index = node as usize;
        // A node is queued again each time a shorter way to it is found; the older, longer
        // entries are skipped when they surface.
        if here > metres[node_index] {
            continue;
        }
        reached_count += 1;
        let origin = origins[node_index];
        for slot in network.row(node) {
            let target = targets[slot];
            let there = here + lengths[slot];
            let target_index = target as usize;
            if there <= max_metres && there < metres[target_index] {
                metres[target_index] = there;
                origins[target_index] = origin;
                queue.push(Queued {
                    metres: there,
                    node: target,
                });
            }
        }
    }

    Reach {
        metres,
        origins,
        max_metres,
        reached_count,
    }
}

/// A heap entry ordered so that std's max-heap pops the shortest distance first, and of equal
/// distances the lowest node, so every run visits nodes in the same order.
#[derive(Clone, Copy, Debug)]
struct Queued {
    metres: f64,
    node: u32,
}

impl Ord for Queued {
    fn cmp(&self, other: &Queued) -> Ordering {
        other
            .metres
            .total_cmp(&self.metres)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Queued) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Queued) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}
