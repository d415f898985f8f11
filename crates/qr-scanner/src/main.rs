//! The scanner's wasm module, fetched only when a resident opens the scanner, so the first load
//! carries none of it. It has two roles, chosen by where it runs:
//!
//! - in a Web Worker (started from `qr-worker_loader.js`), it decodes frames ([`worker`]);
//! - on the page (loaded by `src/scan/scanner_module.rs`), it exports [`scanner::Scanner`], which
//!   opens the camera, grabs frames, hands them to that worker one at a time, reads photos and
//!   switches the torch, reporting to the Leptos page through one callback.
//!
//! `simd_main.rs` builds this same module with the decoder's SIMD loops (the `simd` feature).

// `pub(crate)` so that `simd_main.rs`, which includes this file as a module, can bring the
// modules to its root (they name each other as `crate::…`) and start the module.
pub(crate) mod camera;
pub(crate) mod decoder_worker;
pub(crate) mod frame;
pub(crate) mod native_detector;
pub(crate) mod scanner;
pub(crate) mod worker;

pub(crate) fn main() {
    worker::serve();
}
