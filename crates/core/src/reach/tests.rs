//! Tests of reach as a whole: tiny hand-drawn graphs with their distances worked out by hand, a
//! gated compound like the sample data's, and the search against a brute-force reference on a
//! few hundred random graphs.
//!
//! Contents:
//! - `check` tables: a line, a square with a diagonal, a gated compound, the bands of one search
//! - services: nearest per category and building gaps in a hand-built gated community
//! - brute force: Floyd–Warshall against `reach_from_any`, `ServiceIndex` and `snap`

use super::*;
use crate::rng::SplitMix64;
use crate::service_category::{CATEGORIES, ServiceCategory, Tier, WalkLevel, category};

/// Tongzhou, near the sample data's communities.
const ORIGIN: (f64, f64) = (39.90, 116.65);

/// A point `x` metres east and `y` metres north of `ORIGIN`.
fn at(x: f64, y: f64) -> GeoPoint {
    let metres_per_degree = EARTH_RADIUS_M.to_radians();
    let lat = ORIGIN.0 + y / metres_per_degree;
    let lon = ORIGIN.1 + x / (metres_per_degree * ORIGIN.0.to_radians().cos());
    GeoPoint::new(lat, lon).expect("test positions lie near Tongzhou")
}

/// A network from local positions; each edge is as long as the straight line between its ends,
/// unless a length is given.
fn network(nodes: &[(f64, f64)], edges: &[(u32, u32, Option<f64>)]) -> WalkNetwork {
    let edges: Vec<(u32, u32, f64)> = edges
        .iter()
        .map(|&(from, to, metres)| {
            let (a, b) = (nodes[from as usize], nodes[to as usize]);
            let straight = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            (from, to, metres.unwrap_or(straight))
        })
        .collect();
    let positions = nodes.iter().map(|&(x, y)| at(x, y)).collect();
    WalkNetwork::new(positions, &edges).expect("test networks are valid")
}

fn node(network: &WalkNetwork, index: u32) -> NodeId {
    network.node(index).expect("test nodes exist")
}

/// Searches from `starts` (node, metres already walked) and compares every reached node.
fn check(network: &WalkNetwork, starts: &[(u32, f64)], max_metres: f64, expected: &[(u32, f64)]) {
    let starts: Vec<Start> = starts
        .iter()
        .map(|&(index, metres)| Start {
            node: node(network, index),
            metres,
        })
        .collect();
    let got = reach_from_any(network, &starts, max_metres);
    let got_list: Vec<(u32, f64)> = got
        .reached()
        .map(|(node, metres)| (node.index() as u32, metres))
        .collect();
    assert_eq!(
        got_list.len(),
        expected.len(),
        "from {starts:?} within {max_metres} m: got {got_list:?}, expected {expected:?}"
    );
    for (&(got_node, got_metres), &(want_node, want_metres)) in got_list.iter().zip(expected) {
        assert_eq!(
            got_node, want_node,
            "got {got_list:?}, expected {expected:?}"
        );
        assert!(
            (got_metres - want_metres).abs() < 1e-9,
            "node {got_node}: {got_metres} m, expected {want_metres} m"
        );
    }
    assert_eq!(got.reached_count(), expected.len());
}

/// Five nodes 100 m apart on a straight street.
fn line() -> WalkNetwork {
    let nodes: Vec<(f64, f64)> = (0..5).map(|i| (100.0 * f64::from(i), 0.0)).collect();
    let edges: Vec<_> = (0..4).map(|i| (i, i + 1, None)).collect();
    network(&nodes, &edges)
}

#[test]
fn along_a_line() {
    let line = line();
    check(
        &line,
        &[(0, 0.0)],
        250.0,
        &[(0, 0.0), (1, 100.0), (2, 200.0)],
    );
    // The bound is inclusive.
    check(
        &line,
        &[(2, 0.0)],
        100.0,
        &[(1, 100.0), (2, 0.0), (3, 100.0)],
    );
    // A snap distance is walked before the first node.
    check(
        &line,
        &[(0, 30.0)],
        250.0,
        &[(0, 30.0), (1, 130.0), (2, 230.0)],
    );
    // From both ends at once, each node takes the nearer.
    check(
        &line,
        &[(0, 0.0), (4, 0.0)],
        150.0,
        &[(0, 0.0), (1, 100.0), (3, 100.0), (4, 0.0)],
    );
    check(&line, &[(0, 300.0)], 250.0, &[]);
    check(&line, &[(0, f64::NAN)], 250.0, &[]);
    check(&line, &[(1, 0.0)], f64::NAN, &[]);
    check(&line, &[], 250.0, &[]);
    check(
        &line,
        &[(4, 0.0)],
        f64::INFINITY,
        &[(0, 400.0), (1, 300.0), (2, 200.0), (3, 100.0), (4, 0.0)],
    );
}

#[test]
fn round_a_square_with_a_diagonal() {
    // 3 ── 2
    // │  ╱ │   sides 100 m; the diagonal path 0–2 is 150 m, shorter than two sides
    // 0 ── 1
    let square = network(
        &[(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)],
        &[
            (0, 1, None),
            (1, 2, None),
            (2, 3, None),
            (3, 0, None),
            (0, 2, Some(150.0)),
        ],
    );
    check(
        &square,
        &[(0, 0.0)],
        1000.0,
        &[(0, 0.0), (1, 100.0), (2, 150.0), (3, 100.0)],
    );
    check(
        &square,
        &[(1, 0.0)],
        199.0,
        &[(0, 100.0), (1, 0.0), (2, 100.0)],
    );
    check(
        &square,
        &[(1, 0.0)],
        200.0,
        &[(0, 100.0), (1, 0.0), (2, 100.0), (3, 200.0)],
    );
}

/// A street along the south (nodes 0–4, x = 0…400), a side street up the west (5) to a north
/// street (6–8), and between them a fenced compound whose only way out is a gate on the south
/// street: street node 2 – gate 9 – internal path 10 – building 11, near the north fence.
///
/// ```text
///   6 ── 7 ── 8          y = 200
///   │         ·  11      y = 180 (20 m from 8, but behind the fence)
///   5         │
///   │         10         y = 50
///   │         9  gate    y = 15
///   0 ── 1 ── 2 ── 3 ── 4   y = 0
/// ```
fn gated_compound() -> WalkNetwork {
    network(
        &[
            (0.0, 0.0),
            (100.0, 0.0),
            (200.0, 0.0),
            (300.0, 0.0),
            (400.0, 0.0),
            (0.0, 100.0),
            (0.0, 200.0),
            (100.0, 200.0),
            (200.0, 200.0),
            (200.0, 15.0),
            (200.0, 50.0),
            (200.0, 180.0),
        ],
        &[
            (0, 1, None),
            (1, 2, None),
            (2, 3, None),
            (3, 4, None),
            (0, 5, None),
            (5, 6, None),
            (6, 7, None),
            (7, 8, None),
            (2, 9, None),
            (9, 10, None),
            (10, 11, None),
        ],
    )
}

#[test]
fn out_of_a_gated_compound_through_its_gate() {
    let compound = gated_compound();
    // Building 11 to the gate is 165 m, to the street 180 m; the north street is reached the
    // long way round: 180 + 200 (west) + 200 (north) + 200 (east) = 780 m to node 8.
    check(
        &compound,
        &[(11, 0.0)],
        1080.0,
        &[
            (0, 380.0),
            (1, 280.0),
            (2, 180.0),
            (3, 280.0),
            (4, 380.0),
            (5, 480.0),
            (6, 580.0),
            (7, 680.0),
            (8, 780.0),
            (9, 165.0),
            (10, 130.0),
            (11, 0.0),
        ],
    );
    // Within 5 minutes (360 m) the building reaches the south street and nothing north.
    check(
        &compound,
        &[(11, 0.0)],
        STANDARD_PACE.metres_in(5),
        &[
            (1, 280.0),
            (2, 180.0),
            (3, 280.0),
            (9, 165.0),
            (10, 130.0),
            (11, 0.0),
        ],
    );
    // A point just inside the back fence snaps to the building's node, not to the street
    // behind the fence, however close that street is.
    let snap = compound.snap(at(200.0, 185.0));
    assert_eq!(snap.node, node(&compound, 11));
    assert!((snap.metres - 5.0).abs() < 1e-3, "{snap:?}");
}

#[test]
fn one_search_gives_all_three_bands() {
    // Thirteen nodes 100 m apart: 0–300 m is 5 minutes at 1.2 m/s, 400–700 m is 10, 800–1000 m
    // is 15, and 1100 m and 1200 m are beyond the search's 1080 m bound.
    let nodes: Vec<(f64, f64)> = (0..13).map(|i| (100.0 * f64::from(i), 0.0)).collect();
    let edges: Vec<_> = (0..12).map(|i| (i, i + 1, None)).collect();
    let long_street = network(&nodes, &edges);
    let walk = reach(
        &long_street,
        Start {
            node: node(&long_street, 0),
            metres: 0.0,
        },
        STANDARD_PACE.metres_in(15),
    );
    let bands: Vec<Band> = long_street
        .nodes()
        .map(|n| walk.band(n, STANDARD_PACE))
        .collect();
    use Band::*;
    assert_eq!(
        bands,
        [
            FiveMinutes,
            FiveMinutes,
            FiveMinutes,
            FiveMinutes,
            TenMinutes,
            TenMinutes,
            TenMinutes,
            TenMinutes,
            FifteenMinutes,
            FifteenMinutes,
            FifteenMinutes,
            Beyond,
            Beyond,
        ]
    );
    assert_eq!(walk.reached_count(), 11);
    // The elderly pace reads the same search with tighter bands: 5 minutes is 270 m.
    assert_eq!(walk.band(node(&long_street, 3), ELDERLY_PACE), TenMinutes);
    assert_eq!(walk.band(node(&long_street, 9), ELDERLY_PACE), Beyond);
}

// ---------------------------------------------------------------------------------------------
// Services and gaps in a hand-built gated community
// ---------------------------------------------------------------------------------------------

fn known(id: &str) -> &'static ServiceCategory {
    category(id).expect("a category of CATEGORIES")
}

/// One 250 m block ringed by streets with nodes every 62.5 m, filled by a compound with a 3 × 3
/// grid of internal paths (62.5 m apart) and a single gate on the south side, the way the sample
/// data lays out 果园小区; plus a road running 1 km east from the south-east corner.
struct Community {
    network: WalkNetwork,
    /// Local position of each node, for working out expected distances.
    nodes: Vec<(f64, f64)>,
}

impl Community {
    fn new() -> Community {
        let mut nodes: Vec<(f64, f64)> = Vec::new();
        let mut edges: Vec<(u32, u32, Option<f64>)> = Vec::new();
        let index_of = |nodes: &mut Vec<(f64, f64)>, point: (f64, f64)| -> u32 {
            match nodes.iter().position(|&p| p == point) {
                Some(found) => found as u32,
                None => {
                    nodes.push(point);
                    (nodes.len() - 1) as u32
                }
            }
        };
        let mut path = |nodes: &mut Vec<(f64, f64)>, points: &[(f64, f64)]| {
            for pair in points.windows(2) {
                let from = index_of(nodes, pair[0]);
                let to = index_of(nodes, pair[1]);
                edges.push((from, to, None));
            }
        };
        let steps = |from: (f64, f64), to: (f64, f64), count: u32| -> Vec<(f64, f64)> {
            (0..=count)
                .map(|k| {
                    let t = f64::from(k) / f64::from(count);
                    (from.0 + t * (to.0 - from.0), from.1 + t * (to.1 - from.1))
                })
                .collect()
        };
        // The ring of streets.
        path(&mut nodes, &steps((0.0, 0.0), (250.0, 0.0), 4));
        path(&mut nodes, &steps((250.0, 0.0), (250.0, 250.0), 4));
        path(&mut nodes, &steps((0.0, 250.0), (250.0, 250.0), 4));
        path(&mut nodes, &steps((0.0, 0.0), (0.0, 250.0), 4));
        // The long road east.
        path(&mut nodes, &steps((250.0, 0.0), (1250.0, 0.0), 4));
        // The compound's internal grid, fenced off from the ring.
        for k in 1..=3 {
            let offset = 62.5 * f64::from(k);
            path(&mut nodes, &steps((62.5, offset), (187.5, offset), 2));
            path(&mut nodes, &steps((offset, 62.5), (offset, 187.5), 2));
        }
        // The gate, 15 m inside the fence on the south side.
        path(&mut nodes, &[(125.0, 0.0), (125.0, 15.0), (125.0, 62.5)]);
        let network = network(&nodes, &edges);
        Community { network, nodes }
    }

    /// Snap metres between a local point and the node at a local position.
    fn snap_metres(&self, point: (f64, f64), node_at: (f64, f64)) -> f64 {
        let index = self
            .nodes
            .iter()
            .position(|&p| p == node_at)
            .expect("a node there");
        at(point.0, point.1).metres_to(
            self.network
                .position(node(&self.network, index as u32))
                .expect("in range"),
        )
    }
}

#[test]
fn services_are_walked_to_through_the_gate() {
    let community = Community::new();
    let building = (190.0, 190.0); // snaps to the internal node (187.5, 187.5)
    let store = (187.5, 258.0); // outside the north fence, snaps to (187.5, 250)
    let pharmacy = (125.0, -8.0); // facing the gate, snaps to (125, 0)
    let supermarket = (1250.0, 6.0); // at the end of the long road
    let sites = [
        ServiceSite {
            id: "store-north",
            category: known("convenience_store"),
            location: at(store.0, store.1),
        },
        ServiceSite {
            id: "pharmacy-gate",
            category: known("pharmacy"),
            location: at(pharmacy.0, pharmacy.1),
        },
        ServiceSite {
            id: "supermarket-far",
            category: known("supermarket"),
            location: at(supermarket.0, supermarket.1),
        },
        ServiceSite {
            id: "bookshop-gate",
            category: known("bookshop"),
            location: at(pharmacy.0, pharmacy.1),
        },
    ];
    let index = ServiceIndex::new(&community.network, &sites);
    let building_snap = community.snap_metres(building, (187.5, 187.5));

    // Building node to the gate's street node: 62.5 + 125 along the internal grid, 47.5 to the
    // gate, 15 to the street = 250 m. On to the store's node round the east side: 125 + 250 +
    // 62.5 = 437.5 m more.
    let to_gate_street = 250.0;
    let store_metres =
        building_snap + to_gate_street + 437.5 + community.snap_metres(store, (187.5, 250.0));
    let pharmacy_metres =
        building_snap + to_gate_street + community.snap_metres(pharmacy, (125.0, 0.0));
    let supermarket_metres = building_snap
        + to_gate_street
        + 125.0
        + 1000.0
        + community.snap_metres(supermarket, (1250.0, 0.0));

    let nearest = index.nearest_from(at(building.0, building.1), STANDARD_PACE, f64::INFINITY);
    let got: Vec<(&str, &str, f64)> = nearest
        .iter()
        .map(|line| {
            (
                line.category_id.as_str(),
                line.nearest.service_id.as_str(),
                line.nearest.metres,
            )
        })
        .collect();
    let want = [
        ("convenience_store", "store-north", store_metres),
        ("supermarket", "supermarket-far", supermarket_metres),
        ("pharmacy", "pharmacy-gate", pharmacy_metres),
        ("bookshop", "bookshop-gate", pharmacy_metres),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (got, want) in got.iter().zip(&want) {
        assert_eq!((got.0, got.1), (want.0, want.1));
        assert!((got.2 - want.2).abs() < 1e-6, "{got:?} against {want:?}");
    }
    let pharmacy_line = &nearest[2].nearest;
    assert!((pharmacy_line.minutes - pharmacy_metres / 72.0).abs() < 1e-9);

    // Within 15 minutes the far supermarket drops out.
    let close = index.nearest_from(at(building.0, building.1), STANDARD_PACE, 1080.0);
    let close_ids: Vec<&str> = close.iter().map(|l| l.category_id.as_str()).collect();
    assert_eq!(close_ids, ["convenience_store", "pharmacy", "bookshop"]);
}

#[test]
fn a_buildings_gaps_name_what_is_missing_and_what_is_too_far() {
    let community = Community::new();
    let sites = [
        ServiceSite {
            id: "store-north",
            category: known("convenience_store"),
            location: at(187.5, 258.0),
        },
        ServiceSite {
            id: "pharmacy-gate",
            category: known("pharmacy"),
            location: at(125.0, -8.0),
        },
        ServiceSite {
            id: "supermarket-far",
            category: known("supermarket"),
            location: at(1250.0, 6.0),
        },
    ];
    let index = ServiceIndex::new(&community.network, &sites);
    let buildings = [
        BuildingSite {
            id: "inside-north-east",
            location: at(190.0, 190.0),
        },
        BuildingSite {
            id: "outside-north",
            location: at(190.0, 262.0),
        },
    ];
    let basic_ids: Vec<&str> = CATEGORIES
        .iter()
        .filter(|c| c.tier == Tier::Basic)
        .map(|c| c.id)
        .collect();

    let gaps = index.gaps(&buildings, STANDARD_PACE);
    assert_eq!(gaps.len(), 2);
    let inside = &gaps[0];
    assert_eq!(inside.building_id, "inside-north-east");
    let listed: Vec<&str> = inside
        .categories
        .iter()
        .map(|c| c.category_id.as_str())
        .collect();
    assert_eq!(listed, basic_ids);
    // The store is 20-odd metres away in a straight line but about 700 m on foot: beyond the
    // 5 minutes a convenience store belongs at, within 15. The pharmacy by the gate is within
    // its 10 minutes. The supermarket is more than 1080 m away: missing, like every category
    // with no service at all.
    let beyond: Vec<&str> = inside
        .beyond_walk_level()
        .map(|c| c.category_id.as_str())
        .collect();
    assert_eq!(beyond, ["convenience_store"]);
    let missing: Vec<&str> = inside.missing().collect();
    let expected_missing: Vec<&str> = basic_ids
        .iter()
        .copied()
        .filter(|id| !["convenience_store", "pharmacy"].contains(id))
        .collect();
    assert_eq!(missing, expected_missing);
    let store = &inside.categories[0];
    assert_eq!(store.walk_level, WalkLevel::FiveMinutes);
    let store_distance = store.nearest.as_ref().expect("within 15 minutes");
    assert_eq!(store_distance.service_id, "store-north");
    let walked = index.nearest_from(at(190.0, 190.0), STANDARD_PACE, 1080.0);
    assert!((store_distance.metres - walked[0].nearest.metres).abs() < 1e-9);

    // Outside the fence the store is a few steps away, and the pharmacy round the block.
    let outside = &gaps[1];
    let coverage = |row: &BuildingGaps, id: &str| {
        row.categories
            .iter()
            .find(|c| c.category_id == id)
            .map(|c| c.coverage)
    };
    assert_eq!(
        coverage(outside, "convenience_store"),
        Some(Coverage::WithinWalkLevel)
    );
    assert_eq!(
        coverage(outside, "pharmacy"),
        Some(Coverage::WithinWalkLevel)
    );
    assert_eq!(coverage(outside, "bookshop"), None, "basic tier only");

    // At the elderly pace 15 minutes is 810 m: the store's ~700 m still counts, only just.
    let elderly = index.gaps(&buildings, ELDERLY_PACE);
    assert_eq!(
        coverage(&elderly[0], "convenience_store"),
        Some(Coverage::BeyondWalkLevel)
    );
}

// ---------------------------------------------------------------------------------------------
// Against a brute-force reference on random graphs
// ---------------------------------------------------------------------------------------------

struct RandomGraph {
    nodes: Vec<(f64, f64)>,
    edges: Vec<(u32, u32, f64)>,
}

/// 5–60 nodes split into 1–4 pieces with no edge between pieces, up to three edges a node
/// (parallel edges, self-loops and zero lengths included), lengths unrelated to positions.
fn random_graph(rng: &mut SplitMix64) -> RandomGraph {
    random_graph_with(rng, |rng| {
        if rng.chance_percent(5) {
            0.0
        } else {
            200.0 * rng.unit()
        }
    })
}

/// [`random_graph`] with edge lengths drawn by `length`.
fn random_graph_with(
    rng: &mut SplitMix64,
    mut length: impl FnMut(&mut SplitMix64) -> f64,
) -> RandomGraph {
    let node_count = rng.between(5, 60);
    let piece_count = rng.between(1, 4);
    let mut pieces: Vec<Vec<u32>> = vec![Vec::new(); piece_count];
    for node in 0..node_count {
        let piece = rng.between(0, piece_count - 1);
        pieces[piece].push(node as u32);
    }
    let mut edges = Vec::new();
    for _ in 0..rng.between(0, 3 * node_count) {
        let piece = &pieces[rng.between(0, piece_count - 1)];
        if piece.is_empty() {
            continue;
        }
        let from = piece[rng.between(0, piece.len() - 1)];
        let to = piece[rng.between(0, piece.len() - 1)];
        let metres = length(rng);
        edges.push((from, to, metres));
    }
    let nodes = (0..node_count)
        .map(|_| (1000.0 * rng.unit(), 1000.0 * rng.unit()))
        .collect();
    RandomGraph { nodes, edges }
}

/// All-pairs shortest walking distances (Floyd–Warshall); infinite where no path exists.
fn floyd_warshall(graph: &RandomGraph) -> Vec<Vec<f64>> {
    let n = graph.nodes.len();
    let mut distance = vec![vec![f64::INFINITY; n]; n];
    for (i, row) in distance.iter_mut().enumerate() {
        row[i] = 0.0;
    }
    for &(from, to, metres) in &graph.edges {
        let (a, b) = (from as usize, to as usize);
        if metres < distance[a][b] {
            distance[a][b] = metres;
            distance[b][a] = metres;
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let through = distance[i][k] + distance[k][j];
                if through < distance[i][j] {
                    distance[i][j] = through;
                }
            }
        }
    }
    distance
}

fn build(graph: &RandomGraph) -> WalkNetwork {
    let positions = graph.nodes.iter().map(|&(x, y)| at(x, y)).collect();
    WalkNetwork::new(positions, &graph.edges).expect("random graphs are valid")
}

/// Searches from `starts` and compares every node's distance and origin with `all_pairs`, to
/// within `tolerance` of the distance (relative past a metre). Returns how many were reached.
fn compare_search(
    network: &WalkNetwork,
    all_pairs: &[Vec<f64>],
    starts: &[Start],
    max_metres: f64,
    tolerance: f64,
    context: &str,
) -> usize {
    let walk = reach_from_any(network, starts, max_metres);
    let mut expected_count = 0;
    for target in network.nodes() {
        let via = |start: &Start| start.metres + all_pairs[start.node.index()][target.index()];
        let expected = starts.iter().map(via).fold(f64::INFINITY, f64::min);
        let context = format!(
            "{context}: node {} from {starts:?} within {max_metres}",
            target.index()
        );
        let close = |got: f64| (got - expected).abs() <= tolerance * expected.max(1.0);
        // Unreachable is infinite, which an infinite bound would otherwise admit.
        if expected.is_finite() && expected <= max_metres {
            expected_count += 1;
            let got = walk
                .metres(target)
                .unwrap_or_else(|| panic!("{context}: unreached"));
            assert!(close(got), "{context}: {got} ≠ {expected}");
            let origin = walk.origin(target).expect("a reached node has an origin");
            assert!(close(via(&starts[origin])), "{context}: origin");
        } else {
            assert_eq!(walk.metres(target), None, "{context}: reached");
            assert_eq!(walk.origin(target), None, "{context}: origin");
        }
    }
    assert_eq!(walk.reached_count(), expected_count, "{context}");
    expected_count
}

#[test]
fn the_search_matches_floyd_warshall_on_random_graphs() {
    let mut rng = SplitMix64::new(0x5245_4143_4800_0001);
    let mut searches = 0;
    let mut partly_reached = 0;
    for round in 0..300 {
        let graph = random_graph(&mut rng);
        let network = build(&graph);
        let all_pairs = floyd_warshall(&graph);
        let node_count = graph.nodes.len();
        for trial in 0..4 {
            // The first trial is one start at its node; the others one to three starts, each
            // with a snap distance already walked.
            let start_count = if trial == 0 { 1 } else { rng.between(1, 3) };
            let starts: Vec<Start> = (0..start_count)
                .map(|_| Start {
                    node: node(&network, rng.between(0, node_count - 1) as u32),
                    metres: if trial == 0 { 0.0 } else { 60.0 * rng.unit() },
                })
                .collect();
            let max_metres = if rng.chance_percent(10) {
                f64::INFINITY
            } else {
                700.0 * rng.unit()
            };
            let context = format!("round {round}, trial {trial}");
            let expected_count =
                compare_search(&network, &all_pairs, &starts, max_metres, 1e-6, &context);
            searches += 1;
            if expected_count > 0 && expected_count < node_count {
                partly_reached += 1;
            }
        }
    }
    // The bounds and pieces do cut searches short, so the reachable sets were really compared.
    assert!(
        searches >= 1000 && partly_reached > searches / 2,
        "{partly_reached} of {searches}"
    );
}

/// The search's bucket queue files nodes by the metre and wraps round a ring sized by the
/// longest edge: edges much shorter than a bucket (nodes scanned again), edges so long that the
/// buckets widen, and starts farther apart than the ring is long must all keep it exact.
#[test]
fn the_search_stays_exact_on_edges_of_every_scale() {
    let mut rng = SplitMix64::new(0x5245_4143_4800_0004);
    let mut partly_reached = 0;
    for round in 0..300 {
        let giant = rng.chance_percent(20);
        let graph = random_graph_with(&mut rng, |rng| match rng.between(0, 99) {
            0..=4 => 0.0,
            5..=39 => 0.8 * rng.unit(),
            40..=84 => 30.0 * rng.unit(),
            85..=98 => 5000.0 * rng.unit(),
            _ if giant => 1e9 * rng.unit(),
            _ => 1.0,
        });
        let network = build(&graph);
        let all_pairs = floyd_warshall(&graph);
        let node_count = graph.nodes.len();
        for trial in 0..4 {
            let starts: Vec<Start> = (0..rng.between(1, 4))
                .map(|_| Start {
                    node: node(&network, rng.between(0, node_count - 1) as u32),
                    metres: match rng.between(0, 2) {
                        0 => 0.0,
                        1 => 3.0 * rng.unit(),
                        _ => 20_000.0 * rng.unit(),
                    },
                })
                .collect();
            let max_metres = match rng.between(0, 3) {
                0 => f64::INFINITY,
                1 => 50.0 * rng.unit(),
                _ => 30_000.0 * rng.unit(),
            };
            let context = format!("round {round}, trial {trial}");
            let reached = compare_search(&network, &all_pairs, &starts, max_metres, 1e-9, &context);
            if reached > 0 && reached < node_count {
                partly_reached += 1;
            }
        }
    }
    assert!(partly_reached > 400, "{partly_reached}");
}

#[test]
fn snapping_finds_the_nearest_node_on_random_graphs() {
    let mut rng = SplitMix64::new(0x5245_4143_4800_0002);
    for _ in 0..200 {
        let graph = random_graph(&mut rng);
        let network = build(&graph);
        let point = at(1200.0 * rng.unit() - 100.0, 1200.0 * rng.unit() - 100.0);
        let snap = network.snap(point);
        let nearest = network
            .nodes()
            .filter_map(|n| network.position(n))
            .map(|p| point.metres_to(p))
            .fold(f64::INFINITY, f64::min);
        assert!(
            (snap.metres - nearest).abs() < 1e-6,
            "{snap:?} against {nearest}"
        );
    }
}

#[test]
fn services_and_gaps_match_floyd_warshall_on_random_graphs() {
    let mut rng = SplitMix64::new(0x5245_4143_4800_0003);
    let circle = STANDARD_PACE.metres_in(15);
    let mut compared = 0;
    let mut missing = 0;
    for _ in 0..200 {
        let graph = random_graph(&mut rng);
        let network = build(&graph);
        let all_pairs = floyd_warshall(&graph);
        let ids: Vec<String> = (0..rng.between(0, 12)).map(|i| format!("s{i}")).collect();
        let sites: Vec<ServiceSite> = ids
            .iter()
            .map(|id| ServiceSite {
                id,
                category: &CATEGORIES[rng.between(0, CATEGORIES.len() - 1)],
                location: at(1000.0 * rng.unit(), 1000.0 * rng.unit()),
            })
            .collect();
        let buildings: Vec<BuildingSite> = (0..rng.between(1, 4))
            .map(|_| BuildingSite {
                id: "b",
                location: at(1000.0 * rng.unit(), 1000.0 * rng.unit()),
            })
            .collect();
        let index = ServiceIndex::new(&network, &sites);
        // Walking metres from a building to each service, worked out the slow way.
        let walk_to = |building: &BuildingSite| -> Vec<f64> {
            let from = network.snap(building.location);
            sites
                .iter()
                .map(|site| {
                    let to = network.snap(site.location);
                    from.metres + all_pairs[from.node.index()][to.node.index()] + to.metres
                })
                .collect()
        };
        let nearest_of = |metres: &[f64], category: &ServiceCategory| -> f64 {
            sites
                .iter()
                .zip(metres)
                .filter(|(site, _)| site.category == category)
                .map(|(_, &m)| m)
                .fold(f64::INFINITY, f64::min)
        };

        let gaps = index.gaps(&buildings, STANDARD_PACE);
        for (building, row) in buildings.iter().zip(&gaps) {
            let metres = walk_to(building);
            for line in &row.categories {
                let category = category(&line.category_id).expect("a known category");
                let expected = nearest_of(&metres, category);
                if (expected - circle).abs() < 1e-6 {
                    continue; // on the edge, either answer is right
                }
                compared += 1;
                match &line.nearest {
                    None => {
                        missing += 1;
                        assert!(expected > circle, "{line:?}: expected {expected}");
                        assert_eq!(line.coverage, Coverage::Missing);
                    }
                    Some(found) => {
                        assert!(
                            (found.metres - expected).abs() < 1e-6,
                            "{line:?}: {expected}"
                        );
                        let position = ids.iter().position(|id| *id == found.service_id);
                        let own = position.map(|p| metres[p]).expect("a listed service");
                        assert!((own - expected).abs() < 1e-6, "{line:?} is not a nearest");
                        let meets = STANDARD_PACE.band(expected).meets(category.walk_level);
                        let coverage = if meets {
                            Coverage::WithinWalkLevel
                        } else {
                            Coverage::BeyondWalkLevel
                        };
                        assert_eq!(line.coverage, coverage);
                    }
                }
            }

            let bound = 1500.0 * rng.unit();
            let nearest = index.nearest_from(building.location, ELDERLY_PACE, bound);
            for category in CATEGORIES {
                let expected = nearest_of(&metres, category);
                let got = nearest.iter().find(|l| l.category_id == category.id);
                match got {
                    None => assert!(expected > bound - 1e-6, "{}: {expected}", category.id),
                    Some(line) => {
                        assert!((line.nearest.metres - expected).abs() < 1e-6);
                        assert!((line.nearest.minutes - expected / 54.0).abs() < 1e-6);
                    }
                }
            }
        }
    }
    assert!(compared > 1000 && missing > 100 && missing < compared - 100);
}
