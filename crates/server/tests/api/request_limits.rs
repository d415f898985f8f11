//! Each class of write (forms, committee documents, reports with photos, import files) takes a
//! body up to its size and refuses one a byte over with a 413 in both languages, storing nothing;
//! forms are cut off at their shorter time while a photo upload may take longer (issue #24).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use hyper::body::Frame;
use linli_server::serve::ServeLimits;
use serde_json::{Value, json};

use crate::support::*;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
/// The classes' sizes, as the 413s state them.
const FORM_LIMIT: usize = 64 * KIB;
const DOCUMENT_LIMIT: usize = 2 * MIB;
const REPORT_LIMIT: usize = 3 * 500 * KIB + 64 * KIB;
const IMPORT_LIMIT: usize = 128 * MIB;

const BOUNDARY: &str = "linli-limits-boundary";

/// A body sent in pieces, with a pause before each but the first, and no `Content-Length` (as a
/// slow phone's chunked upload arrives).
struct Trickle(tokio::sync::mpsc::Receiver<Bytes>);

impl hyper::body::Body for Trickle {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|piece| piece.map(|piece| Ok(Frame::data(piece))))
    }
}

fn trickled(pieces: Vec<Bytes>, pause: Duration) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel(1);
    tokio::spawn(async move {
        for (n, piece) in pieces.into_iter().enumerate() {
            if n > 0 && !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            if sender.send(piece).await.is_err() {
                return;
            }
        }
    });
    Body::new(Trickle(receiver))
}

/// `json` followed by spaces up to `size` bytes: still the same JSON document.
fn padded_json(json: &Value, size: usize) -> Vec<u8> {
    let mut body = json.to_string().into_bytes();
    assert!(body.len() <= size);
    body.resize(size, b' ');
    body
}

fn json_request(method: &str, path: &str, cookie: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(body)
        .unwrap()
}

/// A 413 in the project's JSON error form whose sentence names the limit, Chinese first.
fn assert_too_large(answer: &Answer, limit_words: &str) {
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text()
    );
    let body = answer.json();
    assert_eq!(body["code"], "too_large", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("太大"), "{message}");
    assert!(message.contains("too large"), "{message}");
    assert!(
        message.contains(limit_words),
        "{limit_words:?} not in {message}"
    );
    assert!(
        message.find("太大") < message.find("too large"),
        "Chinese first: {message}"
    );
}

/// The same in Open311's error array.
fn assert_open311_too_large(answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text()
    );
    let errors = answer.json();
    let first = &errors.as_array().expect("an Open311 error array")[0];
    assert_eq!(first["code"], 413);
    let description = first["description"].as_str().unwrap();
    assert!(description.starts_with("照片太大"), "{description}");
    assert!(
        description.contains("at most 3 photos of 500 KB each"),
        "{description}"
    );
}

#[tokio::test]
async fn a_form_takes_64_kb_and_a_byte_more_is_refused_with_nothing_stored() {
    let s = server();
    let created = file_free_report(&s.state, "路灯不亮").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let path = format!("/api/v1/admin/requests/{id}/status");
    let change = json!({"status": "action_scheduled", "note": "已派遣", "public": true});
    let updates = count(&s.state, "request_updates");

    let over = send(
        &s.state,
        json_request(
            "POST",
            &path,
            &cookie,
            Body::from(padded_json(&change, FORM_LIMIT + 1)),
        ),
    )
    .await;
    assert_too_large(&over, "64 KB");
    // axum's own answer was plain text; this is the client's error form, and the connection ends.
    assert_eq!(over.headers[header::CONNECTION], "close");
    assert_eq!(count(&s.state, "request_updates"), updates);

    let under = send(
        &s.state,
        json_request(
            "POST",
            &path,
            &cookie,
            Body::from(padded_json(&change, FORM_LIMIT)),
        ),
    )
    .await;
    assert_eq!(under.status, StatusCode::OK, "{}", under.text());
    assert_eq!(count(&s.state, "request_updates"), updates + 1);

    // A vote, sent chunked without a length: refused the same once it passes 64 KB.
    let vote = send(
        &s.state,
        Request::post("/api/v1/ballots/anything/votes")
            .header(header::CONTENT_TYPE, "application/json")
            .body(trickled(
                vec![
                    Bytes::from(vec![b' '; FORM_LIMIT]),
                    Bytes::from_static(b"{}"),
                ],
                Duration::ZERO,
            ))
            .unwrap(),
    )
    .await;
    assert_too_large(&vote, "64 KB");
    assert_eq!(count(&s.state, "votes"), 0);
}

#[tokio::test]
async fn a_committee_document_takes_2_mb_and_a_byte_more_is_refused_with_nothing_stored() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let project = json!({"community_id": "beiyuan-jiayuan", "title": "口袋公园", "summary": "简介",
        "theme": "绿色生态", "location": "北苑三街", "cost_yuan": 100_000});
    let projects = count(&s.state, "library_projects");

    let over = send(
        &s.state,
        json_request(
            "POST",
            "/api/v1/admin/library",
            &cookie,
            Body::from(padded_json(&project, DOCUMENT_LIMIT + 1)),
        ),
    )
    .await;
    assert_too_large(&over, "2 MB");
    assert_eq!(count(&s.state, "library_projects"), projects);

    let under = send(
        &s.state,
        json_request(
            "POST",
            "/api/v1/admin/library",
            &cookie,
            Body::from(padded_json(&project, DOCUMENT_LIMIT)),
        ),
    )
    .await;
    assert_eq!(under.status, StatusCode::CREATED, "{}", under.text());
    assert_eq!(count(&s.state, "library_projects"), projects + 1);
}

/// A report's fields and one `media` part of junk, `size` bytes in all.
async fn report_of_size(s: &TestServer, size: usize) -> Vec<u8> {
    let key = client_key(&s.state).await;
    let mut body = Vec::new();
    for (name, value) in [
        ("api_key", key.as_str()),
        ("service_code", "streetlight_out"),
        ("attribute[component_code]", STREET_LIGHT),
        ("description", "灯不亮"),
    ] {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    let end = format!("\r\n--{BOUNDARY}--\r\n");
    let photo_bytes = size - body.len() - end.len();
    body.extend(std::iter::repeat_n(b'x', photo_bytes));
    body.extend(end.as_bytes());
    assert_eq!(body.len(), size);
    body
}

fn multipart_request(body: Body) -> Request<Body> {
    Request::post("/open311/v2/requests.json")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .unwrap()
}

#[tokio::test]
async fn a_report_takes_three_photos_worth_and_a_byte_more_is_refused_in_open311s_form() {
    let s = server();
    let under = send(
        &s.state,
        multipart_request(Body::from(report_of_size(&s, REPORT_LIMIT).await)),
    )
    .await;
    // Read whole and judged on its one photo, which is no JPEG and over 500 KB: a 400, not a 413.
    assert_eq!(under.status, StatusCode::BAD_REQUEST, "{}", under.text());

    let over = send(
        &s.state,
        multipart_request(Body::from(report_of_size(&s, REPORT_LIMIT + 1).await)),
    )
    .await;
    assert_open311_too_large(&over);

    let body = Bytes::from(report_of_size(&s, REPORT_LIMIT + 1).await);
    let chunked = send(
        &s.state,
        multipart_request(trickled(
            vec![body.slice(..MIB), body.slice(MIB..)],
            Duration::ZERO,
        )),
    )
    .await;
    assert_open311_too_large(&chunked);
    assert_eq!(count(&s.state, "service_requests"), 0);
    assert_eq!(count(&s.state, "request_photos"), 0);
}

#[tokio::test]
async fn an_import_takes_128_mb_and_a_byte_more_is_refused_unread() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let path = "/api/v1/admin/walking-graphs/beiyuan-jiayuan?apply=true";
    let import = |body: Body, length: Option<usize>| {
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::COOKIE, &cookie);
        if let Some(length) = length {
            request = request.header(header::CONTENT_LENGTH, length);
        }
        request.body(body).unwrap()
    };
    let graph = || {
        s.state
            .db
            .run_blocking(|c| {
                Ok(c.query_row(
                    "SELECT coalesce(max(nodes_json || edges_json), '') FROM walking_graphs
                     WHERE community_id = 'beiyuan-jiayuan'",
                    [],
                    |r| r.get::<_, String>(0),
                )?)
            })
            .unwrap()
    };
    let before = graph();
    let mebibyte = Bytes::from(vec![0u8; MIB]);

    // Exactly the limit, in 1 MiB pieces: read whole, and refused as no .osm.pbf at all.
    let under = send(
        &s.state,
        import(
            trickled(vec![mebibyte.clone(); IMPORT_LIMIT / MIB], Duration::ZERO),
            None,
        ),
    )
    .await;
    assert_ne!(
        under.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        under.text()
    );
    assert!(under.status.is_client_error(), "{}", under.text());

    let mut over_pieces = vec![mebibyte.clone(); IMPORT_LIMIT / MIB];
    over_pieces.push(Bytes::from_static(b"\0"));
    let over = send(
        &s.state,
        import(trickled(over_pieces, Duration::ZERO), None),
    )
    .await;
    assert_too_large(&over, "128 MB");

    // A declared length over the limit is refused before a byte is read.
    let declared = send(&s.state, import(Body::empty(), Some(IMPORT_LIMIT + 1))).await;
    assert_too_large(&declared, "128 MB");
    assert_eq!(graph(), before);
}

/// Short limits, so that real time shows the difference: forms 300 ms, uploads 1.2 s, and pauses
/// within a body tolerated up to 2 s.
fn short_limits() -> ServeLimits {
    ServeLimits {
        client_idle: Duration::from_secs(2),
        form_request: Duration::from_millis(300),
        upload_request: Duration::from_millis(1200),
        drain: Duration::from_secs(1),
    }
}

/// `body` cut into `pieces` pieces sent `pause` apart.
fn slowly(body: Vec<u8>, pieces: usize, pause: Duration) -> Body {
    let body = Bytes::from(body);
    let step = body.len().div_ceil(pieces);
    let cut = (0..body.len())
        .step_by(step)
        .map(|start| body.slice(start..(start + step).min(body.len())))
        .collect();
    trickled(cut, pause)
}

fn assert_too_slow(answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::REQUEST_TIMEOUT,
        "{}",
        answer.text()
    );
    assert!(answer.text().contains("too slowly"), "{}", answer.text());
    assert_eq!(answer.headers[header::CONNECTION], "close");
}

#[tokio::test]
async fn a_form_is_cut_off_at_its_time_while_a_photo_upload_may_take_longer() {
    let mut s = server();
    s.state.limits = short_limits();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let created = file_free_report(&s.state, "路灯不亮").await;
    let id = created.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let change = json!({"status": "action_scheduled", "note": "已派遣", "public": true});
    let project = json!({"community_id": "beiyuan-jiayuan", "title": "口袋公园", "summary": "简介",
        "theme": "绿色生态", "location": "北苑三街", "cost_yuan": 100_000});
    let projects = count(&s.state, "library_projects");
    let report = {
        let key = client_key(&s.state).await;
        serde_urlencoded::to_string([
            ("api_key", key.as_str()),
            ("service_code", "other"),
            ("lat", "39.9"),
            ("long", "116.6"),
            ("description", "慢慢发送的报告"),
        ])
        .unwrap()
        .into_bytes()
    };
    let pause = Duration::from_millis(250);
    // Each body takes some 750 ms to arrive: over a form's 300 ms, under an upload's 1.2 s.
    let (form, document, upload) = tokio::join!(
        send(
            &s.state,
            json_request(
                "POST",
                &format!("/api/v1/admin/requests/{id}/status"),
                &cookie,
                slowly(change.to_string().into_bytes(), 4, pause),
            ),
        ),
        send(
            &s.state,
            json_request(
                "POST",
                "/api/v1/admin/library",
                &cookie,
                slowly(project.to_string().into_bytes(), 4, pause),
            ),
        ),
        send(
            &s.state,
            Request::post("/open311/v2/requests.json")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(slowly(report.clone(), 4, pause))
                .unwrap(),
        ),
    );
    assert_too_slow(&form);
    assert_too_slow(&document);
    assert_eq!(form.json()["code"], "request_timeout");
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.text());
    let committee_view = get_with_cookie(
        &s.state,
        &format!("/api/v1/admin/requests/{id}.json"),
        &cookie,
    )
    .await;
    assert_eq!(
        committee_view.json()["status"],
        "open",
        "the status change was not stored"
    );
    assert_eq!(count(&s.state, "library_projects"), projects);
    let reports = count(&s.state, "service_requests");

    // An upload has its limit too: some 1.75 s is past 1.2 s, and nothing of it is stored.
    let too_long = send(
        &s.state,
        Request::post("/open311/v2/requests.json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(slowly(report, 8, pause))
            .unwrap(),
    )
    .await;
    assert_too_slow(&too_long);
    assert_eq!(too_long.json()[0]["code"], 408, "Open311's array");
    assert_eq!(count(&s.state, "service_requests"), reports);
}

/// No write route is left to axum's implicit limit: every POST and PUT the OpenAPI document
/// lists refuses a declared length past the largest class unread, with the project's 413.
#[tokio::test]
async fn every_write_route_in_the_openapi_document_has_a_class() {
    let s = server();
    let document = serde_json::to_value(linli_server::openapi_document()).unwrap();
    let mut writes = 0;
    for (template, operations) in document["paths"].as_object().unwrap() {
        // A concrete path: each `{parameter}` becomes `1`.
        let path = template
            .split('/')
            .map(|part| if part.starts_with('{') { "1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for method in ["post", "put"] {
            if operations.get(method).is_none() {
                continue;
            }
            writes += 1;
            let answer = send(
                &s.state,
                Request::builder()
                    .method(method.to_uppercase().as_str())
                    .uri(&path)
                    .header(header::CONTENT_LENGTH, IMPORT_LIMIT + 1)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(
                answer.status,
                StatusCode::PAYLOAD_TOO_LARGE,
                "{method} {template} has no class in app(): {}",
                answer.text()
            );
        }
    }
    assert!(writes >= 40, "only {writes} write routes found");
}
