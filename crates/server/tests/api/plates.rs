//! Printable QR plates: a single plate's SVG download and A4 sheets, for the committee only.

use axum::http::{StatusCode, header};
use linli_server::create_committee_account;
use linli_server::seed::sample_data;

use crate::support::*;

/// The modules of a QR code as they appear in the crate's SVG path: what the plate must contain
/// for a phone to read `text` from it.
fn qr_path_of(text: &str) -> String {
    let svg = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .unwrap()
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let start = svg.find(" d=\"").unwrap() + 4;
    svg[start..start + svg[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_plate_encodes_the_component_url_and_prints_its_code_and_name() {
    let s = server();
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let plate = get_with(
        &s.state,
        &format!("/api/v1/admin/plates/{STREET_LIGHT}.svg"),
        &[("cookie", &cookie), ("host", "linli.tongzhou.example")],
    )
    .await;
    assert_eq!(plate.status, StatusCode::OK, "{}", plate.text());
    assert_eq!(
        plate.headers[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    assert!(
        plate.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&format!("linli-plate-{STREET_LIGHT}.svg"))
    );
    let svg = plate.text();
    assert!(svg.contains(&qr_path_of(&format!(
        "http://linli.tongzhou.example/c/{STREET_LIGHT}"
    ))));
    assert!(
        svg.contains("110112 01 10 000001"),
        "the code, grouped, for typing"
    );
    let component = sample_data()
        .components
        .into_iter()
        .find(|c| c.code.as_str() == STREET_LIGHT)
        .unwrap();
    assert!(svg.contains(&component.name));
    assert!(svg.contains("width=\"80mm\""), "printed at its real size");
}

#[tokio::test]
async fn a_sheet_holds_up_to_six_plates_of_the_committees_own_community() {
    let s = server();
    let data = sample_data();
    let community = &data.communities[0].id;
    let own_codes: Vec<String> = data
        .components
        .iter()
        .filter(|c| &c.community_id == community)
        .take(7)
        .map(|c| c.code.to_string())
        .collect();
    let foreign = data
        .components
        .iter()
        .find(|c| &c.community_id != community)
        .unwrap()
        .code
        .to_string();
    create_committee_account(&s.state.db, "own", "own-password", community).unwrap();
    let cookie = session_cookie(&s.state, "own", "own-password").await;
    let sheet = |codes: String| {
        let (state, cookie) = (s.state.clone(), cookie.clone());
        async move {
            get_with(
                &state,
                &format!("/api/v1/admin/plate-sheet.svg?codes={codes}"),
                &[("cookie", &cookie)],
            )
            .await
        }
    };

    let six = sheet(own_codes[..6].join(",")).await;
    assert_eq!(six.status, StatusCode::OK, "{}", six.text());
    let svg = six.text();
    assert!(
        svg.contains("width=\"210mm\" height=\"297mm\""),
        "an A4 page"
    );
    for code in &own_codes[..6] {
        assert!(svg.contains(&qr_path_of(&format!("http://localhost/c/{code}"))));
    }
    assert_eq!(svg.matches("扫码即知").count(), 6);

    let seven = sheet(own_codes.join(",")).await;
    assert_eq!(seven.status, StatusCode::BAD_REQUEST);
    assert!(seven.json()["message"].as_str().unwrap().contains("1 to 6"));
    let stranger = sheet(format!("{},{foreign}", own_codes[0])).await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN);
    let malformed = sheet("12345".into()).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(
        malformed.json()["message"]
            .as_str()
            .unwrap()
            .contains("12345")
    );
    let unknown = sheet("1101129910000001".into()).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let signed_out = get(
        &s.state,
        &format!("/api/v1/admin/plates/{STREET_LIGHT}.svg"),
    )
    .await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn with_a_public_url_plates_carry_it_whatever_address_the_committee_used() {
    let mut s = server();
    s.state.public_url = Some("https://linli.tongzhou.example".into());
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    // The committee's desktop reached the server by its intranet address.
    let plate = get_with(
        &s.state,
        &format!("/api/v1/admin/plates/{STREET_LIGHT}.svg"),
        &[("cookie", &cookie), ("host", "10.1.2.3:8080")],
    )
    .await;
    assert_eq!(plate.status, StatusCode::OK, "{}", plate.text());
    let svg = plate.text();
    assert!(svg.contains(&qr_path_of(&format!(
        "https://linli.tongzhou.example/c/{STREET_LIGHT}"
    ))));
    assert!(!svg.contains(&qr_path_of(&format!(
        "http://10.1.2.3:8080/c/{STREET_LIGHT}"
    ))));
    // The SPAs learn it from meta.json, for the code sheets and the kiosk's QR codes.
    let meta = get(&s.state, "/api/v1/meta.json").await.json();
    assert_eq!(meta["public_url"], "https://linli.tongzhou.example");
}
