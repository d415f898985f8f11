//! The first tab: how to open a plate (WeChat's scanner, the in-app scanner, or typing the code),
//! and where to go next.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::tr;
use crate::ui::code_entry::CodeEntry;

#[component]
pub fn ScanHome() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(|t| t.scan_title)}</h1>
            <p class="lead">{tr(|t| t.scan_lead)}</p>
            <A href="/scan" attr:class="button button-primary button-scan">{tr(|t| t.scan_button)}</A>
            <CodeEntry/>
            <p><A href="/report" attr:class="button-link" attr:data-testid="free-report" attr:rel="external">{tr(|t| t.report_without_code)}</A></p>
            <div class="tiles">
                <A href="/vote" attr:class="tile" attr:rel="external">
                    <strong>{tr(|t| t.nav_vote)}</strong>
                    <span>{tr(|t| t.home_vote_text)}</span>
                </A>
                <A href="/map" attr:class="tile" attr:rel="external">
                    <strong>{tr(|t| t.nav_circle)}</strong>
                    <span>{tr(|t| t.home_circle_text)}</span>
                </A>
            </div>
        </section>
    }
}
