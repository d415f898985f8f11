//! What every server test needs: a seeded server on a temporary SQLite file, and requests.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use linli_server::district::{self, District};
use linli_server::seed::sample_data;
use linli_server::{AppState, Db, FirstRunAccount, Spa, app, load_sample_if_empty};
use serde_json::Value;
use tower::ServiceExt;

pub const STREET_LIGHT: &str = "1101120110000001";

pub struct TestServer {
    pub state: AppState,
    pub account: FirstRunAccount,
    pub dir: tempfile::TempDir,
    /// The device token of a kiosk paired with 北苑家园, for kiosk-channel votes.
    pub kiosk_token: String,
}

pub fn server() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("linli.sqlite")).unwrap();
    seeded(dir, db)
}

/// [`server`] whose database hands every statement it runs to `trace` (`query_plans`).
pub fn traced_server(trace: fn(rusqlite::trace::TraceEvent<'_>)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_traced(&dir.path().join("linli.sqlite"), trace).unwrap();
    seeded(dir, db)
}

fn seeded(dir: tempfile::TempDir, db: Db) -> TestServer {
    let account = load_sample_if_empty(&db, &sample_data(), None)
        .unwrap()
        .unwrap();
    let kiosk_token =
        linli_server::pair_kiosk(&db, "beiyuan-jiayuan", "社区服务中心", 39.93, 116.66).unwrap();
    with_spa(dir, db, account, kiosk_token)
}

/// A deployment as `linli-server init` leaves it for 通州区: the district account, no place, no
/// sample row (and so no kiosk: `kiosk_token` is empty).
pub fn district_server() -> TestServer {
    district_server_for(&District::tongzhou())
}

/// The same for another district (or extent).
pub fn district_server_for(district: &District) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("linli.sqlite")).unwrap();
    let account = district::init(&db, district, None).unwrap();
    with_spa(dir, db, account, String::new())
}

fn with_spa(
    dir: tempfile::TempDir,
    db: Db,
    account: FirstRunAccount,
    kiosk_token: String,
) -> TestServer {
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">start()</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "console.log(1)").unwrap();
    std::fs::create_dir_all(dist.join("admin")).unwrap();
    std::fs::write(
        dist.join("admin/index.html"),
        "<!doctype html><html><head><script type=\"module\">startCommittee()</script></head></html>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.join("report")).unwrap();
    std::fs::write(
        dist.join("report/index.html"),
        "<!doctype html><html><head><script type=\"module\">startReport()</script><link rel=modulepreload href=\"/report/linli-report-0123456789abcdef.js\"></head></html>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.join("track")).unwrap();
    std::fs::write(
        dist.join("track/index.html"),
        "<!doctype html><html><head><script type=\"module\">startTrack()</script><link rel=modulepreload href=\"/track/linli-track-0123456789abcdef.js\"></head></html>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.join("map")).unwrap();
    std::fs::write(
        dist.join("map/index.html"),
        "<!doctype html><html><head><script type=\"module\">startMap()</script><link rel=modulepreload href=\"/map/linli-map-0123456789abcdef.js\"></head></html>",
    )
    .unwrap();
    std::fs::create_dir_all(dist.join("circles")).unwrap();
    std::fs::write(
        dist.join("circles/index.html"),
        "<!doctype html><html><head><script type=\"module\">startCircles()</script></head></html>",
    )
    .unwrap();
    let spa = Spa::load(&dist, &[]).unwrap();
    TestServer {
        state: AppState {
            db,
            spa: Some(std::sync::Arc::new(spa)),
            secure_cookies: false,
            secrets: std::sync::Arc::new(linli_server::secrets::Secrets::random()),
            public_url: None,
            map_tiles: Default::default(),
            limits: Default::default(),
            code_attempts: Default::default(),
            rate_limits: Default::default(),
            client_address_header: None,
            sessions: Default::default(),
            phone_erasure: Default::default(),
            gateway: None,
            case_forwarding: None,
        },
        account,
        dir,
        kiosk_token,
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub async fn send(state: &AppState, request: Request<Body>) -> Answer {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(state: &AppState, path: &str) -> Answer {
    send(state, Request::get(path).body(Body::empty()).unwrap()).await
}

pub async fn get_with_cookie(state: &AppState, path: &str, cookie: &str) -> Answer {
    send(
        state,
        Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

pub async fn login(state: &AppState, username: &str, password: &str) -> Answer {
    send(
        state,
        Request::post("/api/v1/session/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                serde_json::json!({"username": username, "password": password}).to_string(),
            ))
            .unwrap(),
    )
    .await
}

/// The SPA's public Open311 key, as `meta.json` hands it out.
pub async fn client_key(state: &AppState) -> String {
    get(state, "/api/v1/meta.json").await.json()["client_api_key"]
        .as_str()
        .expect("meta.json carries the SPA's key")
        .to_owned()
}

pub async fn post_form(state: &AppState, path: &str, form: &[(&str, &str)]) -> Answer {
    post_form_with(state, path, form, &[]).await
}

pub async fn post_form_with(
    state: &AppState,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Answer {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = serde_urlencoded::to_string(form).unwrap();
    send(state, request.body(Body::from(body)).unwrap()).await
}

pub async fn post_json(
    state: &AppState,
    path: &str,
    body: Value,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(state, request.body(Body::from(body.to_string())).unwrap()).await
}

pub async fn put_json(state: &AppState, path: &str, body: Value, cookie: &str) -> Answer {
    let request = Request::put(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie);
    send(state, request.body(Body::from(body.to_string())).unwrap()).await
}

pub async fn get_with(state: &AppState, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(state, request.body(Body::empty()).unwrap()).await
}

/// Signs in and returns the `Cookie` header value of the session.
pub async fn session_cookie(state: &AppState, username: &str, password: &str) -> String {
    let answer = login(state, username, password).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The first building of `community` as its buildings document lists it, `(lat, lon)`, and the
/// map square a phone standing there asks for (`communities/near/{square}.json`).
pub async fn first_building_square(state: &AppState, community: &str) -> ((f64, f64), String) {
    let buildings = get(
        state,
        &format!("/api/v1/buildings/by-community/{community}.json"),
    )
    .await
    .json();
    let location = &buildings["buildings"][0]["location"];
    let (lat, lon) = (
        location["lat"].as_f64().unwrap(),
        location["lon"].as_f64().unwrap(),
    );
    let point = linli_core::reach::GeoPoint::new(lat, lon).unwrap();
    ((lat, lon), linli_core::reach::NearTile::of(point).name())
}

/// Counts rows with plain SQL, to prove that a refused write stored nothing.
pub fn count(state: &AppState, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    state
        .db
        .run_blocking(move |c| Ok(c.query_row(&sql, [], |r| r.get(0))?))
        .unwrap()
}

/// Files a report at a free location with the SPA's key; returns Open311's answer.
pub async fn file_free_report(state: &AppState, description: &str) -> Answer {
    let key = client_key(state).await;
    post_form(
        state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "other"),
            ("lat", "39.9"),
            ("long", "116.6"),
            ("description", description),
        ],
    )
    .await
}
