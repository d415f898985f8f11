//! The numbers of reports: the committee's figures over a span (by period, type, community and
//! unit, on time or late, where reports pile up), the queue as CSV, and each community's and
//! street's public performance.

use axum::http::StatusCode;
use linli_server::create_committee_account;
use serde_json::{Value, json};

use crate::support::*;

const COMMUNITY: &str = "beiyuan-jiayuan";
const OTHER_COMMUNITY: &str = "zhongcang-shangying";
const PHONE: &str = "13912345678";

async fn report_on_the_street_light(s: &TestServer, description: &str) -> String {
    let key = client_key(&s.state).await;
    let answer = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", description),
            ("phone", PHONE),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    answer.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Moves a report's filing and due times back: filed `filed` days ago, due `due` days after.
fn backdate(s: &TestServer, id: &str, filed: i64, due: i64) {
    let id: i64 = id.parse().unwrap();
    s.state
        .db
        .run_blocking(move |c| {
            c.execute(
                "UPDATE service_requests
                 SET requested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?2 || ' days'),
                     expected_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?3 || ' days')
                 WHERE id = ?1",
                rusqlite::params![id, -filed, due - filed],
            )?;
            Ok(())
        })
        .unwrap();
}

/// Sets the time of a report's updates with `status` to `days` ago.
fn update_at(s: &TestServer, id: &str, status: &str, days: i64) {
    let id: i64 = id.parse().unwrap();
    let status = status.to_owned();
    s.state
        .db
        .run_blocking(move |c| {
            c.execute(
                "UPDATE request_updates
                 SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?3 || ' days')
                 WHERE request_id = ?1 AND status = ?2",
                rusqlite::params![id, status, -days],
            )?;
            Ok(())
        })
        .unwrap();
}

async fn set_status(s: &TestServer, cookie: &str, id: &str, status: &str) {
    let answer = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/status"),
        json!({"status": status}),
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

/// Three reports on the street light: fixed two days after filing though three were allowed (on
/// time), one past its due time and still open (late), and one filed today (not yet due).
async fn three_reports(s: &TestServer, cookie: &str) -> [String; 3] {
    let on_time = report_on_the_street_light(s, "路灯不亮，第一次。").await;
    let late = report_on_the_street_light(s, "=HYPERLINK(\"http://x\") 路灯还是不亮").await;
    let new = report_on_the_street_light(s, "路灯又不亮了。").await;
    set_status(s, cookie, &on_time, "action_scheduled").await;
    set_status(s, cookie, &on_time, "fixed").await;
    backdate(s, &on_time, 10, 3);
    update_at(s, &on_time, "action_scheduled", 9);
    update_at(s, &on_time, "fixed", 8);
    backdate(s, &late, 10, 3);
    [on_time, late, new]
}

fn row<'a>(rows: &'a Value, key: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|row| row["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {rows}"))
}

#[tokio::test]
async fn the_figures_count_on_time_and_late_by_period_type_community_and_unit() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    three_reports(&s, &cookie).await;

    let answer = get_with(
        &s.state,
        "/api/v1/admin/figures.json",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let figures = answer.json();
    assert_eq!(figures["period"], "week");
    let whole = &figures["whole"];
    assert_eq!(whole["filed"], 3);
    assert_eq!(whole["resolved"], 1);
    assert_eq!(
        (whole["on_time"].clone(), whole["late"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(whole["on_time_rate"], 50);
    // Fixed two days after it was filed; dispatched after one.
    assert_eq!(whole["median_hours_to_fix"], 48.0);
    assert_eq!(whole["median_hours_to_respond"], 24.0);

    let streetlight = row(&figures["by_type"], "streetlight_out");
    assert_eq!(streetlight["name_zh"], "路灯不亮");
    assert_eq!(streetlight["figures"]["filed"], 3);
    let community = row(&figures["by_community"], COMMUNITY);
    assert_eq!(community["name_zh"], "北苑家园社区");
    assert_eq!(community["figures"]["filed"], 3);
    // The street light's maintainer, by the component the reports name.
    let units = figures["by_unit"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{units:?}");
    assert!(!units[0]["key"].as_str().unwrap().is_empty());
    assert_eq!(units[0]["figures"]["on_time_rate"], 50);
    // Two ISO weeks at most: ten days ago and today.
    let weeks: Vec<&str> = figures["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["key"].as_str().unwrap())
        .collect();
    assert!((1..=3).contains(&weeks.len()), "{weeks:?}");
    assert!(
        weeks
            .iter()
            .all(|week| week.len() == 8 && &week[4..6] == "-W"),
        "{weeks:?}"
    );
    assert_eq!(
        figures["by_period"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["figures"]["filed"].as_u64().unwrap())
            .sum::<u64>(),
        3
    );
    let spots = figures["hotspots"].as_array().unwrap();
    assert_eq!(spots.len(), 1, "{spots:?}");
    assert_eq!(spots[0]["component_code"], STREET_LIGHT);
    assert_eq!(
        (spots[0]["reports"].clone(), spots[0]["open"].clone()),
        (json!(3), json!(2))
    );
    assert!(!spots[0]["name"].as_str().unwrap().is_empty());

    let months = get_with(
        &s.state,
        "/api/v1/admin/figures.json?period=month",
        &[("cookie", &cookie)],
    )
    .await
    .json();
    assert!(
        months["by_period"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["key"].as_str().unwrap().len() == 7)
    );
    // A span before the reports holds none of them.
    let before = get_with(
        &s.state,
        "/api/v1/admin/figures.json?from=2025-01-01&to=2025-03-31",
        &[("cookie", &cookie)],
    )
    .await
    .json();
    assert_eq!(before["whole"]["filed"], 0);
    assert_eq!(before["whole"]["on_time_rate"], Value::Null);
}

#[tokio::test]
async fn the_figures_refuse_a_bad_span_and_keep_to_the_members_communities() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    three_reports(&s, &cookie).await;
    for (query, needle) in [
        ("from=2026-12-01&to=2026-11-01", "开始日期晚于结束日期"),
        ("from=2025-01-01&to=2026-06-30", "最多统计 366 天"),
        ("period=year", "week or month"),
        ("from=yesterday", "2026-11-30"),
    ] {
        let answer = get_with(
            &s.state,
            &format!("/api/v1/admin/figures.json?{query}"),
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(answer.text().contains(needle), "{query}: {}", answer.text());
    }
    assert_eq!(
        get(&s.state, "/api/v1/admin/figures.json").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&s.state, "/api/v1/admin/requests.csv").await.status,
        StatusCode::UNAUTHORIZED
    );

    create_committee_account(&s.state.db, "wang", "wang-password", OTHER_COMMUNITY).unwrap();
    let outsider = session_cookie(&s.state, "wang", "wang-password").await;
    let theirs = get_with(
        &s.state,
        "/api/v1/admin/figures.json",
        &[("cookie", &outsider)],
    )
    .await
    .json();
    assert_eq!(theirs["whole"]["filed"], 0, "another community's reports");
    let named = get_with(
        &s.state,
        &format!("/api/v1/admin/figures.json?community={COMMUNITY}"),
        &[("cookie", &outsider)],
    )
    .await;
    assert_eq!(named.status, StatusCode::FORBIDDEN);
    let csv = get_with(
        &s.state,
        "/api/v1/admin/requests.csv",
        &[("cookie", &outsider)],
    )
    .await;
    assert_eq!(
        csv.text().lines().count(),
        1,
        "the header only: {}",
        csv.text()
    );
}

#[tokio::test]
async fn the_queue_as_csv_keeps_its_filters_opens_as_text_and_holds_no_phone() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let [on_time, late, new] = three_reports(&s, &cookie).await;
    let answer = get_with(
        &s.state,
        "/api/v1/admin/requests.csv",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let text = answer.text();
    assert!(
        text.starts_with("\u{feff}id,requested_at,service_code"),
        "{text}"
    );
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), 3, "{text}");
    // By due time: the two filed ten days ago first, then today's.
    assert!(lines[2].starts_with(&format!("{new},")), "{text}");
    let late_line = lines
        .iter()
        .find(|line| line.starts_with(&format!("{late},")))
        .unwrap();
    assert!(late_line.contains(",是,"), "overdue: {late_line}");
    // A description that would be a formula opens as text.
    assert!(
        late_line.ends_with("\"'=HYPERLINK(\"\"http://x\"\") 路灯还是不亮\""),
        "{late_line}"
    );
    assert!(!text.contains(PHONE) && !text.contains("5678"), "{text}");

    let fixed = get_with(
        &s.state,
        "/api/v1/admin/requests.csv?status=fixed",
        &[("cookie", &cookie)],
    )
    .await
    .text();
    let fixed: Vec<&str> = fixed.lines().skip(1).collect();
    assert_eq!(fixed.len(), 1);
    assert!(fixed[0].starts_with(&format!("{on_time},")));
    assert!(
        fixed[0].contains(",streetlight_out,路灯不亮,"),
        "{}",
        fixed[0]
    );
    let overdue = get_with(
        &s.state,
        "/api/v1/admin/requests.csv?overdue=true",
        &[("cookie", &cookie)],
    )
    .await
    .text();
    assert_eq!(overdue.lines().count(), 2, "{overdue}");
    let today = get_with(
        &s.state,
        &format!(
            "/api/v1/admin/requests.csv?from={}",
            time::OffsetDateTime::now_utc()
                .to_offset(time::macros::offset!(+8))
                .date()
        ),
        &[("cookie", &cookie)],
    )
    .await
    .text();
    let today: Vec<&str> = today.lines().skip(1).collect();
    assert_eq!(today.len(), 1, "{today:?}");
    assert!(today[0].starts_with(&format!("{new},")));
    let bad = get_with(
        &s.state,
        "/api/v1/admin/requests.csv?status=lost",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn each_community_and_street_publishes_its_performance_without_personal_data() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    three_reports(&s, &cookie).await;
    let answer = get(
        &s.state,
        &format!("/api/v1/performance/community/{COMMUNITY}.json"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let community = answer.json();
    assert_eq!(community["sample_data"], true);
    assert_eq!(community["name_zh"], "北苑家园社区");
    assert_eq!(community["whole"]["filed"], 3);
    assert_eq!(community["whole"]["on_time_rate"], 50);
    assert!(community["by_community"].as_array().unwrap().is_empty());
    let months = community["by_month"].as_array().unwrap();
    assert!((1..=2).contains(&months.len()), "{months:?}");
    assert!(months.iter().all(|m| m["key"].as_str().unwrap().len() == 7));
    let text = answer.text();
    assert!(
        !text.contains("路灯还是不亮") && !text.contains("5678"),
        "{text}"
    );

    let street = get(&s.state, "/api/v1/performance/street/beiyuan.json")
        .await
        .json();
    assert_eq!(street["whole"]["filed"], 3);
    let by_community = street["by_community"].as_array().unwrap();
    assert_eq!(
        by_community.len(),
        1,
        "communities with reports: {by_community:?}"
    );
    assert_eq!(by_community[0]["key"], COMMUNITY);
    let quiet = get(&s.state, "/api/v1/performance/street/zhongcang.json")
        .await
        .json();
    assert_eq!(quiet["whole"]["filed"], 0);
    assert_eq!(quiet["whole"]["response_rate"], Value::Null);

    for unknown in [
        "/api/v1/performance/community/nowhere.json",
        "/api/v1/performance/street/nowhere.json",
    ] {
        let answer = get(&s.state, unknown).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{unknown}");
        assert!(answer.text().contains("nowhere"), "{}", answer.text());
    }
}
