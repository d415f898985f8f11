//! No page a resident, a kiosk or a committee member opens reads a whole table that grows with
//! the district. The server runs on a database that hands over every statement it executes; the
//! hot reads and writes are made through the router as the SPA makes them; then SQLite's
//! `EXPLAIN QUERY PLAN` of each statement must search an index, never scan one of those tables.
//! A scan that is right is listed below with its reason, for a reviewer to read.

use std::collections::BTreeSet;
use std::sync::Mutex;

use axum::http::StatusCode;
use rusqlite::trace::TraceEvent;
use serde_json::json;

use crate::support::{
    STREET_LIGHT, client_key, file_free_report, first_building_square, get, get_with, post_form,
    post_json, session_cookie, traced_server,
};
use crate::vote::{cast, codes, committee_on, open_ballot};

/// Tables whose rows grow with the district's size or its years of use.
const GROWING: &[&str] = &[
    "components",
    "buildings",
    "service_points",
    "walking_graphs",
    "communities",
    "ballots",
    "service_requests",
    "request_updates",
    "request_photos",
    "request_supporters",
    "voting_codes",
    "votes",
    "paper_entries",
    "poll_devices",
    "vote_resends",
    "ballot_events",
    "code_requests",
    "paper_ballots",
    "paper_keyings",
    "audit_log",
    "sessions",
];

/// Scans that are right, each with the words a statement must contain and why.
const ALLOWED_SCANS: &[(&str, &str)] = &[
    (
        "FROM audit_log ORDER BY seq DESC LIMIT 1",
        "the newest entry, for the next one's hash: the primary key read from its end, one row",
    ),
    (
        "WHERE 1 = 1 AND r.requested_at >= ?",
        "Open311's list in its default window, newest first: the rowid is walked from the end \
         until the page is full, and ids grow with the time a report came in, so the last 90 \
         days fill a page from the first rows read",
    ),
    (
        "WHERE (community_id IS NOT NULL OR ?7) AND ?1 IS NULL",
        "the whole district's queue without a status: the due-time index walked from the \
         earliest until the page is full, so a page costs its length, not the district's",
    ),
    (
        "FROM communities c WHERE c.archived_at IS NULL AND ?1 IS NULL ORDER BY id",
        "the district administrator's dashboard: one row per community is what it shows, each \
         counted by the community indexes; a member's dashboard finds their communities by id",
    ),
];

static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(event: TraceEvent<'_>) {
    // The statement as the server prepared it, with its `?N` parameters: SQLite plans it
    // before any value is bound, so that plan is the one every request with it runs.
    if let TraceEvent::Stmt(statement, _) = event {
        STATEMENTS
            .lock()
            .unwrap()
            .push(statement.sql().into_owned());
    }
}

fn taken() -> Vec<String> {
    std::mem::take(&mut *STATEMENTS.lock().unwrap())
}

/// The tables a plan reads whole: `SCAN t` (SQLite ≥ 3.36 words it so, with or without
/// `USING … INDEX` when it walks an index from end to end). A plan names a table by its alias
/// where the statement gives one (`FROM service_requests r` → `SCAN r`), so the aliases are
/// read from `sql` first.
fn scanned_tables(sql: &str, plan: &[String]) -> Vec<String> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut aliases = std::collections::BTreeMap::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(table) = GROWING.iter().find(|t| t.eq_ignore_ascii_case(word)) {
            let next = words.get(i + 1).copied().unwrap_or_default();
            let alias = if next.eq_ignore_ascii_case("AS") {
                words.get(i + 2).copied().unwrap_or_default()
            } else {
                next
            };
            if !alias.is_empty() && alias.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                aliases.insert(alias.to_owned(), *table);
            }
        }
    }
    plan.iter()
        .filter_map(|detail| detail.strip_prefix("SCAN "))
        .map(|rest| rest.split_whitespace().next().unwrap_or_default())
        .filter_map(|name| {
            GROWING
                .iter()
                .find(|t| **t == name)
                .or_else(|| aliases.get(name))
                .map(|table| table.to_string())
        })
        .collect()
}

#[tokio::test]
async fn the_hot_pages_search_indexes_and_never_scan_a_growing_table() {
    let c = committee_on(traced_server(record)).await;
    let s = &c.s;
    let ballot = open_ballot(&c, "plans").await;
    let issued = codes(&c, &ballot, 2).await;
    let key = client_key(&s.state).await;
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "streetlight_out"),
        ("attribute[component_code]", STREET_LIGHT),
        ("description", "路灯不亮"),
        ("phone", "13800138000"),
    ];
    let filed = post_form(&s.state, "/open311/v2/requests.json", &form)
        .await
        .json();
    let id = filed[0]["service_request_id"].as_str().unwrap().to_owned();
    let secret = filed[0]["tracking_secret"].as_str().unwrap().to_owned();
    let community = "beiyuan-jiayuan";
    taken();

    // What residents and kiosks read and write.
    let mut reads = vec![
        format!("/api/v1/components/{STREET_LIGHT}.json"),
        format!("/api/v1/components/by-community/{community}.json"),
        format!("/api/v1/components.json?q={}", &STREET_LIGHT[..12]),
        format!("/api/v1/components.json?community={community}&q=%E8%B7%AF"),
        format!("/api/v1/services/{community}.json"),
        format!("/api/v1/buildings/by-community/{community}.json"),
        format!("/api/v1/walking-graphs/{community}.json"),
        format!("/api/v1/ballots/{ballot}.json"),
        format!("/api/v1/ballots/{ballot}/turnout.json"),
        "/api/v1/streets.json".to_owned(),
        "/api/v1/communities/by-street/beiyuan.json".to_owned(),
        format!(
            "/api/v1/communities/near/{}.json",
            first_building_square(&s.state, community).await.1
        ),
        format!("/api/v1/ballots/by-community/{community}.json"),
        format!("/open311/v2/requests/{id}.json"),
    ];
    for path in reads.drain(..) {
        let answer = get(&s.state, &path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    }
    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.text());
    let voted = cast(s, &ballot, &issued[0], &["p1"], "phone").await;
    assert_eq!(voted.status, StatusCode::CREATED, "{}", voted.text());
    for path in [
        format!("/api/v1/ballots/{ballot}/events.json"),
        "/open311/v2/requests.json".to_owned(),
    ] {
        let answer = get(&s.state, &path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    }
    let kiosk = get_with(
        &s.state,
        "/api/v1/kiosk/config.json",
        &[("x-linli-kiosk", &s.kiosk_token)],
    )
    .await;
    assert_eq!(kiosk.status, StatusCode::OK, "{}", kiosk.text());
    let supported = post_json(
        &s.state,
        &format!("/api/v1/requests/{id}/supporters"),
        json!({"device": "device-plans-0000000"}),
        &[],
    )
    .await;
    assert_eq!(supported.status, StatusCode::OK, "{}", supported.text());
    assert_eq!(
        file_free_report(&s.state, "井盖松动").await.status,
        StatusCode::CREATED
    );

    // What a committee member of 北苑家园 reads and writes.
    let cookie = [("cookie", c.zhang.as_str())];
    for path in [
        "/api/v1/admin/requests.json".to_owned(),
        "/api/v1/admin/requests.json?status=open".to_owned(),
        format!("/api/v1/admin/requests.json?community={community}"),
        "/api/v1/admin/requests.json?overdue=true".to_owned(),
        format!("/api/v1/admin/requests/{id}.json"),
        "/api/v1/admin/dashboard.json".to_owned(),
        "/api/v1/admin/rates.json".to_owned(),
        format!("/api/v1/admin/gaps/{community}.json"),
        "/api/v1/admin/ballots.json".to_owned(),
        format!("/api/v1/admin/ballots/{ballot}.json"),
        format!("/api/v1/admin/ballots/{ballot}/paper.json"),
        "/api/v1/admin/audit.json".to_owned(),
    ] {
        let answer = get_with(&s.state, &path, &cookie).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    }
    // The district's administrator, who covers every community.
    let district = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    for path in [
        "/api/v1/admin/requests.json?status=open",
        "/api/v1/admin/requests.json?community=beiyuan-jiayuan",
        "/api/v1/admin/dashboard.json",
    ] {
        let answer = get_with(&s.state, path, &[("cookie", &district)]).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text());
    }

    let statements: BTreeSet<String> = taken()
        .into_iter()
        .map(|sql| sql.trim().to_owned())
        .filter(|sql| {
            let head = sql.split_whitespace().next().unwrap_or_default();
            ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
                .iter()
                .any(|verb| head.eq_ignore_ascii_case(verb))
        })
        .collect();
    assert!(statements.len() > 30, "{} statements", statements.len());

    let path = s.dir.path().join("linli.sqlite");
    let reader = rusqlite::Connection::open(&path).unwrap();
    let mut scans = Vec::new();
    for sql in &statements {
        let mut stmt = reader
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
        // Unbound parameters are NULL: the plan does not depend on them.
        let plan: Vec<String> = stmt
            .raw_query()
            .mapped(|r| r.get::<_, String>(3))
            .collect::<Result<_, _>>()
            .unwrap();
        let scanned = scanned_tables(sql, &plan);
        let allowed = ALLOWED_SCANS.iter().any(|(words, _)| sql.contains(words));
        if !scanned.is_empty() && !allowed {
            scans.push(format!("{scanned:?} in\n    {sql}\n    plan: {plan:?}"));
        }
    }
    assert!(
        scans.is_empty(),
        "{} statements scan a growing table:\n{}",
        scans.len(),
        scans.join("\n")
    );
}

#[test]
fn a_scan_is_told_from_a_search() {
    let plan = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let sql = "SELECT * FROM components";
    assert_eq!(
        scanned_tables(
            sql,
            &plan(&["SCAN components", "SEARCH units USING INTEGER PRIMARY KEY"])
        ),
        vec!["components"]
    );
    assert_eq!(
        scanned_tables(
            "SELECT count(*) FROM votes",
            &plan(&["SCAN votes USING COVERING INDEX votes_by_ballot"])
        ),
        vec!["votes"]
    );
    assert!(
        scanned_tables(
            sql,
            &plan(&["SEARCH components USING INDEX components_by_community (community_id=?)"])
        )
        .is_empty()
    );
    // A table under an alias is known by it in the plan.
    let aliased =
        "SELECT r.id FROM service_requests r JOIN request_updates AS u ON u.request_id = r.id";
    assert_eq!(
        scanned_tables(aliased, &plan(&["SCAN r", "SCAN u"])),
        vec!["service_requests", "request_updates"]
    );
    // A small table read whole is no cost at district size.
    assert!(scanned_tables("SELECT * FROM streets", &plan(&["SCAN streets"])).is_empty());
}
