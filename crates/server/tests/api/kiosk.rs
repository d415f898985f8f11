//! Kiosks through the router: pairing with a one-time code confirmed by a committee member, the
//! token handed out once, settings and revocation, and the kiosk channel refused to phones.

use axum::http::StatusCode;
use linli_server::create_committee_account;
use serde_json::{Value, json};

use crate::support::*;

const COMMUNITY: &str = "beiyuan-jiayuan";

async fn committee(s: &TestServer) -> String {
    create_committee_account(&s.state.db, "zhang", "zhang-password", COMMUNITY).unwrap();
    session_cookie(&s.state, "zhang", "zhang-password").await
}

async fn poll(s: &TestServer, secret: &str) -> Answer {
    post_json(
        &s.state,
        "/api/v1/kiosk/pairing/poll",
        json!({ "secret": secret }),
        &[],
    )
    .await
}

async fn pair(s: &TestServer, cookie: &str, body: Value) -> Answer {
    post_json(
        &s.state,
        "/api/v1/admin/kiosks/pair",
        body,
        &[("cookie", cookie)],
    )
    .await
}

#[tokio::test]
async fn a_screen_is_paired_by_the_committee_and_collects_its_token_once() {
    let s = server();
    let cookie = committee(&s).await;
    let pairing = post_json(&s.state, "/api/v1/kiosk/pairing", json!({}), &[]).await;
    assert_eq!(pairing.status, StatusCode::CREATED, "{}", pairing.text());
    let code = pairing.json()["code"].as_str().unwrap().to_owned();
    let secret = pairing.json()["secret"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);

    // Waiting until someone confirms the code.
    let waiting = poll(&s, &secret).await;
    assert_eq!(waiting.json(), json!({"paired": false, "token": null}));

    // No session, no pairing; a wrong code or a missing place is refused with a sentence.
    let anonymous = post_json(
        &s.state,
        "/api/v1/admin/kiosks/pair",
        json!({"code": code, "community_id": COMMUNITY, "place_label": "大厅", "lat": 39.9, "lon": 116.6}),
        &[],
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let wrong = pair(
        &s,
        &cookie,
        json!({"code": "AAAAAA", "community_id": COMMUNITY, "place_label": "大厅", "lat": 39.9, "lon": 116.6}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.json()["message"].as_str().unwrap().contains("配对码"));
    let nowhere = pair(
        &s,
        &cookie,
        json!({"code": code, "community_id": COMMUNITY, "place_label": "大厅"}),
    )
    .await;
    assert_eq!(nowhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other = pair(
        &s,
        &cookie,
        json!({"code": code, "community_id": "zhongcang-shangying", "place_label": "大厅", "lat": 39.9, "lon": 116.6}),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);

    // Typed in lower case with a space, at a component of the community: its position is used.
    let typed = format!("{} {}", &code[..3], &code[3..]).to_lowercase();
    let paired = pair(
        &s,
        &cookie,
        json!({"code": typed, "community_id": COMMUNITY, "place_label": "社区服务中心一楼",
            "place_code": STREET_LIGHT}),
    )
    .await;
    assert_eq!(paired.status, StatusCode::CREATED, "{}", paired.text());
    assert_eq!(paired.json()["idle_seconds"], 60);
    // Beijing time, as ballots' times are stored and shown.
    assert!(
        paired.json()["paired_at"]
            .as_str()
            .unwrap()
            .ends_with("+08:00"),
        "{}",
        paired.text()
    );
    let id = paired.json()["id"].as_i64().unwrap();

    // The code is spent.
    let again = pair(
        &s,
        &cookie,
        json!({"code": code, "community_id": COMMUNITY, "place_label": "x", "lat": 39.9, "lon": 116.6}),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    let collected = poll(&s, &secret).await;
    assert_eq!(collected.json()["paired"], true);
    let token = collected.json()["token"].as_str().unwrap().to_owned();
    // Once only: the secret is forgotten.
    assert_eq!(poll(&s, &secret).await.status, StatusCode::NOT_FOUND);

    let config = get_with(
        &s.state,
        "/api/v1/kiosk/config.json",
        &[("x-linli-kiosk", &token)],
    )
    .await;
    assert_eq!(config.status, StatusCode::OK, "{}", config.text());
    assert_eq!(config.json()["community_id"], COMMUNITY);
    assert_eq!(config.json()["place_label"], "社区服务中心一楼");

    // Settings: validated, then seen by the screen.
    let put = |body: Value| {
        let cookie = cookie.clone();
        let state = s.state.clone();
        async move {
            send(
                &state,
                axum::http::Request::put(format!("/api/v1/admin/kiosks/{id}"))
                    .header("content-type", "application/json")
                    .header("cookie", cookie)
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
        }
    };
    assert_eq!(
        put(json!({"idle_seconds": 2})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let set = put(json!({"idle_seconds": 90, "notice": "周六上午体检"})).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let config = get_with(
        &s.state,
        "/api/v1/kiosk/config.json",
        &[("x-linli-kiosk", &token)],
    )
    .await;
    assert_eq!(config.json()["idle_seconds"], 90);
    assert_eq!(config.json()["notice"], "周六上午体检");

    let list = get_with_cookie(&s.state, "/api/v1/admin/kiosks.json", &cookie).await;
    assert!(
        list.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == id)
    );

    // Revoked: the token opens nothing any more.
    let revoked = post_json(
        &s.state,
        &format!("/api/v1/admin/kiosks/{id}/revoke"),
        json!({}),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text());
    let refused = get_with(
        &s.state,
        "/api/v1/kiosk/config.json",
        &[("x-linli-kiosk", &token)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["code"], "kiosk_unpaired");
}

#[tokio::test]
async fn a_phone_cannot_count_its_vote_as_a_kiosk_vote() {
    let s = server();
    // The sample's open ballot; the code is never looked at, since the channel is refused first.
    let body = json!({"code": "ABCD-EFGH-JKM7", "selections": [], "channel": "kiosk"});
    let ballots = get(&s.state, "/api/v1/ballots.json").await.json();
    let open = ballots["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["status"] == "open")
        .expect("the sample has an open ballot")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/ballots/{open}/votes");
    let phone = post_json(&s.state, &path, body.clone(), &[]).await;
    assert_eq!(phone.status, StatusCode::UNAUTHORIZED);
    assert_eq!(phone.json()["code"], "kiosk_unpaired");
    let forged = post_json(&s.state, &path, body, &[("x-linli-kiosk", "0123abcd")]).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&s.state, "votes"), 0);
}
