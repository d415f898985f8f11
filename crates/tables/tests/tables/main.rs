//! linli-tables from the outside: real-shaped files, generated here, read and written through
//! `read` and `write` as the server will call them.
//!
//! Contents:
//! - `csv_files`: encodings (UTF-8 ± BOM, GBK, UTF-16), delimiters, line numbers, refusals
//! - `xlsx_files`: the first sheet, numbers, dates, formulas, refusals
//! - `geojson_files`: properties in order, geometries, refusals
//! - `shapefiles`: zipped parts, `.cpg` and detection, `.prj` checks, polygons, refusals
//! - `zip_safety`: zip bombs, lying headers, too many entries, oversized input
//! - `garbled`: cut-short and flipped files are refused, never panicking
//! - `round_trips`: `read(write(table))` for every format and encoding, and write refusals
//! - `fixtures`: the generators the others use

mod csv_files;
mod fixtures;
mod garbled;
mod geojson_files;
mod round_trips;
mod shapefiles;
mod xlsx_files;
mod zip_safety;
