//! Importing a district's inventory — communities, components (部件普查), buildings with their
//! households, the 15-minute circle's service points — from the files its office has: CSV (UTF-8 or GBK/GB18030), XLSX, GeoJSON and
//! zipped shapefiles (read by `linli-tables`), coordinates in the datum the file declares.
//!
//! One path for the command line and the committee's upload page: read the file, check every
//! row (`linli_core::inventory`), match the rows to what is stored by their code (`references`
//! for the communities and units they name), and say what would be added, changed, left or
//! retired. A dry run stops there; an import stores all of it in one transaction, or nothing
//! when any row is refused. The same file twice changes nothing. `export` writes what is stored
//! back in any of the formats.

mod buildings;
mod communities;
mod components;
pub(crate) mod export;
pub(crate) mod http;
mod references;
mod services;
mod streets;
mod units;
pub(crate) mod walking;

use crate::audit::{Actor, Entry};
use crate::{AppError, Db, district};
use linli_api::{ImportKind, ImportSummary, RefusedRow, WalkingNetworkSummary};
use linli_core::datum::Datum;
use linli_core::inventory::community::Outline;
use linli_core::inventory::position::Given;
use linli_tables::{EncodingChoice, Format, Geometry, ReadOptions, Row, Table, TextEncoding};

/// The largest file an import takes. A census of 300,000 components is some 45 MB as CSV; a
/// larger file is refused before it is read.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;

/// What the clerk chose for a file.
#[derive(Clone, Debug)]
pub struct ImportRequest {
    pub kind: ImportKind,
    /// The file's name: its extension says the format (`.csv`, `.xlsx`, `.geojson`, `.zip`).
    pub file_name: String,
    pub encoding: EncodingChoice,
    pub datum: Datum,
    /// Store (all or nothing); otherwise a dry run.
    pub apply: bool,
    /// Retire the stored components of the file's communities that it no longer lists.
    pub retire_missing: bool,
    /// A community's own import (service points on the circle page): its rows need no
    /// community column, and may neither name nor move a point of another community.
    pub community: Option<String>,
}

/// What a kind's rows came to, before anything is stored.
#[derive(Debug, Default)]
struct Counts {
    add: usize,
    change: usize,
    leave: usize,
    retire: usize,
    refused: Vec<RefusedRow>,
}

fn bad_file(message: impl Into<String>) -> AppError {
    AppError::BadRequest {
        code: "bad_import_file",
        message: message.into(),
    }
}

/// Reads the file into a table; a file that cannot be read is a 400 with the reader's sentence.
pub(crate) fn read(request: &ImportRequest, bytes: &[u8]) -> Result<Table, AppError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    let options = ReadOptions {
        encoding: request.encoding,
        ..ReadOptions::default()
    };
    let table = linli_tables::read(&request.file_name, bytes, &options).map_err(|e| {
        AppError::BadRequest {
            code: "bad_import_file",
            message: e.to_string(),
        }
    })?;
    if table.rows.is_empty() {
        return Err(bad_file(
            "文件里没有数据行。The file holds no rows below its header.",
        ));
    }
    Ok(table)
}

pub(crate) fn too_large() -> AppError {
    AppError::PayloadTooLarge(too_large_message())
}

pub(crate) fn too_large_message() -> String {
    format!(
        "文件太大：导入文件最大 {} MB，请分成几个文件。The file is too large: an import file is at \
         most {} MB; split it.",
        MAX_IMPORT_BYTES / (1024 * 1024),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

/// Checks, matches and (when asked and nothing is refused) stores a read table.
pub(crate) fn import_table(
    c: &mut rusqlite::Connection,
    request: &ImportRequest,
    table: &Table,
    actor: &Actor,
) -> Result<ImportSummary, AppError> {
    let tx = crate::db::write_transaction(c)?;
    let district = district::current(&tx)?;
    let counts = match request.kind {
        ImportKind::Components => components::run(&tx, table, &district, request)?,
        ImportKind::Buildings => buildings::run(&tx, table, &district, request)?,
        ImportKind::Communities => communities::run(&tx, table, &district, request)?,
        ImportKind::Services => services::run(&tx, table, &district, request)?,
        ImportKind::Streets => streets::run(&tx, table, &district, request)?,
        ImportKind::Units => units::run(&tx, table, &district, request)?,
    };
    let applied = request.apply && counts.refused.is_empty();
    if applied {
        Entry::new("import.apply")
            .community(request.community.as_deref())
            .subject(request.kind.name())
            .detail(serde_json::json!({
                "file": request.file_name,
                "format": format_name(table.format),
                "datum": request.datum.name(),
                "rows": table.rows.len(),
                "add": counts.add,
                "change": counts.change,
                "leave": counts.leave,
                "retire": counts.retire,
            }))
            .append(&tx, actor)?;
        tx.commit()?;
    }
    Ok(ImportSummary {
        kind: request.kind,
        format: format_name(table.format).to_owned(),
        encoding: table.encoding.map(|e| encoding_name(e).to_owned()),
        datum: request.datum.name().to_owned(),
        rows: table.rows.len(),
        add: counts.add,
        change: counts.change,
        leave: counts.leave,
        retire: counts.retire,
        refused: counts.refused,
        applied,
    })
}

/// The command line's import (`linli-server import`): the same path as the upload page.
pub fn import_file(
    db: &Db,
    request: &ImportRequest,
    path: &std::path::Path,
) -> Result<ImportSummary, AppError> {
    let size = std::fs::metadata(path)
        .map_err(|e| {
            bad_file(format!(
                "无法读取 {}：{e}。Cannot read {}: {e}.",
                path.display(),
                path.display()
            ))
        })?
        .len();
    if size > MAX_IMPORT_BYTES as u64 {
        return Err(too_large());
    }
    let bytes = std::fs::read(path).map_err(|e| {
        bad_file(format!(
            "无法读取 {}：{e}。Cannot read {}: {e}.",
            path.display(),
            path.display()
        ))
    })?;
    let table = read(request, &bytes)?;
    db.run_blocking(|c| import_table(c, request, &table, &Actor::command_line()))
}

/// The command line's export (`linli-server export-data`).
pub fn export_data(
    db: &Db,
    kind: ImportKind,
    format: Format,
    encoding: TextEncoding,
    datum: Datum,
) -> Result<Vec<u8>, AppError> {
    db.run_blocking(|c| export::export(c, kind, format, encoding, datum))
}

/// The command line's walking network (`linli-server import-walking`).
pub fn import_walking_file(
    db: &Db,
    community: &str,
    path: &std::path::Path,
    around_metres: f64,
    apply: bool,
) -> Result<WalkingNetworkSummary, AppError> {
    let bytes = std::fs::read(path).map_err(|e| {
        bad_file(format!(
            "无法读取 {}：{e}。Cannot read {}: {e}.",
            path.display(),
            path.display()
        ))
    })?;
    db.run_blocking(|c| {
        walking::import_walking(
            c,
            community,
            &bytes,
            around_metres,
            apply,
            &Actor::command_line(),
        )
    })
}

pub use walking::DEFAULT_AROUND_METRES;

pub(crate) fn format_name(format: Format) -> &'static str {
    match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
        Format::GeoJson => "geojson",
        Format::Shapefile => "shapefile",
    }
}

pub(crate) fn encoding_name(encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf8 => "utf-8",
        TextEncoding::Gb18030 => "gb18030",
        TextEncoding::Utf16 => "utf-16",
    }
}

/// The encodings a form or a command line may name: `utf-8`, `gbk`/`gb18030`/`gb2312`, or
/// `auto` to detect.
pub fn parse_encoding(name: &str) -> Option<EncodingChoice> {
    match name.trim().to_ascii_lowercase().as_str() {
        "" | "auto" | "detect" => Some(EncodingChoice::Detect),
        "utf-8" | "utf8" => Some(EncodingChoice::Utf8),
        "gbk" | "gb18030" | "gb2312" | "cp936" => Some(EncodingChoice::Gb18030),
        _ => None,
    }
}

/// A row's boundary as its geometry gives it.
fn outline(row: &Row) -> Outline {
    match &row.geometry {
        None => Outline::Missing,
        Some(Geometry::Polygon(rings)) => Outline::Polygons(vec![rings.clone()]),
        Some(Geometry::MultiPolygon(polygons)) => Outline::Polygons(polygons.clone()),
        Some(other) => Outline::NotAnArea(other.type_name().to_owned()),
    }
}

/// A checked boundary as the JSON text stored (a GeoJSON Polygon or MultiPolygon).
fn boundary_json(polygons: Option<Vec<Vec<Vec<[f64; 2]>>>>) -> Result<Option<String>, AppError> {
    polygons
        .map(|mut polygons| match polygons.len() {
            1 => linli_api::Boundary::Polygon(polygons.remove(0)),
            _ => linli_api::Boundary::MultiPolygon(polygons),
        })
        .map(|b| serde_json::to_string(&b).map_err(AppError::internal))
        .transpose()
}

/// A row's position as its geometry gives it, when it has one.
fn point_of(row: &Row) -> Option<Given<'_>> {
    row.geometry.as_ref().map(|g| match g {
        Geometry::Point { lon, lat } => Given::Point(*lon, *lat),
        other => Given::NotAPoint(other.type_name()),
    })
}

/// Whether two positions are the same place: within 1e-7 degrees (about a centimetre).
fn same_place(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7
}

/// Rows whose key was already met earlier in the file are refused, naming the first line.
struct SeenKeys(std::collections::HashMap<String, usize>);

impl SeenKeys {
    fn new() -> SeenKeys {
        SeenKeys(std::collections::HashMap::new())
    }

    fn first_line(&mut self, key: &str, line: usize) -> Option<usize> {
        match self.0.get(key) {
            Some(&first) => Some(first),
            None => {
                self.0.insert(key.to_owned(), line);
                None
            }
        }
    }
}

fn duplicate(key: &str, first: usize) -> String {
    format!(
        "编码 {key} 在文件第 {first} 行已出现过。The code {key} is already on line {first} of the file."
    )
}
