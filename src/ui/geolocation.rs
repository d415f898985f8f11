//! The phone's position, asked of the browser once through the W3C Geolocation API. Browsers
//! answer in WGS-84, which is what Linli stores, so no GCJ-02 conversion applies (WeChat's own
//! `wx.getLocation` can answer GCJ-02, but it needs the JS-SDK signed for an official account;
//! a mini-program that has it links to `/map?gcj02=…`, converted in `map::query`). The free
//! report's location and the map's "my position" both ask through here.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::window;
use wasm_bindgen::prelude::*;

type Answer = Box<dyn FnOnce(Option<(f64, f64)>)>;

/// Asks for the current position once; `done` gets (latitude, longitude) in degrees, or `None`
/// when the browser has no geolocation, the resident refused, or it timed out.
pub(crate) fn current_position(done: impl FnOnce(Option<(f64, f64)>) + 'static) {
    let Some(geolocation) = window().navigator().geolocation().ok() else {
        return done(None);
    };
    // Exactly one of the browser's two callbacks runs, or neither when the call itself fails.
    let done: Rc<Cell<Option<Answer>>> = Rc::new(Cell::new(Some(Box::new(done))));
    let answer = |done: &Rc<Cell<Option<Answer>>>, position| {
        if let Some(done) = done.take() {
            done(position);
        }
    };
    let success = {
        let done = done.clone();
        Closure::once_into_js(move |p: JsValue| {
            let coordinate = |name: &str| {
                js_sys::Reflect::get(&p, &"coords".into())
                    .and_then(|c| js_sys::Reflect::get(&c, &name.into()))
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            answer(&done, coordinate("latitude").zip(coordinate("longitude")));
        })
    };
    let failure = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| answer(&done, None))
    };
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(20_000);
    if geolocation
        .get_current_position_with_error_callback_and_options(
            success.unchecked_ref(),
            Some(failure.unchecked_ref()),
            &options,
        )
        .is_err()
    {
        answer(&done, None);
    }
}
