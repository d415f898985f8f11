//! The city's systems (12345 / 数字城管) against a real receiver process
//! (`scripts/gateway_receiver.py`): a new report forwarded once as GeoReport v2 and its case
//! number kept, a change made while the endpoint is down delivered once when it is back, the JSON
//! webhook's events; and the updates the city's system posts back: applied to the report's status
//! and timeline as that system's, idempotent by update_id, refused with Open311's errors (JSON and
//! XML) for a wrong key, a resident client's key or a bad status, storing nothing.

use std::time::Duration;

use axum::http::StatusCode;
use linli_server::AppState;
use linli_server::case_forwarding::{CaseFormat, CaseForwarding, Retry, Round, deliver_due};
use serde_json::{Value, json};

use crate::gateway::Receiver;
use crate::personal_data::PHONE;
use crate::support::*;

const TOKEN: &str = "city-open311-key";

/// A case system numbering its cases, as GeoReport v2 answers a new request.
const NUMBERED: &str = r#"[{"service_request_id":"TZ-2026-{n}","service_notice":"受理"}]"#;

fn with_forwarding(s: &TestServer, port: u16, format: CaseFormat) -> AppState {
    AppState {
        case_forwarding: Some(CaseForwarding {
            url: format!("http://127.0.0.1:{port}/open311/v2")
                .parse()
                .unwrap(),
            format,
            token: TOKEN.into(),
            // Waits of a millisecond, stored to the second: due again at once.
            retry: Retry {
                first: Duration::from_millis(1),
                cap: Duration::from_millis(1),
                max_attempts: 5,
            },
        }),
        ..s.state.clone()
    }
}

/// Files a report on the street light, with a phone number; returns its id.
async fn file_report(state: &AppState) -> String {
    file_tracked_report(state).await.0
}

/// The same, with the report's tracking secret.
async fn file_tracked_report(state: &AppState) -> (String, String) {
    let key = client_key(state).await;
    let answer = post_form(
        state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", "路灯晚上不亮。"),
            ("phone", PHONE),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let created = &answer.json()[0];
    (
        created["service_request_id"].as_str().unwrap().to_owned(),
        created["tracking_secret"].as_str().unwrap().to_owned(),
    )
}

async fn change(state: &AppState, cookie: &str, id: &str, body: Value) {
    let answer = post_json(
        state,
        &format!("/api/v1/admin/requests/{id}/status"),
        body,
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

async fn committee_view(state: &AppState, cookie: &str, id: &str) -> Value {
    let answer = get_with_cookie(state, &format!("/api/v1/admin/requests/{id}.json"), cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

/// A key for the 12345 system, made by the district account.
async fn city_key(state: &AppState, cookie: &str) -> String {
    let answer = post_json(
        state,
        "/api/v1/admin/api-keys",
        json!({"label": "12345", "scope": "case_intake"}),
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["scope"], "case_intake");
    answer.json()["key"].as_str().unwrap().to_owned()
}

async fn post_update(state: &AppState, extension: &str, fields: &[(&str, &str)]) -> Answer {
    post_form(
        state,
        &format!("/open311/v2/servicerequestupdates.{extension}"),
        fields,
    )
    .await
}

/// The rows of the case outbox: key, delivered, failed, last error.
type Row = (String, Option<String>, Option<String>, Option<String>);

fn outbox(state: &AppState) -> Vec<Row> {
    state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare(
                "SELECT dedupe_key, delivered_at, failed_at, last_error FROM case_outbox
                 ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

#[tokio::test]
async fn a_new_report_reaches_the_city_once_and_keeps_its_case_number() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start_with(
        dir.path().join("got.jsonl"),
        0,
        200,
        &["--answer", NUMBERED],
    );
    let state = with_forwarding(&s, receiver.port, CaseFormat::Open311);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let id = file_report(&state).await;

    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let case = &got[0];
    assert_eq!(case["path"], "/open311/v2/requests.json");
    assert_eq!(
        case["headers"]["idempotency-key"],
        format!("case:{id}:created").as_str()
    );
    let body = &case["body"];
    assert_eq!(body["api_key"], TOKEN);
    assert_eq!(body["service_code"], "streetlight_out");
    assert_eq!(body["description"], "路灯晚上不亮。");
    assert_eq!(body["attribute[component_code]"], STREET_LIGHT);
    assert_eq!(body["attribute[linli_service_request_id]"], id.as_str());
    // No personal data leaves: no phone, in no field.
    assert!(body.get("phone").is_none());
    assert!(!case.to_string().contains(PHONE), "{case}");

    let seen = committee_view(&state, &cookie, &id).await;
    assert_eq!(seen["external_id"], "TZ-2026-1");
    let public = get(&state, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(public.json()[0]["external_id"], "TZ-2026-1");
    let xml = get(&state, &format!("/open311/v2/requests/{id}.xml"))
        .await
        .text();
    assert!(
        xml.contains("<external_id>TZ-2026-1</external_id>"),
        "{xml}"
    );

    // Without forwarding configured nothing is queued, so configuring it later sends no backlog.
    file_report(&s.state).await;
    assert_eq!(count(&state, "case_outbox"), 1);
}

/// The receiver killed: the change stays in the outbox through failed attempts and a 503, and
/// arrives exactly once, under the city's case number, when the receiver is back.
#[tokio::test]
async fn a_change_made_while_the_city_is_down_arrives_once_when_it_is_back() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("got.jsonl");
    let receiver = Receiver::start_with(record.clone(), 0, 200, &["--answer", NUMBERED]);
    let port = receiver.port;
    let state = with_forwarding(&s, port, CaseFormat::Open311);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let id = file_report(&state).await;
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    drop(receiver);

    // An internal note is nobody's business outside: not queued.
    let internal = json!({"status": "action_scheduled", "note": "内部", "public": false});
    change(&state, &cookie, &id, internal).await;
    assert_eq!(count(&state, "case_outbox"), 1);
    let public = json!({"status": "in_progress", "note": "已派维修班组", "public": true});
    change(&state, &cookie, &id, public).await;
    for _ in 0..2 {
        let round = deliver_due(&state).await.unwrap();
        assert_eq!(round.retried, 1, "{round:?}");
    }
    let rows = outbox(&state);
    let (key, delivered, failed, error) = &rows[1];
    assert!(key.starts_with(&format!("case:{id}:update:")), "{key}");
    assert!(delivered.is_none() && failed.is_none(), "{rows:?}");
    assert!(
        error.as_deref().unwrap().contains("cannot reach"),
        "{rows:?}"
    );

    let busy = Receiver::start(record.clone(), port, 503);
    assert_eq!(deliver_due(&state).await.unwrap().retried, 1);
    drop(busy);

    let back = Receiver::start_with(record.clone(), port, 200, &["--answer", NUMBERED]);
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    let updates: Vec<Value> = back
        .received()
        .into_iter()
        .filter(|m| m["path"] == "/open311/v2/servicerequestupdates.json")
        .collect();
    let delivered: Vec<&Value> = updates.iter().filter(|m| m["answered"] == 200).collect();
    assert_eq!(delivered.len(), 1, "{updates:?}");
    // Every attempt carried the same key, so a receiver that got one whose answer was lost
    // knows the next for the same update.
    assert!(
        updates
            .iter()
            .all(|m| m["headers"]["idempotency-key"] == key.as_str())
    );
    let body = &delivered[0]["body"];
    assert_eq!(body["service_request_id"], "TZ-2026-1");
    assert_eq!(body["status"], "in_progress");
    assert_eq!(body["description"], "已派维修班组");
    assert_eq!(body["api_key"], TOKEN);
    assert_eq!(body["linli_service_request_id"], id.as_str());
    assert!(outbox(&state)[1].1.is_some(), "marked delivered");
}

#[tokio::test]
async fn the_json_webhook_carries_each_event_and_takes_the_external_id() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start_with(
        dir.path().join("got.jsonl"),
        0,
        200,
        &["--answer", r#"{"external_id":"BJ-{n}"}"#],
    );
    let state = with_forwarding(&s, receiver.port, CaseFormat::Json);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let (id, secret) = file_tracked_report(&state).await;
    let fixed = json!({"status": "fixed", "note": "灯已修好", "public": true});
    change(&state, &cookie, &id, fixed).await;

    // The change waits for the report in the same round, and follows it.
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 2);
    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:?}");
    let (created, updated) = (&got[0]["body"], &got[1]["body"]);
    assert_eq!(created["event"], "report.created");
    assert_eq!(
        created["delivery_id"],
        format!("case:{id}:created").as_str()
    );
    assert_eq!(created["report"]["service_request_id"], id.as_str());
    assert_eq!(created["report"]["status"], "open");
    assert_eq!(created["change"], Value::Null);
    assert_eq!(created["external_id"], Value::Null);
    assert_eq!(updated["event"], "report.updated");
    assert_eq!(updated["external_id"], "BJ-1");
    assert_eq!(updated["change"]["status"], "fixed");
    assert_eq!(updated["change"]["description"], "灯已修好");
    // Who wrote it is `committee`, never the member's name.
    assert_eq!(updated["change"]["by"], "committee");
    for message in &got {
        assert_eq!(
            message["headers"]["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
        assert!(!message.to_string().contains(PHONE), "{message}");
        assert!(
            !message["body"].to_string().contains(&s.account.username),
            "{message}"
        );
    }
    assert_eq!(
        committee_view(&state, &cookie, &id).await["external_id"],
        "BJ-1"
    );

    // The reporter reopening it is a public change too, written by the `reporter`.
    let reopened = post_json(
        &state,
        &format!("/api/v1/requests/{id}/reopen"),
        json!({"reason": "又不亮了"}),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text());
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    let reopening = &receiver.received()[2]["body"];
    assert_eq!(reopening["change"]["status"], "open");
    assert_eq!(reopening["change"]["description"], "又不亮了");
    assert_eq!(reopening["change"]["by"], "reporter");
    assert_eq!(reopening["external_id"], "BJ-1");
}

#[tokio::test]
async fn an_update_from_the_city_changes_the_status_and_shows_on_the_timeline() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start_with(
        dir.path().join("got.jsonl"),
        0,
        200,
        &["--answer", NUMBERED],
    );
    let state = with_forwarding(&s, receiver.port, CaseFormat::Open311);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let key = city_key(&state, &cookie).await;
    let id = file_report(&state).await;
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);

    let answer = post_update(
        &state,
        "json",
        &[
            ("api_key", &key),
            ("service_request_id", &id),
            ("status", "IN_PROGRESS"),
            ("description", "已派单至区城管委"),
            ("updated_datetime", "2026-12-08T09:00:00+08:00"),
            ("update_id", "U-1"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let stored = &answer.json()[0];
    assert_eq!(stored["service_request_id"], id.as_str());
    assert_eq!(stored["status"], "in_progress");
    assert_eq!(stored["description"], "已派单至区城管委");

    let seen = committee_view(&state, &cookie, &id).await;
    assert_eq!(seen["status"], "in_progress");
    let step = seen["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(step["by_system"], "12345");
    assert_eq!(step["note"], "已派单至区城管委");
    assert_eq!(step["public"], true);
    let updates = get(&state, "/open311/v2/servicerequestupdates.json")
        .await
        .json();
    assert!(
        updates.as_array().unwrap().iter().any(
            |u| u["update_id"] == stored["update_id"] && u["description"] == "已派单至区城管委"
        ),
        "{updates}"
    );
    assert_eq!(
        count(
            &state,
            "audit_log WHERE action = 'report.external_update' AND actor = '12345'"
        ),
        1
    );

    // GeoReport's `closed` on a report being worked on is 结案: Linli's `fixed`.
    let closed = post_update(
        &state,
        "xml",
        &[
            ("api_key", &key),
            ("service_request_id", &id),
            ("status", "closed"),
            ("description", "已修复"),
            ("updated_datetime", "2026-12-08T15:00:00+08:00"),
            ("update_id", "U-2"),
        ],
    )
    .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text());
    assert!(
        closed.text().contains("<status>fixed</status>"),
        "{}",
        closed.text()
    );
    assert_eq!(
        committee_view(&state, &cookie, &id).await["status"],
        "fixed"
    );

    // What the city's system did is not sent back to it.
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    assert_eq!(receiver.received().len(), 1);
    assert_eq!(count(&state, "case_outbox"), 1);
}

#[tokio::test]
async fn a_repeated_update_id_is_stored_once_and_answered_the_same() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let key = city_key(&s.state, &cookie).await;
    let id = file_report(&s.state).await;
    let fields = [
        ("api_key", key.as_str()),
        ("service_request_id", id.as_str()),
        ("status", "action_scheduled"),
        ("description", "已派遣"),
        ("updated_datetime", "2026-12-08T09:00:00+08:00"),
        ("update_id", "U-7"),
    ];
    let first = post_update(&s.state, "json", &fields).await;
    let again = post_update(&s.state, "json", &fields).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.text(), first.text());
    assert_eq!(
        count(&s.state, "request_updates WHERE external_update_id = 'U-7'"),
        1
    );
    assert_eq!(
        count(
            &s.state,
            "audit_log WHERE action = 'report.external_update'"
        ),
        1
    );

    // The same update_id for another update is refused, and stores nothing.
    let mut other = fields;
    other[3] = ("description", "另一条");
    let refused = post_update(&s.state, "json", &other).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert_eq!(refused.json()[0]["code"], 422);
    assert_eq!(
        count(&s.state, "request_updates WHERE external_update_id = 'U-7'"),
        1
    );
}

#[tokio::test]
async fn only_a_case_systems_key_may_post_updates() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let city = city_key(&s.state, &cookie).await;
    let id = file_report(&s.state).await;
    let before = (
        count(&s.state, "request_updates"),
        count(&s.state, "audit_log"),
    );
    let resident_client = client_key(&s.state).await;
    for (key, says) in [
        ("not-a-key", "api_key is missing or not valid"),
        (resident_client.as_str(), "case_intake"),
    ] {
        let refused = post_update(
            &s.state,
            "json",
            &[
                ("api_key", key),
                ("service_request_id", &id),
                ("status", "in_progress"),
                ("updated_datetime", "2026-12-08T09:00:00+08:00"),
                ("update_id", "U-1"),
            ],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
        let errors = refused.json();
        assert_eq!(errors[0]["code"], 403);
        let description = errors[0]["description"].as_str().unwrap();
        assert!(description.contains(says), "{description}");
    }
    // The city's key is the city's: it files no report as a resident's app does.
    let filed = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &city),
            ("service_code", "other"),
            ("lat", "39.9"),
            ("long", "116.6"),
            ("description", "不该收下"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::FORBIDDEN, "{}", filed.text());
    assert_eq!(
        (
            count(&s.state, "request_updates"),
            count(&s.state, "audit_log")
        ),
        before,
        "nothing half-stored"
    );
}

#[tokio::test]
async fn bad_updates_are_refused_with_open311_errors_in_json_and_xml() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let key = city_key(&s.state, &cookie).await;
    let id = file_report(&s.state).await;
    let finished = file_report(&s.state).await;
    for status in ["fixed", "closed"] {
        change(
            &s.state,
            &cookie,
            &finished,
            json!({"status": status, "public": true}),
        )
        .await;
    }
    let before = (
        count(&s.state, "request_updates"),
        count(&s.state, "audit_log"),
    );
    let update = |request: &str, status: &str| {
        vec![
            ("api_key".to_owned(), key.clone()),
            ("service_request_id".to_owned(), request.to_owned()),
            ("status".to_owned(), status.to_owned()),
            (
                "updated_datetime".to_owned(),
                "2026-12-08T09:00:00+08:00".to_owned(),
            ),
            ("update_id".to_owned(), format!("{request}-{status}")),
        ]
    };
    let send = |extension: &'static str, fields: Vec<(String, String)>| {
        let state = s.state.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            post_update(&state, extension, &fields).await
        }
    };

    let unknown = send("json", update(&id, "reopened")).await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "{}",
        unknown.text()
    );
    assert_eq!(unknown.json()[0]["code"], 400);
    assert!(
        unknown.json()[0]["description"]
            .as_str()
            .unwrap()
            .contains("status reopened")
    );
    let as_xml = send("xml", update(&id, "reopened")).await;
    assert_eq!(as_xml.status, StatusCode::BAD_REQUEST);
    assert!(
        as_xml.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    assert!(
        as_xml.text().contains("<errors><error><code>400</code>"),
        "{}",
        as_xml.text()
    );
    // A merge names its original: the committee's to make.
    assert_eq!(
        send("json", update(&id, "duplicate")).await.status,
        StatusCode::BAD_REQUEST
    );

    // Every missing field at once.
    let bare = send("json", vec![("api_key".to_owned(), key.clone())]).await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST);
    assert_eq!(bare.json().as_array().unwrap().len(), 4, "{}", bare.text());

    let nowhere = send("json", update("999999", "in_progress")).await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND, "{}", nowhere.text());
    assert_eq!(nowhere.json()[0]["code"], 404);

    // A closed report does not go back to work on the city's word.
    let late = send("json", update(&finished, "in_progress")).await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.text()
    );
    assert_eq!(late.json()[0]["code"], 422);
    let late_xml = send("xml", update(&finished, "in_progress")).await;
    assert_eq!(late_xml.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        late_xml.text().contains("<code>422</code>"),
        "{}",
        late_xml.text()
    );

    assert_eq!(
        (
            count(&s.state, "request_updates"),
            count(&s.state, "audit_log")
        ),
        before,
        "no refusal stored anything"
    );
}

#[tokio::test]
async fn updates_past_the_address_limit_are_refused_in_open311s_shape() {
    let mut s = server();
    let settings = linli_server::rate_limits::RateSettings {
        case_updates: linli_server::rate_limits::Rate {
            count: 1,
            per: Duration::from_secs(3600),
        },
        ..Default::default()
    };
    s.state.rate_limits =
        std::sync::Arc::new(linli_server::rate_limits::RateLimits::new(&settings));
    let fields = [("api_key", "x")];
    assert_eq!(
        post_update(&s.state, "json", &fields).await.status,
        StatusCode::FORBIDDEN
    );
    let limited = post_update(&s.state, "xml", &fields).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(
        limited.text().contains("<code>429</code>"),
        "{}",
        limited.text()
    );
    // Reading the updates is never limited.
    let read = get(&s.state, "/open311/v2/servicerequestupdates.json").await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn the_update_post_is_in_the_openapi_description() {
    let s = server();
    let doc = get(&s.state, "/api/v1/openapi.json").await.json();
    for path in [
        "/open311/v2/servicerequestupdates.json",
        "/open311/v2/servicerequestupdates.xml",
    ] {
        let item = &doc["paths"][path];
        assert!(item["post"].is_object(), "{path}: {item}");
        assert!(item["get"].is_object(), "{path}: {item}");
        assert!(item["post"]["responses"]["403"].is_object(), "{path}");
    }
}
