//! GeoJSON as QGIS or an office's GIS exports it: properties become columns in the order they
//! first appear, geometries are kept, and anything but a FeatureCollection is refused.

use linli_tables::{EncodingChoice, Format, Geometry, ReadOptions, TextEncoding};

use super::fixtures::{cells, gbk, lines, read_ok, refused, with};

const FEATURES: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"名称": "井盖", "编码": 1101120110000001, "高度": 0.5},
     "geometry": {"type": "Point", "coordinates": [116.397, 39.908, 43.5]}},
    {"type": "Feature", "properties": {"名称": " 健身区 ", "备注": null, "在用": true, "编码": "0012"},
     "geometry": {"type": "Polygon", "coordinates": [[[116.0, 39.0], [116.0, 39.1], [116.1, 39.1], [116.1, 39.0], [116.0, 39.0]]]}},
    {"type": "Feature", "properties": {"名称": "两块绿地"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
       [[[116.0, 39.0], [116.1, 39.0], [116.1, 39.1], [116.0, 39.0]]],
       [[[117.0, 40.0], [117.1, 40.0], [117.1, 40.1], [117.0, 40.0]]]]}},
    {"type": "Feature", "properties": {"名称": "步道"},
     "geometry": {"type": "LineString", "coordinates": [[116.0, 39.0], [116.1, 39.1]]}},
    {"type": "Feature", "properties": {"名称": "待定", "扩展": {"层": 2}}, "geometry": null},
    {"type": "Feature", "properties": {}, "geometry": null},
    {"type": "Feature", "properties": {"名称": "无几何"}}
  ]
}"#;

#[test]
fn properties_become_columns_in_the_order_they_first_appear() {
    let table = read_ok("部件.geojson", FEATURES.as_bytes());
    assert_eq!(table.format, Format::GeoJson);
    assert_eq!(table.encoding, Some(TextEncoding::Utf8));
    assert_eq!(
        table.columns,
        ["名称", "编码", "高度", "备注", "在用", "扩展"]
    );
    assert_eq!(
        cells(&table),
        [
            ["井盖", "1101120110000001", "0.5", "", "", ""],
            ["健身区", "0012", "", "", "true", ""],
            ["两块绿地", "", "", "", "", ""],
            ["步道", "", "", "", "", ""],
            ["待定", "", "", "", "", "{\"层\":2}"],
            ["无几何", "", "", "", "", ""],
        ]
    );
    // The sixth feature has neither cells nor a geometry, so it is not kept.
    assert_eq!(lines(&table), [1, 2, 3, 4, 5, 7]);
}

#[test]
fn points_and_polygons_are_kept_and_other_geometries_named() {
    let table = read_ok("部件.json", FEATURES.as_bytes());
    let geometries: Vec<Option<&Geometry>> =
        table.rows.iter().map(|row| row.geometry.as_ref()).collect();
    assert_eq!(
        geometries[0],
        Some(&Geometry::Point {
            lon: 116.397,
            lat: 39.908
        })
    );
    // The file's outer ring runs clockwise; the table's runs counter-clockwise (RFC 7946).
    assert_eq!(
        geometries[1],
        Some(&Geometry::Polygon(vec![vec![
            [116.0, 39.0],
            [116.1, 39.0],
            [116.1, 39.1],
            [116.0, 39.1],
            [116.0, 39.0]
        ]]))
    );
    assert!(matches!(geometries[2], Some(Geometry::MultiPolygon(polygons)) if polygons.len() == 2));
    assert_eq!(
        geometries[3],
        Some(&Geometry::Other("LineString".to_owned()))
    );
    assert_eq!(geometries[4], None);
    assert_eq!(geometries[5], None);
}

#[test]
fn a_gbk_file_from_an_old_tool_is_read_too() {
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"井盖"},"geometry":null}]}"#;
    let table = read_ok("部件.geojson", &gbk(text));
    assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(cells(&table), [["井盖"]]);
    refused(
        "部件.geojson",
        &gbk(text),
        &with(EncodingChoice::Utf8),
        "not_utf8",
        &["第 1 行", "GBK"],
    );
}

#[test]
fn anything_but_a_feature_collection_is_refused() {
    for (text, found) in [
        (
            r#"{"type":"Feature","properties":{},"geometry":null}"#,
            "a Feature",
        ),
        (r#"{"type":"Point","coordinates":[116,39]}"#, "a Point"),
        (r#"[{"type":"Feature"}]"#, "a JSON array"),
        (r#"{"features":[]}"#, "without \"type\""),
    ] {
        refused(
            "部件.geojson",
            text.as_bytes(),
            &ReadOptions::default(),
            "not_feature_collection",
            &["FeatureCollection", found],
        );
    }
}

#[test]
fn broken_json_is_refused_naming_its_line() {
    let cut = &FEATURES[..FEATURES.find("\"MultiPolygon\"").unwrap()];
    refused(
        "部件.geojson",
        cut.as_bytes(),
        &ReadOptions::default(),
        "bad_json",
        &["第 9 行", "line 9", "export it again"],
    );
}

#[test]
fn an_unreadable_geometry_is_refused_naming_the_feature() {
    let text = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"名称":"a"},"geometry":{"type":"Point","coordinates":[116.4,39.9]}},
        {"type":"Feature","properties":{"名称":"b"},"geometry":{"type":"Point","coordinates":[116.4]}}]}"#;
    refused(
        "部件.geojson",
        text.as_bytes(),
        &ReadOptions::default(),
        "bad_geometry",
        &["第 2 个要素", "feature 2"],
    );
}

#[test]
fn projected_coordinates_are_refused_whatever_the_spec_says() {
    let text = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"名称":"a"},"geometry":{"type":"Point","coordinates":[500123.5,4419876.25]}}]}"#;
    refused(
        "部件.geojson",
        text.as_bytes(),
        &ReadOptions::default(),
        "not_lon_lat",
        &["第 1 个要素", "500123.5", "WGS 84 或 CGCS2000"],
    );
}

#[test]
fn two_properties_of_one_trimmed_name_are_refused() {
    let text = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"名称":"a","名称 ":"b"},"geometry":null}]}"#;
    refused(
        "部件.geojson",
        text.as_bytes(),
        &ReadOptions::default(),
        "duplicate_column",
        &["“名称”"],
    );
}

/// RFC 7946 keeps a feature's identifier beside its properties: it is the `id` column, unless a
/// property of that name says otherwise.
#[test]
fn a_features_own_id_is_its_id_column() {
    let file = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "laundry-1", "properties": {"name": "洗衣"}, "geometry": null},
        {"type": "Feature", "id": 7, "properties": {"name": "早点"}, "geometry": null},
        {"type": "Feature", "id": "ignored", "properties": {"id": "own", "name": "药店"}, "geometry": null}
    ]}"#;
    let table = read_ok("s.geojson", file.as_bytes());
    assert_eq!(table.columns, ["id", "name"]);
    assert_eq!(
        cells(&table),
        [["laundry-1", "洗衣"], ["7", "早点"], ["own", "药店"]]
    );
}
