//! The scanner's Web Worker: decodes frames off the main thread, so the viewfinder never stutters.
//!
//! Protocol: once started it posts `{ready: true}` (messages sent before that would be lost);
//! then for every `{width, height, luma: Uint8Array}` it receives it answers `{text: string|null}`.
//! The module's page side starts it (`decoder_worker.rs`) when the scanner opens.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Serves decode requests when running in a worker; does nothing on a page.
pub fn serve() {
    // On a page (the scanner, or the decoder bench) there is no worker scope to serve: the
    // page drives [`crate::scanner::Scanner`] or calls [`decode`] directly.
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let text = frame(&event.data())
            .and_then(|(luma, width, height)| qr_decode::decode(&luma.to_vec(), width, height));
        let _ = replies.post_message(&answer("text", text.map_or(JsValue::NULL, JsValue::from)));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker; the page ends both with `terminate()`.
    on_message.forget();
    let _ = scope.post_message(&answer("ready", JsValue::TRUE));
}

/// Decodes one luma frame: what the worker does per message, exported for the bench page.
#[wasm_bindgen]
pub fn decode(luma: &[u8], width: u32, height: u32) -> Option<String> {
    qr_decode::decode(luma, width, height)
}

/// Decodes one canvas frame (RGBA): the page's RGBA → luma step (`frame.rs`) and the worker's
/// decode, the whole work the scanner does for a frame, exported for the bench page so that it
/// times what runs rather than a JavaScript copy of it.
#[wasm_bindgen]
pub fn decode_rgba(rgba: &[u8], width: u32, height: u32) -> Option<String> {
    qr_decode::decode(&qr_decode::luma::rgba_to_luma(rgba), width, height)
}

fn frame(data: &JsValue) -> Option<(Uint8Array, u32, u32)> {
    let get = |key: &str| Reflect::get(data, &JsValue::from_str(key)).ok();
    let width = get("width")?.as_f64()? as u32;
    let height = get("height")?.as_f64()? as u32;
    let luma = get("luma")?.dyn_into::<Uint8Array>().ok()?;
    Some((luma, width, height))
}

fn answer(key: &str, value: JsValue) -> Object {
    let object = Object::new();
    let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    object
}
