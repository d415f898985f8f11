//! Mounts the app; nothing else.

fn main() {
    // Development builds print a panic's message to the console; release builds leave the hook
    // out (measured: −1,083 B brotli), and a panic shows there as the wasm trap it ends in.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::app::App);
}
