//! Mounts the tracking bundle (`track.html`, served for `/r/<id>` and `/me`); nothing else. A
//! sent report goes here with a page load, so neither this nor the form carries the other.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::report::TrackApp);
}
