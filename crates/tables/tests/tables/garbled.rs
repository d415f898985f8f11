//! Uploads are untrusted: every format's file, cut short or with bytes flipped, is read or
//! refused, and never panics the server.

use linli_tables::{Format, Geometry, ReadOptions, Row, Table, TextEncoding, read, write};

fn sample(geometry: bool) -> Table {
    Table {
        format: Format::Csv,
        encoding: None,
        columns: vec!["名称".to_owned(), "编码".to_owned()],
        rows: (0..5)
            .map(|index| Row {
                line: index + 1,
                cells: vec![format!("井盖{index}"), format!("110112011000000{index}")],
                geometry: geometry.then_some(Geometry::Point {
                    lon: 116.0 + index as f64 / 100.0,
                    lat: 39.9,
                }),
            })
            .collect(),
    }
}

/// A cheap deterministic sequence of positions (no seeded generator is needed for this).
fn positions(length: usize) -> impl Iterator<Item = usize> {
    (0..97).map(move |step| (step * 7919 + 13) % length.max(1))
}

#[test]
fn cut_short_or_flipped_files_are_read_or_refused_never_panicking() {
    let files = [
        (
            Format::Csv,
            write(&sample(false), Format::Csv, TextEncoding::Gb18030).unwrap(),
        ),
        (
            Format::Xlsx,
            write(&sample(false), Format::Xlsx, TextEncoding::Utf8).unwrap(),
        ),
        (
            Format::GeoJson,
            write(&sample(true), Format::GeoJson, TextEncoding::Utf8).unwrap(),
        ),
        (
            Format::Shapefile,
            write(&sample(true), Format::Shapefile, TextEncoding::Utf8).unwrap(),
        ),
    ];
    for (format, bytes) in files {
        let name = format!("x.{}", format.extension());
        for cut in positions(bytes.len()) {
            let _ = read(&name, &bytes[..cut], &ReadOptions::default());
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0xA5;
            let _ = read(&name, &flipped, &ReadOptions::default());
        }
    }
}

/// Inside a sound zip, so that the shapefile and dBase readers themselves meet the damage.
#[test]
fn damaged_shapefile_parts_are_refused_never_panicking() {
    let (shp, shx, dbf) = super::fixtures::shapefile_parts(
        &["NAME", "CODE"],
        &[&["井盖", "1"], &["路灯", "2"], &["消防栓", "3"]],
        super::fixtures::Shapes::Points(vec![
            shapefile::Point::new(116.0, 39.0),
            shapefile::Point::new(116.1, 39.1),
            shapefile::Point::new(116.2, 39.2),
        ]),
        encoding_rs::GBK,
    );
    let prj = super::fixtures::WGS84_PRJ.as_bytes();
    for part in 0..3 {
        let original = [&shp, &shx, &dbf][part];
        for cut in positions(original.len()) {
            for damaged in [original[..cut].to_vec(), {
                let mut flipped = original.clone();
                flipped[cut] ^= 0xA5;
                flipped
            }] {
                let mut parts = [shp.as_slice(), shx.as_slice(), dbf.as_slice()];
                parts[part] = &damaged;
                let zip = super::fixtures::zip_of(&[
                    ("a.shp", parts[0]),
                    ("a.shx", parts[1]),
                    ("a.dbf", parts[2]),
                    ("a.prj", prj),
                ]);
                let _ = read("a.zip", &zip, &ReadOptions::default());
            }
        }
    }
}
