//! Mounts the report bundle (`report.html`, served for `/c/<code>/report` and `/report`);
//! nothing else. The component page links here with a full page load, so the residents' first
//! load does not carry the report form.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::report::ReportApp);
}
