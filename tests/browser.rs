//! Browser tests: the SPA's pieces mounted in headless Chromium by wasm-bindgen-test.
//! Run with `cargo test -p linli --target wasm32-unknown-unknown` (the README's test command does).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use linli::i18n::{I18n, Locale};
use linli_api::{Component, ComponentState, LatLon, Maintainer};
use linli_core::component_code::ComponentCode;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn host() -> web_sys::HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn street_light() -> Component {
    Component {
        code: ComponentCode::parse("1101120110000001").unwrap(),
        name: "北苑南路路灯 BYNL-005".into(),
        major_class: linli_core::component_code::MajorClass::Utilities,
        subclass_zh: "路灯".into(),
        subclass_en: "Street light".into(),
        location: LatLon {
            lat: 39.9,
            lon: 116.65,
        },
        address: "北京市通州区北苑南路13号附近".into(),
        community_id: "beiyuan-jiayuan".into(),
        maintainer: Maintainer {
            unit: "通州区城市照明管理所".into(),
            phone: "010-89521846".into(),
        },
        state: ComponentState::BeingRepaired,
        retired_at: None,
        sample_data: true,
    }
}

#[wasm_bindgen_test]
async fn the_shell_mounts_in_chinese_with_its_four_tabs() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), linli::app::App);
    leptos::task::tick().await;
    let tabs: Vec<String> = {
        let links = host.query_selector_all(".bottom-nav a").unwrap();
        (0..links.length())
            .map(|i| links.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(tabs.len(), 4);
    for (tab, label) in tabs.iter().zip(["扫码", "投票", "便民圈", "我的"]) {
        assert!(tab.contains(label), "{tab:?} should contain {label}");
    }
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );
    assert!(
        host.query_selector("#code-input").unwrap().is_some(),
        "typed code entry is on the first page"
    );
}

#[wasm_bindgen_test]
async fn the_component_page_shows_name_maintainer_and_a_call_link_in_both_languages() {
    let locale = RwSignal::new(Locale::ZhCn);
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n {
            locale: locale.into(),
        });
        view! { <linli::scan::component_page::ComponentDetails component=street_light()/> }
    });
    leptos::task::tick().await;
    let text = host.text_content().unwrap();
    assert!(text.contains("北苑南路路灯 BYNL-005"));
    assert!(text.contains("通州区城市照明管理所"));
    assert!(
        text.contains("110112 01 10 000001"),
        "the code is shown grouped: {text}"
    );
    assert!(text.contains("维修中"));
    let call = host
        .query_selector("[data-testid=maintainer-phone]")
        .unwrap()
        .unwrap();
    assert_eq!(
        call.get_attribute("href").as_deref(),
        Some("tel:01089521846")
    );

    locale.set(Locale::En);
    leptos::task::tick().await;
    let text = host.text_content().unwrap();
    assert!(text.contains("Street light"), "{text}");
    assert!(text.contains("Being repaired"), "{text}");
    assert!(text.contains("Maintained by"), "{text}");
}

#[wasm_bindgen_test]
async fn a_retired_component_says_when_its_plate_was_removed_and_offers_no_report_form() {
    let host = host();
    let retired = Component {
        retired_at: Some("2026-11-30T08:00:00Z".into()),
        ..street_light()
    };
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n {
            locale: RwSignal::new(Locale::ZhCn).into(),
        });
        view! { <linli::scan::component_page::ComponentDetails component=retired.clone()/> }
    });
    leptos::task::tick().await;
    let notice = host
        .query_selector("[data-testid=component-retired]")
        .unwrap()
        .expect("a retired notice");
    let said = notice.text_content().unwrap();
    assert!(said.contains("已停用"), "{said}");
    assert!(said.contains("2026-11-30"), "{said}");
    assert!(
        host.query_selector("[data-testid=report-button]")
            .unwrap()
            .is_none(),
        "no report button for a removed plate"
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("北苑南路路灯 BYNL-005"),
        "the plate's record stays readable"
    );
}
