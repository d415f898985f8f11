// The module's parts and its start, shared by `main.rs` (the plain build) and `simd_main.rs`
// (the SIMD build), so that the two differ only in the `simd` feature.

mod camera;
mod decoder_worker;
mod frame;
mod native_detector;
mod scanner;
mod worker;

fn main() {
    worker::serve();
}
