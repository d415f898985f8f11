//! Duplicates: a report marked `duplicate` names its original, its supporters move there (a
//! browser that supported both counts once), the tracking page, Open311 and the committee's page
//! link the two, each refusal stores nothing, and reopening clears the link.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::photos_and_support::{borrowed, report_fields};
use crate::support::*;

struct Filed {
    id: String,
    secret: String,
}

async fn file(s: &TestServer) -> Filed {
    let fields = report_fields(s).await;
    let answer = post_form(&s.state, "/open311/v2/requests.json", &borrowed(&fields)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let created = &answer.json()[0];
    Filed {
        id: created["service_request_id"].as_str().unwrap().to_owned(),
        secret: created["tracking_secret"].as_str().unwrap().to_owned(),
    }
}

async fn support(s: &TestServer, id: &str, device: &str) {
    let answer = post_json(
        &s.state,
        &format!("/api/v1/requests/{id}/supporters"),
        json!({ "device": device }),
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

async fn set_status(s: &TestServer, cookie: &str, id: &str, body: Value) -> Answer {
    post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/status"),
        body,
        &[("cookie", cookie)],
    )
    .await
}

async fn public_view(s: &TestServer, id: &str) -> Value {
    get(&s.state, &format!("/open311/v2/requests/{id}.json"))
        .await
        .json()[0]
        .clone()
}

fn merges(s: &TestServer) -> Vec<(String, String)> {
    s.state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare(
                "SELECT subject, detail FROM audit_log WHERE action = 'report.merge' ORDER BY seq",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

const A: &str = "device-aaaaaaaaaaaaaaaa";
const B: &str = "device-bbbbbbbbbbbbbbbb";
const C: &str = "device-cccccccccccccccc";

#[tokio::test]
async fn a_merge_moves_supporters_once_each_and_every_view_names_the_original() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let original = file(&s).await;
    let duplicate = file(&s).await;
    support(&s, &original.id, A).await;
    support(&s, &original.id, B).await;
    support(&s, &duplicate.id, B).await;
    support(&s, &duplicate.id, C).await;
    assert_eq!(public_view(&s, &original.id).await["supporters"], 3);

    let answer = set_status(
        &s,
        &cookie,
        &duplicate.id,
        json!({"status": "duplicate", "note": "同一盏灯", "duplicate_of": format!("#{}", original.id)}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["duplicate_of"], original.id.as_str());

    // A, B and C once each, the original's reporter and the duplicate's reporter.
    assert_eq!(public_view(&s, &original.id).await["supporters"], 5);
    assert_eq!(count(&s.state, "request_supporters"), 3);
    let merged = public_view(&s, &duplicate.id).await;
    assert_eq!(merged["supporters"], 1);
    assert_eq!(merged["duplicate_of"], original.id.as_str());
    let notice = merged["service_notice"].as_str().unwrap();
    assert!(notice.contains(&format!("#{}", original.id)), "{notice}");
    assert!(notice.contains(&format!("Merged into report {}", original.id)));
    let xml = get(
        &s.state,
        &format!("/open311/v2/requests/{}.xml", duplicate.id),
    )
    .await
    .text();
    assert!(
        xml.contains(&format!("<duplicate_of>{}</duplicate_of>", original.id)),
        "{xml}"
    );
    assert!(
        public_view(&s, &original.id)
            .await
            .get("duplicate_of")
            .is_none()
    );

    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{}.json", duplicate.id),
        &[("x-tracking-secret", &duplicate.secret)],
    )
    .await
    .json();
    assert_eq!(tracked["status"], "duplicate");
    assert_eq!(tracked["duplicate_of"], original.id.as_str());

    let committee = get_with_cookie(
        &s.state,
        &format!("/api/v1/admin/requests/{}.json", original.id),
        &cookie,
    )
    .await
    .json();
    assert_eq!(committee["duplicates"], json!([duplicate.id]));
    assert_eq!(committee["duplicate_of"], Value::Null);

    let entries = merges(&s);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, duplicate.id);
    let detail: Value = serde_json::from_str(&entries[0].1).unwrap();
    assert_eq!(detail["original"], original.id.as_str());
    assert_eq!(detail["moved_supporters"], 1);
}

#[tokio::test]
async fn reopening_a_duplicate_clears_its_link_and_leaves_the_supporters_on_the_original() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let original = file(&s).await;
    let duplicate = file(&s).await;
    support(&s, &duplicate.id, A).await;
    let merged = set_status(
        &s,
        &cookie,
        &duplicate.id,
        json!({"status": "duplicate", "duplicate_of": original.id}),
    )
    .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text());
    let reopened = set_status(&s, &cookie, &duplicate.id, json!({"status": "open"})).await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text());
    assert_eq!(reopened.json()["duplicate_of"], Value::Null);
    assert!(
        public_view(&s, &duplicate.id)
            .await
            .get("duplicate_of")
            .is_none()
    );
    assert_eq!(public_view(&s, &duplicate.id).await["service_notice"], "");
    assert_eq!(public_view(&s, &original.id).await["supporters"], 3);
    let committee = get_with_cookie(
        &s.state,
        &format!("/api/v1/admin/requests/{}.json", original.id),
        &cookie,
    )
    .await
    .json();
    assert_eq!(committee["duplicates"], json!([]));
}

#[tokio::test]
async fn a_duplicate_of_a_duplicate_is_merged_into_the_first_original() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let first = file(&s).await;
    let second = file(&s).await;
    let third = file(&s).await;
    let answer = set_status(
        &s,
        &cookie,
        &second.id,
        json!({"status": "duplicate", "duplicate_of": first.id}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let answer = set_status(
        &s,
        &cookie,
        &third.id,
        json!({"status": "duplicate", "duplicate_of": second.id}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["duplicate_of"], first.id.as_str());
    // And the first original itself cannot now be merged into one of its duplicates.
    let answer = set_status(
        &s,
        &cookie,
        &first.id,
        json!({"status": "duplicate", "duplicate_of": third.id}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json()["code"], "original_is_itself");
}

#[tokio::test]
async fn a_merge_is_refused_with_a_reason_and_stores_nothing() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let report = file(&s).await;
    let elsewhere = file(&s).await;
    let fixed = file(&s).await;
    support(&s, &report.id, A).await;
    let elsewhere_id: i64 = elsewhere.id.parse().unwrap();
    s.state
        .db
        .run_blocking(move |c| {
            c.execute(
                "UPDATE service_requests SET community_id = 'zhongcang-shangying' WHERE id = ?1",
                [elsewhere_id],
            )?;
            Ok(())
        })
        .unwrap();
    let answer = set_status(&s, &cookie, &fixed.id, json!({"status": "fixed"})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());

    let audited = count(&s.state, "audit_log");
    for (original, code, words) in [
        (None, "original_missing", "原报告的编号"),
        (Some("灯"), "original_not_a_number", "not a report number"),
        (Some(report.id.as_str()), "original_is_itself", "itself"),
        (Some("999999"), "original_not_found", "999999"),
        (
            Some(elsewhere.id.as_str()),
            "original_elsewhere",
            "another community",
        ),
        (Some(fixed.id.as_str()), "original_finished", "已解决"),
    ] {
        let mut body = json!({"status": "duplicate"});
        if let Some(original) = original {
            body["duplicate_of"] = original.into();
        }
        let answer = set_status(&s, &cookie, &report.id, body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let error = answer.json();
        assert_eq!(error["code"], code, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{error}"
        );
    }
    let unchanged = public_view(&s, &report.id).await;
    assert_eq!(unchanged["status"], "open");
    assert_eq!(unchanged["supporters"], 2);
    assert_eq!(count(&s.state, "request_supporters"), 1);
    assert_eq!(count(&s.state, "audit_log"), audited);
}
