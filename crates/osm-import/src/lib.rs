//! Turns an OpenStreetMap `.osm.pbf` extract into Linli's walking graph (`WalkingGraph`): the
//! ways a pedestrian may use, their nodes, and undirected edges measured in metres.
//!
//! The pipeline, one module a step: [`walkable`] decides from a way's tags whether people may
//! walk it; [`pbf`] reads those ways and the positions of their nodes, from a file or from bytes;
//! [`area`] says which nodes lie in the community, when a district-wide extract is to be cut to
//! it; [`network`] makes the graph, cuts it, merges straight-through nodes (keeping every length)
//! and can keep only the largest connected piece. [`import_from_reader`] runs the lot, and
//! [`import_with`] and [`import_bytes`] hand it a file or an upload. [`geojson`] reads a boundary
//! or building positions for the command.
//!
//! Map data © OpenStreetMap contributors, available under the Open Database License (ODbL 1.0,
//! <https://www.openstreetmap.org/copyright>). A graph made from it is a derived database: show
//! that attribution wherever it is displayed.

pub mod area;
pub mod geojson;
pub mod network;
pub mod pbf;
pub mod walkable;

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek};
use std::path::Path;

use linli_api::WalkingGraph;
use linli_core::reach::PositionError;

pub use area::{Area, AreaError, PreparedArea};
pub use network::{Cut, Edge, LargestComponent, Network};
pub use pbf::{WalkableWay, Ways, read_ways, read_ways_from};

/// The attribution the ODbL asks for, as the command prints it.
pub const ATTRIBUTION: &str = "Map data © OpenStreetMap contributors, under the Open Database \
                               License (ODbL 1.0): https://www.openstreetmap.org/copyright";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// Written into the document; the server files the graph under it.
    pub community_id: String,
    /// Drop every piece but the largest, so nothing snaps onto a fragment with no way out.
    pub largest_component_only: bool,
    /// Keep only the ways in this area (WGS-84, as OpenStreetMap and Linli store positions), so
    /// that a community's graph can be made from a district's extract; `None` keeps them all.
    pub area: Option<Area>,
}

/// What the import found and kept, for the command's report and for tests.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportStats {
    pub walkable_ways: usize,
    /// Distinct nodes the walkable ways list, whether or not the extract holds them.
    pub way_node_refs: usize,
    /// Distinct nodes of walkable way segments that the extract holds, in the whole extract.
    pub way_nodes: usize,
    /// Of `way_nodes`, those inside the area; `None` without an area.
    pub way_nodes_in_area: Option<usize>,
    /// Nodes of the segments the cut keeps: those inside the area and those one segment beyond
    /// it (all `way_nodes` without an area). The graph before simplification.
    pub cut_nodes: usize,
    /// Total length of the segments the cut keeps, before simplification.
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

/// Every message says what is wrong in Chinese, then in English, and what to do where there is
/// something to do: the server shows them to whoever uploaded the extract.
#[derive(Debug)]
pub enum ImportError {
    /// Opening, reading or rewinding the file or stream failed.
    Io(io::Error),
    Empty,
    /// The data does not open with an OSM header block.
    NotPbf,
    /// A block after the header cannot be read: a file cut short or damaged.
    Damaged(osmpbf::Error),
    /// The extract requires a feature this reader does not understand, such as history.
    UnsupportedFeature(String),
    BadPosition {
        osm_id: i64,
        source: PositionError,
    },
    BadArea(AreaError),
    NothingWalkable,
    NothingWalkableInArea,
    /// Graph indices are `u32`, as in the wire format.
    TooManyNodes {
        nodes: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io(source) => {
                write!(
                    f,
                    "读取 OSM 数据失败：{source}。Reading the OSM data failed: {source}."
                )
            }
            ImportError::Empty => write!(
                f,
                "OSM 数据是空的：请选择一份 .osm.pbf 文件。\
                 The OSM data is empty: choose an .osm.pbf file."
            ),
            ImportError::NotPbf => write!(
                f,
                "这不是 OSM PBF 数据：请上传 .osm.pbf 文件，而不是 .osm（XML）、GeoJSON 或压缩包。\
                 The data is not an OSM PBF extract: upload an .osm.pbf file, not .osm (XML), \
                 GeoJSON or an archive."
            ),
            ImportError::Damaged(source) => write!(
                f,
                "OSM 数据已损坏或不完整（{source}）：请重新下载或上传完整的 .osm.pbf 文件。\
                 The OSM data is damaged or cut short ({source}): download or upload the whole \
                 .osm.pbf file again."
            ),
            ImportError::UnsupportedFeature(feature) => write!(
                f,
                "这份 OSM 数据需要本程序不支持的功能 {feature}（例如历史数据）：请使用普通的当前数据提取。\
                 The OSM data requires the feature {feature}, which this importer does not \
                 support (history, say): use an ordinary extract of current data."
            ),
            ImportError::BadPosition { osm_id, source } => write!(
                f,
                "OSM 节点 {osm_id} 的位置无效：{source}。Node {osm_id} has no valid position: {source}."
            ),
            ImportError::BadArea(source) => write!(f, "{source}"),
            ImportError::NothingWalkable => write!(
                f,
                "这份 OSM 数据里没有可步行的道路。The OSM data holds no way a pedestrian may walk along."
            ),
            ImportError::NothingWalkableInArea => write!(
                f,
                "范围内没有可步行的道路：请检查社区边界或楼栋位置是否在这份 OSM 数据覆盖的范围内。\
                 No walkable way lies in the area: check that the community's boundary or \
                 buildings are inside the extract."
            ),
            ImportError::TooManyNodes { nodes } => write!(
                f,
                "可步行的道路有 {nodes} 个节点，超出步行图的上限：请先把数据裁小。\
                 The walkable ways use {nodes} nodes, more than a walking graph can index: cut \
                 the extract smaller first."
            ),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io(source) => Some(source),
            ImportError::Damaged(source) => Some(source),
            ImportError::BadPosition { source, .. } => Some(source),
            ImportError::BadArea(source) => Some(source),
            ImportError::Empty
            | ImportError::NotPbf
            | ImportError::UnsupportedFeature(_)
            | ImportError::NothingWalkable
            | ImportError::NothingWalkableInArea
            | ImportError::TooManyNodes { .. } => None,
        }
    }
}

/// The walking graph of an extract, every piece kept, with no community id.
pub fn import(pbf_path: &Path) -> Result<WalkingGraph, ImportError> {
    import_with(pbf_path, &ImportOptions::default()).map(|import| import.graph)
}

/// [`import_from_reader`] on a file.
pub fn import_with(pbf_path: &Path, options: &ImportOptions) -> Result<Import, ImportError> {
    let file = File::open(pbf_path).map_err(ImportError::Io)?;
    import_from_reader(BufReader::new(file), options)
}

/// [`import_from_reader`] on an extract held in memory, such as an upload.
pub fn import_bytes(pbf: &[u8], options: &ImportOptions) -> Result<Import, ImportError> {
    import_from_reader(Cursor::new(pbf), options)
}

/// The walking graph of an extract read from its current position (twice, see
/// [`read_ways_from`]), with the counts of each step. The area is checked before anything is
/// read, so a bad boundary is reported at once rather than after a district's worth of reading.
pub fn import_from_reader<R: Read + Seek + Send>(
    reader: R,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    let area = options
        .area
        .as_ref()
        .map(PreparedArea::new)
        .transpose()
        .map_err(ImportError::BadArea)?;
    let ways = read_ways_from(reader)?;
    if ways.positions.len() > u32::MAX as usize {
        return Err(ImportError::TooManyNodes {
            nodes: ways.positions.len(),
        });
    }
    let whole = ways.network();
    if whole.edges.is_empty() {
        return Err(ImportError::NothingWalkable);
    }
    let way_nodes = whole.node_count();
    let (raw, way_nodes_in_area) = match &area {
        None => (whole, None),
        Some(area) => {
            let cut = whole.cut_to(area);
            (cut.network, Some(cut.nodes_in_area))
        }
    };
    if raw.edges.is_empty() {
        return Err(ImportError::NothingWalkableInArea);
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
        way_nodes,
        way_nodes_in_area,
        cut_nodes: raw.node_count(),
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
