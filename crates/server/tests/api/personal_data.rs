//! Personal data (China's PIPL): a reporter's phone number erased a set time after the report is
//! finished, and at once when the reporter asks from the tracking page.

use axum::http::StatusCode;
use linli_server::{PhoneErasure, erase_expired_phones};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::support::*;

pub(crate) const PHONE: &str = "13800138000";

/// Files a report with a phone number; returns its id and tracking secret.
pub(crate) async fn file_report_with_phone(s: &TestServer) -> (String, String) {
    let key = client_key(&s.state).await;
    let answer = post_form(
        &s.state,
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

async fn committee_moves(s: &TestServer, cookie: &str, id: &str, status: &str) {
    let answer = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/status"),
        json!({"status": status, "note": "", "public": true}),
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

/// Moves the time request `id` entered `status` back by `days`: the clock, without a sleep.
fn entered_days_ago(s: &TestServer, id: &str, status: &str, days: i64) {
    let at = (OffsetDateTime::now_utc() - time::Duration::days(days))
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap();
    let (id, status) = (id.parse::<i64>().unwrap(), status.to_owned());
    s.state
        .db
        .run_blocking(move |c| {
            let changed = c.execute(
                "UPDATE request_updates SET updated_at = ?3 WHERE request_id = ?1 AND status = ?2",
                rusqlite::params![id, status, at],
            )?;
            assert_eq!(changed, 1, "one update of request {id} to {status}");
            Ok(())
        })
        .unwrap();
}

/// Whether the row still holds the sealed number, and the masked one.
fn phone_on_file(s: &TestServer, id: &str) -> (bool, bool) {
    let id: i64 = id.parse().unwrap();
    s.state
        .db
        .run_blocking(move |c| {
            Ok(c.query_row(
                "SELECT phone_cipher IS NOT NULL, phone_masked IS NOT NULL
                 FROM service_requests WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
}

fn audit_details(s: &TestServer, action: &str) -> Vec<(String, String)> {
    let action = action.to_owned();
    s.state
        .db
        .run_blocking(move |c| {
            let mut stmt =
                c.prepare("SELECT actor, detail FROM audit_log WHERE action = ?1 ORDER BY seq")?;
            let rows = stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

#[tokio::test]
async fn phones_are_erased_only_from_reports_finished_longer_ago_than_the_setting() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let rules = PhoneErasure { after_days: 180 };

    let closed_long_ago = file_report_with_phone(&s).await.0;
    committee_moves(&s, &cookie, &closed_long_ago, "fixed").await;
    committee_moves(&s, &cookie, &closed_long_ago, "closed").await;
    entered_days_ago(&s, &closed_long_ago, "fixed", 200);
    entered_days_ago(&s, &closed_long_ago, "closed", 100);

    let closed_recently = file_report_with_phone(&s).await.0;
    committee_moves(&s, &cookie, &closed_recently, "fixed").await;
    entered_days_ago(&s, &closed_recently, "fixed", 10);

    let still_open = file_report_with_phone(&s).await.0;
    entered_days_ago(&s, &still_open, "open", 400);

    // Fixed long ago, then reopened by the reporter: not finished any more.
    let (reopened, secret) = file_report_with_phone(&s).await;
    committee_moves(&s, &cookie, &reopened, "fixed").await;
    let answer = post_json(
        &s.state,
        &format!("/api/v1/requests/{reopened}/reopen"),
        json!({"reason": "又不亮了"}),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    entered_days_ago(&s, &reopened, "fixed", 300);

    let erased = erase_expired_phones(&s.state.db, rules, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(erased, 1);
    assert_eq!(
        phone_on_file(&s, &closed_long_ago),
        (false, false),
        "finished 200 days ago (fixed, closed later): erased"
    );
    for kept in [&closed_recently, &still_open, &reopened] {
        assert_eq!(
            phone_on_file(&s, kept),
            (true, true),
            "report {kept} keeps its phone"
        );
    }
    let entries = audit_details(&s, "report.phones_erased");
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "(schedule)");
    assert!(entries[0].1.contains("\"reports\":1"), "{entries:?}");
    assert!(
        !entries[0].1.contains("138"),
        "never the number: {entries:?}"
    );

    // The next run finds nothing, and records nothing.
    let again = erase_expired_phones(&s.state.db, rules, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(audit_details(&s, "report.phones_erased").len(), 1);
}

#[tokio::test]
async fn the_reporter_erases_the_phone_number_from_the_tracking_page() {
    let s = server();
    let (id, secret) = file_report_with_phone(&s).await;
    let erase = format!("/api/v1/requests/{id}/phone/erase");
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let committee_view = format!("/api/v1/admin/requests/{id}.json");
    let seen = get_with(&s.state, &committee_view, &[("cookie", &cookie)]).await;
    assert_eq!(seen.json()["phone"], PHONE);

    let tracked = get_with(
        &s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await
    .json();
    assert_eq!(
        tracked["phone_erased_after_days"], 180,
        "the page can say when"
    );

    for wrong in [&[][..], &[("x-tracking-secret", "0123")][..]] {
        let refused = post_json(&s.state, &erase, json!({}), wrong).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
        assert!(
            refused.json()["message"]
                .as_str()
                .unwrap()
                .contains("tracking link")
        );
    }
    assert_eq!(
        phone_on_file(&s, &id),
        (true, true),
        "refused: nothing erased"
    );

    for _ in 0..2 {
        let erased = post_json(
            &s.state,
            &erase,
            json!({}),
            &[("x-tracking-secret", &secret)],
        )
        .await;
        assert_eq!(erased.status, StatusCode::OK, "{}", erased.text());
        assert_eq!(erased.json()["phone_masked"], serde_json::Value::Null);
        assert_eq!(erased.json()["id"], id.as_str());
    }
    assert_eq!(phone_on_file(&s, &id), (false, false));
    let seen = get_with(&s.state, &committee_view, &[("cookie", &cookie)]).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(
        seen.json()["phone"],
        serde_json::Value::Null,
        "{}",
        seen.text()
    );
    assert!(!seen.text().contains(PHONE));

    let entries = audit_details(&s, "report.phone_erased");
    assert_eq!(
        entries.len(),
        1,
        "asked twice, erased and recorded once: {entries:?}"
    );
    assert_eq!(entries[0].0, "(reporter)");
    assert!(
        !entries[0].1.contains("138"),
        "never the number: {entries:?}"
    );
}

#[tokio::test]
async fn an_erasure_for_a_report_that_is_not_there_is_404() {
    let s = server();
    for id in ["999999", "not-a-number"] {
        let answer = post_json(
            &s.state,
            &format!("/api/v1/requests/{id}/phone/erase"),
            json!({}),
            &[("x-tracking-secret", "0123")],
        )
        .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text());
        let message = answer.json()["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains("报告") && message.contains("report"),
            "{message}"
        );
    }
}
