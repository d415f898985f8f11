//! 扫码即诉 — scan to report: the report form (for a component or a free location, with photos,
//! "me too" and an autosaved draft), the outbox that sends it even after a reload, the reporter's
//! private tracking page, and the list of this browser's own reports.
//!
//! The form, the tracking page and "me" (which lists the resident's reports) are a bundle of
//! their own (`report.html`, `src/bin/report.rs`, served for `/c/<code>/report`, `/report`,
//! `/r/<id>` and `/me`), so the residents' first load — the plate's component page — does not
//! carry the form. The outbox stays in both bundles: a queued report is sent from any page.

pub mod form;
pub mod location;
pub mod my_reports;
pub mod outbox;
pub mod photo_picker;
pub mod photos;
pub mod store;
pub mod submission;
pub mod tracking;

use leptos::prelude::*;
use linli_core::problem_type::PROBLEM_TYPES;
use linli_core::report::Status;

use crate::i18n::Locale;

/// A problem type's name in the resident's language.
pub fn service_name(locale: Locale, service_code: &str) -> String {
    PROBLEM_TYPES
        .iter()
        .find(|p| p.service_code == service_code)
        .map_or_else(
            || service_code.to_owned(),
            |p| locale.pick(p.name_zh, p.name_en).to_owned(),
        )
}

/// A status's name in the resident's language.
pub fn status_name(locale: Locale, status: &str) -> String {
    Status::parse(status).map_or_else(
        || status.to_owned(),
        |s| locale.pick(s.name_zh(), s.name_en()).to_owned(),
    )
}

/// A page of the report bundle, as its address names it.
#[derive(Debug, PartialEq, Eq)]
pub enum ReportPage {
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
pub fn report_page(path: &str) -> ReportPage {
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

/// The report bundle's root: the shared shell, the outbox, and the page the address names.
///
/// Like the residents' and the vote bundle it has no router (see `app`): each page is a page
/// load of its own, and a sent report goes on to its tracking page with `location.assign`,
/// which costs a resident one fetch of the (cached) bundle, against the router's ~40 KB
/// brotli on every first visit to the form.
#[component]
pub fn ReportApp() -> impl IntoView {
    crate::app::provide_shell();
    outbox::provide_outbox();
    let path = window().location().pathname().unwrap_or_default();
    let page = match report_page(&path) {
        ReportPage::Component(code) => {
            let code = js_sys::decode_uri_component(&code).map_or(code, String::from);
            view! { <form::ReportPage code/> }.into_any()
        }
        ReportPage::Free => view! { <form::FreeReportPage/> }.into_any(),
        ReportPage::Tracking(id) => view! { <tracking::TrackingPage id/> }.into_any(),
        ReportPage::Me => view! { <crate::me::MePage/> }.into_any(),
        ReportPage::NotFound => view! { <crate::ui::not_found::NotFound/> }.into_any(),
    };
    view! {
        <crate::ui::nav::ShellHeader/>
        <main id="main" tabindex="-1">{page}</main>
        <crate::ui::nav::BottomNav path/>
    }
}

/// Leaves the form for `path` (a tracking page) with a page load.
pub(crate) fn go_to(path: &str) {
    let _ = window().location().assign(path);
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
