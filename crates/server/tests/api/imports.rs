//! Importing a district's inventory (issue #20) through `POST admin/imports/{kind}`: a GBK CSV of
//! components, an XLSX of buildings, a shapefile in GCJ-02, a GeoJSON of community boundaries;
//! dry runs, all-or-nothing imports, the same file twice, every refusal with its line and
//! reason, and each export read back unchanged. Fixtures are made here, never committed.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_tables::{Format, Geometry, Row, Table, TextEncoding};
use serde_json::{Value, json};

use crate::support::*;

/// A street, two communities and two maintainer units of a new deployment, as the district
/// administrator creates them on the places page.
async fn deployment_with_places() -> (TestServer, String) {
    let s = district_server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let creates = [
        (
            "/api/v1/admin/streets",
            json!({"id": "110112001", "name_zh": "中仓街道", "name_en": "Zhongcang"}),
        ),
        (
            "/api/v1/admin/communities",
            json!({"id": "110112001001", "street_id": "110112001",
            "name_zh": "上营社区", "name_en": "Shangying"}),
        ),
        (
            "/api/v1/admin/communities",
            json!({"id": "110112001002", "street_id": "110112001",
            "name_zh": "白将军社区", "name_en": "Baijiangjun"}),
        ),
        (
            "/api/v1/admin/units",
            json!({"id": "lights", "name": "通州区城市照明管理所",
            "phone": "010-89521846", "classes": ["0110"]}),
        ),
        (
            "/api/v1/admin/units",
            json!({"id": "water", "name": "通州区排水公司",
            "phone": "010-69546000", "classes": ["0201"]}),
        ),
    ];
    for (path, body) in creates {
        let answer = post_json(&s.state, path, body, &[("cookie", &cookie)]).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{path}: {}",
            answer.text()
        );
    }
    (s, cookie)
}

async fn import(s: &TestServer, cookie: &str, kind: &str, query: &str, file: Vec<u8>) -> Answer {
    let request = Request::post(format!("/api/v1/admin/imports/{kind}?{query}"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(file))
        .unwrap();
    send(&s.state, request).await
}

/// A components file as Excel in China saves "CSV": GBK, CRLF, Chinese headings.
fn components_gbk(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from("部件编码,名称,社区,养护单位,地址,纬度,经度\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

const LIGHT: &str =
    "1101120110000101,上营路1号路灯,上营社区,通州区城市照明管理所,上营路1号,39.9031,116.6612";
const DRAIN: &str = "1101120201000101,上营路雨水井,110112001001,water,上营路3号,39.9033,116.6618";
const BENCH_LIGHT: &str =
    "1101120110000102,白将军路路灯,白将军社区,lights,白将军路5号,39.9101,116.6702";

#[tokio::test]
async fn a_gbk_components_csv_is_tried_then_stored_and_the_same_file_again_changes_nothing() {
    let (s, cookie) = deployment_with_places().await;
    let file = components_gbk(&[LIGHT, DRAIN, BENCH_LIGHT]);
    let dry = import(&s, &cookie, "components", "file=部件.csv", file.clone()).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text());
    let summary = dry.json();
    assert_eq!(summary["encoding"], "gb18030", "{summary}");
    assert_eq!(
        (summary["add"].as_u64(), summary["applied"].as_bool()),
        (Some(3), Some(false))
    );
    assert_eq!(count(&s.state, "components"), 0, "a dry run stores nothing");

    let applied = import(
        &s,
        &cookie,
        "components",
        "file=部件.csv&apply=true",
        file.clone(),
    )
    .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.text());
    assert_eq!(applied.json()["applied"], true);
    let page = get(&s.state, "/api/v1/components/1101120110000101.json")
        .await
        .json();
    assert_eq!(page["name"], "上营路1号路灯");
    assert_eq!(page["community_id"], "110112001001");
    assert_eq!(
        page["maintainer"],
        json!({"unit": "通州区城市照明管理所", "phone": "010-89521846"})
    );
    assert_eq!(page["sample_data"], false);

    let again = import(&s, &cookie, "components", "file=部件.csv&apply=true", file)
        .await
        .json();
    assert_eq!(
        (
            again["add"].as_u64(),
            again["change"].as_u64(),
            again["leave"].as_u64()
        ),
        (Some(0), Some(0), Some(3)),
        "{again}"
    );
    // A GBK file read as UTF-8 is refused with what to choose, not stored garbled.
    let as_utf8 = import(
        &s,
        &cookie,
        "components",
        "file=部件.csv&encoding=utf-8",
        components_gbk(&[LIGHT]),
    )
    .await;
    assert_eq!(as_utf8.status, StatusCode::BAD_REQUEST);
    assert!(
        as_utf8.json()["message"].as_str().unwrap().contains("GBK"),
        "{}",
        as_utf8.text()
    );
}

#[tokio::test]
async fn every_refused_row_is_named_by_its_line_and_reason_and_nothing_is_stored() {
    let (s, cookie) = deployment_with_places().await;
    let file = components_gbk(&[
        LIGHT,
        "1101050110000001,朝阳的路灯,上营社区,lights,,39.9,116.66",
        LIGHT,
        "1101120110000103,路灯,不存在社区,lights,,39.9,116.66",
        "1101120110000104,路灯,上营社区,不存在单位,,39.9,116.66",
        "1101120110000105,路灯,上营社区,lights,,北纬39度,116.66",
        "1101120110000106,路灯,上营社区,lights,,116.66,39.9",
    ]);
    let answer = import(&s, &cookie, "components", "file=c.csv&apply=true", file).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    let summary = answer.json();
    assert_eq!(summary["applied"], false);
    let refused: Vec<(u64, String)> = summary["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["reasons"].to_string()))
        .collect();
    let expect = [
        (3, "not this district's (110112)"),
        (4, "already on line 2"),
        (5, "No community or village is called “不存在社区”"),
        (6, "No maintainer unit is called “不存在单位”"),
        (7, "is not a number"),
        (8, "swapped"),
    ];
    assert_eq!(refused.len(), expect.len(), "{refused:?}");
    for ((line, reasons), (want_line, says)) in refused.iter().zip(expect) {
        assert_eq!(*line, want_line, "{reasons}");
        assert!(reasons.contains(says), "line {line}: {reasons}");
    }
    assert_eq!(
        count(&s.state, "components"),
        0,
        "no row of a refused file is stored"
    );

    let no_column = import(
        &s,
        &cookie,
        "components",
        "file=c.csv",
        "部件编码,名称\n1101120110000101,x\n".into(),
    )
    .await;
    assert_eq!(no_column.status, StatusCode::BAD_REQUEST);
    assert!(
        no_column.text().contains("no community column"),
        "{}",
        no_column.text()
    );
    let polygon = json!({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"code": "1101120110000101", "name": "路灯", "community": "上营社区", "unit": "lights"},
        "geometry": {"type": "Polygon", "coordinates": [[[116.66, 39.9], [116.67, 39.9], [116.67, 39.91], [116.66, 39.9]]]}}]});
    let answer = import(
        &s,
        &cookie,
        "components",
        "file=c.geojson",
        polygon.to_string().into(),
    )
    .await;
    assert!(
        answer.text().contains("a point is expected"),
        "{}",
        answer.text()
    );
    let member_of_nothing =
        import(&s, "", "components", "file=c.csv", components_gbk(&[LIGHT])).await;
    assert_eq!(member_of_nothing.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_file_over_the_limit_gets_a_sentence_and_the_server_keeps_serving() {
    let (s, cookie) = deployment_with_places().await;
    let huge = vec![b'a'; linli_server::imports::MAX_IMPORT_BYTES + 1];
    let answer = import(&s, &cookie, "components", "file=huge.csv", huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer.text().contains("split it"), "{}", answer.text());
    assert_eq!(
        get(&s.state, "/api/v1/meta.json").await.status,
        StatusCode::OK
    );
}

/// An XLSX as a clerk types it: the code a number Excel shows in full, households a number.
fn buildings_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, heading) in ["楼栋编码", "楼号", "社区", "户数", "地址", "纬度", "经度"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *heading).unwrap();
    }
    let rows = [
        (
            1101120501000001.0,
            "上营1号楼",
            "上营社区",
            120.0,
            39.9035,
            116.6615,
        ),
        (
            1101120501000002.0,
            "上营2号楼",
            "上营社区",
            96.0,
            39.9040,
            116.6620,
        ),
        (
            1101120501000003.0,
            "白将军1号楼",
            "110112001002",
            200.0,
            39.9105,
            116.6705,
        ),
    ];
    for (i, (code, name, community, households, lat, lon)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, *code).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *community).unwrap();
        sheet.write_number(r, 3, *households).unwrap();
        sheet.write_string(r, 4, "").unwrap();
        sheet.write_number(r, 5, *lat).unwrap();
        sheet.write_number(r, 6, *lon).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn a_buildings_xlsx_brings_each_communitys_households() {
    let (s, cookie) = deployment_with_places().await;
    let answer = import(
        &s,
        &cookie,
        "buildings",
        "file=楼栋.xlsx&apply=true",
        buildings_xlsx(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["add"], 3);
    let places = get_with_cookie(&s.state, "/api/v1/admin/places.json", &cookie)
        .await
        .json();
    let households: Vec<(String, u64)> = places["streets"][0]["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["households"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        households,
        vec![
            ("110112001001".to_owned(), 216),
            ("110112001002".to_owned(), 200)
        ]
    );
}

/// A census shapefile of components, its points in GCJ-02 as an Amap-based tool exports them.
fn components_shapefile_gcj02() -> Vec<u8> {
    let points = [(LIGHT, 39.9031, 116.6612), (DRAIN, 39.9033, 116.6618)];
    let rows = points
        .iter()
        .enumerate()
        .map(|(i, (row, lat, lon))| {
            let cells: Vec<String> = row.split(',').take(5).map(str::to_owned).collect();
            let (lat, lon) = linli_core::datum::Datum::Gcj02.from_wgs84(*lat, *lon);
            Row {
                line: i + 1,
                cells,
                geometry: Some(Geometry::Point { lon, lat }),
            }
        })
        .collect();
    let table = Table {
        format: Format::Shapefile,
        encoding: None,
        columns: ["code", "name", "community", "unit", "address"]
            .map(String::from)
            .to_vec(),
        rows,
    };
    linli_tables::write(&table, Format::Shapefile, TextEncoding::Utf8).unwrap()
}

#[tokio::test]
async fn a_shapefile_in_gcj02_is_stored_in_wgs84() {
    let (s, cookie) = deployment_with_places().await;
    let answer = import(
        &s,
        &cookie,
        "components",
        "file=census.zip&datum=gcj02&apply=true",
        components_shapefile_gcj02(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["format"], "shapefile");
    let page = get(&s.state, "/api/v1/components/1101120110000101.json")
        .await
        .json();
    let (lat, lon) = (
        page["location"]["lat"].as_f64().unwrap(),
        page["location"]["lon"].as_f64().unwrap(),
    );
    assert!(
        (lat - 39.9031).abs() < 1e-6 && (lon - 116.6612).abs() < 1e-6,
        "{lat} {lon}"
    );
}

#[tokio::test]
async fn community_boundaries_come_from_geojson_and_a_point_is_no_boundary() {
    let (s, cookie) = deployment_with_places().await;
    let square = |w: f64, south: f64| json!({"type": "Polygon", "coordinates": [[[w, south], [w + 0.01, south], [w + 0.01, south + 0.01], [w, south + 0.01], [w, south]]]});
    let file = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "110112001001", "street": "中仓街道", "name_zh": "上营社区", "name_en": "Shangying"},
         "geometry": square(116.655, 39.898)},
        {"type": "Feature", "properties": {"id": "110112001003", "street": "110112001", "name_zh": "新社区", "name_en": "New"},
         "geometry": square(116.675, 39.898)},
    ]});
    let answer = import(
        &s,
        &cookie,
        "communities",
        "file=社区.geojson&apply=true",
        file.to_string().into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let summary = answer.json();
    assert_eq!(
        (summary["add"].as_u64(), summary["change"].as_u64()),
        (Some(1), Some(1)),
        "{summary}"
    );
    let places = get_with_cookie(&s.state, "/api/v1/admin/places.json", &cookie)
        .await
        .json();
    let shangying = places["streets"][0]["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "110112001001")
        .unwrap()
        .clone();
    assert_eq!(shangying["boundary"]["type"], "Polygon");

    let point = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "110112001004", "street": "110112001", "name_zh": "点", "name_en": "Point"},
         "geometry": {"type": "Point", "coordinates": [116.66, 39.9]}}]});
    let refused = import(
        &s,
        &cookie,
        "communities",
        "file=c.geojson&apply=true",
        point.to_string().into(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("a boundary is a Polygon"),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn a_census_that_no_longer_lists_a_component_retires_it_only_when_asked() {
    let (s, cookie) = deployment_with_places().await;
    let all = components_gbk(&[LIGHT, DRAIN, BENCH_LIGHT]);
    assert!(
        import(&s, &cookie, "components", "file=c.csv&apply=true", all)
            .await
            .json()["applied"]
            == true
    );
    let fewer = components_gbk(&[LIGHT, BENCH_LIGHT]);
    let dry = import(&s, &cookie, "components", "file=c.csv", fewer.clone())
        .await
        .json();
    assert_eq!(dry["retire"], 1, "{dry}");
    let kept = import(
        &s,
        &cookie,
        "components",
        "file=c.csv&apply=true",
        fewer.clone(),
    )
    .await
    .json();
    assert_eq!(kept["applied"], true);
    let drain = get(&s.state, "/api/v1/components/1101120201000101.json")
        .await
        .json();
    assert!(
        drain.get("retired_at").is_none(),
        "not asked to retire: {drain}"
    );
    import(
        &s,
        &cookie,
        "components",
        "file=c.csv&apply=true&retire_missing=true",
        fewer,
    )
    .await;
    let drain = get(&s.state, "/api/v1/components/1101120201000101.json")
        .await
        .json();
    assert!(drain["retired_at"].is_string(), "{drain}");
}

const SERVICES: &str = "id,name,category,community,address,phone,opening_hours,step_free,lat,lon\n\
    sy-breakfast,上营早餐店,breakfast,上营社区,上营路2号,010-60000002,Mo-Su 06:00-10:00,yes,39.9032,116.6614\n\
    sy-pharmacy,上营药店,pharmacy,110112001001,上营路6号,,Mo-Su 08:00-21:00,no,39.9037,116.6622\n";

#[tokio::test]
async fn service_points_of_the_whole_district_come_in_one_file() {
    let (s, cookie) = deployment_with_places().await;
    let answer = import(
        &s,
        &cookie,
        "services",
        "file=s.csv&apply=true",
        SERVICES.into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let services = get(&s.state, "/api/v1/services/110112001001.json")
        .await
        .json();
    assert_eq!(
        services["services"].as_array().unwrap().len(),
        2,
        "{services}"
    );
    let wrong = "id,name,category,community,opening_hours,step_free,lat,lon\n\
                 x,某店,no_such_category,上营社区,whenever,maybe,39.9,116.66\n";
    let refused = import(&s, &cookie, "services", "file=s.csv", wrong.into())
        .await
        .json();
    let reasons = refused["refused"][0]["reasons"].to_string();
    for says in [
        "not a known service category",
        "not understood",
        "should be yes or no",
    ] {
        assert!(reasons.contains(says), "{says}: {reasons}");
    }
}

/// Every export, read back by the import, changes nothing: a round trip in each format.
#[tokio::test]
async fn every_export_reads_back_unchanged_in_its_own_format() {
    let (s, cookie) = deployment_with_places().await;
    let file = components_gbk(&[LIGHT, DRAIN, BENCH_LIGHT]);
    assert_eq!(
        import(&s, &cookie, "components", "file=c.csv&apply=true", file)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        import(
            &s,
            &cookie,
            "buildings",
            "file=b.xlsx&apply=true",
            buildings_xlsx()
        )
        .await
        .status,
        StatusCode::OK
    );
    let services = import(
        &s,
        &cookie,
        "services",
        "file=s.csv&apply=true",
        SERVICES.into(),
    )
    .await;
    assert_eq!(services.status, StatusCode::OK, "{}", services.text());
    for kind in ["components", "buildings", "communities", "services"] {
        for (extension, query) in [
            ("csv", ""),
            ("csv", "encoding=gbk"),
            ("xlsx", ""),
            ("geojson", ""),
            ("zip", ""),
            ("csv", "datum=bd09"),
        ] {
            if kind == "communities" && extension == "zip" {
                continue; // No community has a boundary here, and a shapefile needs one per row.
            }
            let path = format!("/api/v1/admin/exports/{kind}.{extension}?{query}");
            let exported = get_with_cookie(&s.state, &path, &cookie).await;
            assert_eq!(
                exported.status,
                StatusCode::OK,
                "{path}: {}",
                exported.text()
            );
            let datum = if query.contains("bd09") {
                "&datum=bd09"
            } else {
                ""
            };
            let back = import(
                &s,
                &cookie,
                kind,
                &format!("file=x.{extension}&apply=true{datum}"),
                exported.body,
            )
            .await;
            let summary: Value = back.json();
            let rows = summary["rows"].as_u64().unwrap();
            assert!(rows > 0, "{path}");
            assert_eq!(
                (
                    summary["leave"].as_u64(),
                    summary["add"].as_u64(),
                    summary["change"].as_u64()
                ),
                (Some(rows), Some(0), Some(0)),
                "{path}: {summary}"
            );
        }
    }
}

/// The real OpenStreetMap extract at hand is of Helsinki, so this deployment's extent is
/// Helsinki's centre (a test district: its code is only a code).
fn helsinki() -> linli_server::district::District {
    linli_server::district::District::from_flags(
        "110112",
        "测试区",
        "Test district",
        Some("24.93,60.16,24.96,60.18"),
    )
    .unwrap()
}

fn helsinki_pbf() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/osm/Helsinki.osm.pbf"
    ))
    .expect("the shared OSM extract")
}

async fn helsinki_with_a_community(boundary: Option<Value>) -> (TestServer, String) {
    let s = district_server_for(&helsinki());
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let street = json!({"id": "110112001", "name_zh": "测试街道", "name_en": "Test street"});
    let mut community = json!({"id": "110112001001", "street_id": "110112001", "name_zh": "测试社区", "name_en": "Test"});
    if let Some(boundary) = boundary {
        community["boundary"] = boundary;
    }
    for (path, body) in [
        ("/api/v1/admin/streets", street),
        ("/api/v1/admin/communities", community),
    ] {
        let answer = post_json(&s.state, path, body, &[("cookie", &cookie)]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    }
    (s, cookie)
}

async fn walking(s: &TestServer, cookie: &str, query: &str, pbf: Vec<u8>) -> Answer {
    let request = Request::post(format!("/api/v1/admin/walking-graphs/110112001001?{query}"))
        .header(header::COOKIE, cookie)
        .body(Body::from(pbf))
        .unwrap();
    send(&s.state, request).await
}

#[tokio::test]
async fn a_communitys_walking_network_is_cut_from_the_extract_by_its_boundary() {
    let boundary = json!({"type": "Polygon", "coordinates": [[[24.940, 60.166], [24.950, 60.166],
        [24.950, 60.175], [24.940, 60.175], [24.940, 60.166]]]});
    let (s, cookie) = helsinki_with_a_community(Some(boundary)).await;
    let dry = walking(&s, &cookie, "", helsinki_pbf()).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text());
    let summary = dry.json();
    assert_eq!(
        (summary["cut_by"].as_str(), summary["stored"].as_bool()),
        (Some("boundary"), Some(false))
    );
    assert!(summary["nodes"].as_u64().unwrap() > 100, "{summary}");
    assert_eq!(count(&s.state, "walking_graphs"), 0);
    let stored = walking(&s, &cookie, "apply=true", helsinki_pbf())
        .await
        .json();
    let graph = get(&s.state, "/api/v1/walking-graphs/110112001001.json")
        .await
        .json();
    assert_eq!(
        graph["nodes"].as_array().unwrap().len() as u64,
        stored["nodes"].as_u64().unwrap()
    );
    assert_eq!(
        graph["edges"].as_array().unwrap().len() as u64,
        stored["edges"].as_u64().unwrap()
    );
    for node in graph["nodes"].as_array().unwrap() {
        let (lat, lon) = (node["lat"].as_f64().unwrap(), node["lon"].as_f64().unwrap());
        // Inside the box, or one way segment beyond it.
        assert!(
            (60.160..60.181).contains(&lat) && (24.930..24.960).contains(&lon),
            "{node}"
        );
    }
}

#[tokio::test]
async fn without_a_boundary_the_network_is_cut_around_the_buildings_and_without_either_refused() {
    let (s, cookie) = helsinki_with_a_community(None).await;
    let refused = walking(&s, &cookie, "", helsinki_pbf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("import its buildings first"),
        "{}",
        refused.text()
    );
    let buildings = "code,name,community,households,lat,lon\n\
                     1101120501000001,A,110112001001,40,60.170,24.945\n\
                     1101120501000002,B,110112001001,60,60.171,24.947\n";
    let answer = import(
        &s,
        &cookie,
        "buildings",
        "file=b.csv&apply=true",
        buildings.into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let around = walking(&s, &cookie, "around_metres=300&apply=true", helsinki_pbf()).await;
    assert_eq!(around.status, StatusCode::OK, "{}", around.text());
    let summary = around.json();
    assert_eq!(
        (
            summary["cut_by"].as_str(),
            summary["around_metres"].as_f64()
        ),
        (Some("buildings"), Some(300.0))
    );
    assert!(summary["nodes"].as_u64().unwrap() > 10, "{summary}");
    let garbage = walking(&s, &cookie, "", b"not an extract at all".to_vec()).await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert!(garbage.text().contains(".osm.pbf"), "{}", garbage.text());
}

#[tokio::test]
async fn an_extract_of_somewhere_else_has_no_walkable_way_in_the_community() {
    let (s, cookie) = deployment_with_places().await;
    let boundary = json!({"street_id": "110112001", "name_zh": "上营社区", "name_en": "Shangying",
        "boundary": {"type": "Polygon", "coordinates": [[[116.655, 39.898], [116.665, 39.898],
            [116.665, 39.908], [116.655, 39.908], [116.655, 39.898]]]}});
    let put = put_json(
        &s.state,
        "/api/v1/admin/communities/110112001001",
        boundary,
        &cookie,
    )
    .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    let answer = walking(&s, &cookie, "apply=true", helsinki_pbf()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.text().contains("No walkable way lies in the area"),
        "{}",
        answer.text()
    );
    assert_eq!(count(&s.state, "walking_graphs"), 0);
}

/// The same zip without its `.prj`, as a careless export sends it.
fn without_prj(shapefile: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(shapefile)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name.ends_with(".prj") {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Issue #20's bad input, each through the server: a clear sentence, nothing stored, and the
/// server keeps answering.
#[tokio::test]
async fn bad_files_get_a_sentence_store_nothing_and_the_server_keeps_serving() {
    let (s, cookie) = deployment_with_places().await;
    let no_prj = without_prj(&components_shapefile_gcj02());
    let answer = import(
        &s,
        &cookie,
        "components",
        "file=census.zip&apply=true",
        no_prj,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.text().contains(".prj"), "{}", answer.text());
    let not_a_zip = import(
        &s,
        &cookie,
        "components",
        "file=census.zip&apply=true",
        b"PK\x03\x04garbage".to_vec(),
    )
    .await;
    assert_eq!(
        not_a_zip.status,
        StatusCode::BAD_REQUEST,
        "{}",
        not_a_zip.text()
    );
    let empty = import(
        &s,
        &cookie,
        "components",
        "file=c.csv&apply=true",
        Vec::new(),
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.text());
    assert_eq!(count(&s.state, "components"), 0);
    // A BOM and mixed line endings, as files passed between Windows and Linux have, are fine.
    let mixed = format!(
        "\u{feff}code,name,community,unit,lat,lon\r\n{}\n{}\r\n",
        "1101120110000101,路灯一,上营社区,lights,39.9031,116.6612",
        "1101120110000102,路灯二,上营社区,lights,39.9032,116.6613"
    );
    let answer = import(
        &s,
        &cookie,
        "components",
        "file=c.csv&apply=true",
        mixed.into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["add"], 2);
    assert_eq!(
        get(&s.state, "/api/v1/meta.json").await.status,
        StatusCode::OK
    );
}
