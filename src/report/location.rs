//! The phone's position for a report that has no plate to scan, as the text Open311 sends
//! (asked through `ui::geolocation`, in WGS-84 as the server stores it).

use leptos::prelude::*;

use crate::ui::geolocation::current_position;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Position {
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
pub(crate) fn locate(position: RwSignal<Position>) {
    position.set(Position::Locating);
    current_position(move |found| {
        position.set(match found {
            Some((lat, long)) => Position::Found {
                lat: degrees(lat),
                long: degrees(long),
            },
            None => Position::Failed,
        });
    });
}
