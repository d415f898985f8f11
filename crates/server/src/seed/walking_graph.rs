//! Each community's walking graph: its streets every 62.5 m, its gated compounds' internal
//! paths (fenced, so they are reached only through their gates) and public alleys through some
//! open blocks. Edge lengths are measured on the rounded coordinates the wire carries.

use std::collections::BTreeMap;

use linli_api::{LatLon, WalkingGraph};

use super::geometry::RoadRef::{EastWest as Ew, NorthSouth as Ns};
use super::geometry::{
    BLOCK_M, BLOCKS_PER_DIRECTION, Frame, ROADS_PER_DIRECTION, Side, block_origin, gate_on_street,
    haversine_m, round_to,
};
use super::plans::{CommunityPlan, CompoundPlan};

/// Street nodes every 62.5 m: close enough that a shop or a lamp is always near one.
const STREET_STEPS_PER_BLOCK: u32 = 4;
/// A compound's internal paths: five each way, 41.7 m apart, the middle one on the gate axis.
const COMPOUND_PATHS: u32 = 5;
/// Gates sit just inside the fence, between the street and the first internal path.
const GATE_INSET_M: f64 = 15.0;

/// A community's graph, with the node sets of its compounds (which the tests check are reached
/// only through their gates).
pub(crate) struct CommunityLayout {
    pub(crate) graph: WalkingGraph,
    // Only the tests read the fences back; the wire format has no notion of a compound.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) compounds: Vec<CompoundNodes>,
}

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct CompoundNodes {
    /// Internal path nodes and gates.
    pub(crate) nodes: Vec<u32>,
    pub(crate) gates: Vec<u32>,
}

/// Builds nodes from local metres, merging nodes at the same spot so roads share junctions.
struct GraphBuilder<'a> {
    frame: &'a Frame,
    nodes: Vec<LatLon>,
    edges: Vec<(u32, u32, f64)>,
    /// Keyed by position in decimetres: exact enough to merge, free of float equality.
    by_position: BTreeMap<(i64, i64), u32>,
}

impl GraphBuilder<'_> {
    fn node(&mut self, x: f64, y: f64) -> u32 {
        let key = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if let Some(&index) = self.by_position.get(&key) {
            return index;
        }
        let index = u32::try_from(self.nodes.len()).expect("a community has few nodes");
        self.nodes.push(self.frame.to_lat_lon(x, y));
        self.by_position.insert(key, index);
        index
    }

    /// Lengths are measured on the stored (rounded) coordinates, to the centimetre, so they
    /// agree with any haversine a client computes from the same nodes.
    fn link(&mut self, a: u32, b: u32) {
        let metres = haversine_m(self.nodes[a as usize], self.nodes[b as usize]);
        self.edges.push((a, b, round_to(metres, 100.0)));
    }

    /// A straight path from `start` to `end`, split into `steps` equal edges.
    fn straight_path(&mut self, start: (f64, f64), end: (f64, f64), steps: u32) {
        let mut previous = self.node(start.0, start.1);
        for step in 1..=steps {
            let t = f64::from(step) / f64::from(steps);
            let x = start.0 + (end.0 - start.0) * t;
            let y = start.1 + (end.1 - start.1) * t;
            let next = self.node(x, y);
            self.link(previous, next);
            previous = next;
        }
    }
}

pub(crate) fn lay_out_community(plan: &CommunityPlan) -> CommunityLayout {
    let frame = Frame::new(plan.south_west);
    let mut builder = GraphBuilder {
        frame: &frame,
        nodes: Vec::new(),
        edges: Vec::new(),
        by_position: BTreeMap::new(),
    };
    lay_out_streets(&mut builder);
    let compounds = plan
        .compounds
        .iter()
        .map(|compound| lay_out_compound(&mut builder, compound))
        .collect();
    lay_out_alleys(&mut builder, plan);
    CommunityLayout {
        graph: WalkingGraph {
            sample_data: true,
            community_id: plan.id.to_string(),
            nodes: builder.nodes,
            edges: builder.edges,
        },
        compounds,
    }
}

fn lay_out_streets(builder: &mut GraphBuilder) {
    let length = BLOCK_M * f64::from(BLOCKS_PER_DIRECTION);
    let steps = STREET_STEPS_PER_BLOCK * BLOCKS_PER_DIRECTION;
    for i in 0..ROADS_PER_DIRECTION {
        let offset = i as f64 * BLOCK_M;
        builder.straight_path((0.0, offset), (length, offset), steps);
        builder.straight_path((offset, 0.0), (offset, length), steps);
    }
}

/// A grid of internal paths, fenced: only the gate nodes touch the street.
fn lay_out_compound(builder: &mut GraphBuilder, compound: &CompoundPlan) -> CompoundNodes {
    let (x0, y0) = block_origin(compound.block);
    let spacing = BLOCK_M / f64::from(COMPOUND_PATHS + 1);
    let first = (x0 + spacing, y0 + spacing);
    let last_offset = spacing * f64::from(COMPOUND_PATHS - 1);
    let mut nodes = Vec::new();
    for k in 0..COMPOUND_PATHS {
        let offset = spacing * f64::from(k);
        let (x, y) = (first.0 + offset, first.1 + offset);
        builder.straight_path((x, first.1), (x, first.1 + last_offset), COMPOUND_PATHS - 1);
        builder.straight_path((first.0, y), (first.0 + last_offset, y), COMPOUND_PATHS - 1);
    }
    for i in 0..COMPOUND_PATHS {
        for j in 0..COMPOUND_PATHS {
            let (dx, dy) = (spacing * f64::from(i), spacing * f64::from(j));
            nodes.push(builder.node(first.0 + dx, first.1 + dy));
        }
    }
    let mut gates = Vec::new();
    for &side in compound.gates {
        let (road, along) = gate_on_street(compound.block, side);
        let street = road.point(along, 0.0);
        // Step from the street inwards: the gate, then the first internal path.
        let inward = match side {
            Side::South | Side::West => 1.0,
            Side::North | Side::East => -1.0,
        };
        let (gate, path) = match road {
            Ew(_) => (
                (street.0, street.1 + inward * GATE_INSET_M),
                (street.0, street.1 + inward * spacing),
            ),
            Ns(_) => (
                (street.0 + inward * GATE_INSET_M, street.1),
                (street.0 + inward * spacing, street.1),
            ),
        };
        let street_node = builder.node(street.0, street.1);
        let gate_node = builder.node(gate.0, gate.1);
        let path_node = builder.node(path.0, path.1);
        builder.link(street_node, gate_node);
        builder.link(gate_node, path_node);
        gates.push(gate_node);
        nodes.push(gate_node);
    }
    CompoundNodes { nodes, gates }
}

/// Open blocks on a checkerboard get a public alley through the middle, alternating direction,
/// so not every walk is forced round the block.
fn lay_out_alleys(builder: &mut GraphBuilder, plan: &CommunityPlan) {
    for column in 0..BLOCKS_PER_DIRECTION {
        for row in 0..BLOCKS_PER_DIRECTION {
            let gated = plan.compounds.iter().any(|c| c.block == (column, row));
            if gated || (column + row) % 2 != 0 {
                continue;
            }
            let (x0, y0) = block_origin((column, row));
            let middle = BLOCK_M / 2.0;
            if row % 2 == 0 {
                builder.straight_path(
                    (x0, y0 + middle),
                    (x0 + BLOCK_M, y0 + middle),
                    STREET_STEPS_PER_BLOCK,
                );
            } else {
                builder.straight_path(
                    (x0 + middle, y0),
                    (x0 + middle, y0 + BLOCK_M),
                    STREET_STEPS_PER_BLOCK,
                );
            }
        }
    }
}
