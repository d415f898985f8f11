//! Listening to the window for as long as the component that asked is alive.

use leptos::ev::EventDescriptor;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `handler` on every `event` of the window until the calling component is disposed.
///
/// Leptos' own `window_event_listener`, with its cleanup. leptos-use's `use_event_listener` does
/// this for any target, including one held in a signal, and for that brings its watch and filter
/// machinery (debounce, throttle) into every resident bundle, which only listen to the window.
pub(crate) fn use_window_event<E>(event: E, handler: impl Fn(E::EventType) + 'static)
where
    E: EventDescriptor + 'static,
    E::EventType: JsCast,
{
    let handle = window_event_listener(event, handler);
    on_cleanup(move || handle.remove());
}
