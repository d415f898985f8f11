//! Mounts the community lists (`circles.html`, served for `/map`, the 15-minute circle's, and
//! `/vote`, a community's ballots); nothing else. Each community's circle is the map bundle's
//! (`/map/<community>`, a page load away), so the list, what the 便民圈 tab opens, carries none
//! of the walking search or the drawing.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::map::CirclesApp);
}
