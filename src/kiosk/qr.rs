//! The kiosk's large QR codes (an open ballot's page on the attract loop, a vote's receipt), drawn
//! as inline SVG for a phone to scan off the screen.

use leptos::prelude::*;

/// An `<svg>` of `text` as a QR code with its quiet zone, for the kiosk's large codes.
pub(crate) fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let drawn = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    drawn
        .find("<svg")
        .map(|start| drawn[start..].to_owned())
        .unwrap_or_default()
}

/// A QR code drawn large, with a text alternative.
#[component]
pub(crate) fn Qr(text: String, label: Signal<String>) -> impl IntoView {
    let svg = qr_svg(&text);
    view! { <div class="kiosk-qr" role="img" aria-label=label inner_html=svg></div> }
}
