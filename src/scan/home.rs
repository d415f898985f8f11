//! The first tab: how to open a plate (WeChat's scanner, or typing the code), and where to go next.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::ui::code_entry::CodeEntry;

#[component]
pub fn ScanHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t().scan_title}</h1>
            <p class="lead">{move || i18n.t().scan_lead}</p>
            <CodeEntry/>
            <div class="tiles">
                <A href="/vote" attr:class="tile">
                    <strong>{move || i18n.t().nav_vote}</strong>
                    <span>{move || i18n.t().home_vote_text}</span>
                </A>
                <A href="/map" attr:class="tile">
                    <strong>{move || i18n.t().nav_circle}</strong>
                    <span>{move || i18n.t().home_circle_text}</span>
                </A>
            </div>
        </section>
    }
}
