//! The neutral shape every format is read into and written from, and the options of a read.

use crate::format::Format;

/// A text encoding a file was read in, or is to be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// GBK files are read as GB18030: it is a superset, so every GBK file decodes the same, and
    /// the few characters GBK lacks (rare names in 户籍 registers) still come through.
    Gb18030,
    /// UTF-16 behind a byte-order mark, as Excel's "Unicode text" saves (tab-separated). Only
    /// ever detected from the mark, never chosen.
    Utf16,
}

/// What the clerk said about a file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// UTF-8 if the bytes are valid UTF-8, else GB18030 if they are valid GB18030, else refuse.
    #[default]
    Detect,
    Utf8,
    Gb18030,
}

/// How to read a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    pub encoding: EncodingChoice,
    /// The most an archive (a shapefile zip, an .xlsx) may unpack to, in bytes.
    pub max_uncompressed_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: EncodingChoice::Detect,
            max_uncompressed_bytes: 512 * 1024 * 1024,
        }
    }
}

/// A file's content: named columns, and rows of trimmed text with an optional geometry.
///
/// Every row has exactly one cell per column; rows whose cells are all empty (and that have no
/// geometry) are not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: Format,
    /// The encoding the text was in; `None` where the format fixes it (XLSX).
    pub encoding: Option<TextEncoding>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The same table with every geometry dropped, for writing it as CSV or XLSX, which cannot
    /// hold one (`write` refuses rather than drop them unasked).
    pub fn without_geometry(mut self) -> Table {
        for row in &mut self.rows {
            row.geometry = None;
        }
        self
    }
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where a clerk finds this row in the original file: the CSV line (the header is line 1,
    /// and a quoted cell's line breaks count), the spreadsheet row number as Excel shows it, the
    /// GeoJSON feature's or the shapefile record's 1-based position.
    pub line: usize,
    pub cells: Vec<String>,
    pub geometry: Option<Geometry>,
}

/// A row's geometry in longitude/latitude degrees.
///
/// Polygon rings are closed, and read the way RFC 7946 asks — the outer ring counter-clockwise,
/// holes clockwise — whatever order the source file used, so code downstream meets one
/// convention.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Point {
        lon: f64,
        lat: f64,
    },
    /// The outer ring, then the holes.
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
    /// A geometry Linli does not import, by its GeoJSON type name (`"LineString"`, …).
    Other(String),
}

impl Geometry {
    /// The GeoJSON type name, for messages.
    pub fn type_name(&self) -> &str {
        match self {
            Geometry::Point { .. } => "Point",
            Geometry::Polygon(_) => "Polygon",
            Geometry::MultiPolygon(_) => "MultiPolygon",
            Geometry::Other(name) => name,
        }
    }
}
