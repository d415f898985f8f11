//! The files a district office already has — CSV or Excel sheets, GeoJSON, shapefiles — read
//! into one neutral [`Table`] for onboarding its inventory into Linli, and written back in the
//! same formats for export. No web, no database: the server calls [`read()`] on an upload's bytes
//! and [`write()`] for a download.
//!
//! # The shape
//! A [`Table`] is named columns and rows of trimmed text, each row with an optional
//! [`Geometry`] in longitude/latitude and the [`Row::line`] a clerk looks up in the original
//! file. Everything is text, because what an office calls a number is often a code: a 16-digit
//! component code typed into Excel arrives as `1101120110000001`, not `1.10112011e15`.
//!
//! # Decisions
//! - **GB18030 for GBK.** Offices' Excel and WPS save CSV in the system's GBK; GB18030 is its
//!   superset, so it decodes every GBK file and the rare characters GBK lacks.
//! - **Detect, but never guess silently.** Valid UTF-8 is UTF-8; otherwise valid GB18030 is
//!   GB18030; otherwise the read is refused. A clerk's wrong choice (UTF-8 for a GBK file, GBK
//!   for a UTF-8 one) is refused too, naming the line and the right choice: a garbled import is
//!   worse than an error.
//! - **A shapefile needs its `.prj`, and geographic coordinates.** Without a `.prj` nobody knows
//!   what its numbers mean, and a projected file's metres would be stored as degrees; both are
//!   refused with what to export instead. Coordinates outside ±180/±90 are refused whatever the
//!   `.prj` or the GeoJSON promised.
//! - **Uploads are untrusted.** Inputs over [`MAX_INPUT_BYTES`] are refused; archives are
//!   unpacked under a byte limit, an entry count and a ratio check, read through `Read::take`.
//! - **Refuse rather than mangle.** A value under a nameless column, two columns of one name, a
//!   column name too long for a `.dbf`: each is an error saying what to fix, never a dropped or
//!   cut value.
//! - **Errors speak to clerks.** [`ReadError`] prints a Chinese sentence, then an English one,
//!   and has a stable [`ReadError::code`] for the UI.

mod archive;
mod dbf;
mod delimited;
mod error;
mod format;
mod geojson;
mod geometry;
mod grid;
mod number;
mod prj;
mod shapefile_zip;
mod spreadsheet;
mod table;
mod text;

pub use error::{Place, ReadError, WriteError};
pub use format::Format;
pub use table::{EncodingChoice, Geometry, ReadOptions, Row, Table, TextEncoding};

/// The largest upload read, in bytes (200 MB as Windows counts them). The server caps its
/// uploads too; this is the library's own floor of safety.
pub const MAX_INPUT_BYTES: u64 = 200 * 1024 * 1024;

/// Reads a file into a table. The format comes from the bytes where they show it (a zip that
/// holds a workbook or a `.shp`), else from `file_name`'s extension, else from text that starts
/// with `{` (GeoJSON).
pub fn read(file_name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    let length = bytes.len() as u64;
    if length > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            bytes: length,
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(format::OLE_MAGIC) {
        return Err(ReadError::OldExcel);
    }
    let sniffed = Format::sniff(bytes);
    let format = match sniffed {
        Some(Format::Xlsx | Format::Shapefile) => sniffed,
        _ => Format::from_file_name(file_name).or(sniffed),
    }
    .ok_or_else(|| ReadError::UnknownFormat {
        file_name: file_name.to_owned(),
    })?;
    match format {
        Format::Csv => delimited::read(bytes, options.encoding),
        Format::Xlsx => spreadsheet::read(bytes, options.max_uncompressed_bytes),
        Format::GeoJson => geojson::read(bytes, options.encoding),
        Format::Shapefile => shapefile_zip::read(bytes, options),
    }
}

/// Writes a table in a format. `encoding` is CSV's; the other formats fix theirs (XLSX and
/// GeoJSON are UTF-8 by definition, and shapefiles are written in UTF-8 with a `.cpg` saying so).
pub fn write(table: &Table, format: Format, encoding: TextEncoding) -> Result<Vec<u8>, WriteError> {
    if let Some(row) = table
        .rows
        .iter()
        .find(|row| row.cells.len() != table.columns.len())
    {
        return Err(WriteError::RowShape {
            line: row.line,
            cells: row.cells.len(),
            columns: table.columns.len(),
        });
    }
    match format {
        Format::Csv => delimited::write(table, encoding),
        Format::Xlsx => spreadsheet::write(table),
        Format::GeoJson => geojson::write(table),
        Format::Shapefile => shapefile_zip::write(table),
    }
}
