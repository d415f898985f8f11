//! Reports waiting to be sent. A report goes into the outbox (IndexedDB) before it is sent and
//! leaves it when the server has answered, so a dropped connection, a closed WeChat page or a
//! reload loses nothing. The outbox is sent again when the app starts and whenever the browser
//! comes back online; the Idempotency-Key makes every resend answer the same request. No service
//! worker is needed (WeChat on iOS has none).

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_api::CreatedRequest;

use crate::client::{self, ClientError};
use crate::report::my_reports::{MyReport, MyReportList};
use crate::report::store::{self, DRAFTS, OUTBOX};
use crate::report::submission::Submission;

/// One waiting report, as the resident's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Waiting {
    pub key: String,
    pub service_code: String,
    pub saved_at: String,
}

#[derive(Clone, Copy)]
pub(crate) struct Outbox {
    pub waiting: RwSignal<Vec<Waiting>>,
    /// Reports sent while this page was open: (outbox key, tracking path), so a form that
    /// queued one can say it has gone and where to follow it.
    sent: RwSignal<Vec<(String, String)>>,
    my_reports: MyReportList,
}

pub(crate) fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// Whether the server has refused the report for good (a 4xx): sending it again cannot help.
fn is_final_refusal(error: &ClientError) -> bool {
    matches!(error, ClientError::Api { status, .. } if (400..500).contains(status) && *status != 408 && *status != 429)
}

/// Sends one report as the multipart form Open311 takes, its key as the Idempotency-Key.
async fn submit(submission: &Submission) -> Result<CreatedRequest, ClientError> {
    let form = submission
        .form_data()
        .map_err(|_| ClientError::Decode("form".into()))?;
    client::submit_report(&submission.key, form).await
}

impl Outbox {
    async fn refresh(self) {
        let entries = store::all(OUTBOX).await.unwrap_or_default();
        self.waiting.set(
            entries
                .iter()
                .map(Submission::from_js)
                .map(|s| Waiting {
                    key: s.key,
                    service_code: s.service_code,
                    saved_at: s.saved_at,
                })
                .collect(),
        );
    }

    fn remember(self, created: &CreatedRequest, submission: &Submission) {
        let report = MyReport::filed(created, submission);
        self.sent
            .update(|sent| sent.push((submission.key.clone(), report.tracking_path())));
        self.my_reports.add(report);
    }

    /// The tracking path of the report queued under `key`, once it has been sent (reactive).
    pub(crate) fn sent_as(self, key: &str) -> Option<String> {
        self.sent.with(|sent| {
            sent.iter()
                .find(|(sent_key, _)| sent_key == key)
                .map(|(_, path)| path.clone())
        })
    }

    /// Queues the report, then tries to send it. On a network failure it stays queued and the
    /// answer is the network error; the caller tells the resident it is waiting to be sent.
    pub(crate) async fn send(self, submission: Submission) -> Result<CreatedRequest, ClientError> {
        // A browser without IndexedDB (some private modes) still sends; it just cannot queue.
        let _ = store::put(OUTBOX, &submission.key, &submission.to_js()).await;
        let result = submit(&submission).await;
        match &result {
            Ok(created) => {
                self.remember(created, &submission);
                let _ = store::delete(OUTBOX, &submission.key).await;
            }
            Err(error) if is_final_refusal(error) => {
                let _ = store::delete(OUTBOX, &submission.key).await;
            }
            Err(_) => {}
        }
        self.refresh().await;
        result
    }

    /// Sends everything queued. A report the server refuses for good goes back to its form as a
    /// draft, so the resident can see why and fix it instead of losing it.
    pub(crate) async fn flush(self) {
        for entry in store::all(OUTBOX).await.unwrap_or_default() {
            let submission = Submission::from_js(&entry);
            match submit(&submission).await {
                Ok(created) => {
                    self.remember(&created, &submission);
                    let _ = store::delete(OUTBOX, &submission.key).await;
                }
                Err(error) if is_final_refusal(&error) => {
                    let _ = store::put(DRAFTS, &submission.place(), &entry).await;
                    let _ = store::delete(OUTBOX, &submission.key).await;
                }
                // Still offline or the server is down: try again at the next chance.
                Err(_) => break,
            }
        }
        self.refresh().await;
    }
}

/// Provides the outbox and sends it now and whenever the network returns.
pub(crate) fn provide_outbox() {
    let outbox = Outbox {
        waiting: RwSignal::new(Vec::new()),
        sent: RwSignal::new(Vec::new()),
        my_reports: MyReportList::provide(),
    };
    provide_context(outbox);
    spawn_local(outbox.flush());
    crate::ui::listen::use_window_event(ev::online, move |_| spawn_local(outbox.flush()));
}

/// The reports still waiting to be sent, with a button to try now.
#[component]
pub(crate) fn WaitingList() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let outbox = use_outbox();
    view! {
        {crate::ui::shown::shown(move || !outbox.waiting.get().is_empty(), move || view! {
            <h2>{crate::i18n::rtr(|t| t.report_waiting)}</h2>
            <ul class="card-list" data-testid="outbox">
                <For each=move || outbox.waiting.get() key=|w| w.key.clone() let:waiting>
                    <li class="card">
                        <strong class="card-title">
                            {move || crate::i18n::service_name(i18n.locale.get(), &waiting.service_code)}
                        </strong>
                        <span class="card-meta">{crate::ui::time::short_time(&waiting.saved_at)}</span>
                    </li>
                </For>
            </ul>
            <button type="button" class="button button-secondary" on:click=move |_| spawn_local(outbox.flush())>
                {crate::i18n::rtr(|t| t.report_send_now)}
            </button>
        })}
    }
}
