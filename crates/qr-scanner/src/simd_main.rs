//! The scanner's wasm module (`main.rs`, included here as a module) built with the `simd`
//! feature: the decoder's per-pixel loops (RGBA → luma, the binarizer) run 16 bytes at a time in
//! wasm SIMD. The page loads this build when the engine validates a SIMD module and the plain one
//! otherwise (Safari before 16.4 has no wasm SIMD), so every phone gets the fastest module it can
//! run.

// A file loaded by `path` finds its own modules beside it (camera.rs, worker.rs, …); they are
// brought to this root where they name each other as `crate::…`.
#[path = "main.rs"]
mod module;
use module::{camera, decoder_worker, frame, native_detector};

fn main() {
    module::main();
}
