//! 扫码即诉 — scan to report: the report form (for a component or a free location, with photos,
//! "me too" and an autosaved draft), the outbox that sends it even after a reload, the reporter's
//! private tracking page, and the list of this browser's own reports.
//!
//! The form is a bundle of its own (`report.html`, `src/bin/report.rs`, served for
//! `/c/<code>/report` and `/report`), so the residents' first load — the plate's component page —
//! does not carry it. The tracking page and "me" (which lists the resident's reports) are
//! another (`track.html`, `src/bin/track.rs`, served for `/r/<id>` and `/me`). The outbox is in
//! both: a queued report is sent from any of their pages.

pub(crate) mod form;
pub(crate) mod location;
pub(crate) mod my_reports;
pub(crate) mod outbox;
mod performance;
pub(crate) mod photo_picker;
pub(crate) mod photos;
pub(crate) mod store;
pub(crate) mod submission;
pub(crate) mod tracking;

// What other features and bundles take from this one: the residents' first load sends the outbox
// too (a report queued offline goes out from the component page), and the kiosk's idle wipe
// forgets every draft and unsent report.
pub(crate) use outbox::provide_outbox;
pub(crate) use store::wipe as wipe_drafts_and_outbox;
// `/numbers`, a community's and a street's public figures, is on the community lists' bundle.
pub use performance::PerformancePage;

use leptos::prelude::*;

/// A page of the report or the tracking bundle, as its address names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReportPage {
    /// `/c/<code>/report`: the code as the address has it (still percent-encoded).
    Component(String),
    /// `/report`: a report at the phone's position.
    Free,
    /// `/r/<id>`: the tracking page (its secret is in the fragment).
    Tracking(String),
    Me,
    NotFound,
}

/// Which page an address (`location.pathname`) shows; a trailing slash is ignored.
pub(crate) fn report_page(path: &str) -> ReportPage {
    use crate::ui::address::{segment_after, without_trailing_slash};
    let path = without_trailing_slash(path);
    match path {
        "/report" => return ReportPage::Free,
        "/me" => return ReportPage::Me,
        _ => {}
    }
    if let Some(id) = segment_after(path, "/r/") {
        return ReportPage::Tracking(id.to_owned());
    }
    match path
        .strip_suffix("/report")
        .and_then(|component| segment_after(component, "/c/"))
    {
        Some(code) => ReportPage::Component(code.to_owned()),
        None => ReportPage::NotFound,
    }
}

/// The report bundle's root (`report.html`): the shared shell, the outbox, and the form the
/// address names.
///
/// Like the residents' and the vote bundle it has no router (see `app`): each page is a page
/// load of its own. A sent report goes on to its tracking page with `location.assign`, which is
/// the tracking bundle's ([`TrackApp`]): a resident who opens the form does not download the
/// tracking page, and one who follows a report does not download the form (each alone is some
/// 20–30 KB brotli under the two together, measured in docs/bundle-size.md). The form
/// has the browser fetch the tracking bundle once it has drawn, so the page after sending
/// opens from the cache.
#[component]
pub fn ReportApp() -> impl IntoView {
    provide_contexts();
    let path = window().location().pathname().unwrap_or_default();
    let page = match report_page(&path) {
        ReportPage::Component(code) => {
            let code = js_sys::decode_uri_component(&code).map_or(code, String::from);
            view! { <form::ReportPage code/> }.into_any()
        }
        ReportPage::Free => view! { <form::FreeReportPage/> }.into_any(),
        ReportPage::Tracking(_) | ReportPage::Me | ReportPage::NotFound => {
            view! { <crate::ui::not_found::NotFound/> }.into_any()
        }
    };
    crate::ui::prefetch::prefetch_named_files(std::time::Duration::from_millis(500));
    shell(path, page)
}

/// The tracking bundle's root (`track.html`): the shared shell, the outbox, and the tracking
/// page or "me" — what a resident opens to follow a report, without the form.
#[component]
pub fn TrackApp() -> impl IntoView {
    provide_contexts();
    let path = window().location().pathname().unwrap_or_default();
    let page = match report_page(&path) {
        ReportPage::Tracking(id) => view! { <tracking::TrackingPage id/> }.into_any(),
        ReportPage::Me => view! {
            <crate::me::MePage>
                <outbox::WaitingList/>
                <my_reports::MyReports/>
            </crate::me::MePage>
        }
        .into_any(),
        ReportPage::Component(_) | ReportPage::Free | ReportPage::NotFound => {
            view! { <crate::ui::not_found::NotFound/> }.into_any()
        }
    };
    shell(path, page)
}

/// What both bundles' pages read, provided before a page is made. The outbox is in both: a
/// report queued offline is sent from whichever of their pages is open when the network returns.
fn provide_contexts() {
    crate::shell::provide_shell();
    outbox::provide_outbox();
}

/// Both bundles' frame around their page.
fn shell(path: String, page: AnyView) -> impl IntoView {
    view! {
        <crate::ui::nav::ShellHeader/>
        <main id="main" tabindex="-1">{page}</main>
        <crate::ui::nav::BottomNav path/>
    }
}

#[cfg(test)]
mod tests {
    use super::{ReportPage, report_page};

    #[test]
    fn each_address_shows_its_page() {
        assert_eq!(
            report_page("/c/1101120110000001/report"),
            ReportPage::Component("1101120110000001".into())
        );
        assert_eq!(
            report_page("/c/1101120110000001/report/"),
            ReportPage::Component("1101120110000001".into())
        );
        assert_eq!(report_page("/report"), ReportPage::Free);
        assert_eq!(report_page("/report/"), ReportPage::Free);
        assert_eq!(report_page("/r/42"), ReportPage::Tracking("42".into()));
        assert_eq!(report_page("/me"), ReportPage::Me);
        for other in [
            "/c//report",
            "/c/report",
            "/c/1/2/report",
            "/r/",
            "/r/4/2",
            "/me/x",
            "/",
        ] {
            assert_eq!(report_page(other), ReportPage::NotFound, "{other}");
        }
    }
}
