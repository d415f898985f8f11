//! Mounts the committee area's bundle (`admin.html`); nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::admin::CommitteeApp);
}
