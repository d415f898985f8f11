//! Committee sessions (issue #24): an idle session ends, a session ends at its lifetime however
//! busy, a member signs out everywhere at once, a change sent from another site's page is
//! refused, and passwords follow current guidance.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_server::create_committee_account;
use serde_json::json;

use crate::support::*;

/// An audit entry's detail, stored and sent as JSON text.
fn detail(entry: &serde_json::Value) -> serde_json::Value {
    serde_json::from_str(entry["detail"].as_str().expect("detail is text")).unwrap()
}

fn sql(s: &TestServer, statement: &'static str) {
    s.state
        .db
        .run_blocking(move |c| {
            c.execute_batch(statement)?;
            Ok(())
        })
        .unwrap();
}

fn last_seen(s: &TestServer) -> i64 {
    s.state
        .db
        .run_blocking(|c| {
            Ok(c.query_row("SELECT max(last_seen_at) FROM sessions", [], |r| r.get(0))?)
        })
        .unwrap()
}

#[tokio::test]
async fn a_session_ends_after_an_idle_hour_and_at_its_lifetime_however_busy() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let me = || get_with_cookie(&s.state, "/api/v1/session.json", &cookie);
    // Used two minutes ago: still open, and the use is written down.
    sql(
        &s,
        "UPDATE sessions SET last_seen_at = strftime('%s', 'now') - 120",
    );
    let before = last_seen(&s);
    assert_eq!(me().await.status, StatusCode::OK);
    assert!(last_seen(&s) >= before + 120, "the request counts as a use");
    // Left alone for an hour and a minute: ended.
    sql(
        &s,
        "UPDATE sessions SET last_seen_at = strftime('%s', 'now') - 3660",
    );
    assert_eq!(me().await.status, StatusCode::UNAUTHORIZED);

    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let me = || get_with_cookie(&s.state, "/api/v1/session.json", &cookie);
    assert_eq!(me().await.status, StatusCode::OK);
    // Busy all day, but the twelve hours are up.
    sql(
        &s,
        "UPDATE sessions SET expires_at = strftime('%s', 'now') - 1",
    );
    assert_eq!(me().await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account_only() {
    let s = server();
    create_committee_account(&s.state.db, "zhang", "zhang-password", "beiyuan-jiayuan").unwrap();
    let desk = session_cookie(&s.state, "zhang", "zhang-password").await;
    let phone = session_cookie(&s.state, "zhang", "zhang-password").await;
    let other = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let out = post_json(
        &s.state,
        "/api/v1/session/logout-everywhere",
        json!({}),
        &[("cookie", &phone)],
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text());
    assert!(
        out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    for cookie in [&desk, &phone] {
        let me = get_with_cookie(&s.state, "/api/v1/session.json", cookie).await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    }
    let still = get_with_cookie(&s.state, "/api/v1/session.json", &other).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "another account's session stays"
    );
    let trail = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &other)
        .await
        .json();
    let entry = &trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "session.sign_out_everywhere")
        .expect("in the trail")
        .clone();
    assert_eq!(entry["actor"], "zhang");
    assert_eq!(detail(entry)["sessions"], 2);
}

#[tokio::test]
async fn a_change_sent_from_another_sites_page_is_refused() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let project = json!({"community_id": "beiyuan-jiayuan", "title": "口袋公园", "summary": "简介",
        "theme": "绿色生态", "location": "北苑三街", "cost_yuan": 1000});
    let from = |origin: Option<&'static str>| {
        let mut request = Request::post("/api/v1/admin/library")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &cookie)
            .header(header::HOST, "linli.example:8080");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        send(
            &s.state,
            request.body(Body::from(project.to_string())).unwrap(),
        )
    };
    let before = count(&s.state, "library_projects");
    let forged = from(Some("https://evil.example")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.text());
    assert!(forged.text().contains("another site"), "{}", forged.text());
    let sandboxed = from(Some("null")).await;
    assert_eq!(sandboxed.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&s.state, "library_projects"), before);
    let own = from(Some("http://linli.example:8080")).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text());
    let scripted = from(None).await;
    assert_eq!(scripted.status, StatusCode::CREATED, "{}", scripted.text());
    // Reads, and requests without a session (Open311 clients on other sites), are not affected.
    let read = get_with(
        &s.state,
        "/api/v1/admin/library.json",
        &[("cookie", &cookie), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    let key = client_key(&s.state).await;
    let report = post_form_with(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "other"),
            ("lat", "39.9"),
            ("long", "116.6"),
            ("description", "井盖松动"),
        ],
        &[("origin", "https://partner.example")],
    )
    .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text());
}

#[tokio::test]
async fn passwords_follow_current_guidance() {
    let s = server();
    for (password, why) in [
        ("short", "at least 10"),
        ("Password123", "most common"),
        ("woaini1314", "most common"),
        ("liuqiang-01", ""),
    ] {
        let made =
            create_committee_account(&s.state.db, "liuqiang-01", password, "beiyuan-jiayuan");
        if why.is_empty() {
            let message = made.unwrap_err().parts().1.message;
            assert!(message.contains("cannot be the username"), "{message}");
        } else {
            let message = made.unwrap_err().parts().1.message;
            assert!(message.contains(why), "{password}: {message}");
        }
    }
    assert_eq!(count(&s.state, "users WHERE username = 'liuqiang-01'"), 0);
    create_committee_account(
        &s.state.db,
        "liuqiang-01",
        "三个词 组成的 长句",
        "beiyuan-jiayuan",
    )
    .unwrap();
}
