//! Votes through the router: codes spent once under 200-way concurrency, refusals that store
//! nothing, results only after close, paper ballots keyed twice, `.pb` and CSV exports, CSV
//! import of paper ballots.

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use linli_core::pabulib::{Election, Selected};
use linli_core::tally::{declared_rule, tally};
use linli_server::create_committee_account;
use linli_server::seed::sample_data;
use serde_json::{Value, json};

use crate::support::*;

const COMMUNITY: &str = "beiyuan-jiayuan";
const OTHER_COMMUNITY: &str = "zhongcang-shangying";
const PAST: &str = "2026-01-01T00:00:00+08:00";
const FUTURE: &str = "2099-12-31T20:00:00+08:00";

/// A server with two committee members of 北苑家园 and one of 上营, signed in.
pub(crate) struct Committee {
    pub(crate) s: TestServer,
    pub(crate) zhang: String,
    li: String,
    outsider: String,
}

pub(crate) async fn committee() -> Committee {
    committee_on(server()).await
}

/// [`committee`] on a server set up otherwise (`query_plans` traces its statements).
pub(crate) async fn committee_on(s: TestServer) -> Committee {
    for (name, community) in [
        ("zhang", COMMUNITY),
        ("li", COMMUNITY),
        ("wang", OTHER_COMMUNITY),
    ] {
        create_committee_account(&s.state.db, name, &format!("{name}-password"), community)
            .unwrap();
    }
    let zhang = session_cookie(&s.state, "zhang", "zhang-password").await;
    let li = session_cookie(&s.state, "li", "li-password").await;
    let outsider = session_cookie(&s.state, "wang", "wang-password").await;
    Committee {
        s,
        zhang,
        li,
        outsider,
    }
}

async fn send_json(
    s: &TestServer,
    method: &str,
    path: &str,
    body: Value,
    cookie: Option<&str>,
) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(
        &s.state,
        request.body(Body::from(body.to_string())).unwrap(),
    )
    .await
}

async fn committee_post(s: &TestServer, cookie: &str, path: &str, body: Value) -> Answer {
    send_json(s, "POST", path, body, Some(cookie)).await
}

/// Adds library projects with these costs; returns their ids.
async fn library(c: &Committee, costs: &[u64]) -> Vec<i64> {
    let mut ids = Vec::new();
    for (n, cost) in costs.iter().enumerate() {
        let answer = committee_post(
            &c.s,
            &c.zhang,
            "/api/v1/admin/library",
            json!({"community_id": COMMUNITY, "title": format!("项目{n}"), "summary": "简介",
                "theme": "绿色生态", "location": "北苑三街", "cost_yuan": cost}),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
        ids.push(answer.json()["id"].as_i64().unwrap());
    }
    ids
}

/// Defines a ballot over projects with these costs, opens it if `opens_at` allows, returns its id.
async fn ballot_with(c: &Committee, id: &str, costs: &[u64], extra: Value) -> String {
    draft_with(c, id, costs, extra).await;
    let opened = committee_post(
        &c.s,
        &c.zhang,
        &format!("/api/v1/admin/ballots/{id}/open"),
        json!({}),
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text());
    id.to_owned()
}

/// A draft ballot of 北苑家园 over new library projects costing `costs`.
pub(crate) async fn draft_with(c: &Committee, id: &str, costs: &[u64], extra: Value) {
    let projects = library(c, costs).await;
    let mut definition = json!({
        "id": id, "community_id": COMMUNITY, "title": "测试投票", "explanation": "说明",
        "kind": "budget", "budget_yuan": 300_000, "min_choices": 1, "max_choices": costs.len(),
        "rule": "greedy", "opens_at": PAST, "closes_at": FUTURE, "library_projects": projects,
    });
    for (key, value) in extra.as_object().unwrap() {
        definition[key] = value.clone();
    }
    let created = committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", definition).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["status"], "draft");
}

/// Costs 100k, 150k, 200k, 50k against a budget of 300k.
pub(crate) async fn open_ballot(c: &Committee, id: &str) -> String {
    ballot_with(c, id, &[100_000, 150_000, 200_000, 50_000], json!({})).await
}

/// `count` codes: made at once for a draft; for an open ballot 张 asks and 李 confirms.
pub(crate) async fn codes(c: &Committee, ballot: &str, count: u32) -> Vec<String> {
    let body = json!({ "count": count });
    let direct = format!("/api/v1/admin/ballots/{ballot}/codes");
    let mut answer = committee_post(&c.s, &c.zhang, &direct, body.clone()).await;
    if answer.status == StatusCode::CONFLICT {
        let asked = committee_post(
            &c.s,
            &c.zhang,
            &format!("/api/v1/admin/ballots/{ballot}/code-requests"),
            body,
        )
        .await;
        assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text());
        let request = asked.json()["id"].as_i64().unwrap();
        answer = committee_post(
            &c.s,
            &c.li,
            &format!("/api/v1/admin/ballots/{ballot}/code-requests/{request}/confirm"),
            json!({}),
        )
        .await;
    }
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    answer.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| code.as_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn cast(
    s: &TestServer,
    ballot: &str,
    code: &str,
    selections: &[&str],
    channel: &str,
) -> Answer {
    let body = json!({"code": code, "selections": selections, "channel": channel});
    post_vote(s, ballot, body).await
}

/// A vote with any body. Only a paired kiosk may count a vote under the kiosk channel, so a
/// kiosk-channel one carries the paired kiosk's token.
async fn post_vote(s: &TestServer, ballot: &str, body: Value) -> Answer {
    let mut request = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/ballots/{ballot}/votes"))
        .header(header::CONTENT_TYPE, "application/json");
    if body["channel"] == "kiosk" {
        request = request.header("x-linli-kiosk", &s.kiosk_token);
    }
    send(
        &s.state,
        request.body(Body::from(body.to_string())).unwrap(),
    )
    .await
}

/// Closes early, as two members do: 张 asks, 李 confirms.
async fn close(c: &Committee, ballot: &str) {
    let path = format!("/api/v1/admin/ballots/{ballot}/close");
    let asked = committee_post(&c.s, &c.zhang, &path, json!({})).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text());
    let answer = committee_post(&c.s, &c.li, &path, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["status"], "closed");
}

/// A two-person step that 张 began at `path`: 张 himself, the shared first-run account and a
/// member of another community are each refused as its second person, and nothing happens.
async fn assert_only_another_named_member_may_confirm(c: &Committee, path: &str) {
    let by_self = committee_post(&c.s, &c.zhang, path, json!({})).await;
    assert_refused(
        &by_self,
        StatusCode::FORBIDDEN,
        "forbidden",
        "another committee member",
    );
    let shared = session_cookie(&c.s.state, &c.s.account.username, &c.s.account.password).await;
    let by_shared = committee_post(&c.s, &shared, path, json!({})).await;
    assert_refused(
        &by_shared,
        StatusCode::FORBIDDEN,
        "forbidden",
        "shared first-run account",
    );
    let by_outsider = committee_post(&c.s, &c.outsider, path, json!({})).await;
    assert_eq!(by_outsider.status, StatusCode::FORBIDDEN);
}

fn assert_refused(answer: &Answer, status: StatusCode, code: &str, needle: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
}

fn spent_codes(s: &TestServer) -> i64 {
    count(&s.state, "voting_codes WHERE spent_at IS NOT NULL")
}

/// A well-formed code with one character changed: the check character catches it.
fn mistyped(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_votes_with_one_code_count_once() {
    let c = committee().await;
    let ballot = open_ballot(&c, "concurrent").await;
    let code = codes(&c, &ballot, 1).await.remove(0);
    let started = Instant::now();
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let state = c.s.state.clone();
            let ballot = ballot.clone();
            let code = code.clone();
            let kiosk_token = c.s.kiosk_token.clone();
            // Spread the channels and selections, so the one winner could be any of them.
            let channel = if n % 2 == 0 { "phone" } else { "kiosk" };
            let selections = if n % 3 == 0 {
                vec!["p1"]
            } else {
                vec!["p2", "p4"]
            };
            tokio::spawn(async move {
                let request = Request::post(format!("/api/v1/ballots/{ballot}/votes"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("x-linli-kiosk", kiosk_token)
                    .body(Body::from(
                        json!({"code": code, "selections": selections, "channel": channel})
                            .to_string(),
                    ))
                    .unwrap();
                send(&state, request).await
            })
        })
        .collect();
    let mut accepted = 0;
    let mut already_used = 0;
    for task in tasks {
        let answer = task.await.unwrap();
        match answer.status {
            StatusCode::CREATED => accepted += 1,
            StatusCode::CONFLICT => {
                assert_refused(&answer, StatusCode::CONFLICT, "conflict", "已经用过");
                already_used += 1;
            }
            other => panic!("unexpected {other}: {}", answer.text()),
        }
    }
    eprintln!(
        "200 concurrent votes with one code: {:?}",
        started.elapsed()
    );
    assert_eq!((accepted, already_used), (1, 199));
    assert_eq!(count(&c.s.state, "votes"), 1);
    assert_eq!(spent_codes(&c.s), 1);
    let turnout = turnout_of(&c, &ballot).await;
    assert_eq!(turnout["codes_spent"], 1);
    assert_eq!(turnout["codes_issued"], 1);
}

/// Issue #27: a vote had no idempotency, so when the phone's answer was lost after the server
/// committed, the resend got 409 "already used" and the resident never saw the receipt.
#[tokio::test]
async fn a_vote_sent_again_with_its_key_is_answered_with_the_same_receipt() {
    let c = committee().await;
    let ballot = open_ballot(&c, "resent").await;
    let issued = codes(&c, &ballot, 2).await;
    let vote = |code: &str, selections: &[&str], channel: &str, key: &str| json!({"code": code, "selections": selections, "channel": channel, "idempotency_key": key});
    let key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    let first = post_vote(&c.s, &ballot, vote(&issued[0], &["p1"], "phone", key)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    // The answer was lost; the phone sends the same vote again.
    let again = post_vote(&c.s, &ballot, vote(&issued[0], &["p1"], "phone", key)).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
    assert_eq!(again.json(), first.json());
    assert_eq!(count(&c.s.state, "votes"), 1);
    // Another choice under the same key is refused, and says why.
    let changed = post_vote(&c.s, &ballot, vote(&issued[0], &["p2"], "phone", key)).await;
    assert_refused(&changed, StatusCode::CONFLICT, "conflict", "another choice");
    // The same key with another household's code is that household's own vote.
    let neighbour = post_vote(&c.s, &ballot, vote(&issued[1], &["p1"], "kiosk", key)).await;
    assert_eq!(
        neighbour.status,
        StatusCode::CREATED,
        "{}",
        neighbour.text()
    );
    assert_ne!(neighbour.json()["receipt"], first.json()["receipt"]);
    // Without the key a resend is what it always was: the code is spent.
    let keyless = cast(&c.s, &ballot, &issued[0], &["p1"], "phone").await;
    assert_refused(&keyless, StatusCode::CONFLICT, "conflict", "已经用过");
    assert_eq!(count(&c.s.state, "votes"), 2);
    // A resend that arrives after the close still gets its receipt.
    close(&c, &ballot).await;
    let late = post_vote(&c.s, &ballot, vote(&issued[0], &["p1"], "phone", key)).await;
    assert_eq!(late.status, StatusCode::CREATED, "{}", late.text());
    assert_eq!(late.json(), first.json());
    let malformed = post_vote(&c.s, &ballot, vote(&issued[0], &["p1"], "phone", "short")).await;
    assert_refused(
        &malformed,
        StatusCode::BAD_REQUEST,
        "malformed_request",
        "16",
    );
}

#[tokio::test]
async fn every_refusal_stores_nothing_and_says_why() {
    let c = committee().await;
    let ballot = open_ballot(&c, "refusals").await;
    let other = open_ballot(&c, "refusals-other").await;
    let issued = codes(&c, &ballot, 3).await;
    let foreign = codes(&c, &other, 1).await.remove(0);
    let used = &issued[0];
    assert_eq!(
        cast(&c.s, &ballot, used, &["p1"], "phone").await.status,
        StatusCode::CREATED
    );
    let fresh = &issued[1];
    let never_issued = {
        // Well-formed, with a correct check character, but never issued.
        let grouped = linli_core::voting_code::VotingCode::from_payload("23456789ABC").unwrap();
        grouped.grouped()
    };
    let url = format!("/api/v1/ballots/{ballot}/votes");
    let cases: Vec<(Answer, StatusCode, &str, &str)> = vec![
        (
            cast(&c.s, &ballot, fresh, &["p1", "p2", "p3"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "over_budget",
            "超出预算15万元",
        ),
        (
            cast(&c.s, &ballot, fresh, &[], "kiosk").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_few_choices",
            "至少选 1 个",
        ),
        (
            cast(&c.s, &ballot, fresh, &["p1", "p9"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_project",
            "p9",
        ),
        (
            cast(&c.s, &ballot, fresh, &["p1", "p1"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "duplicate_project",
            "p1",
        ),
        (
            cast(&c.s, &ballot, &never_issued, &["p1"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_code",
            "不能用于这次投票",
        ),
        (
            cast(&c.s, &ballot, &mistyped(fresh), &["p1"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "mistyped_code",
            "输入错误",
        ),
        (
            cast(&c.s, &ballot, used, &["p1"], "phone").await,
            StatusCode::CONFLICT,
            "conflict",
            "已经用过",
        ),
        (
            cast(&c.s, &ballot, &foreign, &["p1"], "phone").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_code",
            "不能用于这次投票",
        ),
        (
            cast(&c.s, &ballot, fresh, &["p1"], "paper").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "paper_via_committee",
            "居委会",
        ),
        (
            post_json(&c.s.state, &url, json!({"code": fresh}), &[]).await,
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "投票码",
        ),
        (
            post_json(
                &c.s.state,
                "/api/v1/ballots/no-such/votes",
                json!({"code": fresh, "selections": ["p1"], "channel": "phone"}),
                &[],
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
            "no-such",
        ),
    ];
    for (answer, status, code, needle) in &cases {
        assert_refused(answer, *status, code, needle);
    }
    // The three code refusals a voter can act on say three different things.
    let messages: std::collections::HashSet<String> = cases[4..7]
        .iter()
        .map(|(answer, ..)| answer.json()["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(messages.len(), 3);
    // Issue #27: a code of another ballot was answered `code_for_another_ballot`, which told a
    // guesser that the code exists. It is now answered byte for byte as one never issued.
    assert_eq!(cases[7].0.status, cases[4].0.status);
    assert_eq!(cases[7].0.body, cases[4].0.body);
    assert_eq!(count(&c.s.state, "votes"), 1);
    assert_eq!(spent_codes(&c.s), 1);

    // Not yet open: 409 with the opening time; after close: 409 with the closing time.
    let later = ballot_with(
        &c,
        "not-yet",
        &[100_000],
        json!({"opens_at": "2099-01-01T08:00:00+08:00"}),
    )
    .await;
    let later_code = codes(&c, &later, 1).await.remove(0);
    assert_refused(
        &cast(&c.s, &later, &later_code, &["p1"], "phone").await,
        StatusCode::CONFLICT,
        "conflict",
        "2099-01-01T08:00:00+08:00",
    );
    close(&c, &ballot).await;
    let closed = get(&c.s.state, &format!("/api/v1/ballots/{ballot}.json"))
        .await
        .json();
    let closed_at = closed["closes_at"].as_str().unwrap().to_owned();
    assert!(closed_at.as_str() < FUTURE, "closing early moves the time");
    assert_refused(
        &cast(&c.s, &ballot, fresh, &["p1"], "phone").await,
        StatusCode::CONFLICT,
        "conflict",
        &closed_at,
    );
    assert_eq!(count(&c.s.state, "votes"), 1);
    assert_eq!(spent_codes(&c.s), 1);
}

#[tokio::test]
async fn results_are_hidden_before_close_and_correct_after() {
    let c = committee().await;
    let ballot = open_ballot(&c, "results").await;
    let issued = codes(&c, &ballot, 8).await;
    // p2 gets 4 votes, p3 3, p1 2, p4 1. Greedy within 300k: p2 (150k), p3 (200k) does not
    // fit, p1 (100k) fits, p4 (50k) fits: 300k used.
    let votes: [(&[&str], &str); 7] = [
        (&["p2", "p1"], "phone"),
        (&["p2", "p4"], "phone"),
        (&["p2"], "kiosk"),
        (&["p1", "p2"], "kiosk"),
        (&["p3"], "phone"),
        (&["p3"], "kiosk"),
        (&["p3"], "phone"),
    ];
    let mut receipts = Vec::new();
    for (n, (selections, channel)) in votes.iter().enumerate() {
        let answer = cast(
            &c.s,
            &ballot,
            &issued[n].to_lowercase(),
            selections,
            channel,
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
        receipts.push(answer.json()["receipt"].as_str().unwrap().to_owned());
    }
    let turnout = turnout_of(&c, &ballot).await;
    assert_eq!(
        turnout,
        json!({"ballot_id": ballot, "codes_issued": 8, "codes_spent": 7,
            "by_channel": {"phone": 4, "kiosk": 3, "paper": 0}, "paper_pending": 0})
    );
    for hidden in ["results.json", "published.json", "export.pb", "export.csv"] {
        let answer = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/{hidden}")).await;
        assert_refused(&answer, StatusCode::CONFLICT, "conflict", "结束后公布");
    }
    let early = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/receipts/{}.json", receipts[0]),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    close(&c, &ballot).await;
    let results = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/results.json"),
    )
    .await
    .json();
    assert_eq!(results["winners"], json!(["p2", "p1", "p4"]));
    assert_eq!(results["budget_used_yuan"], 300_000);
    assert_eq!(results["turnout"]["codes_spent"], 7);
    let lines: Vec<(String, u64, u64, bool)> = results["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_owned(),
                p["score"].as_u64().unwrap(),
                p["rank"].as_u64().unwrap(),
                p["selected"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("p2", 4, 1, true),
        ("p3", 3, 2, false),
        ("p1", 2, 3, true),
        ("p4", 1, 4, true),
    ];
    let expected: Vec<(String, u64, u64, bool)> = expected
        .iter()
        .map(|(id, score, rank, selected)| (id.to_string(), *score, *rank, *selected))
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(
        results["projects"][0]["score_by_channel"],
        json!({"phone": 2, "kiosk": 2, "paper": 0})
    );

    let published = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/published.json"),
    )
    .await
    .json();
    let listed: Vec<&str> = published["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 7);
    for receipt in &receipts {
        assert!(listed.contains(&receipt.as_str()), "{receipt} published");
    }
    assert_eq!(published["ballots"].as_array().unwrap().len(), 7);
    let mine = get(
        &c.s.state,
        &format!(
            "/api/v1/ballots/{ballot}/receipts/{}.json",
            receipts[3].to_lowercase()
        ),
    )
    .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    assert_eq!(
        mine.json(),
        json!({"ballot_id": ballot, "receipt": receipts[3]}),
        "counted, and nothing about the choice"
    );
    let unknown = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/receipts/ZZZZ-ZZZZ-ZZZZ.json"),
    )
    .await;
    assert_refused(
        &unknown,
        StatusCode::NOT_FOUND,
        "not_found",
        "ZZZZ-ZZZZ-ZZZZ",
    );
}

/// Issue #27: after close a receipt showed the voter's choice to anyone, so a voter could prove
/// their vote to whoever bought or pressed it. Now a receipt's holder learns that it was counted
/// and nothing else: no public document or export puts a receipt next to a choice or a channel.
#[tokio::test]
async fn a_receipt_proves_that_a_vote_was_counted_and_not_what_it_chose() {
    let c = committee().await;
    let ballot = open_ballot(&c, "unlinkable").await;
    let issued = codes(&c, &ballot, 3).await;
    let mut receipts = Vec::new();
    for (code, (choice, channel)) in
        issued
            .iter()
            .zip([(["p1"], "phone"), (["p2"], "kiosk"), (["p3"], "phone")])
    {
        let voted = cast(&c.s, &ballot, code, &choice, channel).await;
        assert_eq!(voted.status, StatusCode::CREATED, "{}", voted.text());
        // The voter's own device is told the choice, once.
        assert_eq!(voted.json()["selections"], json!(choice));
        receipts.push(voted.json()["receipt"].as_str().unwrap().to_owned());
    }
    close(&c, &ballot).await;
    let kiosk_receipt = &receipts[1];
    let check = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/receipts/{kiosk_receipt}.json"),
    )
    .await;
    assert_eq!(check.status, StatusCode::OK);
    assert_eq!(
        check.json(),
        json!({"ballot_id": ballot, "receipt": kiosk_receipt})
    );
    for document in ["published.json", "export.pb", "export.csv", "results.json"] {
        let text = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/{document}"))
            .await
            .text();
        for receipt in &receipts {
            // The list of counted receipts names them, apart from the ballots; nothing else does.
            let mentions = text.matches(receipt.as_str()).count();
            let expected = usize::from(document == "published.json");
            assert_eq!(
                mentions, expected,
                "{document} names {receipt} {mentions} times"
            );
        }
    }
    let published = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/published.json"),
    )
    .await
    .json();
    for ballot in published["ballots"].as_array().unwrap() {
        let mut keys: Vec<&str> = ballot
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["channel", "selections"], "{ballot}");
    }
}

/// Issue #27: a ballot's steps (opened, codes issued, closed, paper ballots confirmed) were
/// recorded nowhere a resident or an observer could see them.
#[tokio::test]
async fn a_ballots_history_is_published_with_when_and_how_many_but_not_who() {
    let c = committee().await;
    let ballot = open_ballot(&c, "history").await;
    codes(&c, &ballot, 3).await;
    let paper = codes(&c, &ballot, 2).await;
    let entered = committee_post(
        &c.s,
        &c.zhang,
        &format!("/api/v1/admin/ballots/{ballot}/paper"),
        json!({"code": paper[0], "selections": ["p1"]}),
    )
    .await;
    assert_eq!(entered.status, StatusCode::CREATED, "{}", entered.text());
    let confirmed = key_paper(&c, &c.li, &ballot, &paper[0], &["p1"]).await;
    assert_eq!(
        confirmed.json()["status"],
        "counted",
        "{}",
        confirmed.text()
    );
    close(&c, &ballot).await;
    let history = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/events.json")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text());
    let steps: Vec<(String, Value)> = history.json()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_owned(), e["count"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("opened".to_owned(), Value::Null),
            ("codes_issued".to_owned(), json!(3)),
            ("codes_issued".to_owned(), json!(2)),
            ("paper_confirmed".to_owned(), json!(1)),
            ("closed_early".to_owned(), Value::Null),
        ]
    );
    for name in ["zhang", "li"] {
        assert!(!history.text().contains(name), "{}", history.text());
    }

    // A ballot closed by the clock says so, at its announced time.
    let by_clock = ballot_with(&c, "by-clock", &[100_000], json!({})).await;
    s_set_closes_at(&c, &by_clock, "2026-01-02T08:00:00+08:00");
    let history = get(
        &c.s.state,
        &format!("/api/v1/ballots/{by_clock}/events.json"),
    )
    .await
    .json();
    assert_eq!(history["events"][1]["kind"], "closed");
    assert_eq!(history["events"][1]["at"], "2026-01-02T08:00:00+08:00");
}

/// Moves a ballot's announced closing time into the past, as the clock would.
fn s_set_closes_at(c: &Committee, ballot: &str, closes_at: &str) {
    let (ballot, closes_at) = (ballot.to_owned(), closes_at.to_owned());
    c.s.state
        .db
        .run_blocking(move |db| {
            db.execute(
                "UPDATE ballots SET opens_at = '2026-01-01T08:00:00+08:00', closes_at = ?1 WHERE id = ?2",
                [closes_at, ballot],
            )?;
            Ok(())
        })
        .unwrap();
}

/// Issue #27: nothing limited how many codes one client could try.
#[tokio::test]
async fn failed_code_attempts_are_limited_and_typos_do_not_count() {
    let c = committee().await;
    let ballot = open_ballot(&c, "guessing").await;
    let real = codes(&c, &ballot, 1).await.remove(0);
    // Typos are caught by the check character and never count.
    for _ in 0..30 {
        let typo = cast(&c.s, &ballot, &mistyped(&real), &["p1"], "phone").await;
        assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut guesses = 0;
    for n in 0..linli_server::vote::attempts::PER_ADDRESS {
        let payload = format!("{:0>11}", n).replace('0', "2").replace('1', "3");
        let guess = linli_core::voting_code::VotingCode::from_payload(&payload[..11])
            .unwrap()
            .grouped();
        let refused = cast(&c.s, &ballot, &guess, &["p1"], "phone").await;
        assert_refused(
            &refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_code",
            "不能用于",
        );
        guesses += 1;
    }
    let stopped = cast(&c.s, &ballot, &real, &["p1"], "phone").await;
    assert_refused(
        &stopped,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "分钟后再试",
    );
    let retry: u64 = stopped.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 600, "{retry}");
    assert_eq!(guesses, 20);
    assert_eq!(count(&c.s.state, "votes"), 0, "nothing stored");
}

/// Issue #27: a member could mint any number of codes, more than the ballot has households.
/// Issuance is now capped by the electorate the committee declares, or else by the households
/// of the community's buildings.
#[tokio::test]
async fn codes_are_never_made_for_more_households_than_the_ballot_is_for() {
    let c = committee().await;
    let declared = ballot_with(&c, "five-households", &[100_000], json!({"electorate": 5})).await;
    codes(&c, &declared, 3).await;
    let path = format!("/api/v1/admin/ballots/{declared}/code-requests");
    let over = committee_post(&c.s, &c.zhang, &path, json!({"count": 3})).await;
    assert_refused(
        &over,
        StatusCode::UNPROCESSABLE_ENTITY,
        "over_electorate",
        "最多还能发放 2 个",
    );
    codes(&c, &declared, 2).await;
    let full = committee_post(&c.s, &c.zhang, &path, json!({"count": 1})).await;
    assert_refused(
        &full,
        StatusCode::UNPROCESSABLE_ENTITY,
        "over_electorate",
        "at most 0 more",
    );
    // Not declared: the households of 北苑家园's buildings.
    let households: u64 = sample_data()
        .buildings
        .iter()
        .filter(|b| b.community_id == COMMUNITY)
        .map(|b| u64::from(b.households))
        .sum();
    let undeclared = open_ballot(&c, "households").await;
    let too_many = committee_post(
        &c.s,
        &c.zhang,
        &format!("/api/v1/admin/ballots/{undeclared}/code-requests"),
        json!({"count": households + 1}),
    )
    .await;
    assert_refused(
        &too_many,
        StatusCode::UNPROCESSABLE_ENTITY,
        "over_electorate",
        &format!("面向 {households} 户"),
    );
    let zero = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/ballots",
        json!({"community_id": COMMUNITY, "title": "t", "explanation": "e", "kind": "approval",
               "budget_yuan": 1, "min_choices": 1, "max_choices": 1, "rule": "greedy",
               "opens_at": PAST, "closes_at": FUTURE, "library_projects": [], "electorate": 0}),
    )
    .await;
    assert_refused(
        &zero,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_electorate",
        "households",
    );
    assert_eq!(spent_codes(&c.s), 0);
}

/// Issue #27: any member could mint codes for an open ballot alone. Now a draft's codes are made
/// at once (sheets are printed before the vote opens), and an open ballot's take a second,
/// named member, who gets them; asked-for codes count against the electorate.
#[tokio::test]
async fn codes_for_an_open_ballot_take_a_second_named_member() {
    let c = committee().await;
    let ballot = ballot_with(&c, "asked-codes", &[100_000], json!({"electorate": 10})).await;
    let direct = committee_post(
        &c.s,
        &c.zhang,
        &format!("/api/v1/admin/ballots/{ballot}/codes"),
        json!({"count": 2}),
    )
    .await;
    assert_refused(
        &direct,
        StatusCode::CONFLICT,
        "conflict",
        "second committee member",
    );
    let requests = format!("/api/v1/admin/ballots/{ballot}/code-requests");
    let asked = committee_post(&c.s, &c.zhang, &requests, json!({"count": 6})).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text());
    assert_eq!(asked.json()["mine"], true);
    let request = asked.json()["id"].as_i64().unwrap();
    // Another request may not pass the electorate together with this one.
    let too_many = committee_post(&c.s, &c.li, &requests, json!({"count": 5})).await;
    assert_refused(
        &too_many,
        StatusCode::UNPROCESSABLE_ENTITY,
        "over_electorate",
        "4",
    );
    let confirm = format!("{requests}/{request}/confirm");
    assert_only_another_named_member_may_confirm(&c, &confirm).await;
    assert_eq!(
        turnout_of(&c, &ballot).await["codes_issued"],
        0,
        "nothing is made before the confirmation"
    );
    let listed = get_with(
        &c.s.state,
        &format!("{requests}.json"),
        &[("cookie", &c.li)],
    )
    .await
    .json();
    assert_eq!(listed[0]["requested_by"], "zhang");
    assert_eq!(listed[0]["mine"], false);
    let made = committee_post(&c.s, &c.li, &confirm, json!({})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    assert_eq!(made.json()["codes"].as_array().unwrap().len(), 6);
    let again = committee_post(&c.s, &c.li, &confirm, json!({})).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "a request is confirmed once"
    );
    let too_big = format!("{requests}/9223372036854775808/confirm");
    let too_big = committee_post(&c.s, &c.li, &too_big, json!({})).await;
    assert_refused(
        &too_big,
        StatusCode::NOT_FOUND,
        "not_found",
        "9223372036854775808",
    );
    let listed = get_with(
        &c.s.state,
        &format!("{requests}.json"),
        &[("cookie", &c.li)],
    )
    .await
    .json();
    assert_eq!(listed, json!([]));
}

/// Issue #27: any one member could close a ballot early, irreversibly, and publish its results.
/// Closing before the announced time now takes a second, named member.
#[tokio::test]
async fn closing_early_takes_a_second_named_member() {
    let c = committee().await;
    let ballot = open_ballot(&c, "two-person-close").await;
    let path = format!("/api/v1/admin/ballots/{ballot}/close");
    let asked = committee_post(&c.s, &c.zhang, &path, json!({})).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text());
    assert_eq!(asked.json()["status"], "open");
    assert_eq!(asked.json()["close_request"]["requested_by"], "zhang");
    assert_eq!(asked.json()["close_request"]["mine"], true);
    let hidden = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/results.json"),
    )
    .await;
    assert_eq!(
        hidden.status,
        StatusCode::CONFLICT,
        "still open, results still hidden"
    );
    assert_only_another_named_member_may_confirm(&c, &path).await;
    // 李 sees who asked, and confirms.
    let desk = get_with(
        &c.s.state,
        &format!("/api/v1/admin/ballots/{ballot}.json"),
        &[("cookie", &c.li)],
    )
    .await
    .json();
    assert_eq!(desk["close_request"]["requested_by"], "zhang");
    assert_eq!(desk["close_request"]["mine"], false);
    let closed = committee_post(&c.s, &c.li, &path, json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text());
    assert_eq!(closed.json()["status"], "closed");
    assert!(closed.json().get("close_request").is_none());
    let shown = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/results.json"),
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK);
}

#[tokio::test]
async fn the_pb_export_reads_back_and_tallies_to_the_same_winners() {
    let c = committee().await;
    // Equal shares: six households want p1, p2, p3; four want p4; 100 each, 300 to spend.
    let ballot = ballot_with(
        &c,
        "equal-shares",
        &[100, 100, 100, 100],
        json!({"kind": "approval", "budget_yuan": 300, "rule": "equalshares/add1"}),
    )
    .await;
    let issued = codes(&c, &ballot, 10).await;
    for (n, code) in issued.iter().enumerate() {
        let selections: &[&str] = if n < 6 { &["p1", "p2", "p3"] } else { &["p4"] };
        let answer = cast(&c.s, &ballot, code, selections, "phone").await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    }
    close(&c, &ballot).await;
    let results = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/results.json"),
    )
    .await
    .json();
    let winners: Vec<String> = results["winners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        winners,
        ["p1", "p2", "p4"],
        "equal shares funds the minority"
    );

    let export = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/export.pb")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("equal-shares.pb")
    );
    let election = Election::parse(&export.text()).expect("the export is a valid .pb file");
    assert_eq!(election.votes().len(), 10);
    assert_eq!(election.meta().get("rule"), Some("equalshares/add1"));
    let rule = declared_rule(&election).unwrap();
    let outcome = tally(&election, rule).unwrap();
    assert_eq!(outcome.winner_ids(), winners);
    let selected: Vec<&str> = election
        .projects()
        .iter()
        .filter(|p| p.selected == Some(Selected::ByRule))
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(selected, ["p1", "p2", "p4"]);
    let published = get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/published.json"),
    )
    .await
    .json();
    let voters: Vec<&str> = election
        .votes()
        .iter()
        .map(|v| v.voter_id.as_str())
        .collect();
    assert_eq!(
        voters,
        (1..=10).map(|n| n.to_string()).collect::<Vec<_>>(),
        "the file's voters are numbered in the published order, never by receipt"
    );
    let ballots_in_file: Vec<Vec<String>> = election
        .votes()
        .iter()
        .map(|v| v.projects.clone())
        .collect();
    let published_ballots: Vec<Vec<String>> = published["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| serde_json::from_value(b["selections"].clone()).unwrap())
        .collect();
    assert_eq!(ballots_in_file, published_ballots);

    let csv = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "ballot,channel,p1,p2,p3,p4");
    assert_eq!(lines.len(), 11);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.ends_with(",phone,1,1,1,0"))
            .count(),
        6
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.ends_with(",phone,0,0,0,1"))
            .count(),
        4
    );
}

/// Keys a paper ballot as the member signed in with `cookie`.
async fn key_paper(
    c: &Committee,
    cookie: &str,
    ballot: &str,
    code: &str,
    chosen: &[&str],
) -> Answer {
    committee_post(
        &c.s,
        cookie,
        &format!("/api/v1/admin/ballots/{ballot}/paper"),
        json!({"code": code, "selections": chosen}),
    )
    .await
}

async fn turnout_of(c: &Committee, ballot: &str) -> Value {
    get(
        &c.s.state,
        &format!("/api/v1/ballots/{ballot}/turnout.json"),
    )
    .await
    .json()
}

/// A third named member of 北苑家园, signed in.
async fn third_member(c: &Committee) -> String {
    create_committee_account(&c.s.state.db, "zhao", "zhao-password", COMMUNITY).unwrap();
    session_cookie(&c.s.state, "zhao", "zhao-password").await
}

/// Issue #27: one member entered a paper ballot and any other account, the shared first-run one
/// included, confirmed it without keying it; confirming deleted who had entered it.
#[tokio::test]
async fn a_paper_ballot_counts_when_two_named_members_key_it_alike() {
    let c = committee().await;
    let ballot = open_ballot(&c, "paper").await;
    let code = codes(&c, &ballot, 1).await.remove(0);
    let first = key_paper(&c, &c.zhang, &ballot, &code, &["p3", "p1"]).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let paper = first.json();
    assert_eq!(paper["status"], "awaiting");
    assert_eq!(paper["keyings"][0]["keyed_by"], "zhang");
    assert!(
        paper["keyings"][0].get("selections").is_none(),
        "a second keying is made from the paper, not from the first: {paper}"
    );
    let turnout = turnout_of(&c, &ballot).await;
    assert_eq!(
        (
            turnout["codes_spent"].as_u64(),
            turnout["paper_pending"].as_u64()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(count(&c.s.state, "votes"), 0);

    // The same member again, the shared first-run account, and another community's member: no.
    assert_refused(
        &key_paper(&c, &c.zhang, &ballot, &code, &["p1", "p3"]).await,
        StatusCode::CONFLICT,
        "conflict",
        "另一位成员",
    );
    let shared = session_cookie(&c.s.state, &c.s.account.username, &c.s.account.password).await;
    assert_refused(
        &key_paper(&c, &shared, &ballot, &code, &["p1", "p3"]).await,
        StatusCode::FORBIDDEN,
        "forbidden",
        "shared first-run account",
    );
    assert_eq!(
        key_paper(&c, &c.outsider, &ballot, &code, &["p1", "p3"])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&c.s.state, "votes"), 0);

    // A second named member keys it from the paper, alike: it counts, as paper.
    let second = key_paper(&c, &c.li, &ballot, &code, &["p1", "p3"]).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    let paper = second.json();
    assert_eq!(paper["status"], "counted");
    assert_eq!(paper["decided_by"], "li");
    let keyed_by: Vec<&str> = paper["keyings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyed_by"].as_str().unwrap())
        .collect();
    assert_eq!(keyed_by, ["zhang", "li"], "who keyed it is kept: {paper}");
    assert_eq!(count(&c.s.state, "votes WHERE channel = 'paper'"), 1);
    // Once counted, nothing ties the code to what it chose, as for a phone vote.
    assert_eq!(
        count(
            &c.s.state,
            "paper_ballots WHERE code_hash IS NOT NULL OR id IN \
             (SELECT paper_id FROM paper_keyings WHERE selections <> '')"
        ),
        0
    );
    let listed = get_with_cookie(
        &c.s.state,
        &format!("/api/v1/admin/ballots/{ballot}/paper.json"),
        &c.zhang,
    )
    .await;
    assert_eq!(listed.json()[0]["status"], "counted", "{}", listed.text());

    // The household's code now votes nowhere else, and each refusal says which vote stands.
    assert_refused(
        &cast(&c.s, &ballot, &code, &["p2"], "phone").await,
        StatusCode::CONFLICT,
        "conflict",
        "先计入的一票有效",
    );
    let zhao = third_member(&c).await;
    assert_refused(
        &key_paper(&c, &zhao, &ballot, &code, &["p2"]).await,
        StatusCode::CONFLICT,
        "conflict",
        "已有一张纸质选票计入",
    );
    let turnout = turnout_of(&c, &ballot).await;
    assert_eq!(
        turnout["by_channel"],
        json!({"phone": 0, "kiosk": 0, "paper": 1})
    );
    assert_eq!(turnout["paper_pending"], 0);
}

/// Issue #27: there was no way to tell a misread paper ballot from a right one, nor to refuse one.
#[tokio::test]
async fn keyings_that_differ_wait_for_a_third_member_or_are_rejected_with_a_reason() {
    let c = committee().await;
    let ballot = open_ballot(&c, "disputed").await;
    let issued = codes(&c, &ballot, 2).await;
    let zhao = third_member(&c).await;

    key_paper(&c, &c.zhang, &ballot, &issued[0], &["p1"]).await;
    let differs = key_paper(&c, &c.li, &ballot, &issued[0], &["p2"]).await;
    assert_eq!(differs.status, StatusCode::CREATED, "{}", differs.text());
    let paper = differs.json();
    assert_eq!(paper["status"], "disputed");
    // Both readings are shown now, so the third member can find the paper in the pile.
    assert_eq!(paper["keyings"][0]["selections"], json!(["p1"]));
    assert_eq!(paper["keyings"][1]["selections"], json!(["p2"]));
    assert_eq!(count(&c.s.state, "votes"), 0);
    let third = key_paper(&c, &zhao, &ballot, &issued[0], &["p2"]).await;
    assert_eq!(third.json()["status"], "counted", "{}", third.text());
    assert_eq!(third.json()["decided_by"], "zhao");
    assert_eq!(count(&c.s.state, "votes WHERE selections = 'p2'"), 1);

    // Another paper ballot, read two ways and then rejected with a reason.
    key_paper(&c, &c.zhang, &ballot, &issued[1], &["p1"]).await;
    let paper_id = key_paper(&c, &c.li, &ballot, &issued[1], &["p3"])
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let reject = format!("/api/v1/admin/ballots/{ballot}/paper/{paper_id}/reject");
    for reason in ["", "   ", &"字".repeat(201)] {
        assert_refused(
            &committee_post(&c.s, &zhao, &reject, json!({ "reason": reason })).await,
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "驳回理由",
        );
    }
    let shared = session_cookie(&c.s.state, &c.s.account.username, &c.s.account.password).await;
    assert_eq!(
        committee_post(&c.s, &shared, &reject, json!({"reason": "看不清"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let rejected = committee_post(
        &c.s,
        &zhao,
        &reject,
        json!({"reason": " 勾选了三项，超出预算 "}),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text());
    assert_eq!(rejected.json()["status"], "rejected");
    assert_eq!(rejected.json()["decided_by"], "zhao");
    assert_eq!(rejected.json()["reason"], "勾选了三项，超出预算");
    assert_refused(
        &committee_post(&c.s, &zhao, &reject, json!({"reason": "again"})).await,
        StatusCode::CONFLICT,
        "conflict",
        "rejected",
    );
    for missing in ["99999", "99999999999999999999", "x"] {
        let path = format!("/api/v1/admin/ballots/{ballot}/paper/{missing}/reject");
        assert_refused(
            &committee_post(&c.s, &zhao, &path, json!({"reason": "x"})).await,
            StatusCode::NOT_FOUND,
            "not_found",
            "没有第",
        );
    }
    // A rejected paper ballot leaves the household's code unused: it may still vote.
    assert_eq!(
        cast(&c.s, &ballot, &issued[1], &["p1"], "phone")
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(count(&c.s.state, "votes"), 2);

    close(&c, &ballot).await;
    let history = get(&c.s.state, &format!("/api/v1/ballots/{ballot}/events.json")).await;
    let kinds: Vec<String> = history.json()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .filter(|kind| kind.starts_with("paper_"))
        .collect();
    assert_eq!(kinds, ["paper_confirmed", "paper_rejected"]);
    assert!(
        !history.text().contains("超出预算"),
        "the reason is not published"
    );
}

/// Issue #27: a paper ballot waiting for its second person blocked the household's own phone vote
/// with 409. The rule now: whichever vote is counted first stands.
#[tokio::test]
async fn between_paper_and_phone_the_first_vote_counted_stands() {
    let c = committee().await;
    let ballot = open_ballot(&c, "paper-phone").await;
    let code = codes(&c, &ballot, 1).await.remove(0);
    key_paper(&c, &c.zhang, &ballot, &code, &["p1"]).await;
    let phone = cast(&c.s, &ballot, &code, &["p2"], "phone").await;
    assert_eq!(phone.status, StatusCode::CREATED, "{}", phone.text());
    let listed = get_with_cookie(
        &c.s.state,
        &format!("/api/v1/admin/ballots/{ballot}/paper.json"),
        &c.li,
    )
    .await;
    assert_eq!(
        listed.json()[0]["status"],
        "superseded",
        "{}",
        listed.text()
    );
    assert_refused(
        &key_paper(&c, &c.li, &ballot, &code, &["p1"]).await,
        StatusCode::CONFLICT,
        "conflict",
        "这张纸质选票不计入",
    );
    let turnout = turnout_of(&c, &ballot).await;
    assert_eq!(
        turnout["by_channel"],
        json!({"phone": 1, "kiosk": 0, "paper": 0})
    );
    assert_eq!(turnout["paper_pending"], 0);
    assert_eq!(count(&c.s.state, "votes"), 1);
}

#[tokio::test]
async fn csv_import_previews_and_reports_each_wrong_row() {
    let c = committee().await;
    let ballot = open_ballot(&c, "import").await;
    let issued = codes(&c, &ballot, 3).await;
    let spent = &issued[2];
    assert_eq!(
        cast(&c.s, &ballot, spent, &["p1"], "kiosk").await.status,
        StatusCode::CREATED
    );
    let csv = format!(
        "code,projects\n{good},p1 p4\n{mistyped},p1\n{over},p1;p2;p3\n{spent},p2\n\
         {good},p2\n\"{second}\",\"p2、p4\"\n",
        good = issued[0],
        mistyped = mistyped(&issued[1]),
        over = issued[1],
        second = issued[1],
    );
    let import = |dry_run: bool, body: String, cookie: String| {
        let state = c.s.state.clone();
        let ballot = ballot.clone();
        async move {
            let request = Request::post(format!(
                "/api/v1/admin/ballots/{ballot}/paper/import?dry_run={dry_run}"
            ))
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
            send(&state, request).await
        }
    };
    let preview = import(true, csv.clone(), c.zhang.clone()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let report = preview.json();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["rows"], 6);
    assert_eq!(report["valid_rows"], 2);
    assert_eq!(report["warnings"], json!([]), "no row was set right");
    let errors: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "mistyped_code"),
            (4, "over_budget"),
            (5, "conflict"),
            (6, "conflict"),
        ],
        "{report}"
    );
    assert!(
        report["errors"][3]["message"]
            .as_str()
            .unwrap()
            .contains("纸质选票")
    );
    assert_eq!(
        count(&c.s.state, "paper_ballots"),
        0,
        "a preview stores nothing"
    );

    let refused = import(false, csv, c.zhang.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"].as_array().unwrap().len(), 4);
    assert_eq!(
        count(&c.s.state, "paper_ballots"),
        0,
        "a wrong file stores nothing"
    );

    // p1 written twice on one paper: counted once, and the report says so on its line.
    let clean = format!("code,projects\n{},p1 p4 p1\n{},p2\n", issued[0], issued[1]);
    let imported = import(false, clean, c.zhang.clone()).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text());
    let warnings = imported.json()["warnings"].clone();
    assert_eq!(warnings.as_array().map(Vec::len), Some(1), "{warnings}");
    assert_eq!(warnings[0]["line"], 2);
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("Project p1 is written more than once"),
        "{warnings}"
    );
    let statuses = |report: Value| -> Vec<String> {
        report["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["status"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(statuses(imported.json()), ["awaiting", "awaiting"]);
    assert_eq!(
        count(&c.s.state, "votes"),
        1,
        "one member's keyings wait for another's"
    );
    // A second member keys the same paper ballots from the paper, in a file of their own.
    let second = format!("code,projects\n{},p2\n{},p4 p1\n", issued[1], issued[0]);
    let imported = import(false, second, c.li.clone()).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text());
    assert_eq!(statuses(imported.json()), ["counted", "counted"]);
    assert_eq!(count(&c.s.state, "votes"), 3);
    let no_header = import(true, "p1,p2\n".into(), c.zhang.clone()).await;
    assert_refused(
        &no_header,
        StatusCode::BAD_REQUEST,
        "malformed_request",
        "code",
    );
}

#[tokio::test]
async fn committee_ballots_need_a_session_and_the_community_role() {
    let c = committee().await;
    let projects = library(&c, &[100_000, 50_000]).await;
    let definition = json!({
        "id": "roles", "community_id": COMMUNITY, "title": "t", "explanation": "e",
        "kind": "approval", "budget_yuan": 100_000, "min_choices": 1, "max_choices": 1,
        "rule": "greedy", "opens_at": PAST, "closes_at": FUTURE, "library_projects": projects,
    });
    let anonymous = send_json(
        &c.s,
        "POST",
        "/api/v1/admin/ballots",
        definition.clone(),
        None,
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let outsider = committee_post(
        &c.s,
        &c.outsider,
        "/api/v1/admin/ballots",
        definition.clone(),
    )
    .await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN);
    let mut incoherent = definition.clone();
    incoherent["max_choices"] = json!(3);
    assert_refused(
        &committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", incoherent).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_limits",
        "3",
    );
    let mut threshold = definition.clone();
    threshold["rule"] = json!("greedy-threshold");
    assert_refused(
        &committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", threshold).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "missing_threshold",
        "min_project_score",
    );
    // tally counts greedy-exclusive from a file, but a ballot here cannot say which projects
    // exclude each other.
    let mut exclusive = definition.clone();
    exclusive["rule"] = json!("greedy-exclusive");
    assert_refused(
        &committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", exclusive).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_rule",
        "greedy, greedy-no-skip, greedy-threshold, equalshares/add1",
    );
    assert_eq!(count(&c.s.state, "ballots WHERE id = 'roles'"), 0);

    let created = committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", definition.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(
        get(&c.s.state, "/api/v1/ballots/roles.json").await.status,
        StatusCode::NOT_FOUND,
        "residents do not see drafts"
    );
    let mut edited = definition.clone();
    edited["title"] = json!("改过的标题");
    let put = send_json(
        &c.s,
        "PUT",
        "/api/v1/admin/ballots/roles",
        edited.clone(),
        Some(&c.li),
    )
    .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    assert_eq!(put.json()["title"], "改过的标题");
    let outsider_codes = committee_post(
        &c.s,
        &c.outsider,
        "/api/v1/admin/ballots/roles/codes",
        json!({"count": 5}),
    )
    .await;
    assert_eq!(outsider_codes.status, StatusCode::FORBIDDEN);
    let generated = codes(&c, "roles", 50).await;
    assert_eq!(generated.len(), 50);
    assert!(
        generated
            .iter()
            .all(|code| code.len() == 14 && code.matches('-').count() == 2)
    );
    // Only keyed hashes are stored: no code appears in the table in any form.
    let stored: Vec<String> =
        c.s.state
            .db
            .run_blocking(|conn| {
                let mut stmt = conn.prepare("SELECT code_hash FROM voting_codes")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<Vec<String>, _>>()?)
            })
            .unwrap();
    assert_eq!(stored.len(), 50);
    for code in &generated {
        let plain = code.replace('-', "");
        assert!(
            stored
                .iter()
                .all(|h| !h.contains(&plain) && !h.to_uppercase().contains(&plain))
        );
    }
    committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/ballots/roles/open",
        json!({}),
    )
    .await;
    let late_edit = send_json(
        &c.s,
        "PUT",
        "/api/v1/admin/ballots/roles",
        edited,
        Some(&c.zhang),
    )
    .await;
    assert_eq!(late_edit.status, StatusCode::CONFLICT);
    let listed = get_with_cookie(&c.s.state, "/api/v1/admin/ballots.json", &c.outsider).await;
    assert!(!listed.text().contains("\"roles\""), "{}", listed.text());
}

#[tokio::test]
async fn the_library_checks_its_fields() {
    let c = committee().await;
    let bad_theme = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/library",
        json!({"community_id": COMMUNITY, "title": "t", "summary": "s", "theme": "其他", "cost_yuan": 1}),
    )
    .await;
    assert_refused(
        &bad_theme,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_theme",
        "绿色生态",
    );
    let other = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/library",
        json!({"community_id": OTHER_COMMUNITY, "title": "t", "summary": "s", "theme": "运动健康", "cost_yuan": 1}),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&c.s.state, "library_projects"), 0);
    let id = library(&c, &[80_000]).await[0];
    let edited = send_json(
        &c.s,
        "PUT",
        &format!("/api/v1/admin/library/{id}"),
        json!({"title": "新名字", "summary": "s", "theme": "文化创意", "cost_yuan": 90_000,
            "photo_url": "/photos/a.jpg"}),
        Some(&c.li),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    let listed = get_with_cookie(&c.s.state, "/api/v1/admin/library.json", &c.zhang)
        .await
        .json();
    assert_eq!(listed[0]["title"], "新名字");
    assert_eq!(listed[0]["cost_yuan"], 90_000);
    let outsider = get_with_cookie(&c.s.state, "/api/v1/admin/library.json", &c.outsider)
        .await
        .json();
    assert_eq!(outsider, json!([]));
}

/// The print sheet's QR codes: committee only, one SVG per text at the asked size, and nothing
/// but a plain CSS length goes into the SVG.
#[tokio::test]
async fn qr_codes_for_a_print_sheet_are_drawn_for_the_committee_only() {
    let c = committee().await;
    let url = "https://linli.example/v/2026-beiyuan-autumn#ABCD-EFGH-JKM7";
    let body =
        json!({ "texts": [url, "https://linli.example/v/x#2345-6789-ABCN"], "size": "40mm" });
    let answer = send_json(&c.s, "POST", "/api/v1/admin/qr", body.clone(), None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text());

    let answer = committee_post(&c.s, &c.zhang, "/api/v1/admin/qr", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let svgs = answer.json()["svgs"].as_array().unwrap().clone();
    assert_eq!(svgs.len(), 2);
    for svg in &svgs {
        let svg = svg.as_str().unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("width=\"40mm\""),
            "{svg}"
        );
    }
    assert_ne!(svgs[0], svgs[1]);

    let answer = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/qr",
        json!({ "texts": [url], "size": "40mm\" onload=\"alert(1)" }),
    )
    .await;
    assert_refused(
        &answer,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_size",
        "40mm",
    );
    let answer = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/qr",
        json!({ "texts": vec![url; 501], "size": "40mm" }),
    )
    .await;
    assert_refused(
        &answer,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_count",
        "500",
    );
}

#[tokio::test]
async fn a_receipt_qr_holds_the_receipt_search_on_this_host_and_never_the_code() {
    let c = committee().await;
    let ballot = open_ballot(&c, "receipt-qr").await;
    let code = codes(&c, &ballot, 1).await.remove(0);
    let cast_answer = cast(&c.s, &ballot, &code, &["p1"], "phone").await;
    assert_eq!(
        cast_answer.status,
        StatusCode::CREATED,
        "{}",
        cast_answer.text()
    );
    let receipt = cast_answer.json()["receipt"].as_str().unwrap().to_owned();

    // Shown on the receipt screen while the ballot is still open, in any case the voter types.
    let qr = get_with(
        &c.s.state,
        &format!(
            "/api/v1/ballots/{ballot}/receipts/{}/qr.svg",
            receipt.to_lowercase()
        ),
        &[("host", "linli.example")],
    )
    .await;
    assert_eq!(qr.status, StatusCode::OK, "{}", qr.text());
    assert_eq!(
        qr.headers[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    let svg = qr.text();
    assert!(svg.starts_with("<svg"), "{svg}");
    let url = format!("http://linli.example/v/{ballot}?receipt={receipt}");
    assert!(
        svg.contains(&format!("<title>{url}</title>")),
        "the SVG names the URL it holds: {}",
        &svg[..svg.len().min(300)]
    );
    let bare_code: String = code.chars().filter(|c| *c != '-').collect();
    assert!(!svg.contains(&code) && !svg.contains(&bare_code));

    // A receipt that was never given, a malformed one, or another ballot's: not found.
    for path in [
        format!("/api/v1/ballots/{ballot}/receipts/2222-2222-2222/qr.svg"),
        format!("/api/v1/ballots/{ballot}/receipts/not-a-receipt/qr.svg"),
        format!("/api/v1/ballots/2026-beiyuan-autumn/receipts/{receipt}/qr.svg"),
    ] {
        let answer = get(&c.s.state, &path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.json()["code"], "not_found");
    }
}

#[tokio::test]
async fn an_open_poll_takes_no_code_counts_one_vote_per_device_and_says_it_is_non_binding() {
    let c = committee().await;
    let poll = ballot_with(
        &c,
        "poll",
        &[100_000, 150_000, 200_000],
        json!({"open_poll": true}),
    )
    .await;
    let document = get(&c.s.state, &format!("/api/v1/ballots/{poll}.json"))
        .await
        .json();
    assert_eq!(document["open_poll"], true);

    let phone = "device-0123456789abcdef";
    let first = post_vote(
        &c.s,
        &poll,
        json!({"selections": ["p1"], "channel": "phone", "device": phone}),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    // The same device again, even with other choices: a clear 409, nothing stored.
    let again = post_vote(
        &c.s,
        &poll,
        json!({"selections": ["p2"], "channel": "phone", "device": phone}),
    )
    .await;
    assert_refused(
        &again,
        StatusCode::CONFLICT,
        "conflict",
        "这台设备已经参加过",
    );
    assert!(
        again.json()["message"]
            .as_str()
            .unwrap()
            .contains("each device votes once")
    );
    // A refused selection stores nothing, so the device can still vote afterwards.
    let second_device = "kiosk-device-fedcba9876543210";
    let over = post_vote(
        &c.s,
        &poll,
        json!({"selections": ["p1", "p2", "p3"], "channel": "kiosk", "device": second_device}),
    )
    .await;
    assert_eq!(
        over.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        over.text()
    );
    let second = post_vote(
        &c.s,
        &poll,
        json!({"selections": ["p2"], "channel": "kiosk", "device": second_device}),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    // Without a device id, or with one too short to be random: 400, nothing stored.
    for body in [
        json!({"selections": ["p1"], "channel": "phone"}),
        json!({"selections": ["p1"], "channel": "phone", "device": "short"}),
    ] {
        let answer = post_vote(&c.s, &poll, body).await;
        assert_refused(
            &answer,
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "设备",
        );
    }
    assert_eq!(count(&c.s.state, "votes WHERE ballot_id = 'poll'"), 2);
    // Only keyed hashes of the devices are kept, never the ids themselves.
    assert_eq!(
        count(&c.s.state, "poll_devices WHERE ballot_id = 'poll'"),
        2
    );
    assert_eq!(
        count(
            &c.s.state,
            &format!("poll_devices WHERE device_hash IN ('{phone}', '{second_device}')")
        ),
        0
    );

    // An open poll has no codes to make and no paper ballots.
    let make = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/ballots/poll/codes",
        json!({"count": 3}),
    )
    .await;
    assert_refused(
        &make,
        StatusCode::UNPROCESSABLE_ENTITY,
        "open_poll_has_no_codes",
        "非约束性意见征集",
    );
    let paper = committee_post(
        &c.s,
        &c.zhang,
        "/api/v1/admin/ballots/poll/paper",
        json!({"code": "ABCD-EFGH-JKM7", "selections": ["p1"]}),
    )
    .await;
    assert_refused(
        &paper,
        StatusCode::UNPROCESSABLE_ENTITY,
        "open_poll_has_no_codes",
        "no voting codes",
    );

    let turnout = get(&c.s.state, "/api/v1/ballots/poll/turnout.json")
        .await
        .json();
    assert_eq!(turnout["codes_issued"], 0);
    assert_eq!(turnout["codes_spent"], 2);
    assert_eq!(
        turnout["by_channel"],
        json!({"phone": 1, "kiosk": 1, "paper": 0})
    );

    close(&c, &poll).await;
    let results = get(&c.s.state, "/api/v1/ballots/poll/results.json")
        .await
        .json();
    assert_eq!(results["open_poll"], true);
    assert_eq!(results["turnout"]["codes_spent"], 2);
    let csv = get(&c.s.state, "/api/v1/ballots/poll/export.csv").await;
    assert!(
        csv.text()
            .starts_with("# 非约束性意见征集 Non-binding poll"),
        "{}",
        csv.text()
    );
    assert!(
        csv.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("poll-non-binding.csv")
    );
    let pb = get(&c.s.state, "/api/v1/ballots/poll/export.pb")
        .await
        .text();
    assert!(
        pb.contains("comment;非约束性意见征集 Non-binding poll"),
        "{pb}"
    );
    let election = Election::parse(&pb).unwrap();
    assert_eq!(election.votes().len(), 2);
}

#[tokio::test]
async fn a_binding_ballot_refuses_a_vote_without_a_code_even_with_a_device() {
    let c = committee().await;
    let ballot = open_ballot(&c, "binding").await;
    let document = get(&c.s.state, "/api/v1/ballots/binding.json").await.json();
    assert_eq!(document["open_poll"], false);
    for body in [
        json!({"selections": ["p1"], "channel": "phone"}),
        json!({"selections": ["p1"], "channel": "phone", "device": "device-0123456789abcdef"}),
        json!({"code": "", "selections": ["p1"], "channel": "phone", "device": "device-0123456789abcdef"}),
    ] {
        let answer = post_vote(&c.s, &ballot, body).await;
        assert_refused(
            &answer,
            StatusCode::UNPROCESSABLE_ENTITY,
            "mistyped_code",
            "请输入投票码",
        );
    }
    assert_eq!(count(&c.s.state, "votes"), 0);
    assert_eq!(count(&c.s.state, "poll_devices"), 0);
}

#[tokio::test]
async fn adding_a_committee_member_refuses_a_taken_name_a_short_password_and_an_unknown_community()
{
    let c = committee().await;
    let db = &c.s.state.db;
    let refused = [
        create_committee_account(db, "li", "another-long-password", COMMUNITY),
        create_committee_account(db, "zhao", "short", COMMUNITY),
        create_committee_account(db, "zhao", "zhao-password", "nowhere"),
        create_committee_account(db, " ", "zhao-password", COMMUNITY),
    ];
    let codes: Vec<&str> = refused
        .iter()
        .map(|r| match r {
            Err(linli_server::AppError::Conflict(_)) => "conflict",
            Err(linli_server::AppError::Unprocessable { code, .. }) => code,
            other => panic!("not refused: {other:?}"),
        })
        .collect();
    assert_eq!(
        codes,
        [
            "conflict",
            "weak_password",
            "unknown_community",
            "bad_username"
        ]
    );
    assert_eq!(
        count(&c.s.state, "users WHERE username IN ('zhao', ' ')"),
        0
    );
    // A member added the way `linli-server add-user` adds one can sign in.
    create_committee_account(db, "zhao", "zhao-password", COMMUNITY).unwrap();
    session_cookie(&c.s.state, "zhao", "zhao-password").await;
}

#[tokio::test]
async fn a_draft_reads_back_as_its_definition_and_an_edit_replaces_its_projects() {
    let c = committee().await;
    let projects = library(&c, &[100_000, 50_000, 70_000]).await;
    let definition = json!({
        "id": "draft-edit", "community_id": COMMUNITY, "title": "初稿", "explanation": "说明",
        "kind": "budget", "budget_yuan": 200_000, "min_choices": 1, "max_choices": 2,
        "min_budget_share_percent": 10, "rule": "greedy", "min_project_score": null,
        "opens_at": PAST, "closes_at": FUTURE, "library_projects": [projects[0], projects[1]],
        "open_poll": false,
    });
    let created = committee_post(&c.s, &c.zhang, "/api/v1/admin/ballots", definition.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let path = "/api/v1/admin/ballots/draft-edit/definition.json";
    assert_eq!(get(&c.s.state, path).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get_with_cookie(&c.s.state, path, &c.outsider).await.status,
        StatusCode::FORBIDDEN
    );
    let read = get_with_cookie(&c.s.state, path, &c.li).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text());
    assert_eq!(
        read.json(),
        definition,
        "what was saved is what the editor gets back"
    );

    // The editor sends the definition back with a new title and the projects reordered and changed.
    let mut edited = read.json();
    edited["title"] = json!("改过的草稿");
    edited["library_projects"] = json!([projects[2], projects[0]]);
    let put = send_json(
        &c.s,
        "PUT",
        "/api/v1/admin/ballots/draft-edit",
        edited.clone(),
        Some(&c.li),
    )
    .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    let stored = put.json();
    let titles: Vec<&str> = stored["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["项目2", "项目0"]);
    assert_eq!(
        get_with_cookie(&c.s.state, path, &c.zhang).await.json(),
        edited
    );
    assert_eq!(
        count(&c.s.state, "projects WHERE ballot_id = 'draft-edit'"),
        2
    );
}

/// A kiosk asks for its data every minute and a phone for `meta.json` on every page: when nothing
/// changed, the answer is a 304 without a body; once a vote lands, the turnout is sent again.
/// What belongs to one person or device is never kept by the browser.
#[tokio::test]
async fn a_public_document_is_sent_again_only_when_it_changed_and_a_private_one_is_never_kept() {
    let c = committee().await;
    let ballot = open_ballot(&c, "etag-ballot").await;
    let code = codes(&c, &ballot, 1).await.remove(0);
    let path = format!("/api/v1/ballots/{ballot}/turnout.json");
    let first = get(&c.s.state, &path).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers[header::CACHE_CONTROL], "no-cache");
    let tag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");

    let unchanged = get_with(&c.s.state, &path, &[("if-none-match", &tag)]).await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert!(unchanged.body.is_empty());
    assert_eq!(unchanged.headers[header::ETAG], tag.as_str());

    let voted = cast(&c.s, &ballot, &code, &["p1"], "phone").await;
    assert_eq!(voted.status, StatusCode::CREATED, "{}", voted.text());
    let changed = get_with(&c.s.state, &path, &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.json()["codes_spent"], 1);
    assert_ne!(changed.headers[header::ETAG], tag.as_str());

    // The committee's pages, even with a tag a browser could not have had, are never kept.
    let queue = get_with_cookie(&c.s.state, "/api/v1/admin/ballots.json", &c.zhang).await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(queue.headers[header::CACHE_CONTROL], "no-store");
    assert!(!queue.headers.contains_key(header::ETAG));
    // Nor is a kiosk's own data, asked with its token.
    let config = get_with(
        &c.s.state,
        "/api/v1/kiosk/config.json",
        &[("x-linli-kiosk", &c.s.kiosk_token), ("if-none-match", "*")],
    )
    .await;
    assert_eq!(config.status, StatusCode::OK, "{}", config.text());
    assert_eq!(config.headers[header::CACHE_CONTROL], "no-store");
    // Open311's lists are public documents like the rest.
    let requests = get(&c.s.state, "/open311/v2/requests.json").await;
    assert_eq!(requests.headers[header::CACHE_CONTROL], "no-cache");
    assert!(requests.headers.contains_key(header::ETAG));
}
