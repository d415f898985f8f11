//! Turns an OpenStreetMap `.osm.pbf` extract into Linli's walking graph (`WalkingGraph`): the
//! ways a pedestrian may use, their nodes, and undirected edges measured in metres.
//!
//! The pipeline, one module a step: [`walkable`] decides from a way's tags whether people may
//! walk it; [`pbf`] reads those ways and the positions of their nodes; [`network`] makes the
//! graph, merges straight-through nodes (keeping every length) and can keep only the largest
//! connected piece. [`import`] runs the lot.
//!
//! Map data © OpenStreetMap contributors, available under the Open Database License (ODbL 1.0,
//! <https://www.openstreetmap.org/copyright>). A graph made from it is a derived database: show
//! that attribution wherever it is displayed.

pub mod network;
pub mod pbf;
pub mod walkable;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use linli_api::WalkingGraph;
use linli_core::reach::PositionError;

pub use network::{Edge, LargestComponent, Network};
pub use pbf::{WalkableWay, Ways, read_ways};

/// The attribution the ODbL asks for, as the command prints it.
pub const ATTRIBUTION: &str = "Map data © OpenStreetMap contributors, under the Open Database \
                               License (ODbL 1.0): https://www.openstreetmap.org/copyright";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Written into the document; the server files the graph under it.
    pub community_id: String,
    /// Drop every piece but the largest, so nothing snaps onto a fragment with no way out.
    pub largest_component_only: bool,
}

/// What the import found and kept, for the command's report and for tests.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportStats {
    pub walkable_ways: usize,
    /// Distinct nodes the walkable ways list, whether or not the extract holds them.
    pub way_node_refs: usize,
    /// Distinct nodes of walkable way segments that the extract holds: the graph before
    /// simplification.
    pub way_nodes: usize,
    /// Total length of the walkable ways, before simplification.
    pub way_metres: f64,
    /// Connected pieces after simplification, before any are dropped.
    pub components: usize,
    pub dropped_components: usize,
    pub dropped_nodes: usize,
    /// The output graph.
    pub graph_nodes: usize,
    pub edges: usize,
    pub metres: f64,
}

#[derive(Clone, Debug)]
pub struct Import {
    pub graph: WalkingGraph,
    /// The OpenStreetMap id of each node of `graph`, in the same order.
    pub osm_node_ids: Vec<i64>,
    pub stats: ImportStats,
}

#[derive(Debug)]
pub enum ImportError {
    Read {
        path: PathBuf,
        source: osmpbf::Error,
    },
    BadPosition {
        osm_id: i64,
        source: PositionError,
    },
    NothingWalkable {
        path: PathBuf,
    },
    /// Graph indices are `u32`, as in the wire format.
    TooManyNodes {
        nodes: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ImportError::BadPosition { osm_id, source } => write!(f, "node {osm_id}: {source}"),
            ImportError::NothingWalkable { path } => write!(
                f,
                "{} holds no way a pedestrian may walk along",
                path.display()
            ),
            ImportError::TooManyNodes { nodes } => write!(
                f,
                "the walkable ways use {nodes} nodes, more than a walking graph can index"
            ),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Read { source, .. } => Some(source),
            ImportError::BadPosition { source, .. } => Some(source),
            ImportError::NothingWalkable { .. } | ImportError::TooManyNodes { .. } => None,
        }
    }
}

/// The walking graph of an extract, every piece kept, with no community id.
pub fn import(pbf_path: &Path) -> Result<WalkingGraph, ImportError> {
    import_with(pbf_path, &ImportOptions::default()).map(|import| import.graph)
}

/// The walking graph of an extract, with the counts of each step.
pub fn import_with(pbf_path: &Path, options: &ImportOptions) -> Result<Import, ImportError> {
    let ways = read_ways(pbf_path)?;
    if ways.positions.len() > u32::MAX as usize {
        return Err(ImportError::TooManyNodes {
            nodes: ways.positions.len(),
        });
    }
    let raw = ways.network();
    if raw.edges.is_empty() {
        return Err(ImportError::NothingWalkable {
            path: pbf_path.to_path_buf(),
        });
    }
    let simplified = raw.simplified();
    let components = simplified.component_count();
    let (network, dropped_components, dropped_nodes) = if options.largest_component_only {
        let largest = simplified.largest_component();
        (
            largest.network,
            largest.dropped_components,
            largest.dropped_nodes,
        )
    } else {
        (simplified, 0, 0)
    };
    let way_node_refs = ways
        .ways
        .iter()
        .flat_map(|way| &way.node_ids)
        .collect::<HashSet<_>>()
        .len();
    let stats = ImportStats {
        walkable_ways: ways.ways.len(),
        way_node_refs,
        way_nodes: raw.node_count(),
        way_metres: raw.total_metres(),
        components,
        dropped_components,
        dropped_nodes,
        graph_nodes: network.node_count(),
        edges: network.edges.len(),
        metres: network.total_metres(),
    };
    Ok(Import {
        graph: network.to_walking_graph(&options.community_id),
        osm_node_ids: network.osm_ids,
        stats,
    })
}
