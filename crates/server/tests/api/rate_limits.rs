//! Abuse limits through the router, each request marked with the address the accept loop would
//! give it: a burst goes through, the next is 429 with `Retry-After` and a sentence in Chinese
//! and English, nothing is stored, and another address (or a read) is not held up.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_server::rate_limits::{Rate, RateLimits, RateSettings};
use linli_server::{ClientAddress, create_committee_account};
use serde_json::json;

use crate::support::*;

fn address(n: u8) -> ClientAddress {
    ClientAddress(Some(IpAddr::from([198, 51, 100, n])))
}

fn with_limits(s: &mut TestServer, change: impl FnOnce(&mut RateSettings)) {
    let mut settings = RateSettings::default();
    change(&mut settings);
    s.state.rate_limits = Arc::new(RateLimits::new(&settings));
}

fn per_hour(count: u32) -> Rate {
    Rate {
        count,
        per: Duration::from_secs(3600),
    }
}

async fn post_from(
    s: &TestServer,
    from: ClientAddress,
    path: &str,
    content_type: &str,
    body: String,
) -> Answer {
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    request.extensions_mut().insert(from);
    send(&s.state, request).await
}

async fn sign_in_from(s: &TestServer, from: ClientAddress, user: &str, password: &str) -> Answer {
    let body = json!({"username": user, "password": password}).to_string();
    post_from(s, from, "/api/v1/session/login", "application/json", body).await
}

/// A 429 that says how long to wait, in both languages, and in the header.
fn assert_told_to_wait(answer: &Answer) -> String {
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        answer.text()
    );
    let seconds: u64 = answer.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds >= 1, "{seconds}");
    let text = answer.text();
    assert!(
        text.contains("请") && text.contains("try again in"),
        "{text}"
    );
    text
}

#[tokio::test]
async fn sign_ins_from_one_address_are_slowed_and_others_go_on() {
    let mut s = server();
    with_limits(&mut s, |l| l.sign_in_per_address = per_hour(5));
    create_committee_account(&s.state.db, "zhang", "zhang-password", "beiyuan-jiayuan").unwrap();
    for n in 0..5 {
        let wrong = sign_in_from(&s, address(1), &format!("guess{n}"), "password1").await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.text()
        );
    }
    // Even the right password waits: the address has had its tries.
    let refused = sign_in_from(&s, address(1), "zhang", "zhang-password").await;
    let text = assert_told_to_wait(&refused);
    assert!(text.contains("登录尝试太频繁"), "{text}");
    assert!(!refused.headers.contains_key(header::SET_COOKIE));
    let elsewhere = sign_in_from(&s, address(2), "zhang", "zhang-password").await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.text());
}

#[tokio::test]
async fn an_account_is_locked_for_a_while_after_repeated_tries_and_strangers_look_the_same() {
    let mut s = server();
    with_limits(&mut s, |l| l.sign_in_per_account = per_hour(3));
    create_committee_account(&s.state.db, "zhang", "zhang-password", "beiyuan-jiayuan").unwrap();
    // Tries from many addresses (a botnet) still count against the one account.
    for n in 0..3 {
        let wrong = sign_in_from(&s, address(10 + n), "zhang", "not-the-password").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let stranger = sign_in_from(&s, address(10 + n), "nobody", "not-the-password").await;
        assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            stranger.body, wrong.body,
            "an unknown name answers as a known one"
        );
    }
    let locked = sign_in_from(&s, address(20), "zhang", "zhang-password").await;
    assert_told_to_wait(&locked);
    let stranger = sign_in_from(&s, address(20), "nobody", "zhang-password").await;
    assert_told_to_wait(&stranger);
    assert_eq!(
        stranger.body, locked.body,
        "an unknown name is locked as a known one"
    );
    // The name as typed, whatever its case, is one account.
    assert_told_to_wait(&sign_in_from(&s, address(21), "ZHANG", "zhang-password").await);
    // Another member signs in as usual.
    create_committee_account(&s.state.db, "li", "li-password-1", "beiyuan-jiayuan").unwrap();
    let li = sign_in_from(&s, address(20), "li", "li-password-1").await;
    assert_eq!(li.status, StatusCode::OK);
}

fn report_form(key: &str, n: u32) -> String {
    serde_urlencoded::to_string([
        ("api_key", key),
        ("service_code", "other"),
        ("lat", "39.9"),
        ("long", "116.6"),
        ("description", &format!("第{n}个问题")),
    ])
    .unwrap()
}

#[tokio::test]
async fn reports_from_one_address_get_open311_errors_past_the_limit_and_store_nothing() {
    let mut s = server();
    with_limits(&mut s, |l| l.reports = per_hour(3));
    let key = client_key(&s.state).await;
    let form = "application/x-www-form-urlencoded";
    for n in 0..3 {
        let filed = post_from(
            &s,
            address(1),
            "/open311/v2/requests.json",
            form,
            report_form(&key, n),
        )
        .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    }
    let stored = count(&s.state, "service_requests");
    let refused = post_from(
        &s,
        address(1),
        "/open311/v2/requests.json",
        form,
        report_form(&key, 9),
    )
    .await;
    assert_told_to_wait(&refused);
    let errors = refused.json();
    assert_eq!(errors[0]["code"], 429, "Open311's error array: {errors}");
    assert!(
        errors[0]["description"]
            .as_str()
            .unwrap()
            .contains("Too many reports")
    );
    assert_eq!(count(&s.state, "service_requests"), stored);
    // Reading is not limited, nor is another address.
    let list = get(&s.state, "/open311/v2/requests.json").await;
    assert_eq!(list.status, StatusCode::OK);
    let other = post_from(
        &s,
        address(2),
        "/open311/v2/requests.json",
        form,
        report_form(&key, 10),
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text());
}

#[tokio::test]
async fn me_too_ratings_and_reopenings_share_a_limit() {
    let mut s = server();
    with_limits(&mut s, |l| l.support = per_hour(2));
    let filed = file_free_report(&s.state, "井盖松动").await;
    let id = filed.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/requests/{id}/supporters");
    for device in ["device-aaaaaaaaaaaaaaaa", "device-bbbbbbbbbbbbbbbb"] {
        let body = json!({ "device": device }).to_string();
        let answer = post_from(&s, address(1), &path, "application/json", body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    }
    let body = json!({"device": "device-cccccccccccccccc"}).to_string();
    let refused = post_from(&s, address(1), &path, "application/json", body).await;
    let text = assert_told_to_wait(&refused);
    assert_eq!(refused.json()["code"], "too_many_attempts", "{text}");
    assert_eq!(count(&s.state, "request_supporters"), 2);
    let rating = post_from(
        &s,
        address(1),
        &format!("/api/v1/requests/{id}/rating"),
        "application/json",
        json!({"secret": "x", "stars": 5}).to_string(),
    )
    .await;
    assert_told_to_wait(&rating);
}

#[tokio::test]
async fn kiosk_pairing_attempts_are_limited_for_screens_and_members_alike() {
    let mut s = server();
    with_limits(&mut s, |l| l.pairing = per_hour(2));
    for _ in 0..2 {
        let asked = post_from(
            &s,
            address(1),
            "/api/v1/kiosk/pairing",
            "application/json",
            "{}".into(),
        )
        .await;
        assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text());
    }
    let refused = post_from(
        &s,
        address(1),
        "/api/v1/kiosk/pairing",
        "application/json",
        "{}".into(),
    )
    .await;
    let text = assert_told_to_wait(&refused);
    assert!(text.contains("配对尝试太频繁"), "{text}");

    // A member guessing codes on the committee page meets the same limit.
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let guess = |n: u8| {
        let mut request = Request::post("/api/v1/admin/kiosks/pair")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &cookie)
            .body(Body::from(
                json!({"code": "ACD3E7", "community_id": "beiyuan-jiayuan",
                    "place_label": "社区服务中心", "lat": 39.9, "lon": 116.6})
                .to_string(),
            ))
            .unwrap();
        request.extensions_mut().insert(address(n));
        send(&s.state, request)
    };
    for _ in 0..2 {
        assert_eq!(guess(5).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_told_to_wait(&guess(5).await);
}

#[test]
fn the_defaults_leave_room_for_a_community_behind_one_carrier_address() {
    // A busy day for one community of ~3,000 households behind one NAT address (docs/operations.md,
    // "Abuse limits"): some dozens of reports, a few hundred "me too"s, a few photos each.
    let d = RateSettings::default();
    let per_hour = |r: Rate| f64::from(r.count) * 3600.0 / r.per.as_secs_f64();
    assert!(per_hour(d.reports) >= 300.0, "{:?}", d.reports);
    assert!(
        per_hour(d.photos) >= 3.0 * per_hour(d.reports),
        "{:?}",
        d.photos
    );
    assert!(per_hour(d.support) >= 600.0, "{:?}", d.support);
    // And slow guessing to a crawl: at most one password a minute for one account after a burst.
    assert!(
        d.sign_in_per_account.count <= 10,
        "{:?}",
        d.sign_in_per_account
    );
    assert!(
        per_hour(d.sign_in_per_account) <= 60.0,
        "{:?}",
        d.sign_in_per_account
    );
}

/// Clients generated from the OpenAPI document (and schemathesis) learn that these answer 429.
#[tokio::test]
async fn every_limited_route_documents_its_429() {
    let s = server();
    let document = get(&s.state, "/api/v1/openapi.json").await.json();
    for (path, method) in [
        ("/api/v1/session/login", "post"),
        ("/open311/v2/requests.json", "post"),
        ("/api/v1/requests/{id}/supporters", "post"),
        ("/api/v1/requests/{id}/rating", "post"),
        ("/api/v1/requests/{id}/reopen", "post"),
        ("/api/v1/kiosk/pairing", "post"),
        ("/api/v1/admin/kiosks/pair", "post"),
        ("/api/v1/ballots/{id}/votes", "post"),
    ] {
        let responses = &document["paths"][path][method]["responses"];
        assert!(
            responses.get("429").is_some(),
            "{method} {path}: {responses}"
        );
    }
}
