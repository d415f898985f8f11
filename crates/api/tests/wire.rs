//! Wire shapes pinned against literal JSON: a renamed field on either side fails here first.

use linli_api::*;
use serde_json::json;

fn check<T>(value: &T, expected: serde_json::Value)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert_eq!(serde_json::to_value(value).unwrap(), expected);
    let back: T = serde_json::from_value(expected).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn component() {
    let component = Component {
        code: linli_core::component_code::ComponentCode::parse("1101120110000001").unwrap(),
        name: "北苑南路路灯".into(),
        major_class: linli_core::component_code::MajorClass::Utilities,
        subclass_zh: "路灯".into(),
        subclass_en: "Street light".into(),
        location: LatLon {
            lat: 39.9,
            lon: 116.65,
        },
        address: "北苑南路13号".into(),
        community_id: "beiyuan-jiayuan".into(),
        maintainer: Maintainer {
            unit: "通州区城市照明管理所".into(),
            phone: "010-89521846".into(),
        },
        state: ComponentState::BeingRepaired,
        sample_data: true,
        retired_at: None,
    };
    check(
        &component,
        json!({
            "code": "1101120110000001",
            "name": "北苑南路路灯",
            "major_class": "utilities",
            "subclass_zh": "路灯",
            "subclass_en": "Street light",
            "location": {"lat": 39.9, "lon": 116.65},
            "address": "北苑南路13号",
            "community_id": "beiyuan-jiayuan",
            "maintainer": {"unit": "通州区城市照明管理所", "phone": "010-89521846"},
            "state": "being_repaired",
            "sample_data": true
        }),
    );
}

#[test]
fn a_component_with_a_malformed_code_does_not_decode() {
    let bad = json!({
        "code": "12345", "name": "x", "major_class": "utilities", "subclass_zh": "x",
        "subclass_en": "x", "location": {"lat": 0.0, "lon": 0.0}, "address": "x",
        "community_id": "x", "maintainer": {"unit": "x", "phone": "x"}, "state": "normal",
        "sample_data": false
    });
    assert!(serde_json::from_value::<Component>(bad).is_err());
}

#[test]
fn meta_and_errors() {
    check(
        &Meta {
            writable: false,
            sample_data: true,
            district_code: "110112".into(),
            district_name_zh: "通州区".into(),
            district_name_en: "Tongzhou District".into(),
            hotline: "12345".into(),
            version: "0.1.0".into(),
            client_api_key: None,
            public_url: None,
        },
        json!({
            "writable": false, "sample_data": true, "district_code": "110112",
            "district_name_zh": "通州区", "district_name_en": "Tongzhou District",
            "hotline": "12345", "version": "0.1.0", "client_api_key": null
        }),
    );
    check(
        &ApiError {
            code: "not_found".into(),
            message: "No such thing.".into(),
        },
        json!({"code": "not_found", "message": "No such thing."}),
    );
}

#[test]
fn a_ballot_flattens_its_summary() {
    let ballot = Ballot {
        summary: BallotSummary {
            id: "2026-x".into(),
            community_id: "c".into(),
            title: "t".into(),
            status: BallotStatus::Open,
            kind: BallotKind::Budget,
            opens_at: "2026-11-01T00:00:00+08:00".into(),
            closes_at: "2027-06-30T20:00:00+08:00".into(),
            project_count: 1,
        },
        explanation: "e".into(),
        budget_yuan: Some(500000),
        min_choices: 1,
        max_choices: 1,
        rule: "greedy".into(),
        min_budget_share_percent: 0,
        min_project_score: None,
        open_poll: false,
        projects: vec![Project {
            id: "p1".into(),
            title: "口袋公园".into(),
            summary: "s".into(),
            theme: "绿色生态".into(),
            cost_yuan: 120000,
            location: "北苑三街".into(),
            photo_url: None,
            description: "d".into(),
        }],
        sample_data: true,
    };
    check(
        &ballot,
        json!({
            "id": "2026-x", "community_id": "c", "title": "t", "status": "open", "kind": "budget",
            "opens_at": "2026-11-01T00:00:00+08:00", "closes_at": "2027-06-30T20:00:00+08:00",
            "project_count": 1, "explanation": "e", "budget_yuan": 500000, "min_choices": 1,
            "max_choices": 1, "rule": "greedy", "min_budget_share_percent": 0, "min_project_score": null, "open_poll": false,
            "projects": [{"id": "p1", "title": "口袋公园", "summary": "s", "theme": "绿色生态", "cost_yuan": 120000,
                "location": "北苑三街", "photo_url": null, "description": "d"}],
            "sample_data": true
        }),
    );
}

#[test]
fn services_and_walking_graphs() {
    check(
        &Services {
            sample_data: true,
            community_id: "c".into(),
            services: vec![ServicePoint {
                id: "svc-0001".into(),
                name: "庆丰包子铺".into(),
                category: "breakfast".into(),
                location: LatLon {
                    lat: 39.9,
                    lon: 116.6,
                },
                address: "a".into(),
                phone: None,
                opening_hours: Some("Mo-Su 06:00-10:00".into()),
                step_free: true,
            }],
        },
        json!({
            "sample_data": true, "community_id": "c",
            "services": [{
                "id": "svc-0001", "name": "庆丰包子铺", "category": "breakfast",
                "location": {"lat": 39.9, "lon": 116.6}, "address": "a", "phone": null,
                "opening_hours": "Mo-Su 06:00-10:00", "step_free": true
            }]
        }),
    );
    check(
        &WalkingGraph {
            sample_data: true,
            community_id: "c".into(),
            nodes: vec![LatLon { lat: 1.0, lon: 2.0 }, LatLon { lat: 1.5, lon: 2.0 }],
            edges: vec![(0, 1, 55.6)],
        },
        json!({
            "sample_data": true, "community_id": "c",
            "nodes": [{"lat": 1.0, "lon": 2.0}, {"lat": 1.5, "lon": 2.0}],
            "edges": [[0, 1, 55.6]]
        }),
    );
}

#[test]
fn sessions() {
    check(
        &SessionInfo {
            username: "admin".into(),
            display_name: "通州区管理员".into(),
            roles: vec![CommunityRole {
                community_id: "*".into(),
                role: Role::DistrictAdmin,
            }],
        },
        json!({
            "username": "admin", "display_name": "通州区管理员",
            "roles": [{"community_id": "*", "role": "district_admin"}]
        }),
    );
}

#[test]
fn paths_are_stable() {
    assert_eq!(
        paths::component("1101120110000001"),
        "/api/v1/components/1101120110000001.json"
    );
    assert_eq!(paths::services("c"), "/api/v1/services/c.json");
    assert_eq!(paths::ballot("b"), "/api/v1/ballots/b.json");
    assert_eq!(paths::META, "/api/v1/meta.json");
}

#[test]
fn votes_receipts_and_turnout() {
    check(
        &CastVote {
            code: "ABCD-EFGH-JKM7".into(),
            selections: vec!["p1".into(), "p3".into()],
            channel: Channel::Kiosk,
            device: None,
            idempotency_key: Some("5f0c9a2e7b1d4c3f8a6e0b2d9c7f1e3a".into()),
        },
        json!({"code": "ABCD-EFGH-JKM7", "selections": ["p1", "p3"], "channel": "kiosk",
               "idempotency_key": "5f0c9a2e7b1d4c3f8a6e0b2d9c7f1e3a"}),
    );
    // An open poll's vote: no code, this browser's random id instead.
    check(
        &CastVote {
            code: String::new(),
            selections: vec!["p2".into()],
            channel: Channel::Phone,
            device: Some("0123456789abcdef0123".into()),
            idempotency_key: None,
        },
        json!({"code": "", "selections": ["p2"], "channel": "phone", "device": "0123456789abcdef0123"}),
    );
    let without_code: CastVote = serde_json::from_value(
        json!({"selections": ["p2"], "channel": "phone", "device": "0123456789abcdef0123"}),
    )
    .unwrap();
    assert_eq!(without_code.code, "");
    check(
        &Turnout {
            ballot_id: "b".into(),
            codes_issued: 10,
            codes_spent: 3,
            by_channel: ByChannel {
                phone: 1,
                kiosk: 1,
                paper: 1,
            },
            paper_pending: 2,
        },
        json!({"ballot_id": "b", "codes_issued": 10, "codes_spent": 3,
            "by_channel": {"phone": 1, "kiosk": 1, "paper": 1}, "paper_pending": 2}),
    );
    check(
        &NewLibraryProject {
            community_id: "c".into(),
            fields: LibraryProjectFields {
                title: "t".into(),
                summary: "s".into(),
                theme: "运动健康".into(),
                location: "l".into(),
                cost_yuan: 95000,
                photo_url: Some("/photos/p.jpg".into()),
                description: "d".into(),
            },
        },
        json!({"community_id": "c", "title": "t", "summary": "s", "theme": "运动健康",
            "location": "l", "cost_yuan": 95000, "photo_url": "/photos/p.jpg", "description": "d"}),
    );
    assert_eq!(paths::cast_vote("b"), "/api/v1/ballots/b/votes");
    assert_eq!(paths::vote_page("b", "ABCD"), "/v/b#ABCD");
    assert_eq!(
        paths::receipt("b", "R"),
        "/api/v1/ballots/b/receipts/R.json"
    );
}

/// A retired component says when; one in use carries no such field.
#[test]
fn a_retired_component_says_when_its_plate_was_removed() {
    let retired: Component = serde_json::from_value(json!({
        "code": "1101120110000001", "name": "x", "major_class": "utilities", "subclass_zh": "x",
        "subclass_en": "x", "location": {"lat": 39.9, "lon": 116.6}, "address": "x",
        "community_id": "x", "maintainer": {"unit": "x", "phone": "x"}, "state": "normal",
        "sample_data": false, "retired_at": "2026-12-07T02:00:00Z"
    }))
    .unwrap();
    assert_eq!(retired.retired_at.as_deref(), Some("2026-12-07T02:00:00Z"));
}

/// A boundary is a GeoJSON geometry as any GIS writes it; a Point is not a boundary.
#[test]
fn a_boundary_reads_as_geojson_and_refuses_a_point() {
    let boundary = linli_api::Boundary::Polygon(vec![vec![
        [116.6, 39.9],
        [116.7, 39.9],
        [116.7, 40.0],
        [116.6, 39.9],
    ]]);
    check(
        &boundary,
        json!({"type": "Polygon", "coordinates": [[[116.6, 39.9], [116.7, 39.9], [116.7, 40.0], [116.6, 39.9]]]}),
    );
    let point = json!({"type": "Point", "coordinates": [116.6, 39.9]});
    assert!(serde_json::from_value::<linli_api::Boundary>(point).is_err());
}
