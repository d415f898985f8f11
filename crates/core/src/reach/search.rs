//! The bounded search: every node's walking distance from the nearest of one or more starts,
//! stopped at a distance bound. Dijkstra's algorithm with a bucket queue (Dial's), which on the
//! map page's 20,000-node walk is several times quicker than std's binary heap: see
//! [`reach_from_any`].

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

    /// Every node's walking metres by index, infinite where it was not reached: for a loop over
    /// every node, where [`Reach::metres`] per node costs more.
    pub fn all_metres(&self) -> &[f64] {
        &self.metres
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
///
/// The distances are exact (the same sums of edge lengths a binary-heap Dijkstra finds); only
/// the order nodes are taken in is coarser. Nodes wait in buckets one [`BUCKET_METRES`] wide, in
/// a ring long enough to hold the longest edge, each bucket a doubly linked list threaded through
/// per-node arrays, so queueing, moving and taking a node cost the same whatever the graph's
/// size. Within one bucket nodes are not ordered by distance, so a node whose distance drops
/// again after it was scanned (by an edge shorter than the bucket) is put back and scanned
/// again: when a bucket is empty, every node in it has its final distance, because a shortest
/// walk to it only passes through nodes that are no farther.
pub fn reach_from_any(network: &WalkNetwork, starts: &[Start], max_metres: f64) -> Reach {
    let node_count = network.node_count();
    // Boxed slices, not vectors, in the loop below: indexing a slice is built into the language,
    // while indexing a `Vec` is a call that the size-optimised wasm build does not inline; with
    // the plain index loop below the map page's search is markedly faster (`./linli bench-reach`;
    // docs/benchmarks.md, "Measurements behind the code").
    let mut metres = vec![f64::INFINITY; node_count].into_boxed_slice();
    let mut origins = vec![UNREACHED; node_count].into_boxed_slice();
    let mut queue = BucketQueue::new(node_count, network.max_length());

    // The starts enter the queue in order of their metres, as the search comes within a ring's
    // length of them, so a start far beyond the others never overflows the ring. Of two starts
    // on one node equally far, the first listed is the origin.
    let mut pending: Vec<(f64, u32)> = starts
        .iter()
        .enumerate()
        // A NaN offset or bound compares as neither less nor equal, so it is refused too.
        .filter(|(_, start)| start.node.index() < node_count && start.metres <= max_metres)
        .map(|(index, start)| (start.metres, index as u32))
        .collect();
    pending.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut pending = pending.into_iter().peekable();

    let (offsets, targets, lengths) = (network.offsets(), network.targets(), network.lengths());
    let mut reached_count = 0;
    loop {
        // Let in every start the ring can now hold.
        while let Some(&(start_metres, index)) = pending.peek() {
            if queue.is_empty() {
                queue.jump_to(start_metres);
            } else if !queue.fits(start_metres) {
                break;
            }
            pending.next();
            let node = starts[index as usize].node.0;
            let node_index = node as usize;
            if start_metres < metres[node_index] {
                if metres[node_index].is_infinite() {
                    reached_count += 1;
                }
                queue.set(node, metres[node_index], start_metres);
                metres[node_index] = start_metres;
                origins[node_index] = index;
            }
        }
        let Some(node) = queue.pop_nearest() else {
            break;
        };
        let node_index = node as usize;
        let here = metres[node_index];
        let origin = origins[node_index];
        // Plain index loops: iterator adapters such as `zip` are calls too in that build.
        for edge in offsets[node_index] as usize..offsets[node_index + 1] as usize {
            let there = here + lengths[edge];
            let target = targets[edge];
            let target_index = target as usize;
            let before = metres[target_index];
            if there <= max_metres && there < before {
                if before == f64::INFINITY {
                    reached_count += 1;
                }
                queue.set(target, before, there);
                metres[target_index] = there;
                origins[target_index] = origin;
            }
        }
    }

    Reach {
        metres: metres.into_vec(),
        origins: origins.into_vec(),
        max_metres,
        reached_count,
    }
}

/// The width of one bucket of the search's queue, unless the graph has an edge so long that the
/// ring would need more than [`MAX_BUCKETS`] of them. A metre is a few steps: on the map page's
/// streets (nodes some metres apart) few edges are shorter, so few nodes are scanned twice,
/// and a 15-minute walk passes about a thousand buckets.
pub const BUCKET_METRES: f64 = 1.0;

/// The most buckets the ring holds (a power of two).
const MAX_BUCKETS: u64 = 1 << 16;

/// No node: the end of a bucket's list.
const NONE: u32 = u32::MAX;

/// Dial's bucket queue over a ring: node `n` waits in bucket `floor(metres / width)`, at slot
/// `bucket % ring length`. Every queued node's bucket lies within one ring's length of the
/// bucket being taken, because no edge is longer than the ring (less a bucket for rounding).
struct BucketQueue {
    /// The first node of each slot's list.
    heads: Box<[u32]>,
    next: Box<[u32]>,
    previous: Box<[u32]>,
    /// Whether a node is in a list now.
    queued: Box<[bool]>,
    per_metre: f64,
    /// The bucket being taken.
    current: u64,
    len: usize,
}

impl BucketQueue {
    fn new(node_count: usize, max_length: f64) -> BucketQueue {
        let width = BUCKET_METRES.max(max_length / (MAX_BUCKETS - 4) as f64);
        // An edge spans at most `max_length / width` buckets, one more for rounding; keep two
        // spare so a bucket being filled is never the one being taken.
        let span = (max_length / width) as u64 + 4;
        let ring = span.next_power_of_two().min(MAX_BUCKETS) as usize;
        BucketQueue {
            heads: vec![NONE; ring].into_boxed_slice(),
            next: vec![NONE; node_count].into_boxed_slice(),
            previous: vec![NONE; node_count].into_boxed_slice(),
            queued: vec![false; node_count].into_boxed_slice(),
            per_metre: 1.0 / width,
            current: 0,
            len: 0,
        }
    }

    /// The bucket of a distance. Past 2^52 buckets every distance shares the last one (still
    /// exact, only slower), which keeps the rounding below one bucket.
    #[inline(always)]
    fn bucket(&self, metres: f64) -> u64 {
        const LAST: f64 = (1u64 << 52) as f64;
        // A comparison, not `f64::min`, which the size-optimised build makes a library call.
        let bucket = metres * self.per_metre;
        (if bucket < LAST { bucket } else { LAST }) as u64
    }

    #[inline(always)]
    fn slot(&self, bucket: u64) -> usize {
        (bucket & (self.heads.len() as u64 - 1)) as usize
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether a node at `metres` can be queued now without wrapping round the ring.
    fn fits(&self, metres: f64) -> bool {
        self.bucket(metres) < self.current + self.heads.len() as u64 - 2
    }

    /// Starts taking buckets at the one `metres` falls in; only for an empty queue.
    fn jump_to(&mut self, metres: f64) {
        debug_assert!(self.is_empty());
        self.current = self.bucket(metres);
    }

    /// Queues `node` at its new distance `metres`, taking it out of the bucket of its old
    /// distance `was` if it is waiting there. A node already scanned is queued again.
    #[inline(always)]
    fn set(&mut self, node: u32, was: f64, metres: f64) {
        let index = node as usize;
        if self.queued[index] {
            let (before, after) = (self.previous[index], self.next[index]);
            if before == NONE {
                // Where `set` filed it: its bucket, or the one being taken if that is later.
                let slot = self.slot(self.bucket(was).max(self.current));
                self.heads[slot] = after;
            } else {
                self.next[before as usize] = after;
            }
            if after != NONE {
                self.previous[after as usize] = before;
            }
        } else {
            self.queued[index] = true;
            self.len += 1;
        }
        // A bucket behind the one being taken would be missed: never file a node there.
        let bucket = self.bucket(metres).max(self.current);
        let slot = self.slot(bucket);
        let head = self.heads[slot];
        self.next[index] = head;
        self.previous[index] = NONE;
        if head != NONE {
            self.previous[head as usize] = node;
        }
        self.heads[slot] = node;
    }

    /// Takes a node from the nearest bucket that has one.
    fn pop_nearest(&mut self) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        loop {
            let slot = self.slot(self.current);
            let node = self.heads[slot];
            if node != NONE {
                let after = self.next[node as usize];
                self.heads[slot] = after;
                if after != NONE {
                    self.previous[after as usize] = NONE;
                }
                self.queued[node as usize] = false;
                self.len -= 1;
                return Some(node);
            }
            self.current += 1;
        }
    }
}
