//! A district's own places (issue #20): an `init`ed deployment with no sample row, streets and
//! communities created and archived by the district administrator, maintainer units whose phone
//! changes on every plate's page at once, a component's record edited and retired, and the
//! sample removed in one transaction.

use axum::http::StatusCode;
use linli_server::create_committee_account;
use linli_server::district::remove_sample;
use serde_json::{Value, json};

use crate::support::*;

fn square(west: f64, south: f64, side: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [west, south], [west + side, south], [west + side, south + side], [west, south + side],
        [west, south]
    ]]})
}

async fn admin(s: &TestServer) -> String {
    session_cookie(&s.state, &s.account.username, &s.account.password).await
}

/// A resident's report on the street light, as the SPA files it.
async fn report_street_light(s: &TestServer) -> Answer {
    let key = client_key(&s.state).await;
    post_form(
        &s.state,
        "/open311/v2/requests.json",
        &[
            ("api_key", &key),
            ("service_code", "streetlight_out"),
            ("attribute[component_code]", STREET_LIGHT),
            ("description", "灯不亮"),
        ],
    )
    .await
}

async fn post(s: &TestServer, path: &str, body: Value, cookie: &str) -> Answer {
    post_json(&s.state, path, body, &[("cookie", cookie)]).await
}

#[tokio::test]
async fn a_new_district_serves_no_place_until_its_administrator_adds_one() {
    let s = district_server();
    let meta = get(&s.state, "/api/v1/meta.json").await.json();
    assert_eq!(meta["sample_data"], false);
    assert_eq!(meta["district_code"], "110112");
    assert_eq!(
        get(&s.state, "/api/v1/communities.json").await.json()["communities"],
        json!([])
    );
    assert_eq!(
        get(&s.state, "/api/v1/components.json").await.json()["components"],
        json!([])
    );
    for table in [
        "communities",
        "components",
        "buildings",
        "service_points",
        "ballots",
    ] {
        assert_eq!(count(&s.state, table), 0, "{table}");
    }

    let cookie = admin(&s).await;
    let street = post(
        &s,
        "/api/v1/admin/streets",
        json!({"id": "110112001", "name_zh": "中仓街道", "name_en": "Zhongcang Subdistrict"}),
        &cookie,
    )
    .await;
    assert_eq!(street.status, StatusCode::CREATED, "{}", street.text());
    let community = post(
        &s,
        "/api/v1/admin/communities",
        json!({"id": "110112001001", "street_id": "110112001", "name_zh": "上营社区",
               "name_en": "Shangying Community", "boundary": square(116.66, 39.90, 0.01)}),
        &cookie,
    )
    .await;
    assert_eq!(
        community.status,
        StatusCode::CREATED,
        "{}",
        community.text()
    );
    let places = community.json();
    assert_eq!(places["streets"][0]["communities"][0]["id"], "110112001001");
    assert_eq!(
        places["streets"][0]["communities"][0]["boundary"]["type"],
        "Polygon"
    );
    let listed = get(&s.state, "/api/v1/communities.json").await.json();
    assert_eq!(
        listed["communities"],
        json!([{"id": "110112001001", "name_zh": "上营社区", "name_en": "Shangying Community",
                "street_id": "110112001", "street_zh": "中仓街道",
                "street_en": "Zhongcang Subdistrict"}])
    );
}

#[tokio::test]
async fn a_refused_place_gets_a_sentence_and_stores_nothing() {
    let s = district_server();
    let cookie = admin(&s).await;
    let street = json!({"id": "110112001", "name_zh": "中仓街道", "name_en": "Zhongcang"});
    assert_eq!(
        post(&s, "/api/v1/admin/streets", street.clone(), &cookie)
            .await
            .status,
        StatusCode::CREATED
    );
    let cases = [
        (
            "/api/v1/admin/streets",
            json!({"id": "110105001", "name_zh": "朝阳某街道", "name_en": "Elsewhere"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "110112",
        ),
        (
            "/api/v1/admin/streets",
            street.clone(),
            StatusCode::CONFLICT,
            "exists",
        ),
        (
            "/api/v1/admin/streets",
            json!({"id": "110112002", "name_zh": " ", "name_en": "Blank"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "1 to 40",
        ),
        (
            "/api/v1/admin/communities",
            json!({"id": "110112009001", "street_id": "110112009", "name_zh": "无街道社区",
                   "name_en": "Orphan"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "No street",
        ),
        (
            "/api/v1/admin/communities",
            // Latitude and longitude swapped: the square lies far outside Tongzhou.
            json!({"id": "110112001002", "street_id": "110112001", "name_zh": "错位社区",
                   "name_en": "Swapped", "boundary": square(39.90, 116.66, 0.01)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "swapped",
        ),
        (
            "/api/v1/admin/communities",
            json!({"id": "110112001003", "street_id": "110112001", "name_zh": "点社区",
                   "name_en": "A point", "boundary": {"type": "Point", "coordinates": [116.6, 39.9]}}),
            StatusCode::BAD_REQUEST,
            "The request must be",
        ),
        (
            "/api/v1/admin/communities",
            json!({"id": "110112001001"}),
            StatusCode::BAD_REQUEST,
            "street_id",
        ),
    ];
    for (path, body, status, says) in cases {
        let answer = post(&s, path, body.clone(), &cookie).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        let message = answer.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{body}: {message}");
    }
    assert_eq!(count(&s.state, "streets"), 1);
    assert_eq!(count(&s.state, "communities"), 0);

    let signed_out = post_json(&s.state, "/api/v1/admin/streets", street, &[]).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_the_district_role_manages_streets_communities_and_units() {
    let s = server();
    create_committee_account(&s.state.db, "li", "li-password-1", "beiyuan-jiayuan").unwrap();
    let member = session_cookie(&s.state, "li", "li-password-1").await;
    let street = json!({"id": "110112009", "name_zh": "新街道", "name_en": "New"});
    let answer = post(&s, "/api/v1/admin/streets", street, &member).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    let unit = json!({"id": "new-unit", "name": "新单位", "phone": "010-12345678"});
    assert_eq!(
        post(&s, "/api/v1/admin/units", unit, &member).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_with_cookie(&s.state, "/api/v1/admin/places.json", &member)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A member picks a component's unit from the list, so it may read it.
    assert_eq!(
        get_with_cookie(&s.state, "/api/v1/admin/units.json", &member)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_archived_community_keeps_its_history_and_leaves_the_residents_lists() {
    let s = server();
    let cookie = admin(&s).await;
    let archive = json!({"street_id": "beiyuan", "name_zh": "北苑家园社区",
                         "name_en": "Beiyuan Jiayuan Community", "archived": true});
    let street = json!({"name_zh": "北苑街道", "name_en": "Beiyuan Subdistrict", "archived": true});
    let refused = put_json(
        &s.state,
        "/api/v1/admin/streets/beiyuan",
        street.clone(),
        &cookie,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    assert!(refused.text().contains("archive or move them first"));

    let answer = put_json(
        &s.state,
        "/api/v1/admin/communities/beiyuan-jiayuan",
        archive.clone(),
        &cookie,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let places = answer.json();
    let beiyuan = places["streets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "beiyuan")
        .unwrap();
    let archived = beiyuan["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "beiyuan-jiayuan")
        .unwrap();
    let since = archived["archived_at"]
        .as_str()
        .expect("an archive date")
        .to_owned();
    let listed = get(&s.state, "/api/v1/communities.json").await.json();
    let ids: Vec<&str> = listed["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"beiyuan-jiayuan"), "{ids:?}");
    assert_eq!(ids.len(), 2);
    // Nor is it among its street's, or near its own buildings.
    let street = get(&s.state, "/api/v1/communities/by-street/beiyuan.json")
        .await
        .json();
    assert_eq!(
        street["communities"].as_array().unwrap().len(),
        1,
        "{street}"
    );
    let streets = get(&s.state, "/api/v1/streets.json").await.json();
    assert_eq!(streets["streets"][0]["community_count"], 1, "{streets}");
    let (_, square) = first_building_square(&s.state, "beiyuan-jiayuan").await;
    let near = get(&s.state, &format!("/api/v1/communities/near/{square}.json")).await;
    assert!(!near.text().contains("beiyuan-jiayuan"), "{}", near.text());
    let dashboard = get_with_cookie(&s.state, "/api/v1/admin/dashboard.json", &cookie)
        .await
        .json();
    assert!(
        !dashboard.to_string().contains("beiyuan-jiayuan"),
        "{dashboard}"
    );
    // Its components and ballots stay where they were.
    let plate = get(&s.state, &format!("/api/v1/components/{STREET_LIGHT}.json")).await;
    assert_eq!(plate.status, StatusCode::OK);
    // Saving it archived again keeps the first date.
    let again = put_json(
        &s.state,
        "/api/v1/admin/communities/beiyuan-jiayuan",
        archive,
        &cookie,
    )
    .await
    .json();
    assert!(again.to_string().contains(&since));
    let missing = put_json(
        &s.state,
        "/api/v1/admin/communities/nowhere",
        json!({"street_id": "beiyuan", "name_zh": "无", "name_en": "None"}),
        &cookie,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// The unit the street light names, from the committee's record of it.
async fn street_light_unit(s: &TestServer, cookie: &str) -> String {
    let record = get_with_cookie(
        &s.state,
        &format!("/api/v1/admin/components/{STREET_LIGHT}.json"),
        cookie,
    )
    .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.text());
    record.json()["unit_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_units_phone_changes_on_every_plate_page_that_names_it_at_once() {
    let s = server();
    let cookie = admin(&s).await;
    let unit_id = street_light_unit(&s, &cookie).await;
    let units = get_with_cookie(&s.state, "/api/v1/admin/units.json", &cookie)
        .await
        .json();
    let unit = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == unit_id.as_str())
        .unwrap()
        .clone();
    assert!(unit["components"].as_u64().unwrap() > 1, "{unit}");
    let mut changed = unit.clone();
    changed["phone"] = json!("010-60000000");
    let answer = put_json(
        &s.state,
        &format!("/api/v1/admin/units/{unit_id}"),
        changed,
        &cookie,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let index = get(&s.state, "/api/v1/components.json").await.json();
    let mut pages_naming_it = 0;
    for entry in index["components"].as_array().unwrap() {
        let page = get(
            &s.state,
            &format!(
                "/api/v1/components/{}.json",
                entry["code"].as_str().unwrap()
            ),
        )
        .await
        .json();
        if page["maintainer"]["unit"] == unit["name"] {
            assert_eq!(page["maintainer"]["phone"], "010-60000000", "{page}");
            pages_naming_it += 1;
        }
    }
    assert_eq!(pages_naming_it, unit["components"].as_u64().unwrap());

    let mut bad_phone = unit.clone();
    bad_phone["phone"] = json!("call the office");
    let refused = put_json(
        &s.state,
        &format!("/api/v1/admin/units/{unit_id}"),
        bad_phone,
        &cookie,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("010-89521846"),
        "{}",
        refused.text()
    );
    let mut archived = unit.clone();
    archived["archived"] = json!(true);
    let refused = put_json(
        &s.state,
        &format!("/api/v1/admin/units/{unit_id}"),
        archived,
        &cookie,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    let bad_class = json!({"id": "lights-2", "name": "照明二所", "phone": "010-60000001",
                           "classes": ["0100"]});
    let refused = post(&s, "/api/v1/admin/units", bad_class, &cookie).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    let good = json!({"id": "lights-2", "name": "照明二所", "phone": "010-60000001",
                      "classes": ["0110", "02"], "communities": ["beiyuan-jiayuan"]});
    let created = post(&s, "/api/v1/admin/units", good, &cookie).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert!(created.text().contains("照明二所"));
}

#[tokio::test]
async fn a_committee_edits_its_components_record_and_retires_it_keeping_its_reports() {
    let s = server();
    create_committee_account(&s.state.db, "li", "li-password-1", "beiyuan-jiayuan").unwrap();
    create_committee_account(&s.state.db, "wu", "wu-password-1", "zhongcang-shangying").unwrap();
    let member = session_cookie(&s.state, "li", "li-password-1").await;
    let other = session_cookie(&s.state, "wu", "wu-password-1").await;
    let unit_id = street_light_unit(&s, &member).await;
    let path = format!("/api/v1/admin/components/{STREET_LIGHT}");
    let edit = json!({"name": "北苑路1号路灯", "unit_id": unit_id, "address": "北苑路与新华北街交叉口东",
                      "location": {"lat": 39.9125, "lon": 116.6365}, "state": "being_repaired"});
    let answer = put_json(&s.state, &path, edit.clone(), &member).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let page = get(&s.state, &format!("/api/v1/components/{STREET_LIGHT}.json"))
        .await
        .json();
    assert_eq!(page["name"], "北苑路1号路灯");
    assert_eq!(page["state"], "being_repaired");
    assert_eq!(page["address"], "北苑路与新华北街交叉口东");
    assert!(page.get("retired_at").is_none(), "{page}");

    let mut outside = edit.clone();
    outside["location"] = json!({"lat": 31.23, "lon": 121.47});
    let mut no_unit = edit.clone();
    no_unit["unit_id"] = json!("nobody");
    for (wrong, says) in [(outside, "outside the district"), (no_unit, "nobody")] {
        let refused = put_json(&s.state, &path, wrong, &member).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.text()
        );
        assert!(refused.text().contains(says), "{}", refused.text());
    }
    let forbidden = put_json(&s.state, &path, edit.clone(), &other).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let report = report_street_light(&s).await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text());
    let reports = count(&s.state, "service_requests");
    let retired = post(&s, &format!("{path}/retire"), json!({}), &member).await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text());
    let page = get(&s.state, &format!("/api/v1/components/{STREET_LIGHT}.json"))
        .await
        .json();
    assert!(page["retired_at"].is_string(), "{page}");
    assert_eq!(count(&s.state, "service_requests"), reports);
    let on_removed_plate = report_street_light(&s).await;
    assert_eq!(on_removed_plate.status, StatusCode::BAD_REQUEST);
    assert!(
        on_removed_plate.json()[0]["description"]
            .as_str()
            .unwrap()
            .contains("was retired"),
        "{}",
        on_removed_plate.text()
    );
    assert_eq!(count(&s.state, "service_requests"), reports);
    let again = post(&s, &format!("{path}/retire"), json!({}), &member).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let edit_after = put_json(&s.state, &path, edit, &member).await;
    assert_eq!(edit_after.status, StatusCode::CONFLICT);
}

/// Tables whose rows are the deployment's own, not the sample's: they stay.
/// What removing the sample keeps. The audit trail is append-only: it keeps what was done on the
/// sample too, and the removal itself.
const KEPT: &[&str] = &[
    "settings",
    "users",
    "user_roles",
    "sessions",
    "api_keys",
    "audit_log",
];

#[tokio::test]
async fn removing_the_sample_takes_every_sample_row_and_what_was_done_on_them_at_once() {
    let s = server();
    create_committee_account(&s.state.db, "li", "li-password-1", "beiyuan-jiayuan").unwrap();
    let report = report_street_light(&s).await;
    assert_eq!(report.status, StatusCode::CREATED);

    // A district's own component in a sample community: removing the sample would orphan it.
    s.state
        .db
        .run_blocking(|c| {
            c.execute(
                "UPDATE components SET sample_data = 0 WHERE code = ?1",
                [STREET_LIGHT],
            )?;
            Ok(())
        })
        .unwrap();
    let communities = count(&s.state, "communities");
    let refused = remove_sample(&s.state.db).unwrap_err();
    assert!(
        refused.parts().1.message.contains("components 1"),
        "{refused:?}"
    );
    assert_eq!(count(&s.state, "communities"), communities);
    s.state
        .db
        .run_blocking(|c| {
            c.execute(
                "UPDATE components SET sample_data = 1 WHERE code = ?1",
                [STREET_LIGHT],
            )?;
            Ok(())
        })
        .unwrap();

    let removed = remove_sample(&s.state.db).unwrap();
    assert!(removed.rows() > 100, "{removed:?}");
    let tables: Vec<String> = s
        .state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
            let names = stmt.query_map([], |r| r.get(0))?;
            Ok(names.collect::<Result<Vec<String>, _>>()?)
        })
        .unwrap();
    for table in tables.iter().filter(|t| !KEPT.contains(&t.as_str())) {
        assert_eq!(count(&s.state, table), 0, "{table} still holds rows");
    }
    assert_eq!(
        get(&s.state, "/api/v1/meta.json").await.json()["sample_data"],
        false
    );
    let last: String = s
        .state
        .db
        .run_blocking(|c| {
            Ok(c.query_row(
                "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(last, "district.remove_sample");
    // The district account stays; the member of a sample community has nothing left to act for.
    assert!(
        login(&s.state, &s.account.username, &s.account.password)
            .await
            .status
            .is_success()
    );
    let gone = login(&s.state, "li", "li-password-1").await;
    assert!(
        gone.text()
            .contains("The username or password is not right"),
        "{}",
        gone.text()
    );
    assert_eq!(remove_sample(&s.state.db).unwrap().rows(), 0);
}
