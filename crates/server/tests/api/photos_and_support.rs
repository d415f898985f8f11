//! Photos on reports (multipart upload, metadata removed, limits) and "me too" supporters.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::support::*;

/// File parts of a multipart body: content type and bytes.
type Files = Vec<(&'static str, Vec<u8>)>;

const BOUNDARY: &str = "linli-test-boundary";

/// A real JPEG of `width`×`height` with an EXIF segment naming a GPS position right after SOI,
/// the way phone cameras write them.
pub(crate) fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&pixels)
        .unwrap();
    let exif = b"Exif\0\0GPSLatitude 39.9087 GPSLongitude 116.6570 iPhone";
    let length = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
    let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, length[0], length[1]];
    with_exif.extend_from_slice(exif);
    with_exif.extend_from_slice(&jpeg[2..]);
    with_exif
}

pub(crate) fn multipart(fields: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (index, (content_type, bytes)) in files.iter().enumerate() {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p{index}.jpg\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) async fn post_multipart(s: &TestServer, body: Vec<u8>) -> Answer {
    send(
        &s.state,
        Request::post("/open311/v2/requests.json")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

pub(crate) async fn report_fields(s: &TestServer) -> Vec<(&'static str, String)> {
    vec![
        ("api_key", client_key(&s.state).await),
        ("service_code", "streetlight_out".into()),
        ("attribute[component_code]", STREET_LIGHT.into()),
        ("description", "灯杆歪了，灯不亮。".into()),
    ]
}

pub(crate) fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn photos_are_stored_without_their_exif_and_shown_with_the_report() {
    let s = server();
    let fields = report_fields(&s).await;
    let photos = vec![
        ("image/jpeg", camera_jpeg(640, 480)),
        ("image/jpeg", camera_jpeg(300, 400)),
    ];
    let answer = post_multipart(&s, multipart(&borrowed(&fields), &photos)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let created = &answer.json()[0];
    let id = created["service_request_id"].as_str().unwrap();
    let secret = created["tracking_secret"].as_str().unwrap();

    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", secret)],
    )
    .await
    .json();
    let paths: Vec<&str> = tracked["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2);

    // Open311 shows the first photo by a URL other clients can fetch as it stands: on the address
    // the client used, or the configured public one.
    let open311 = format!("/open311/v2/requests/{id}.json");
    let public = get_with(&s.state, &open311, &[("host", "10.0.0.5:8080")])
        .await
        .json();
    assert_eq!(
        public[0]["media_url"],
        format!("http://10.0.0.5:8080{}", paths[0])
    );
    let mut published = s.state.clone();
    published.public_url = Some("https://linli.example.cn".into());
    let listed = get_with(
        &published,
        &format!("/open311/v2/requests.json?service_request_id={id}"),
        &[("host", "10.0.0.5:8080")],
    )
    .await
    .json();
    assert_eq!(
        listed[0]["media_url"],
        format!("https://linli.example.cn{}", paths[0])
    );
    // Asked without any address (as the static export does), it stays a path.
    assert_eq!(
        get(&s.state, &open311).await.json()[0]["media_url"],
        paths[0]
    );

    for (path, expected_width) in paths.iter().zip([640, 300]) {
        let photo = get(&s.state, path).await;
        assert_eq!(photo.status, StatusCode::OK);
        assert_eq!(photo.headers[header::CONTENT_TYPE], "image/jpeg");
        let text = String::from_utf8_lossy(&photo.body);
        assert!(
            !text.contains("GPSLatitude"),
            "the GPS position must not be served"
        );
        let decoded = image::load_from_memory(&photo.body).expect("still a valid JPEG");
        assert_eq!(decoded.width(), expected_width);
    }
    let stored_with_gps: i64 = s
        .state
        .db
        .run_blocking(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM request_photos WHERE instr(jpeg, CAST('GPSLatitude' AS BLOB)) > 0",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(stored_with_gps, 0, "nor stored");
    assert_eq!(
        get(&s.state, "/api/v1/photos/0123456789abcdef.jpg")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_photos_are_refused_with_open311_errors_and_store_nothing() {
    let s = server();
    let fields = report_fields(&s).await;
    let fields = borrowed(&fields);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let cases: Vec<(Files, StatusCode, &str)> = vec![
        (vec![("image/png", png)], StatusCode::BAD_REQUEST, "JPEG"),
        (
            vec![("text/plain", b"hello, not a photo".to_vec())],
            StatusCode::BAD_REQUEST,
            "not a JPEG",
        ),
        (
            vec![("image/jpeg", camera_jpeg(2000, 1000))],
            StatusCode::BAD_REQUEST,
            "1600",
        ),
        (
            (0..4)
                .map(|_| ("image/jpeg", camera_jpeg(64, 64)))
                .collect(),
            StatusCode::BAD_REQUEST,
            "at most 3 photos",
        ),
        (
            // One 20 MB "photo": the server refuses the body before reading it all.
            vec![("image/jpeg", vec![0xFF; 20 * 1024 * 1024])],
            StatusCode::PAYLOAD_TOO_LARGE,
            "500 KB",
        ),
    ];
    for (files, status, needle) in cases {
        let answer = post_multipart(&s, multipart(&fields, &files)).await;
        assert_eq!(answer.status, status, "{needle}: {}", answer.text());
        let errors = answer.json();
        let descriptions: Vec<&str> = errors
            .as_array()
            .expect("an Open311 error array")
            .iter()
            .map(|e| e["description"].as_str().unwrap())
            .collect();
        assert!(
            descriptions.iter().any(|d| d.contains(needle)),
            "{needle:?} not in {descriptions:?}"
        );
    }
    assert_eq!(count(&s.state, "service_requests"), 0);
    assert_eq!(count(&s.state, "request_photos"), 0);
}

#[tokio::test]
async fn me_too_counts_each_browser_once_and_only_while_the_report_is_open() {
    let s = server();
    let fields = report_fields(&s).await;
    let answer = post_form(&s.state, "/open311/v2/requests.json", &borrowed(&fields)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let id = answer.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let support = |device: &'static str| {
        let state = s.state.clone();
        let path = format!("/api/v1/requests/{id}/supporters");
        async move { post_json(&state, &path, json!({"device": device}), &[]).await }
    };
    let first = support("device-aaaaaaaaaaaaaaaa").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(first.json()["supporters"], 2);
    let again = support("device-aaaaaaaaaaaaaaaa").await;
    assert_eq!(
        again.json()["supporters"],
        2,
        "the same browser counts once"
    );
    let other = support("device-bbbbbbbbbbbbbbbb").await;
    assert_eq!(other.json()["supporters"], 3);
    assert_eq!(count(&s.state, "request_supporters"), 2);

    let malformed = post_json(
        &s.state,
        &format!("/api/v1/requests/{id}/supporters"),
        json!({"device": ""}),
        &[],
    )
    .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let fixed = send(
        &s.state,
        Request::post(format!("/api/v1/admin/requests/{id}/status"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &cookie)
            .body(Body::from(
                json!({"status": "fixed", "note": "换了灯泡"}).to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text());
    let late = support("device-cccccccccccccccc").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.json()["message"]
            .as_str()
            .unwrap()
            .contains("finished")
    );
    assert_eq!(
        count(&s.state, "request_supporters"),
        2,
        "a refusal stores nothing"
    );

    let missing = post_json(
        &s.state,
        "/api/v1/requests/999999/supporters",
        json!({"device": "device-dddddddddddddddd"}),
        &[],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Issue #24: each photo counts against its address's photo limit; a report whose photos pass it
/// is refused whole (Open311's array, Retry-After) and nothing of it is stored.
#[tokio::test]
async fn photos_past_the_address_limit_refuse_the_report_and_store_nothing() {
    let mut s = server();
    let settings = linli_server::rate_limits::RateSettings {
        photos: linli_server::rate_limits::Rate {
            count: 3,
            per: std::time::Duration::from_secs(3600),
        },
        ..Default::default()
    };
    s.state.rate_limits =
        std::sync::Arc::new(linli_server::rate_limits::RateLimits::new(&settings));
    let fields = report_fields(&s).await;
    let two: Files = vec![
        ("image/jpeg", camera_jpeg(64, 48)),
        ("image/jpeg", camera_jpeg(64, 48)),
    ];
    let first = post_multipart(&s, multipart(&borrowed(&fields), &two)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let (reports, photos) = (
        count(&s.state, "service_requests"),
        count(&s.state, "request_photos"),
    );
    let second = post_multipart(&s, multipart(&borrowed(&fields), &two)).await;
    assert_eq!(
        second.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        second.text()
    );
    assert!(second.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(second.json()[0]["code"], 429);
    assert_eq!(count(&s.state, "service_requests"), reports);
    assert_eq!(count(&s.state, "request_photos"), photos);
    // A report without photos still goes.
    let text_only = post_form(&s.state, "/open311/v2/requests.json", &borrowed(&fields)).await;
    assert_eq!(
        text_only.status,
        StatusCode::CREATED,
        "{}",
        text_only.text()
    );
}
