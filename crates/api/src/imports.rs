//! A district's inventory imports: what a dry run found and what an import stored. The same
//! summary answers the committee's upload page and the `linli-server import` command.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What an import reads: `streets` (街道/乡镇), `communities`, `units` (养护单位), `components`,
/// `buildings`, `services` (service points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Streets,
    Communities,
    Units,
    Components,
    Buildings,
    Services,
}

impl ImportKind {
    pub const ALL: [ImportKind; 6] = [
        ImportKind::Streets,
        ImportKind::Communities,
        ImportKind::Units,
        ImportKind::Components,
        ImportKind::Buildings,
        ImportKind::Services,
    ];

    /// The name in paths and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Streets => "streets",
            ImportKind::Communities => "communities",
            ImportKind::Units => "units",
            ImportKind::Components => "components",
            ImportKind::Buildings => "buildings",
            ImportKind::Services => "services",
        }
    }

    pub fn parse(name: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One row that cannot be imported, where the clerk finds it and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefusedRow {
    /// The CSV line (the header is line 1), the spreadsheet row, or the feature's or record's
    /// 1-based position.
    pub line: usize,
    pub reasons: Vec<String>,
}

/// What an import found (a dry run) or did. Rows are keyed by their code: the same file twice
/// changes nothing the second time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportSummary {
    pub kind: ImportKind,
    /// `csv`, `xlsx`, `geojson`, `shapefile`.
    pub format: String,
    /// The text encoding read (`utf-8`, `gb18030`, `utf-16`), when the format has one.
    pub encoding: Option<String>,
    /// The datum the file's coordinates were declared in.
    pub datum: String,
    pub rows: usize,
    pub add: usize,
    pub change: usize,
    pub leave: usize,
    /// Stored components of the file's communities that the file no longer lists: retired only
    /// when the import asks for it (`retire_missing`).
    pub retire: usize,
    pub refused: Vec<RefusedRow>,
    /// True once stored; a dry run, or a file with any refused row, stores nothing.
    pub applied: bool,
}

/// What loading a community's walking network from an `.osm.pbf` extract found (a dry run) or
/// stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WalkingNetworkSummary {
    pub community_id: String,
    /// `boundary` (the community's own) or `buildings` (a buffer around them).
    pub cut_by: String,
    /// The buffer's width when cut by buildings.
    pub around_metres: Option<f64>,
    /// Walkable way nodes of the extract inside the area.
    pub nodes_in_area: usize,
    /// The stored graph: its nodes, edges and metres of way.
    pub nodes: usize,
    pub edges: usize,
    pub metres: f64,
    pub stored: bool,
}
