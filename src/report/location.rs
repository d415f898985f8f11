//! The phone's position for a report that has no plate to scan. Browsers report WGS-84 through
//! the W3C Geolocation API (WeChat's own `wx.getLocation` can answer GCJ-02, but Linli does not
//! use it), which is what the server stores, so no conversion is needed here.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    Unknown,
    Locating,
    /// Decimal degrees as text, as Open311 sends them.
    Found {
        lat: String,
        long: String,
    },
    Failed,
}

fn degrees(value: f64) -> String {
    // JavaScript's number formatting: avoids pulling Rust's float formatting into the bundle.
    js_sys::Number::from(value)
        .to_fixed(6)
        .map(String::from)
        .unwrap_or_default()
}

/// Asks the browser for the current position and writes the outcome into `position`.
pub fn locate(position: RwSignal<Position>) {
    let Some(geolocation) = window().navigator().geolocation().ok() else {
        position.set(Position::Failed);
        return;
    };
    position.set(Position::Locating);
    let found = Closure::once_into_js(move |p: JsValue| {
        let coordinate = |name: &str| {
            js_sys::Reflect::get(&p, &"coords".into())
                .and_then(|c| js_sys::Reflect::get(&c, &name.into()))
                .ok()
                .and_then(|v| v.as_f64())
        };
        position.set(match (coordinate("latitude"), coordinate("longitude")) {
            (Some(lat), Some(long)) => Position::Found {
                lat: degrees(lat),
                long: degrees(long),
            },
            _ => Position::Failed,
        });
    });
    let failed = Closure::once_into_js(move |_: JsValue| position.set(Position::Failed));
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(20_000);
    if geolocation
        .get_current_position_with_error_callback_and_options(
            found.unchecked_ref(),
            Some(failed.unchecked_ref()),
            &options,
        )
        .is_err()
    {
        position.set(Position::Failed);
    }
}
