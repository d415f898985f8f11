//! The reports filed from this browser, kept in local storage so the resident can find their
//! tracking links again (a kiosk wipes them with the rest of a visit).

use codee::string::JsonSerdeCodec;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_use::storage::use_local_storage;
use serde::{Deserialize, Serialize};

use crate::i18n::{tr, use_i18n};
use crate::report::service_name;

pub const MY_REPORTS_KEY: &str = "linli.reports";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyReport {
    pub id: String,
    pub secret: String,
    pub service_code: String,
    pub component_code: String,
    pub filed_at: String,
}

impl MyReport {
    pub fn tracking_path(&self) -> String {
        format!("/r/{}#{}", self.id, self.secret)
    }
}

/// The stored list and a setter; newest first.
pub fn use_my_reports() -> (Signal<Vec<MyReport>>, WriteSignal<Vec<MyReport>>) {
    let (reports, set_reports, _) =
        use_local_storage::<Vec<MyReport>, JsonSerdeCodec>(MY_REPORTS_KEY);
    (reports, set_reports)
}

#[component]
pub fn MyReports() -> impl IntoView {
    let i18n = use_i18n();
    let (reports, _) = use_my_reports();
    view! {
        <Show when=move || !reports.get().is_empty()>
            <h2>{tr(|t| t.my_reports)}</h2>
            <ul class="card-list" data-testid="my-reports">
                <For each=move || reports.get() key=|r| r.id.clone() let:report>
                    <li class="card">
                        <A href=report.tracking_path()>
                            <strong class="card-title">
                                {move || service_name(i18n.locale.get(), &report.service_code)}
                            </strong>
                            <span class="card-meta">{move || crate::i18n::fill(i18n.t().report_number, &[("id", &report.id)])} " · " {report.filed_at.clone()}</span>
                        </A>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
