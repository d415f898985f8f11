//! The tile worker: started by the map page (`src/map/tiles.rs`) from `map-tiles_loader.js`.
//!
//! Protocol: once loaded it posts `true` (messages sent before that would be lost); then for every
//! request, an array `[setting, origin lat, origin lon, anchor lat, anchor lon, cx, cy,
//! half width]` (see [`map_tiles::answer`]; numbers, so that the page formats none), it answers
//! the SVG markup of the tiles under that view, an empty string when there are none.

use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = js_sys::Array::from(&event.data());
        let setting = request.get(0).as_string().unwrap_or_default();
        let number = |i: u32| request.get(i).as_f64().unwrap_or(f64::NAN);
        let markup = map_tiles::answer(
            &setting,
            [number(1), number(2)],
            [number(3), number(4)],
            [number(5), number(6), number(7)],
        );
        let _ = replies.post_message(&JsValue::from_str(&markup));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker; the page ends both with `terminate()`.
    on_message.forget();
    let _ = scope.post_message(&JsValue::TRUE);
}
