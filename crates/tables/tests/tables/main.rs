//! linli-tables from the outside: real-shaped files, generated here, read and written through
//! `read` and `write` as the server will call them.
//!
//! Contents:
//! - `csv_files`: encodings (UTF-8 ± BOM, GBK, UTF-16), delimiters, line numbers, refusals
//! - `xlsx_files`: the first sheet, numbers, dates, formulas, refusals
//! - `geojson_files`: properties in order, geometries, refusals
//! - `shapefiles`: zipped parts, `.cpg` and detection, `.prj` checks, polygons, refusals
//! - `fixtures`: the generators the others use

mod csv_files;
mod fixtures;
mod geojson_files;
mod shapefiles;
mod xlsx_files;
