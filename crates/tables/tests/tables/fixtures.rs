//! Files generated for the tests — GBK bytes by encoding_rs, workbooks by rust_xlsxwriter,
//! shapefiles by the shapefile crate zipped by zip — so that no binary fixture is committed.

use std::io::{Cursor, Write};

use linli_tables::{EncodingChoice, ReadError, ReadOptions, Table, read};
use shapefile::dbase::{self, FieldName, FieldValue, Record, TableWriterBuilder};
use shapefile::{Point, Polygon, PolygonRing, ShapeWriter};

pub const WGS84_PRJ: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
pub const GAUSS_KRUGER_PRJ: &str = r#"PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 117E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["metre",1]]"#;

pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "{text} is not all GBK");
    bytes.into_owned()
}

/// UTF-16LE behind its byte-order mark, as Excel saves "Unicode text".
pub fn utf16_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

pub fn with(encoding: EncodingChoice) -> ReadOptions {
    ReadOptions {
        encoding,
        ..ReadOptions::default()
    }
}

/// A read expected to succeed, with the default options.
pub fn read_ok(file_name: &str, bytes: &[u8]) -> Table {
    read(file_name, bytes, &ReadOptions::default())
        .unwrap_or_else(|error| panic!("{file_name}: {error}"))
}

/// A read expected to fail, its error checked to carry `code` and each of `mentions` in its
/// message.
pub fn refused(
    file_name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    code: &str,
    mentions: &[&str],
) -> ReadError {
    let error = match read(file_name, bytes, options) {
        Ok(table) => panic!("{file_name} was read, not refused with {code}: {table:?}"),
        Err(error) => error,
    };
    assert_eq!(error.code(), code, "{error}");
    let message = error.to_string();
    for mention in mentions {
        assert!(
            message.contains(mention),
            "{message:?} does not say {mention:?}"
        );
    }
    error
}

/// The cells of a table's rows, for comparing at a glance.
pub fn cells(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|row| row.cells.iter().map(String::as_str).collect())
        .collect()
}

pub fn lines(table: &Table) -> Vec<usize> {
    table.rows.iter().map(|row| row.line).collect()
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A workbook made by `fill`, which is given its first worksheet (and may add more).
pub fn xlsx(fill: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    fill(&mut workbook);
    workbook.save_to_buffer().unwrap()
}

/// The shapes a generated shapefile holds.
pub enum Shapes {
    Points(Vec<Point>),
    Polygons(Vec<Polygon>),
}

/// A shapefile's three main parts generated in memory: character fields named `fields`, one
/// record of `records` per shape, its text in `encoding`.
pub fn shapefile_parts(
    fields: &[&str],
    records: &[&[&str]],
    shapes: Shapes,
    encoding: &'static encoding_rs::Encoding,
) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut shp = Cursor::new(Vec::new());
    let mut shx = Cursor::new(Vec::new());
    let mut dbf = Cursor::new(Vec::new());
    {
        let mut builder =
            TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(encoding));
        for field in fields {
            builder = builder.add_character_field(FieldName::try_from(*field).unwrap(), 50);
        }
        let mut table = builder.build_with_dest(&mut dbf);
        for values in records {
            let mut record = Record::default();
            for (field, value) in fields.iter().zip(values.iter()) {
                record.insert(
                    field.to_string(),
                    FieldValue::Character(Some(value.to_string())),
                );
            }
            table.write_record(&record).unwrap();
        }
        table.finalize().unwrap();
        let mut writer = ShapeWriter::with_shx(&mut shp, &mut shx);
        match shapes {
            Shapes::Points(points) => points
                .iter()
                .for_each(|point| writer.write_shape(point).unwrap()),
            Shapes::Polygons(polygons) => polygons
                .iter()
                .for_each(|polygon| writer.write_shape(polygon).unwrap()),
        }
        writer.finalize().unwrap();
    }
    (shp.into_inner(), shx.into_inner(), dbf.into_inner())
}

/// Two points in Beijing with a name and a code each, as `道路/部件.*` in a zip with the given
/// `.prj` and `.cpg`.
pub fn points_zip(
    prj: Option<&str>,
    cpg: Option<&str>,
    encoding: &'static encoding_rs::Encoding,
) -> Vec<u8> {
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME", "CODE"],
        &[
            &["井盖", "1101120110000001"],
            &["路灯 ", "1101120110000002"],
        ],
        Shapes::Points(vec![Point::new(116.397, 39.908), Point::new(116.4, 39.91)]),
        encoding,
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("道路/部件.shp", &shp),
        ("道路/部件.shx", &shx),
        ("道路/部件.dbf", &dbf),
    ];
    if let Some(prj) = prj {
        entries.push(("道路/部件.prj", prj.as_bytes()));
    }
    if let Some(cpg) = cpg {
        entries.push(("道路/部件.cpg", cpg.as_bytes()));
    }
    zip_of(&entries)
}

/// A closed ring through `points`.
pub fn ring(points: &[(f64, f64)]) -> Vec<Point> {
    let mut ring: Vec<Point> = points.iter().map(|(x, y)| Point::new(*x, *y)).collect();
    ring.push(ring[0]);
    ring
}

pub fn outer(points: &[(f64, f64)]) -> PolygonRing<Point> {
    PolygonRing::Outer(ring(points))
}

pub fn inner(points: &[(f64, f64)]) -> PolygonRing<Point> {
    PolygonRing::Inner(ring(points))
}
