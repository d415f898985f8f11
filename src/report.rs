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
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
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

/// The report bundle's root: the shared shell, the outbox, and the pages of reporting. Its
/// navigation to the other pages leaves the bundle with full page loads.
#[component]
pub fn ReportApp() -> impl IntoView {
    crate::app::provide_shell();
    outbox::provide_outbox();
    view! {
        <Router>
            <crate::ui::nav::ShellHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=crate::ui::not_found::NotFound>
                    <Route path=path!("/c/:code/report") view=form::ReportPage/>
                    <Route path=path!("/report") view=form::FreeReportPage/>
                    <Route path=path!("/r/:id") view=tracking::TrackingPage/>
                    <Route path=path!("/me") view=crate::me::MePage/>
                </Routes>
            </main>
            <crate::ui::nav::RoutedBottomNav/>
        </Router>
    }
}
