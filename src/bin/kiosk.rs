//! Mounts the kiosk's bundle (`kiosk.html`, served for `/kiosk` and `/kiosk/…`); nothing else.
//! The community-centre screen's code (pairing, the attract loop, in-person voting, the idle
//! wipe) never reaches the residents' bundle.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::kiosk::KioskApp);
}
