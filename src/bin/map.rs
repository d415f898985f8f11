//! Mounts the 15-minute circle's map page (`map.html`, served for `/map/*`); nothing
//! else. The walking search and the street drawing live in this bundle, not the residents' main one.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::map::MapApp);
}
