//! The residents' bundle root: the page its address names, in the layout around it, on the shared
//! shell ([`crate::shell::provide_shell`]). The committee area is a bundle of its own
//! (`src/bin/committee.rs`, `admin.html`), so no resident downloads its code.
//!
//! The residents' first load holds only what a plate's QR leads to: the home page, the scanner
//! and the component page. The report form is the report bundle (`report.html`,
//! [`crate::report::ReportApp`]), the tracking page and "me" the tracking bundle (`track.html`,
//! [`crate::report::TrackApp`]); the ballot list is in the vote bundle. Links to them are full
//! page loads (`rel="external"`).
//!
//! This bundle has no router: each of its three pages is a page load of its own, chosen from the
//! address once ([`resident_page`]), and the links between them are plain links. leptos_router's
//! code was 40.5 KB brotli of this bundle's 179 KB (measured 2026-12-05 by building it without),
//! more than the three pages. The other residents' bundles do the same: the vote and the report
//! bundle choose their page once (`vote::vote_page`, `report::report_page`), and the map, which
//! moves within its pages, follows the address with `ui::address::Address`. Only the committee
//! bundle, used on a desktop all day, keeps leptos_router.

use leptos::prelude::*;

use crate::shell::provide_shell;
use crate::ui::nav::{BottomNav, ShellHeader};
use crate::ui::not_found::NotFound;
use crate::{report, scan};

/// A page of the residents' first load, as its address names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ResidentPage {
    Home,
    Scanner,
    /// `/c/<code>`: the code as it stands in the address (still percent-encoded), checked by
    /// the page itself so that a malformed one gets its explanation.
    Component(String),
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored.
pub(crate) fn resident_page(path: &str) -> ResidentPage {
    use crate::ui::address::{segment_after, without_trailing_slash};
    match without_trailing_slash(path) {
        "/" => ResidentPage::Home,
        "/scan" => ResidentPage::Scanner,
        path => match segment_after(path, "/c/") {
            Some(code) => ResidentPage::Component(code.to_owned()),
            None => ResidentPage::NotFound,
        },
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_shell();
    report::provide_outbox();
    let path = window().location().pathname().unwrap_or_default();
    let page = match resident_page(&path) {
        ResidentPage::Home => view! { <scan::ScanHome/> }.into_any(),
        ResidentPage::Scanner => view! { <scan::ScannerPage/> }.into_any(),
        ResidentPage::Component(code) => {
            let raw = js_sys::decode_uri_component(&code).map_or(code, String::from);
            view! { <scan::ComponentPage raw/> }.into_any()
        }
        ResidentPage::NotFound => view! { <NotFound/> }.into_any(),
    };
    view! {
        <ShellHeader/>
        <main id="main" tabindex="-1">{page}</main>
        <BottomNav path/>
    }
}

#[cfg(test)]
mod tests {
    use super::{ResidentPage, resident_page};

    #[test]
    fn each_address_shows_its_page() {
        assert_eq!(resident_page("/"), ResidentPage::Home);
        assert_eq!(resident_page("/scan"), ResidentPage::Scanner);
        assert_eq!(resident_page("/scan/"), ResidentPage::Scanner);
        assert_eq!(
            resident_page("/c/1101120110000001"),
            ResidentPage::Component("1101120110000001".into())
        );
        assert_eq!(
            resident_page("/c/1101120110000001/"),
            ResidentPage::Component("1101120110000001".into())
        );
        // A malformed code is still the component page, which explains the format.
        assert_eq!(
            resident_page("/c/12%2034"),
            ResidentPage::Component("12%2034".into())
        );
        for other in ["/c/", "/c", "/c/1/2", "/scanner", "/merit"] {
            assert_eq!(resident_page(other), ResidentPage::NotFound, "{other}");
        }
    }
}
