//! Loads the scanner's wasm module (`crates/qr-scanner`, built into `dist/qr-worker*`) onto the
//! page when the scanner opens, and starts its `Scanner`. The camera, frame and worker code all
//! live in that module, so the residents' first load carries only this loader and the page.
//!
//! The module comes in two builds: `qr-worker-simd*`, whose decoder runs its per-pixel loops in
//! wasm SIMD, for engines that validate a SIMD module, and the plain `qr-worker*` for the rest
//! (Safari, and so iOS WeChat, before iOS 16.4). Each build starts its decoder worker from
//! itself, so the page and the worker always run the same build.

use std::cell::Cell;

use js_sys::{Function, Promise};
use leptos::prelude::document;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, HtmlInputElement, HtmlScriptElement, HtmlVideoElement};

#[wasm_bindgen]
extern "C" {
    /// The global that the module's no-modules glue defines: instantiates the wasm.
    #[wasm_bindgen(js_name = wasm_bindgen, catch)]
    fn init_module(wasm_path: &str) -> Result<Promise, JsValue>;

    /// `qr_scanner::scanner::Scanner`, reached through that global.
    #[wasm_bindgen(js_namespace = wasm_bindgen)]
    pub(crate) type Scanner;
    #[wasm_bindgen(constructor, js_namespace = wasm_bindgen, catch)]
    fn new(
        video: &HtmlVideoElement,
        photo_input: &HtmlInputElement,
        torch_button: &HtmlElement,
        report: &Function,
    ) -> Result<Scanner, JsValue>;
    #[wasm_bindgen(method)]
    fn stop(this: &Scanner);
    #[wasm_bindgen(method)]
    fn free(this: &Scanner);
}

thread_local! {
    /// The glue script declares a global, so it is added to the document once per page load.
    static SCRIPT_ADDED: Cell<bool> = const { Cell::new(false) };
}

/// Loads the module (once) and starts a scanner on the page's elements with the ids
/// `scanner-video`, `scanner-photo` and `scanner-torch`, reporting through `report(kind, value)`.
pub(crate) async fn start(report: &Function) -> Result<Scanner, JsValue> {
    let build = build();
    if !SCRIPT_ADDED.get() {
        let script: HtmlScriptElement = document().create_element("script")?.unchecked_into();
        let loaded = Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        script.set_src(&format!("/{build}.js"));
        document()
            .head()
            .ok_or(JsValue::NULL)?
            .append_child(&script)?;
        SCRIPT_ADDED.set(true);
        JsFuture::from(loaded).await?;
    }
    JsFuture::from(init_module(&format!("/{build}_bg.wasm"))?).await?;
    let element = |id: &str| document().get_element_by_id(id).ok_or(JsValue::NULL);
    Scanner::new(
        element("scanner-video")?.unchecked_ref(),
        element("scanner-photo")?.unchecked_ref(),
        element("scanner-torch")?.unchecked_ref(),
        report,
    )
}

/// The smallest module that uses SIMD (`i8x16.popcnt` of a splat), as wasm-feature-detect has it:
/// an engine without wasm SIMD does not validate it.
const SIMD_PROBE: [u8; 31] = [
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253,
    15, 253, 98, 11,
];

/// The name of the module build this engine runs: `qr-worker-simd` where SIMD validates.
fn build() -> &'static str {
    let probe = js_sys::Uint8Array::from(&SIMD_PROBE[..]);
    if js_sys::WebAssembly::validate(&probe).unwrap_or(false) {
        "qr-worker-simd"
    } else {
        "qr-worker"
    }
}

impl Scanner {
    /// Releases the camera and the worker, and frees the module's side.
    pub(crate) fn end(&self) {
        self.stop();
        self.free();
    }
}
