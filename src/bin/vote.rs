//! Mounts the vote page's bundle (`vote.html`, served for `/v/<ballot>`); nothing else. A voting
//! code's QR opens this page directly, so the residents' main bundle does not carry the vote form.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli::vote::VoteApp);
}
