//! Open311 GeoReport v2 conformance and the report life cycle, through the router.

use axum::http::StatusCode;
use linli_server::create_committee_account;
use serde_json::{Value, json};

use crate::support::*;

const PHONE: &str = "13800138000";

/// Files a street-light report on the sample plate and returns (id, token, tracking secret).
async fn file_report(s: &TestServer) -> (String, String, String) {
    let key = client_key(&s.state).await;
    let answer = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", "路灯晚上不亮，路口很黑。"),
            ("phone", PHONE),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let created = &answer.json()[0];
    (
        created["service_request_id"].as_str().unwrap().to_owned(),
        created["token"].as_str().unwrap().to_owned(),
        created["tracking_secret"].as_str().unwrap().to_owned(),
    )
}

fn assert_open311_error(answer: &Answer, status: StatusCode, needle: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let errors = answer.json();
    let errors = errors.as_array().expect("Open311 errors are an array");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e["code"] == status.as_u16()));
    let all: Vec<&str> = errors
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert!(
        all.iter().any(|d| d.contains(needle)),
        "{needle:?} not in {all:?}"
    );
}

#[tokio::test]
async fn a_service_definition_carries_the_component_code_as_a_hidden_field() {
    let s = server();
    let definition = get(&s.state, "/open311/v2/services/streetlight_out.json")
        .await
        .json();
    assert_eq!(definition["service_code"], "streetlight_out");
    let attribute = &definition["attributes"][0];
    assert_eq!(attribute["code"], "component_code");
    assert_eq!(attribute["automated"], "hidden_field");
    assert_eq!(attribute["variable"], false);
    let missing = get(&s.state, "/open311/v2/services/no_such_service.json").await;
    assert_open311_error(&missing, StatusCode::NOT_FOUND, "no_such_service");
}

#[tokio::test]
async fn a_report_on_a_plate_is_public_without_the_reporters_phone() {
    let s = server();
    let (id, token, _) = file_report(&s).await;
    let answer = get(&s.state, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        !answer.text().contains(PHONE) && !answer.text().contains("8000"),
        "{}",
        answer.text()
    );
    let request = &answer.json()[0];
    assert_eq!(request["service_request_id"], id.as_str());
    assert_eq!(request["status"], "open");
    assert_eq!(request["service_name"], "路灯不亮");
    assert_eq!(request["component_code"], STREET_LIGHT);
    assert_eq!(request["agency_responsible"], "通州区城市照明管理所");
    assert!(
        request["requested_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+08:00")
    );
    assert!(
        request["expected_datetime"].as_str().unwrap()
            > request["requested_datetime"].as_str().unwrap()
    );
    assert!(request["lat"].as_f64().unwrap() > 39.0 && request["long"].as_f64().unwrap() > 116.0);

    let listed = get(
        &s.state,
        "/open311/v2/requests.json?service_code=streetlight_out&status=open",
    )
    .await
    .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let on_plate = get(
        &s.state,
        &format!("/open311/v2/requests.json?component_code={STREET_LIGHT}"),
    )
    .await
    .json();
    assert_eq!(on_plate.as_array().unwrap().len(), 1);
    let elsewhere = get(
        &s.state,
        "/open311/v2/requests.json?component_code=1101120110000002",
    )
    .await
    .json();
    assert_eq!(elsewhere.as_array().unwrap().len(), 0);
    let none = get(&s.state, "/open311/v2/requests.json?status=fixed")
        .await
        .json();
    assert_eq!(none.as_array().unwrap().len(), 0);
    let by_token = get(&s.state, &format!("/open311/v2/tokens/{token}.json"))
        .await
        .json();
    assert_eq!(by_token[0]["service_request_id"], id.as_str());
    let unknown = get(&s.state, "/open311/v2/tokens/nope.json").await;
    assert_open311_error(&unknown, StatusCode::NOT_FOUND, "nope");
    let missing = get(&s.state, "/open311/v2/requests/999999.json").await;
    assert_open311_error(&missing, StatusCode::NOT_FOUND, "999999");
}

#[tokio::test]
async fn json_bodies_and_free_locations_are_accepted_too() {
    let s = server();
    let key = client_key(&s.state).await;
    let answer = post_json(
        &s.state,
        "/open311/v2/requests.json",
        json!({"api_key": key, "service_code": "other", "lat": 39.905, "long": 116.66,
               "description": "人行道上有个坑", "address_string": "新华大街"}),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let id = answer.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = get(&s.state, &format!("/open311/v2/requests/{id}.json"))
        .await
        .json();
    assert_eq!(request[0]["address"], "新华大街");
    assert_eq!(request[0]["component_code"], Value::Null);
}

#[tokio::test]
async fn without_a_valid_api_key_nothing_is_stored() {
    let s = server();
    let form = [
        ("service_code", "streetlight_out"),
        ("attribute[component_code]", STREET_LIGHT),
        ("description", "灯不亮"),
    ];
    let answer = post_form(&s.state, "/open311/v2/requests.json", &form).await;
    assert_open311_error(&answer, StatusCode::FORBIDDEN, "api_key");
    let mut with_bad_key = form.to_vec();
    with_bad_key.push(("api_key", "not-a-key"));
    let answer = post_form(&s.state, "/open311/v2/requests.json", &with_bad_key).await;
    assert_open311_error(&answer, StatusCode::FORBIDDEN, "api_key");
    assert_eq!(count(&s.state, "service_requests"), 0);
}

#[tokio::test]
async fn bad_input_is_refused_with_every_reason_and_stores_nothing() {
    let s = server();
    let key = client_key(&s.state).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("service_code", "streetlight_out"),
                ("attribute[component_code]", STREET_LIGHT),
            ],
            "description is required",
        ),
        (
            &[
                ("service_code", "no_such"),
                ("attribute[component_code]", STREET_LIGHT),
                ("description", "x"),
            ],
            "service_code no_such not found",
        ),
        (
            &[
                ("service_code", "streetlight_out"),
                ("attribute[component_code]", "12345"),
                ("description", "x"),
            ],
            "malformed",
        ),
        (
            &[
                ("service_code", "streetlight_out"),
                ("attribute[component_code]", "1101120110999999"),
                ("description", "x"),
            ],
            "not a known component",
        ),
        (
            &[
                ("service_code", "bench_damaged"),
                ("attribute[component_code]", STREET_LIGHT),
                ("description", "x"),
            ],
            "does not apply",
        ),
        (
            &[
                ("service_code", "other"),
                ("lat", "39.9"),
                ("long", "116.6"),
                ("description", "<script>x</script>"),
            ],
            "HTML",
        ),
        (
            &[
                ("service_code", "other"),
                ("lat", "39.9"),
                ("long", "116.6"),
                ("description", "x"),
                ("phone", "12345"),
            ],
            "phone",
        ),
        (
            &[
                ("service_code", "other"),
                ("lat", "95"),
                ("long", "116.6"),
                ("description", "x"),
            ],
            "coordinate",
        ),
        (
            &[
                ("service_code", "other"),
                ("lat", "39.9"),
                ("description", "x"),
            ],
            "lat and long go together",
        ),
        (
            &[("service_code", "other"), ("description", "x")],
            "location is required",
        ),
    ];
    let long = "很".repeat(4001);
    let too_long: &[(&str, &str)] = &[
        ("service_code", "other"),
        ("lat", "39.9"),
        ("long", "116.6"),
        ("description", &long),
    ];
    for (form, needle) in cases
        .iter()
        .copied()
        .chain([(too_long, "longer than 4000")])
    {
        let mut form = form.to_vec();
        form.push(("api_key", &key));
        let answer = post_form(&s.state, "/open311/v2/requests.json", &form).await;
        assert_open311_error(&answer, StatusCode::BAD_REQUEST, needle);
    }
    let several = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "no_such"),
            ("phone", "1"),
        ],
    )
    .await;
    assert!(
        several.json().as_array().unwrap().len() >= 3,
        "every problem at once: {}",
        several.text()
    );
    let garbage = post_json(
        &s.state,
        "/open311/v2/requests.json",
        json!(["not", "an", "object"]),
        &[],
    )
    .await;
    assert_open311_error(&garbage, StatusCode::BAD_REQUEST, "JSON");
    assert_eq!(count(&s.state, "service_requests"), 0);
    assert_eq!(count(&s.state, "request_updates"), 0);
}

#[tokio::test]
async fn the_same_idempotency_key_resent_50_times_makes_one_request_and_the_same_answer() {
    let s = server();
    let key = client_key(&s.state).await;
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "streetlight_out"),
        ("attribute[component_code]", STREET_LIGHT),
        ("description", "离线时提交的报告"),
    ];
    let mut answers = Vec::new();
    for _ in 0..50 {
        let answer = post_form_with(
            &s.state,
            "/open311/v2/requests.json",
            &form,
            &[("idempotency-key", "draft-7f3a")],
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED);
        answers.push(answer.body);
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "every resend answers the same"
    );
    assert_eq!(count(&s.state, "service_requests"), 1);
    let other = post_form_with(
        &s.state,
        "/open311/v2/requests.json",
        &form,
        &[("idempotency-key", "draft-other")],
    )
    .await;
    assert_ne!(other.body, answers[0]);
    assert_eq!(count(&s.state, "service_requests"), 2);
}

/// Issue #23: the Idempotency-Key was matched across all submitters, so anyone who sent a
/// resident's key again, with any body and the SPA's public API key, was answered with that
/// resident's report and its private tracking secret.
#[tokio::test]
async fn an_idempotency_key_finds_only_its_own_clients_report_with_the_same_body() {
    let s = server();
    let spa_key = client_key(&s.state).await;
    let resident = [
        ("api_key", spa_key.as_str()),
        ("service_code", "streetlight_out"),
        ("attribute[component_code]", STREET_LIGHT),
        ("description", "路灯不亮，住在三号楼的张阿姨"),
        ("phone", PHONE),
    ];
    let headers = [("idempotency-key", "resident-draft-1")];
    let first = post_form_with(&s.state, "/open311/v2/requests.json", &resident, &headers).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let secret = first.json()[0]["tracking_secret"]
        .as_str()
        .unwrap()
        .to_owned();

    // Someone else sends the same key with a body of their own under the same public API key.
    let intruder = [
        ("api_key", spa_key.as_str()),
        ("service_code", "other"),
        ("lat", "39.9"),
        ("long", "116.6"),
        ("description", "随便写的"),
    ];
    let refused = post_form_with(&s.state, "/open311/v2/requests.json", &intruder, &headers).await;
    assert_open311_error(
        &refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Idempotency-Key",
    );
    assert!(!refused.text().contains(&secret), "{}", refused.text());
    assert_eq!(
        count(&s.state, "service_requests"),
        1,
        "a refusal stores nothing"
    );

    // Another client (its own API key) may use the same key text for a report of its own.
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let bridge = post_json(
        &s.state,
        "/api/v1/admin/api-keys",
        json!({"label": "12345 hotline bridge"}),
        &[("cookie", &cookie)],
    )
    .await;
    let bridge_key = bridge.json()["key"].as_str().unwrap().to_owned();
    let resident_as_bridge = resident.map(|(name, value)| {
        (
            name,
            if name == "api_key" {
                bridge_key.as_str()
            } else {
                value
            },
        )
    });
    let other_client = post_form_with(
        &s.state,
        "/open311/v2/requests.json",
        &resident_as_bridge,
        &headers,
    )
    .await;
    assert_eq!(
        other_client.status,
        StatusCode::CREATED,
        "{}",
        other_client.text()
    );
    let other = &other_client.json()[0];
    assert_ne!(other["tracking_secret"].as_str().unwrap(), secret);
    assert_ne!(
        other["service_request_id"],
        first.json()[0]["service_request_id"]
    );
    assert_eq!(count(&s.state, "service_requests"), 2);

    // The resident's own resend still answers their report.
    let resent = post_form_with(&s.state, "/open311/v2/requests.json", &resident, &headers).await;
    assert_eq!(resent.status, StatusCode::CREATED);
    assert_eq!(resent.body, first.body);
    assert_eq!(count(&s.state, "service_requests"), 2);
}

/// Issue #27: `address_string` had no length cap, so a few large reports on one component made
/// its plate's public list large for every resident who scanned it.
#[tokio::test]
async fn an_overlong_address_is_refused_and_stores_nothing() {
    let s = server();
    let key = client_key(&s.state).await;
    let long = "东".repeat(linli_core::report::MAX_ADDRESS_CHARS + 1);
    let refused = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", "路灯不亮"),
            ("address_string", &long),
        ],
    )
    .await;
    assert_open311_error(&refused, StatusCode::BAD_REQUEST, "address_string");
    assert_eq!(count(&s.state, "service_requests"), 0);
}

/// Issue #27: an unbounded `service_request_id` list answered 500, and `servicerequestupdates`
/// stopped at 1,000 updates with no way to the rest.
#[tokio::test]
async fn id_lists_are_capped_and_updates_are_paged() {
    let s = server();
    let ids: Vec<String> = (1..=5000).map(|n| n.to_string()).collect();
    let too_many = get(
        &s.state,
        &format!(
            "/open311/v2/requests.json?service_request_id={}",
            ids.join(",")
        ),
    )
    .await;
    assert_open311_error(&too_many, StatusCode::BAD_REQUEST, "at most 200");
    let enough = get(
        &s.state,
        &format!(
            "/open311/v2/requests.json?service_request_id={}",
            ids[..200].join(",")
        ),
    )
    .await;
    assert_eq!(enough.status, StatusCode::OK, "{}", enough.text());

    for n in 0..3 {
        assert_eq!(
            file_free_report(&s.state, &format!("第{n}个")).await.status,
            StatusCode::CREATED
        );
    }
    let page = |query: &str| {
        let path = format!("/open311/v2/servicerequestupdates.json?{query}");
        let state = s.state.clone();
        async move { get(&state, &path).await }
    };
    let all = page("").await.json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    let first = page("page_size=2").await.json();
    let second = page("page_size=2&page=2").await.json();
    assert_eq!(first.as_array().unwrap().len(), 2);
    assert_eq!(second.as_array().unwrap().len(), 1);
    assert_eq!(second[0]["update_id"], all[2]["update_id"]);
    assert_open311_error(
        &page("page_size=1001").await,
        StatusCode::BAD_REQUEST,
        "page_size",
    );
    assert_open311_error(&page("page=0").await, StatusCode::BAD_REQUEST, "page");
}

/// Issue #27: a report filed at the phone's position was published at full GPS precision,
/// which points at the reporter's doorway. The public sees it to about 20 m; the committee sees
/// where it was filed.
#[tokio::test]
async fn a_free_reports_public_position_is_rounded_and_the_committee_sees_it_exactly() {
    let s = server();
    let key = client_key(&s.state).await;
    let filed = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "other"),
            ("lat", "39.912345"),
            ("long", "116.654321"),
            ("description", "门口的井盖"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    let id = filed.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let public = get(&s.state, &format!("/open311/v2/requests/{id}.json"))
        .await
        .json();
    assert_eq!(public[0]["lat"], json!(39.9124));
    assert_eq!(public[0]["long"], json!(116.6544));
    let listed = get(&s.state, "/open311/v2/requests.json").await.text();
    assert!(
        !listed.contains("39.912345") && !listed.contains("116.654321"),
        "{listed}"
    );
    let admin = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let committee = get_with(
        &s.state,
        &format!("/api/v1/admin/requests/{id}.json"),
        &[("cookie", &admin)],
    )
    .await
    .json();
    assert_eq!(
        committee["location"],
        json!({"lat": 39.912345, "lon": 116.654321})
    );
}

#[tokio::test]
async fn concurrent_resends_of_one_submission_make_one_request() {
    let s = server();
    let key = client_key(&s.state).await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let state = s.state.clone();
        let key = key.clone();
        tasks.push(tokio::spawn(async move {
            post_form_with(
                &state,
                "/open311/v2/requests.json",
                &[
                    ("api_key", &key),
                    ("service_code", "other"),
                    ("lat", "39.9"),
                    ("long", "116.6"),
                    ("description", "并发"),
                ],
                &[("idempotency-key", "same-key")],
            )
            .await
            .body
        }));
    }
    let mut bodies = Vec::new();
    for task in tasks {
        bodies.push(task.await.unwrap());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(count(&s.state, "service_requests"), 1);
}

#[tokio::test]
async fn the_phone_is_encrypted_at_rest_masked_for_the_reporter_and_whole_for_the_committee() {
    let s = server();
    let (id, _, secret) = file_report(&s).await;
    let raw: Vec<u8> = s
        .state
        .db
        .run_blocking(|c| {
            Ok(
                c.query_row("SELECT phone_cipher FROM service_requests", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains(PHONE));
    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(tracked.json()["phone_masked"], "138****8000");
    assert!(!tracked.text().contains(PHONE));
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let full = get_with(
        &s.state,
        &format!("/api/v1/admin/requests/{id}.json"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(full.json()["phone"], PHONE);
}

#[tokio::test]
async fn tracking_needs_the_secret_of_the_private_link() {
    let s = server();
    let (id, _, secret) = file_report(&s).await;
    let without = get(&s.state, &format!("/api/v1/requests/{id}.json")).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let wrong = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", "0123")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK);
    let tracked = tracked.json();
    assert_eq!(tracked["status"], "open");
    assert_eq!(tracked["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(tracked["can_rate"], false);
}

#[tokio::test]
async fn the_committee_moves_a_report_to_fixed_and_the_reporter_rates_then_reopens_once() {
    let s = server();
    let (id, _, secret) = file_report(&s).await;
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let status_path = format!("/api/v1/admin/requests/{id}/status");
    let change = |status: &str, note: &str, public: bool| json!({"status": status, "note": note, "public": public});

    let unauthenticated = post_json(&s.state, &status_path, change("fixed", "", true), &[]).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);

    for (status, note, public) in [
        ("action_scheduled", "已派遣至城市照明管理所", true),
        ("in_progress", "内部：明早带升降车", false),
        ("fixed", "已更换灯泡", true),
    ] {
        let answer = post_json(
            &s.state,
            &status_path,
            change(status, note, public),
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        assert_eq!(answer.json()["status"], status);
    }
    let nonsense = post_json(
        &s.state,
        &status_path,
        change("action_scheduled", "", true),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(nonsense.status, StatusCode::CONFLICT);
    assert_eq!(nonsense.json()["code"], "conflict");

    let secret_header = [("x-tracking-secret", secret.as_str())];
    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &secret_header,
    )
    .await
    .json();
    let notes: Vec<&str> = tracked["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["note"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&"已更换灯泡"));
    assert!(
        !notes.iter().any(|n| n.contains("内部")),
        "internal notes stay internal: {notes:?}"
    );
    let updates = get(&s.state, "/open311/v2/servicerequestupdates.json")
        .await
        .text();
    assert!(updates.contains("已更换灯泡") && !updates.contains("内部"));
    assert_eq!(tracked["can_rate"], true);

    let rating_path = format!("/api/v1/requests/{id}/rating");
    let out_of_range =
        post_json(&s.state, &rating_path, json!({"rating": 6}), &secret_header).await;
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rated = post_json(
        &s.state,
        &rating_path,
        json!({"rating": 5, "comment": "很快"}),
        &secret_header,
    )
    .await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text());
    assert_eq!(rated.json()["rating"], 5);
    let twice = post_json(&s.state, &rating_path, json!({"rating": 1}), &secret_header).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let reopen_path = format!("/api/v1/requests/{id}/reopen");
    let reopened = post_json(
        &s.state,
        &reopen_path,
        json!({"reason": "又不亮了"}),
        &secret_header,
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text());
    assert_eq!(reopened.json()["status"], "open");
    assert_eq!(reopened.json()["can_reopen"], false);
    post_json(
        &s.state,
        &status_path,
        change("fixed", "再次修复", true),
        &[("cookie", &cookie)],
    )
    .await;
    let again = post_json(
        &s.state,
        &reopen_path,
        json!({"reason": "还是不亮"}),
        &secret_header,
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

/// The report queue as a committee member of 中仓上营 sees it.
async fn zhongcang_queue(s: &TestServer) -> Answer {
    create_committee_account(
        &s.state.db,
        "zhongcang",
        "zhongcang-password",
        "zhongcang-shangying",
    )
    .unwrap();
    let member = session_cookie(&s.state, "zhongcang", "zhongcang-password").await;
    get_with(
        &s.state,
        "/api/v1/admin/requests.json",
        &[("cookie", &member)],
    )
    .await
}

/// Issue #23: the queue took the district's first 500 reports and only then kept the member's
/// communities, so past 500 reports district-wide a community's queue silently missed some.
#[tokio::test]
async fn a_communitys_queue_holds_all_its_reports_however_many_the_district_has() {
    let s = server();
    // 520 reports due earlier in one community, then 3 due later in another.
    s.state
        .db
        .run_blocking(|c| {
            c.execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 523)
                 INSERT INTO service_requests (token, service_code, community_id, status,
                     description, lat, lon, requested_at, updated_at, expected_at)
                 SELECT 'token-' || i, 'other',
                        CASE WHEN i <= 520 THEN 'beiyuan-jiayuan' ELSE 'zhongcang-shangying' END,
                        'open', 'report ' || i, 39.9, 116.6, '2026-11-01T00:00:00Z',
                        '2026-11-01T00:00:00Z', printf('2027-01-01T00:%02d:%02d:00Z', i / 60, i % 60)
                 FROM n;",
            )?;
            Ok(())
        })
        .unwrap();
    let queue = zhongcang_queue(&s).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.text());
    let descriptions: Vec<Value> = queue
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].clone())
        .collect();
    assert_eq!(
        descriptions,
        [
            json!("report 521"),
            json!("report 522"),
            json!("report 523")
        ]
    );

    // The district admin pages through all 523, earliest due first.
    let admin = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let first = get_with(
        &s.state,
        "/api/v1/admin/requests.json",
        &[("cookie", &admin)],
    )
    .await;
    let second = get_with(
        &s.state,
        "/api/v1/admin/requests.json?page=2",
        &[("cookie", &admin)],
    )
    .await;
    let (first, second) = (first.json(), second.json());
    assert_eq!(first.as_array().unwrap().len(), 500);
    assert_eq!(first[0]["description"], "report 1");
    assert_eq!(second.as_array().unwrap().len(), 23);
    assert_eq!(second[22]["description"], "report 523");
    let zero = get_with(
        &s.state,
        "/api/v1/admin/requests.json?page=0",
        &[("cookie", &admin)],
    )
    .await;
    assert_eq!(zero.status, StatusCode::BAD_REQUEST);
}

/// Issue #23: a report filed at the phone's position had no community, so it reached only the
/// district admins and never the committee of the place it was filed from.
#[tokio::test]
async fn a_report_at_the_phones_position_goes_to_the_community_of_the_nearest_building() {
    let s = server();
    let building = linli_server::seed::sample_data()
        .buildings
        .iter()
        .find(|b| b.community_id == "zhongcang-shangying")
        .unwrap()
        .clone();
    let key = client_key(&s.state).await;
    // About 40 m north-east of the building.
    let (lat, lon) = (
        building.location.lat + 0.0003,
        building.location.lon + 0.0003,
    );
    let filed = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "other"),
            ("lat", &lat.to_string()),
            ("long", &lon.to_string()),
            ("description", "楼下的井盖松了"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
    let queue = zhongcang_queue(&s).await.json();
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["community_id"], "zhongcang-shangying");

    // Far from every building (about 4 km away), the report is the district's.
    let far = file_free_report(&s.state, "远处").await;
    assert_eq!(far.status, StatusCode::CREATED);
    let far_id = far.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let seen = get_with(
        &s.state,
        &format!("/api/v1/admin/requests/{far_id}.json"),
        &[("cookie", &admin)],
    )
    .await
    .json();
    assert_eq!(seen["community_id"], Value::Null, "{seen}");
}

#[tokio::test]
async fn a_committee_sees_and_changes_only_its_own_communitys_reports() {
    let s = server();
    let (id, _, _) = file_report(&s).await;
    let plate_community = linli_server::seed::sample_data()
        .components
        .iter()
        .find(|c| c.code.as_str() == STREET_LIGHT)
        .unwrap()
        .community_id
        .clone();
    let other = linli_server::seed::sample_data()
        .communities
        .iter()
        .find(|c| c.id != plate_community)
        .unwrap()
        .id
        .clone();
    create_committee_account(&s.state.db, "own", "own-password", &plate_community).unwrap();
    create_committee_account(&s.state.db, "other", "other-password", &other).unwrap();
    let own = session_cookie(&s.state, "own", "own-password").await;
    let stranger = session_cookie(&s.state, "other", "other-password").await;

    let queue = get_with(&s.state, "/api/v1/admin/requests.json", &[("cookie", &own)])
        .await
        .json();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let queue = get_with(
        &s.state,
        "/api/v1/admin/requests.json",
        &[("cookie", &stranger)],
    )
    .await
    .json();
    assert_eq!(queue.as_array().unwrap().len(), 0);
    let peek = get_with(
        &s.state,
        &format!("/api/v1/admin/requests/{id}.json"),
        &[("cookie", &stranger)],
    )
    .await;
    assert_eq!(peek.status, StatusCode::FORBIDDEN);
    let change = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/status"),
        json!({"status": "fixed"}),
        &[("cookie", &stranger)],
    )
    .await;
    assert_eq!(change.status, StatusCode::FORBIDDEN);
    let keys = get_with(&s.state, "/api/v1/admin/api-keys.json", &[("cookie", &own)]).await;
    assert_eq!(
        keys.status,
        StatusCode::FORBIDDEN,
        "only district admins manage keys"
    );
}

#[tokio::test]
async fn district_admins_issue_and_revoke_api_keys() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let created = post_json(
        &s.state,
        "/api/v1/admin/api-keys",
        json!({"label": "12345 hotline bridge"}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let created = created.json();
    let key = created["key"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "other"),
        ("lat", "39.9"),
        ("long", "116.6"),
        ("description", "来自热线"),
    ];
    let accepted = post_form(&s.state, "/open311/v2/requests.json", &form).await;
    assert_eq!(accepted.status, StatusCode::CREATED);
    let listed = get_with(
        &s.state,
        "/api/v1/admin/api-keys.json",
        &[("cookie", &cookie)],
    )
    .await;
    assert!(
        !listed.text().contains(&key),
        "the key itself is never listed"
    );
    let revoked = post_json(
        &s.state,
        &format!("/api/v1/admin/api-keys/{id}/revoke"),
        json!({}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let refused = post_form(&s.state, "/open311/v2/requests.json", &form).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let empty_label = post_json(
        &s.state,
        "/api/v1/admin/api-keys",
        json!({"label": " "}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(empty_label.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn list_parameters_are_checked() {
    let s = server();
    for query in [
        "page_size=0",
        "page_size=201",
        "page=0",
        "status=resolved",
        "start_date=yesterday",
        "service_request_id=abc",
    ] {
        let answer = get(&s.state, &format!("/open311/v2/requests.json?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(answer.json().is_array(), "{query}");
    }
    for _ in 0..3 {
        file_free_report(&s.state, "x").await;
    }
    let page1 = get(&s.state, "/open311/v2/requests.json?page_size=2")
        .await
        .json();
    let page2 = get(&s.state, "/open311/v2/requests.json?page_size=2&page=2")
        .await
        .json();
    assert_eq!(page1.as_array().unwrap().len(), 2);
    assert_eq!(page2.as_array().unwrap().len(), 1);
    let today = get(&s.state, "/open311/v2/requests.json?start_date=2020-01-01")
        .await
        .json();
    assert_eq!(today.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_month_rates_count_responses_resolutions_and_satisfaction() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let (fixed_id, _, secret) = file_report(&s).await;
    let (_open_id, _, _) = file_report(&s).await;
    for status in ["action_scheduled", "fixed"] {
        let answer = post_json(
            &s.state,
            &format!("/api/v1/admin/requests/{fixed_id}/status"),
            json!({"status": status}),
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    post_json(
        &s.state,
        &format!("/api/v1/requests/{fixed_id}/rating"),
        json!({"rating": 4}),
        &[("x-tracking-secret", &secret)],
    )
    .await;

    let rates = get_with(&s.state, "/api/v1/admin/rates.json", &[("cookie", &cookie)]).await;
    assert_eq!(rates.status, StatusCode::OK, "{}", rates.text());
    let rates = rates.json();
    let with_reports: Vec<&Value> = rates["communities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["filed"].as_u64() > Some(0))
        .collect();
    assert_eq!(with_reports.len(), 1);
    let plate = with_reports[0];
    assert_eq!(plate["filed"], 2);
    assert_eq!(plate["responded"], 1);
    assert_eq!(plate["response_rate"], 50);
    assert_eq!(plate["resolution_rate"], 50);
    assert_eq!(plate["satisfaction_rate"], 100);
    let quiet = rates["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["filed"] == 0)
        .unwrap();
    assert_eq!(quiet["response_rate"], Value::Null, "no reports, no rate");

    let last_year = get_with(
        &s.state,
        "/api/v1/admin/rates.json?month=2025-01",
        &[("cookie", &cookie)],
    )
    .await
    .json();
    assert!(
        last_year["communities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["filed"] == 0)
    );
    for bad in ["2026-13", "November", "2026-1x"] {
        let answer = get_with(
            &s.state,
            &format!("/api/v1/admin/rates.json?month={bad}"),
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let anonymous = get(&s.state, "/api/v1/admin/rates.json").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_dates_the_list_covers_the_last_90_days_as_the_specification_says() {
    let s = server();
    let (old, _, _) = file_report(&s).await;
    let (recent, _, _) = file_report(&s).await;
    let old_id: i64 = old.parse().unwrap();
    s.state
        .db
        .run_blocking(move |c| {
            Ok(c.execute(
                "UPDATE service_requests SET requested_at = '2026-01-05T02:00:00Z' WHERE id = ?1",
                [old_id],
            )?)
        })
        .unwrap();
    let ids = |answer: Value| -> Vec<String> {
        answer
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let listed = ids(get(&s.state, "/open311/v2/requests.json").await.json());
    assert!(listed.contains(&recent), "{listed:?}");
    assert!(!listed.contains(&old), "{listed:?}");
    // Asked for by date or by id, it is there.
    let dated = ids(get(
        &s.state,
        "/open311/v2/requests.json?start_date=2026-01-01&end_date=2026-02-01",
    )
    .await
    .json());
    assert_eq!(dated, vec![old.clone()]);
    let by_id = ids(get(
        &s.state,
        &format!("/open311/v2/requests.json?service_request_id={old}"),
    )
    .await
    .json());
    assert_eq!(by_id, vec![old]);
}
