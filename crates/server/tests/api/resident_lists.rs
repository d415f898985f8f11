//! The lists a resident finds a community and its ballots by, none of which grows with the
//! district: the streets, one street's communities, the communities near a square of the map
//! (without the phone's position), and one community's ballots.

use axum::http::StatusCode;
use linli_core::reach::{GeoPoint, NearTile};
use serde_json::{Value, json};

use crate::support::{first_building_square, get, server};
use crate::vote::{committee_on, draft_with};

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_resident_chooses_a_street_then_one_of_its_communities() {
    let s = server();
    let streets = get(&s.state, "/api/v1/streets.json").await.json();
    assert_eq!(streets["sample_data"], true);
    let counts: Vec<(String, u64)> = streets["streets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["community_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("beiyuan".to_owned(), 2), ("zhongcang".to_owned(), 1)]
    );
    let beiyuan = get(&s.state, "/api/v1/communities/by-street/beiyuan.json")
        .await
        .json();
    let mut listed = ids(&beiyuan, "communities");
    listed.sort();
    assert_eq!(listed, ["beiyuan-jiayuan", "beiyuan-xinhua"]);
    assert_eq!(beiyuan["communities"][0]["street_zh"], "北苑街道");

    let unknown = get(&s.state, "/api/v1/communities/by-street/nowhere.json").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.text().contains("没有这个街道或乡镇：nowhere"),
        "{}",
        unknown.text()
    );
}

#[tokio::test]
async fn the_square_a_phone_stands_in_lists_the_communities_near_it_and_nothing_far() {
    let s = server();
    let ((lat, lon), square) = first_building_square(&s.state, "zhongcang-shangying").await;
    let near = get(&s.state, &format!("/api/v1/communities/near/{square}.json"))
        .await
        .json();
    assert_eq!(near["square"], square.as_str());
    let shangying = near["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "zhongcang-shangying")
        .expect("the building's own community is listed");
    assert_eq!(shangying["name_zh"], "上营社区", "{shangying}");
    assert!(
        shangying["buildings"]
            .as_array()
            .unwrap()
            .contains(&json!({"lat": lat, "lon": lon})),
        "{shangying}"
    );

    // 天津, some 100 km away: a square with nothing near it.
    let tianjin = NearTile::of(GeoPoint::new(39.1256, 117.1909).unwrap()).name();
    let far = get(
        &s.state,
        &format!("/api/v1/communities/near/{tianjin}.json"),
    )
    .await
    .json();
    assert_eq!(far["communities"], json!([]));

    for bad in ["39.9_116.6", "3990", "x_y", "99999_1"] {
        let answer = get(&s.state, &format!("/api/v1/communities/near/{bad}.json")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(answer.text().contains("3990_11665"), "{}", answer.text());
    }
}

#[tokio::test]
async fn a_community_lists_its_own_ballots_and_never_a_draft() {
    let c = committee_on(server()).await;
    draft_with(&c, "draft-one", &[100_000], json!({})).await;
    let jiayuan = get(
        &c.s.state,
        "/api/v1/ballots/by-community/beiyuan-jiayuan.json",
    )
    .await
    .json();
    assert_eq!(jiayuan["community"]["name_zh"], "北苑家园社区");
    let statuses: Vec<(&str, &str)> = jiayuan["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["community_id"].as_str().unwrap(),
                b["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses, [("beiyuan-jiayuan", "open")]);
    let shangying = get(
        &c.s.state,
        "/api/v1/ballots/by-community/zhongcang-shangying.json",
    )
    .await
    .json();
    assert_eq!(shangying["ballots"][0]["status"], "closed");
    assert_eq!(shangying["ballots"].as_array().unwrap().len(), 1);
    let none = get(
        &c.s.state,
        "/api/v1/ballots/by-community/beiyuan-xinhua.json",
    )
    .await
    .json();
    assert_eq!(none["ballots"], json!([]));
    let unknown = get(&c.s.state, "/api/v1/ballots/by-community/nowhere.json").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.text().contains("没有这个社区：nowhere"),
        "{}",
        unknown.text()
    );
}
