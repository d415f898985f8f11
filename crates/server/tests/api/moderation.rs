//! Moderation: a committee member hides and restores a report's description, each photo and a
//! reopening's reason with a reason; hidden parts leave every public view but stay for the
//! committee; the reporter reads the reason; a blurred photo replaces the original.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::photos_and_support::{borrowed, camera_jpeg, multipart, post_multipart, report_fields};
use crate::support::*;

const DESCRIPTION: &str = "灯杆歪了，灯不亮。";

struct Filed {
    id: String,
    secret: String,
}

async fn file_with_two_photos(s: &TestServer) -> Filed {
    let fields = report_fields(s).await;
    let photos = vec![
        ("image/jpeg", camera_jpeg(320, 240)),
        ("image/jpeg", camera_jpeg(200, 200)),
    ];
    let answer = post_multipart(s, multipart(&borrowed(&fields), &photos)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let created = &answer.json()[0];
    Filed {
        id: created["service_request_id"].as_str().unwrap().to_owned(),
        secret: created["tracking_secret"].as_str().unwrap().to_owned(),
    }
}

async fn moderate(s: &TestServer, cookie: &str, id: &str, body: Value) -> Answer {
    post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{id}/moderation"),
        body,
        &[("cookie", cookie)],
    )
    .await
}

async fn tracked(s: &TestServer, filed: &Filed) -> Value {
    get_with(
        &s.state,
        &format!("/api/v1/requests/{}.json", filed.id),
        &[("x-tracking-secret", &filed.secret)],
    )
    .await
    .json()
}

async fn public_view(s: &TestServer, id: &str) -> Value {
    get(&s.state, &format!("/open311/v2/requests/{id}.json"))
        .await
        .json()[0]
        .clone()
}

fn audit_actions(s: &TestServer) -> Vec<(String, String)> {
    s.state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare(
                "SELECT action, detail FROM audit_log WHERE action LIKE 'report.%' ORDER BY seq",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

#[tokio::test]
async fn hidden_words_and_photos_leave_every_public_view_and_the_reporter_reads_why() {
    let s = server();
    let filed = file_with_two_photos(&s).await;
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let before = tracked(&s, &filed).await;
    let photos: Vec<String> = before["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(photos.len(), 2);
    assert_eq!(get(&s.state, &photos[1]).await.status, StatusCode::OK);

    let answer = moderate(
        &s,
        &cookie,
        &filed.id,
        json!({"part": "description", "hidden": true, "reason": "含有电话号码 / contains a phone number"}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let answer = moderate(
        &s,
        &cookie,
        &filed.id,
        json!({"part": {"photo": 2}, "hidden": true, "reason": "照片里有人脸 / a face"}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    // The committee still sees everything, and what is hidden.
    let committee = answer.json();
    assert_eq!(committee["description"], DESCRIPTION);
    assert_eq!(committee["photos"].as_array().unwrap().len(), 2);
    assert_eq!(committee["hidden"].as_array().unwrap().len(), 2);
    let hidden_photo = committee["photos"][1]["path"].as_str().unwrap();
    assert_eq!(
        get_with_cookie(&s.state, hidden_photo, &cookie)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get(&s.state, hidden_photo).await.status,
        StatusCode::UNAUTHORIZED,
        "the committee's photo path needs a session"
    );

    // Open311's single and list views, and the photo's public URL.
    let public = public_view(&s, &filed.id).await;
    assert_eq!(public["description"], "");
    assert!(
        public["service_notice"]
            .as_str()
            .unwrap()
            .contains("hidden"),
        "{public}"
    );
    assert_eq!(
        public["media_url"], photos[0],
        "the first photo is still shown"
    );
    let listed = get(&s.state, "/open311/v2/requests.json").await.text();
    assert!(!listed.contains(DESCRIPTION), "{listed}");
    assert_eq!(
        get(&s.state, &photos[1]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&s.state, &photos[0]).await.status, StatusCode::OK);

    // The reporter still reads their own words, and why they are not public.
    let mine = tracked(&s, &filed).await;
    assert_eq!(mine["description"], DESCRIPTION);
    assert_eq!(mine["photos"], json!([photos[0]]));
    let reasons: Vec<&str> = mine["hidden"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "含有电话号码 / contains a phone number",
            "照片里有人脸 / a face"
        ]
    );
    assert_eq!(mine["hidden"][1]["part"], json!({"photo": 2}));

    // Restored: public again, the reason gone from the tracking page.
    let answer = moderate(
        &s,
        &cookie,
        &filed.id,
        json!({"part": "description", "hidden": false, "reason": "号码已核实是单位电话 / it is the unit's phone"}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(public_view(&s, &filed.id).await["description"], DESCRIPTION);
    assert_eq!(
        tracked(&s, &filed).await["hidden"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Each change is in the audit trail, with its reason.
    let actions = audit_actions(&s);
    let names: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(names, ["report.hide", "report.hide", "report.restore"]);
    assert!(actions[1].1.contains("\"photo\":2"), "{}", actions[1].1);
    assert!(actions[2].1.contains("单位电话"), "{}", actions[2].1);
}

#[tokio::test]
async fn a_reopening_reason_can_be_hidden_but_not_the_committees_own_note() {
    let s = server();
    let filed = file_with_two_photos(&s).await;
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let fixed = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{}/status", filed.id),
        json!({"status": "fixed", "note": "已更换灯泡", "public": true}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text());
    let reason = "还是不亮，打我电话13800138000";
    let reopened = post_json(
        &s.state,
        &format!("/api/v1/requests/{}/reopen", filed.id),
        json!({"reason": reason}),
        &[("x-tracking-secret", &filed.secret)],
    )
    .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text());
    let timeline = reopened.json()["timeline"].as_array().unwrap().clone();
    let by = |pred: fn(&Value) -> bool| {
        timeline.iter().find(|e| pred(e)).unwrap()["id"]
            .as_str()
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    let reporter_update = by(|e| e["by_reporter"] == true && e["note"] != "");
    let committee_note = by(|e| e["by_reporter"] == false);
    assert!(public_view(&s, &filed.id).await["status_notes"] == reason);

    let refused = moderate(
        &s,
        &cookie,
        &filed.id,
        json!({"part": {"update": committee_note}, "hidden": true, "reason": "不需要"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.text());
    let hidden = moderate(
        &s,
        &cookie,
        &filed.id,
        json!({"part": {"update": reporter_update}, "hidden": true, "reason": "含有电话号码"}),
    )
    .await;
    assert_eq!(hidden.status, StatusCode::OK, "{}", hidden.text());
    assert_eq!(public_view(&s, &filed.id).await["status_notes"], "");
    let updates = get(&s.state, "/open311/v2/servicerequestupdates.json")
        .await
        .text();
    assert!(!updates.contains("13800138000"), "{updates}");
    assert!(updates.contains("已更换灯泡"), "the committee's note stays");
}

#[tokio::test]
async fn moderation_without_a_reason_a_session_or_an_existing_part_changes_nothing() {
    let s = server();
    let filed = file_with_two_photos(&s).await;
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let path = format!("/api/v1/admin/requests/{}/moderation", filed.id);
    let cases = [
        (
            json!({"part": "description", "hidden": true, "reason": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reason",
        ),
        (
            json!({"part": "description", "hidden": true, "reason": "长".repeat(201)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "200",
        ),
        (
            json!({"part": {"photo": 3}, "hidden": true, "reason": "人脸"}),
            StatusCode::NOT_FOUND,
            "photo 3",
        ),
        (
            json!({"part": "title", "hidden": true, "reason": "人脸"}),
            StatusCode::BAD_REQUEST,
            "hide or restore",
        ),
    ];
    for (body, status, words) in cases {
        let answer = post_json(&s.state, &path, body.clone(), &[("cookie", &cookie)]).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        assert!(answer.text().contains(words), "{body}: {}", answer.text());
    }
    let anonymous = post_json(
        &s.state,
        &path,
        json!({"part": "description", "hidden": true, "reason": "人脸"}),
        &[],
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(public_view(&s, &filed.id).await["description"], DESCRIPTION);
    assert!(audit_actions(&s).is_empty());
}

fn stripes_contrast(jpeg: &[u8], x0: u32, x1: u32, y: u32) -> u8 {
    let image = image::load_from_memory(jpeg).unwrap().to_rgb8();
    let values: Vec<u8> = (x0..x1).map(|x| image.get_pixel(x, y).0[0]).collect();
    values.iter().max().unwrap() - values.iter().min().unwrap()
}

#[tokio::test]
async fn a_blurred_region_replaces_the_original_under_a_new_address() {
    let s = server();
    let filed = file_with_two_photos(&s).await;
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let old_public = tracked(&s, &filed).await["photos"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let original = get(&s.state, &old_public).await.body;
    // camera_jpeg's red channel climbs from 0 to 255 across the photo.
    assert!(stripes_contrast(&original, 0, 160, 120) > 100);

    let blur = format!("/api/v1/admin/requests/{}/photos/1/blur", filed.id);
    let answer = post_json(
        &s.state,
        &blur,
        json!({"x": 0.0, "y": 0.0, "width": 0.5, "height": 1.0}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["photos"][0]["blurred"], true);

    assert_eq!(
        get(&s.state, &old_public).await.status,
        StatusCode::NOT_FOUND,
        "the old address answers nothing"
    );
    let new_public = tracked(&s, &filed).await["photos"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_public, old_public);
    let blurred = get(&s.state, &new_public).await.body;
    assert!(
        stripes_contrast(&blurred, 2, 24, 120) < 16,
        "within a block the gradient is flattened"
    );
    assert!(
        stripes_contrast(&blurred, 170, 310, 120) > 100,
        "the rest is untouched"
    );
    // The original is gone from the database, not only from the public view.
    let stored: Vec<Vec<u8>> = s
        .state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare("SELECT jpeg FROM request_photos")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap();
    assert!(stored.iter().all(|jpeg| *jpeg != original));

    for (body, status) in [
        (
            json!({"x": 0.9, "y": 0.0, "width": 0.5, "height": 1.5}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"x": 0.0, "y": 0.0, "width": 0.001, "height": 0.5}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"x": "left"}), StatusCode::BAD_REQUEST),
    ] {
        let answer = post_json(&s.state, &blur, body.clone(), &[("cookie", &cookie)]).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
    }
    let missing = post_json(
        &s.state,
        &format!("/api/v1/admin/requests/{}/photos/3/blur", filed.id),
        json!({"x": 0.0, "y": 0.0, "width": 0.5, "height": 0.5}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let blurs: Vec<String> = audit_actions(&s)
        .into_iter()
        .filter(|(a, _)| a == "report.blur")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(blurs.len(), 1, "refusals are not recorded");
    assert!(
        blurs[0].contains("\"region\":[0.0,0.0,0.5,1.0]"),
        "{}",
        blurs[0]
    );
}
