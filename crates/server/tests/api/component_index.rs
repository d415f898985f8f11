//! The component indexes at a district's size: `components.json` answers a page (searched by
//! code or, within a community, by name), each community has its whole index, and the static
//! export writes those rather than one list of every component.

use axum::http::StatusCode;
use linli_server::seed::sample_data;
use serde_json::Value;

use crate::support::{STREET_LIGHT, get, server};

fn codes(index: &Value) -> Vec<String> {
    index["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_index_comes_in_pages_that_together_list_every_component_once() {
    let s = server();
    let all = sample_data().components.len();
    let mut seen = Vec::new();
    let mut page = Some(1);
    while let Some(number) = page {
        let index = get(
            &s.state,
            &format!("/api/v1/components.json?page_size=7&page={number}"),
        )
        .await
        .json();
        assert_eq!(index["page"], number);
        assert_eq!(index["page_size"], 7);
        let on_page = codes(&index);
        assert!(on_page.len() <= 7);
        seen.extend(on_page);
        page = index["next_page"].as_u64();
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "in code order, none twice");
    assert_eq!(seen.len(), all);
    // Without a page size, one page of at most 100: the sample's fit on it.
    let first = get(&s.state, "/api/v1/components.json").await.json();
    assert_eq!(first["page_size"], 100);
    assert_eq!(codes(&first).len(), all.min(100));
}

#[tokio::test]
async fn a_code_prefix_searches_the_district_and_a_name_searches_a_community() {
    let s = server();
    let by_prefix = get(
        &s.state,
        &format!("/api/v1/components.json?q={}", &STREET_LIGHT[..14]),
    )
    .await
    .json();
    let found = codes(&by_prefix);
    assert!(found.contains(&STREET_LIGHT.to_owned()), "{found:?}");
    assert!(found.iter().all(|c| c.starts_with(&STREET_LIGHT[..14])));

    let light = sample_data()
        .components
        .into_iter()
        .find(|c| c.code.as_str() == STREET_LIGHT)
        .unwrap();
    let word: String = light.name.chars().take(2).collect();
    let by_name = get(
        &s.state,
        &format!(
            "/api/v1/components.json?community={}&q={}",
            light.community_id,
            urlencode(&word)
        ),
    )
    .await
    .json();
    let named = by_name["components"].as_array().unwrap();
    assert!(!named.is_empty());
    assert!(
        named
            .iter()
            .all(|c| c["community_id"] == light.community_id.as_str())
    );
    assert!(named.iter().any(|c| c["code"] == STREET_LIGHT));

    // A LIKE wildcard is searched for as itself.
    let wildcard = get(
        &s.state,
        &format!(
            "/api/v1/components.json?community={}&q=%25",
            light.community_id
        ),
    )
    .await
    .json();
    assert_eq!(codes(&wildcard), Vec::<String>::new());
}

#[tokio::test]
async fn searches_and_pages_the_server_cannot_answer_say_why() {
    let s = server();
    for (query, code, words) in [
        (
            "q=%E8%B7%AF%E7%81%AF",
            "search_needs_community",
            "请先选社区",
        ),
        ("page=0", "bad_page", "页码从 1 开始"),
        ("page_size=501", "bad_page_size", "1 到 500"),
        ("page_size=0", "bad_page_size", "1 到 500"),
    ] {
        let answer = get(&s.state, &format!("/api/v1/components.json?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let error = answer.json();
        assert_eq!(error["code"], code, "{query}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{error}"
        );
    }
    let unknown = get(&s.state, "/api/v1/components.json?community=nowhere").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text().contains("nowhere"));
}

#[tokio::test]
async fn each_community_has_its_whole_index_and_the_export_writes_those() {
    let s = server();
    let sample = sample_data();
    let mut total = 0;
    for community in &sample.communities {
        let index = get(
            &s.state,
            &format!("/api/v1/components/by-community/{}.json", community.id),
        )
        .await
        .json();
        let expected = sample
            .components
            .iter()
            .filter(|c| c.community_id == community.id)
            .count();
        assert_eq!(codes(&index).len(), expected, "{}", community.id);
        assert!(index["next_page"].is_null());
        total += expected;
    }
    assert_eq!(total, sample.components.len());
    assert_eq!(
        get(&s.state, "/api/v1/components/by-community/nowhere.json")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let out = tempfile::tempdir().unwrap();
    linli_server::export::export_static_site(s.state.clone(), out.path(), None)
        .await
        .unwrap();
    let community = &sample.communities[0].id;
    let exported: Value = serde_json::from_slice(
        &std::fs::read(
            out.path()
                .join(format!("api/v1/components/by-community/{community}.json")),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!codes(&exported).is_empty());
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()[2..].to_owned()
}
