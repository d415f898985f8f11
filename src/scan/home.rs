//! The first tab: how to open a plate (WeChat's scanner, the in-app scanner, or typing the code),
//! and where to go next.

use leptos::prelude::*;

use crate::i18n::{sctr, tr};
use crate::ui::code_entry::CodeEntry;

#[component]
pub(crate) fn ScanHome() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{sctr(|t| t.scan_title)}</h1>
            <p class="lead">{sctr(|t| t.scan_lead)}</p>
            <a href="/scan" class="button button-primary button-scan">{sctr(|t| t.scan_button)}</a>
            <CodeEntry/>
            <p><a href="/report" class="button-link" data-testid="free-report">{sctr(|t| t.report_without_code)}</a></p>
            <div class="tiles">
                <a href="/vote" class="tile">
                    <strong>{tr(|t| t.nav_vote)}</strong>
                    <span>{sctr(|t| t.home_vote_text)}</span>
                </a>
                <a href="/map" class="tile">
                    <strong>{tr(|t| t.nav_circle)}</strong>
                    <span>{sctr(|t| t.home_circle_text)}</span>
                </a>
            </div>
        </section>
    }
}
