//! The reports filed from this browser, kept in local storage so the resident can find their
//! tracking links again (a kiosk wipes them with the rest of a visit).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use linli_api::{CreatedRequest, PublicRequest};

use crate::i18n::{rtr, service_name, use_i18n};
use crate::report::submission::{Submission, now_iso, random_key};
use crate::ui::stored::{self, Store, StoredText, use_stored_text};

pub(crate) const MY_REPORTS_KEY: &str = "linli.reports";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct MyReport {
    pub id: String,
    pub secret: String,
    pub service_code: String,
    pub component_code: String,
    pub filed_at: String,
}

impl MyReport {
    /// A report this browser filed and the server accepted.
    pub(crate) fn filed(created: &CreatedRequest, submission: &Submission) -> MyReport {
        MyReport {
            id: created.service_request_id.clone(),
            secret: created.tracking_secret.clone(),
            service_code: submission.service_code.clone(),
            component_code: submission.component_code.clone(),
            filed_at: now_iso().chars().take(10).collect(),
        }
    }

    /// A report this browser said "me too" to: followed through the public view, no secret.
    pub(crate) fn followed(request: &PublicRequest) -> MyReport {
        MyReport {
            id: request.service_request_id.clone(),
            secret: String::new(),
            service_code: request.service_code.clone(),
            component_code: request.component_code.clone().unwrap_or_default(),
            filed_at: now_iso().chars().take(10).collect(),
        }
    }

    /// The private tracking link, or the public page for a followed report.
    pub(crate) fn tracking_path(&self) -> String {
        if self.secret.is_empty() {
            format!("/r/{}", self.id)
        } else {
            format!("/r/{}#{}", self.id, self.secret)
        }
    }
}

const DEVICE_KEY: &str = "linli.device";

/// This browser's random id for "me too", so that one phone counts once. It identifies no one
/// and the server keeps only its hash; a kiosk wipes it with the rest of a visit.
pub(crate) fn device_id() -> String {
    stored::kept(Store::Local, DEVICE_KEY, |_| true, random_key)
}

/// This browser's reports, newest first, kept as JSON in local storage; one per page, provided
/// with the outbox ([`MyReportList::provide`]).
#[derive(Clone, Copy)]
pub(crate) struct MyReportList(StoredText);

impl MyReportList {
    pub(crate) fn provide() -> MyReportList {
        let list = MyReportList(use_stored_text(MY_REPORTS_KEY));
        provide_context(list);
        list
    }

    pub(crate) fn use_context() -> MyReportList {
        expect_context::<MyReportList>()
    }

    /// The list (reactive); empty when nothing (or nothing readable) is stored.
    pub(crate) fn get(self) -> Vec<MyReport> {
        serde_json::from_str(&self.0.get()).unwrap_or_default()
    }

    /// Puts `report` at the top of the list, unless it is on it already.
    pub(crate) fn add(self, report: MyReport) {
        let mut list: Vec<MyReport> =
            serde_json::from_str(&self.0.get_untracked()).unwrap_or_default();
        if list.iter().any(|listed| listed.id == report.id) {
            return;
        }
        list.insert(0, report);
        if let Ok(json) = serde_json::to_string(&list) {
            self.0.set(json);
        }
    }
}

#[component]
pub(crate) fn MyReports() -> impl IntoView {
    let i18n = use_i18n();
    let list = MyReportList::use_context();
    let reports = Memo::new(move |_| list.get());
    view! {
        {crate::ui::shown::shown(move || !reports.get().is_empty(), move || view! {
            <h2>{rtr(|t| t.my_reports)}</h2>
            <ul class="card-list" data-testid="my-reports">
                <For each=move || reports.get() key=|r| r.id.clone() children=move |report| {
                    let href = report.tracking_path();
                    view! {
                        <li class="card">
                            <a href=href>
                                <strong class="card-title">
                                    {move || service_name(i18n.locale.get(), &report.service_code)}
                                </strong>
                                <span class="card-meta">{move || crate::i18n::fill(i18n.t().report_number, &[("id", &report.id)])} " · " {report.filed_at.clone()}</span>
                            </a>
                        </li>
                    }
                }/>
            </ul>
        })}
    }
}
