//! The audit trail through the router: one whole vote and one report leave every committee step
//! in it, with who, from where and what changed, and nothing secret; each reader sees what is
//! theirs; the CSV export; the chain checks out.

use std::net::IpAddr;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_server::audit::{ChainCheck, verify};
use linli_server::create_committee_account;
use serde_json::{Value, json};

use crate::support::*;

/// An audit entry's detail, stored and sent as JSON text.
fn detail(entry: &serde_json::Value) -> serde_json::Value {
    serde_json::from_str(entry["detail"].as_str().expect("detail is text")).unwrap()
}

const COMMUNITY: &str = "beiyuan-jiayuan";
const OTHER_COMMUNITY: &str = "zhongcang-shangying";
const PAST: &str = "2026-01-01T00:00:00+08:00";
const FUTURE: &str = "2099-12-31T20:00:00+08:00";
/// Where 张's desk is, as the server's socket would see it.
const DESK: [u8; 4] = [10, 1, 2, 3];

/// A request from `DESK`, as the server's accept loop marks every request with its address.
async fn from_desk(s: &TestServer, method: &str, path: &str, body: Value, cookie: &str) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    request
        .extensions_mut()
        .insert(linli_server::ClientAddress(Some(IpAddr::from(DESK))));
    send(&s.state, request).await
}

async fn created(answer: Answer) -> Value {
    assert!(
        answer.status.is_success(),
        "{}: {}",
        answer.status,
        answer.text()
    );
    answer.json()
}

fn actions(page: &Value) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    entries.reverse();
    entries
}

struct Run {
    s: TestServer,
    zhang: String,
    li: String,
    wang: String,
    code: String,
}

/// 张 and 李 of 北苑家园 run a whole vote (two library projects, a ballot, three codes, opened,
/// one vote cast, closed early by both), 张 moves a report on, a wrong password is typed twice
/// (once a password in the username box), and 张 signs out.
async fn whole_vote_and_a_report() -> Run {
    let s = server();
    for (name, community) in [
        ("zhang", COMMUNITY),
        ("li", COMMUNITY),
        ("wang", OTHER_COMMUNITY),
    ] {
        create_committee_account(&s.state.db, name, &format!("{name}-password"), community)
            .unwrap();
    }
    let wrong = login(&s.state, "zhang", "not-his-password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let typed_in_the_wrong_box = login(&s.state, "zhang-password", "zhang").await;
    assert_eq!(
        typed_in_the_wrong_box.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let zhang = session_cookie(&s.state, "zhang", "zhang-password").await;
    let li = session_cookie(&s.state, "li", "li-password").await;
    let wang = session_cookie(&s.state, "wang", "wang-password").await;

    let mut projects = Vec::new();
    for (n, cost) in [100_000, 150_000].into_iter().enumerate() {
        let project = created(
            from_desk(
                &s,
                "POST",
                "/api/v1/admin/library",
                json!({"community_id": COMMUNITY, "title": format!("口袋公园{n}"), "summary": "简介",
                    "theme": "绿色生态", "location": "北苑三街", "cost_yuan": cost}),
                &zhang,
            )
            .await,
        )
        .await;
        projects.push(project["id"].as_i64().unwrap());
    }
    created(
        from_desk(
            &s,
            "POST",
            "/api/v1/admin/ballots",
            json!({"id": "audit-vote", "community_id": COMMUNITY, "title": "微更新投票",
                "explanation": "说明", "kind": "budget", "budget_yuan": 300_000,
                "min_choices": 1, "max_choices": 2, "rule": "greedy", "opens_at": PAST,
                "closes_at": FUTURE, "library_projects": projects}),
            &zhang,
        )
        .await,
    )
    .await;
    let codes = created(
        from_desk(
            &s,
            "POST",
            "/api/v1/admin/ballots/audit-vote/codes",
            json!({"count": 3}),
            &zhang,
        )
        .await,
    )
    .await;
    let code = codes["codes"][0].as_str().unwrap().to_owned();
    created(
        from_desk(
            &s,
            "POST",
            "/api/v1/admin/ballots/audit-vote/open",
            json!({}),
            &zhang,
        )
        .await,
    )
    .await;
    let ballot = get(&s.state, "/api/v1/ballots/audit-vote.json")
        .await
        .json();
    let first_project = ballot["projects"][0]["id"].as_str().unwrap().to_owned();
    let vote = post_json(
        &s.state,
        "/api/v1/ballots/audit-vote/votes",
        json!({"code": code, "selections": [first_project], "channel": "phone"}),
        &[],
    )
    .await;
    assert!(vote.status.is_success(), "{}", vote.text());
    let close = "/api/v1/admin/ballots/audit-vote/close";
    assert_eq!(
        from_desk(&s, "POST", close, json!({}), &zhang).await.status,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        from_desk(&s, "POST", close, json!({}), &li).await.status,
        StatusCode::OK
    );

    let key = client_key(&s.state).await;
    let report = post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", "路灯晚上不亮。"),
            ("phone", "13800138000"),
        ],
    )
    .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text());
    let report_id = report.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let moved = from_desk(
        &s,
        "POST",
        &format!("/api/v1/admin/requests/{report_id}/status"),
        json!({"status": "action_scheduled", "note": "已派遣至城市照明管理所", "public": true}),
        &zhang,
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    let out = from_desk(&s, "POST", "/api/v1/session/logout", json!({}), &zhang).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    Run {
        s,
        zhang,
        li,
        wang,
        code,
    }
}

#[tokio::test]
async fn a_whole_vote_and_a_report_leave_every_committee_step_in_the_trail() {
    let run = whole_vote_and_a_report().await;
    let s = &run.s;
    let district = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let page = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &district).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    let steps: Vec<(String, String)> = actions(&page)
        .into_iter()
        .filter(|(action, _)| action != "district.init")
        .collect();
    let expected: Vec<(String, String)> = [
        ("account.add", "(command line)"),
        ("account.add", "(command line)"),
        ("account.add", "(command line)"),
        ("session.sign_in_failed", "zhang"),
        ("session.sign_in_failed", "(unknown account)"),
        ("session.sign_in", "zhang"),
        ("session.sign_in", "li"),
        ("session.sign_in", "wang"),
        ("library.add", "zhang"),
        ("library.add", "zhang"),
        ("ballot.create", "zhang"),
        ("ballot.codes", "zhang"),
        ("ballot.open", "zhang"),
        ("ballot.close_asked", "zhang"),
        ("ballot.close", "li"),
        ("report.status", "zhang"),
        ("session.sign_out", "zhang"),
        ("session.sign_in", s.account.username.as_str()),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(steps, expected);

    let entries = page["entries"].as_array().unwrap();
    let find = |action: &str| {
        entries
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("no {action}"))
    };
    let codes = find("ballot.codes");
    assert_eq!(codes["community_id"], COMMUNITY);
    assert_eq!(codes["subject"], "audit-vote");
    assert_eq!(detail(codes)["count"], 3);
    assert_eq!(codes["address"], "10.1.2.3");
    assert_eq!(detail(find("ballot.close"))["asked_by"], "zhang");
    let status = find("report.status");
    assert_eq!(detail(status)["from"], "open");
    assert_eq!(detail(status)["to"], "action_scheduled");
    assert_eq!(detail(find("ballot.create"))["projects"], 2);

    // Nothing secret: not the code, the phone number, nor a password typed in the wrong box.
    let csv = get_with_cookie(&s.state, "/api/v1/admin/audit.csv", &district).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    for secret in [
        run.code.as_str(),
        "13800138000",
        "zhang-password",
        "not-his-password",
    ] {
        assert!(!text.contains(secret), "{secret} is in the trail");
        assert!(
            !page.to_string().contains(secret),
            "{secret} is in the trail"
        );
    }

    match verify(&s.state.db).unwrap() {
        ChainCheck::Intact {
            entries: n,
            last_hash,
        } => {
            assert_eq!(n as usize, entries.len());
            assert_eq!(entries[0]["hash"], last_hash.as_str());
        }
        broken => panic!("{broken:?}"),
    }
    // Anyone with the page can check each hash: SHA-256 of the previous hash, a newline, and
    // the entry's fields as one JSON array (docs/operations.md, "The audit trail").
    for entry in entries {
        let fields = json!([
            entry["seq"],
            entry["at"],
            entry["actor"],
            entry.get("address"),
            entry.get("community_id"),
            entry["action"],
            entry.get("subject"),
            entry["detail"],
        ]);
        let text = format!("{}\n{fields}", entry["prev_hash"].as_str().unwrap());
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(text.as_bytes()));
        assert_eq!(entry["hash"], hash.as_str(), "{entry}");
    }
    // Each entry names the one before it.
    for pair in entries.windows(2) {
        assert_eq!(pair[0]["prev_hash"], pair[1]["hash"]);
        assert_eq!(
            pair[0]["seq"].as_i64().unwrap(),
            pair[1]["seq"].as_i64().unwrap() + 1
        );
    }
}

#[tokio::test]
async fn members_read_their_own_community_and_the_district_reads_all() {
    let run = whole_vote_and_a_report().await;
    let s = &run.s;
    let li = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &run.li)
        .await
        .json();
    let seen = actions(&li);
    assert!(seen.iter().any(|(a, _)| a == "ballot.close"), "{seen:?}");
    assert!(
        li["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["community_id"] == COMMUNITY),
        "{li}"
    );
    // Sign-ins are the district's, not a community's.
    assert!(
        !seen.iter().any(|(a, _)| a.starts_with("session.")),
        "{seen:?}"
    );

    let wang = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &run.wang)
        .await
        .json();
    let wang_sees: Vec<&Value> = wang["entries"].as_array().unwrap().iter().collect();
    assert!(
        wang_sees
            .iter()
            .all(|e| e["community_id"] == OTHER_COMMUNITY),
        "{wang}"
    );
    let asked = get_with_cookie(
        &s.state,
        &format!("/api/v1/admin/audit.json?community={COMMUNITY}"),
        &run.wang,
    )
    .await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN);
    let csv = get_with_cookie(&s.state, "/api/v1/admin/audit.csv", &run.wang).await;
    assert!(!csv.text().contains("audit-vote"), "{}", csv.text());

    let signed_out = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &run.zhang).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&s.state, "/api/v1/admin/audit.json").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_trail_reads_a_page_at_a_time_and_exports_oldest_first() {
    let run = whole_vote_and_a_report().await;
    let s = &run.s;
    let district = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let all = get_with_cookie(&s.state, "/api/v1/admin/audit.json", &district)
        .await
        .json();
    let total = all["entries"].as_array().unwrap().len();
    let mut seen = Vec::new();
    let mut path = "/api/v1/admin/audit.json?limit=5".to_owned();
    loop {
        let page = get_with_cookie(&s.state, &path, &district).await.json();
        let entries = page["entries"].as_array().unwrap();
        assert!(entries.len() <= 5);
        seen.extend(entries.iter().map(|e| e["seq"].as_i64().unwrap()));
        match page["next_before"].as_i64() {
            Some(before) => path = format!("/api/v1/admin/audit.json?limit=5&before={before}"),
            None => break,
        }
    }
    let expected: Vec<i64> = (1..=total as i64).rev().collect();
    assert_eq!(seen, expected);

    let csv = get_with_cookie(&s.state, "/api/v1/admin/audit.csv", &district).await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let text = csv.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}seq,at,actor,address,community_id,action,subject,detail,prev_hash,hash"
    );
    let seqs: Vec<i64> = lines
        .map(|line| line.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(seqs, (1..=total as i64).collect::<Vec<_>>());

    let bad = get_with_cookie(&s.state, "/api/v1/admin/audit.json?limit=lots", &district).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
