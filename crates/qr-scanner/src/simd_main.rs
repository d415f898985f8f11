//! The scanner's wasm module (see `main.rs`) built with the `simd` feature: the decoder's
//! per-pixel loops (RGBA → luma, the binarizer) run 16 bytes at a time in wasm SIMD. The page
//! loads this build when the engine validates a SIMD module and `main.rs`'s otherwise (Safari
//! before 16.4 has no wasm SIMD), so every phone gets the fastest module it can run.

include!("modules.rs");
