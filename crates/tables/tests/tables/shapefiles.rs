//! Shapefiles zipped as offices send them: parts in a folder, a `.cpg` or none, GBK text, a
//! `.prj` that must be geographic; and the refusals for everything that would import wrongly.

use linli_tables::{EncodingChoice, Format, Geometry, ReadOptions, TextEncoding};
use shapefile::{Point, Polygon};

use super::fixtures::{
    GAUSS_KRUGER_PRJ, Shapes, WGS84_PRJ, cells, inner, lines, outer, points_zip, read_ok, refused,
    shapefile_parts, with, zip_of,
};

#[test]
fn points_in_a_folder_are_read_with_their_utf8_text() {
    let table = read_ok(
        "部件.zip",
        &points_zip(Some(WGS84_PRJ), Some("UTF-8"), encoding_rs::UTF_8),
    );
    assert_eq!(table.format, Format::Shapefile);
    assert_eq!(table.encoding, Some(TextEncoding::Utf8));
    assert_eq!(table.columns, ["NAME", "CODE"]);
    assert_eq!(
        cells(&table),
        [["井盖", "1101120110000001"], ["路灯", "1101120110000002"]]
    );
    assert_eq!(lines(&table), [1, 2]);
    assert_eq!(
        table.rows[0].geometry,
        Some(Geometry::Point {
            lon: 116.397,
            lat: 39.908
        })
    );
}

#[test]
fn a_cpg_naming_gbk_in_any_of_its_spellings_decodes_the_dbf() {
    for cpg in ["936", "GBK", "GB2312", "GB18030", "CP936"] {
        let table = read_ok(
            "部件.zip",
            &points_zip(Some(WGS84_PRJ), Some(cpg), encoding_rs::GBK),
        );
        assert_eq!(table.encoding, Some(TextEncoding::Gb18030), "{cpg}");
        assert_eq!(cells(&table)[0], ["井盖", "1101120110000001"], "{cpg}");
    }
}

#[test]
fn without_a_cpg_the_encoding_is_detected_or_chosen() {
    let gbk = points_zip(Some(WGS84_PRJ), None, encoding_rs::GBK);
    let table = read_ok("部件.zip", &gbk);
    assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(cells(&table)[1], ["路灯", "1101120110000002"]);

    refused(
        "部件.zip",
        &gbk,
        &with(EncodingChoice::Utf8),
        "not_utf8",
        &["第 1 条记录", "record 1", "GBK"],
    );

    let utf8 = points_zip(Some(WGS84_PRJ), None, encoding_rs::UTF_8);
    assert_eq!(
        read_ok("部件.zip", &utf8).encoding,
        Some(TextEncoding::Utf8)
    );
    refused(
        "部件.zip",
        &utf8,
        &with(EncodingChoice::Gb18030),
        "looks_like_utf8",
        &["请选择 UTF-8", "第 1 条记录"],
    );
}

/// A wrong `.cpg` happens (copied from another export); the clerk's explicit choice overrules it.
#[test]
fn an_explicit_choice_overrules_a_wrong_cpg() {
    let gbk_saying_utf8 = points_zip(Some(WGS84_PRJ), Some("UTF-8"), encoding_rs::GBK);
    refused(
        "部件.zip",
        &gbk_saying_utf8,
        &ReadOptions::default(),
        "not_utf8",
        &["请选择 GBK"],
    );
    let table =
        linli_tables::read("部件.zip", &gbk_saying_utf8, &with(EncodingChoice::Gb18030)).unwrap();
    assert_eq!(cells(&table)[0], ["井盖", "1101120110000001"]);
}

#[test]
fn polygons_with_holes_and_several_outer_rings_are_read() {
    let square = [(116.0, 39.0), (116.0, 39.1), (116.1, 39.1), (116.1, 39.0)];
    let hole = [
        (116.02, 39.02),
        (116.04, 39.02),
        (116.04, 39.04),
        (116.02, 39.04),
    ];
    let far = [(117.0, 40.0), (117.0, 40.1), (117.1, 40.1), (117.1, 40.0)];
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME"],
        &[&["小区"], &["两块绿地"]],
        Shapes::Polygons(vec![
            Polygon::with_rings(vec![outer(&square), inner(&hole)]),
            // The hole is written after the far ring: it still goes into the square.
            Polygon::with_rings(vec![outer(&square), outer(&far), inner(&hole)]),
        ]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("a.shp", &shp),
        ("a.shx", &shx),
        ("a.dbf", &dbf),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    let table = read_ok("绿地.zip", &bytes);
    // The square is written clockwise (a shapefile's outer rings) and the hole counter-clockwise;
    // the table has them the other way round, as RFC 7946 does.
    let square_with_hole = vec![reversed_and_closed(&square), reversed_and_closed(&hole)];
    assert_eq!(
        table.rows[0].geometry,
        Some(Geometry::Polygon(square_with_hole.clone()))
    );
    assert_eq!(
        table.rows[1].geometry,
        Some(Geometry::MultiPolygon(vec![
            square_with_hole,
            vec![reversed_and_closed(&far)]
        ]))
    );
}

/// `a, b, c, d` as the closed ring `a, d, c, b, a`.
fn reversed_and_closed(points: &[(f64, f64)]) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = points.iter().rev().map(|(x, y)| [*x, *y]).collect();
    ring.rotate_right(1);
    ring.push(ring[0]);
    ring
}

#[test]
fn a_shapefile_without_a_prj_is_refused() {
    refused(
        "部件.zip",
        &points_zip(None, Some("UTF-8"), encoding_rs::UTF_8),
        &ReadOptions::default(),
        "no_prj",
        &[
            ".prj",
            "不知道它的坐标系",
            "The shapefile has no .prj, so its coordinate system is unknown; export it again with its .prj",
        ],
    );
}

#[test]
fn a_projected_shapefile_is_refused_naming_its_crs() {
    refused(
        "部件.zip",
        &points_zip(Some(GAUSS_KRUGER_PRJ), Some("UTF-8"), encoding_rs::UTF_8),
        &ReadOptions::default(),
        "projected_crs",
        &[
            "投影坐标系",
            "is projected (CGCS2000 / 3-degree Gauss-Kruger CM 117E); export it in geographic coordinates (WGS 84 or CGCS2000)",
        ],
    );
}

#[test]
fn a_prj_that_is_neither_geographic_nor_projected_is_refused() {
    refused(
        "部件.zip",
        &points_zip(Some("LOCAL_CS[\"site grid\"]"), None, encoding_rs::UTF_8),
        &ReadOptions::default(),
        "unknown_crs",
        &["LOCAL_CS", "WGS 84"],
    );
}

#[test]
fn metres_behind_a_geographic_prj_are_refused() {
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(500_123.5, 4_419_876.0)]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("a.shp", &shp),
        ("a.shx", &shx),
        ("a.dbf", &dbf),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    refused(
        "a.zip",
        &bytes,
        &ReadOptions::default(),
        "not_lon_lat",
        &["第 1 条记录", "500123.5"],
    );
}

#[test]
fn a_missing_dbf_or_shp_is_refused_naming_it() {
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(116.0, 39.0)]),
        encoding_rs::UTF_8,
    );
    let no_dbf = zip_of(&[
        ("a.shp", &shp),
        ("a.shx", &shx),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    refused(
        "a.zip",
        &no_dbf,
        &ReadOptions::default(),
        "missing_part",
        &[".dbf"],
    );
    let no_shp = zip_of(&[("a.dbf", &dbf), ("readme.txt", b"hello")]);
    refused(
        "a.zip",
        &no_shp,
        &ReadOptions::default(),
        "missing_part",
        &[".shp"],
    );
}

#[test]
fn two_shapefiles_in_one_zip_are_refused_naming_both() {
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(116.0, 39.0)]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("井盖.shp", &shp),
        ("井盖.dbf", &dbf),
        ("路灯.shp", &shp),
        ("路灯.shx", &shx),
        ("路灯.dbf", &dbf),
    ]);
    refused(
        "a.zip",
        &bytes,
        &ReadOptions::default(),
        "several_shapefiles",
        &["井盖.shp", "路灯.shp", "一个"],
    );
}

#[test]
fn a_macs_hidden_copies_are_not_a_second_shapefile() {
    let (shp, shx, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(116.0, 39.0)]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("a/b.shp", &shp),
        ("a/b.shx", &shx),
        ("a/b.dbf", &dbf),
        ("a/b.prj", WGS84_PRJ.as_bytes()),
        ("__MACOSX/a/._b.shp", b"\x00\x05\x16\x07 resource fork"),
        ("a/._b.dbf", b"\x00\x05\x16\x07 resource fork"),
    ]);
    assert_eq!(cells(&read_ok("a.zip", &bytes)), [["a"]]);
}

#[test]
fn the_shx_index_is_not_needed() {
    let (shp, _, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"], &["b"]],
        Shapes::Points(vec![Point::new(116.0, 39.0), Point::new(116.1, 39.1)]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("a.shp", &shp),
        ("a.dbf", &dbf),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    assert_eq!(cells(&read_ok("a.zip", &bytes)), [["a"], ["b"]]);
}

/// Bytes no encoding reads (0xFF is neither UTF-8 nor GB18030) are refused naming the record.
#[test]
fn dbf_text_in_neither_encoding_is_refused_naming_the_record() {
    let (shp, shx, mut dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"], &["ZZZZ"]],
        Shapes::Points(vec![Point::new(116.0, 39.0), Point::new(116.1, 39.1)]),
        encoding_rs::UTF_8,
    );
    let at = dbf.windows(4).position(|window| window == b"ZZZZ").unwrap();
    dbf[at..at + 4].copy_from_slice(&[0xFF; 4]);
    let bytes = zip_of(&[
        ("a.shp", &shp),
        ("a.shx", &shx),
        ("a.dbf", &dbf),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    for choice in [
        EncodingChoice::Detect,
        EncodingChoice::Utf8,
        EncodingChoice::Gb18030,
    ] {
        refused(
            "a.zip",
            &bytes,
            &with(choice),
            "bad_encoding",
            &["第 2 条记录", "record 2"],
        );
    }
}

#[test]
fn a_bare_shp_is_refused_with_how_to_zip_it() {
    let (shp, _, _) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(116.0, 39.0)]),
        encoding_rs::UTF_8,
    );
    refused(
        "部件.shp",
        &shp,
        &ReadOptions::default(),
        "shapefile_not_zipped",
        &["zip", ".dbf"],
    );
}

#[test]
fn a_damaged_shp_is_refused() {
    let (_, _, dbf) = shapefile_parts(
        &["NAME"],
        &[&["a"]],
        Shapes::Points(vec![Point::new(116.0, 39.0)]),
        encoding_rs::UTF_8,
    );
    let bytes = zip_of(&[
        ("a.shp", b"not a shapefile at all"),
        ("a.dbf", &dbf),
        ("a.prj", WGS84_PRJ.as_bytes()),
    ]);
    refused(
        "a.zip",
        &bytes,
        &ReadOptions::default(),
        "unreadable_shapefile",
        &["重新导出", "the .shp"],
    );
    refused(
        "a.zip",
        b"just text",
        &ReadOptions::default(),
        "unreadable_shapefile",
        &["not a zip"],
    );
}
