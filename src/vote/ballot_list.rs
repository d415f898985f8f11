//! `/vote`: the open and closed ballots.

use leptos::prelude::*;
use linli_api::BallotStatus;

use crate::client;
use crate::i18n::{ballot_status_text, fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;

#[component]
pub(crate) fn BallotList() -> impl IntoView {
    let i18n = use_i18n();
    let ballots = crate::ui::load::use_load_once(client::ballots());
    view! {
            <section class="page">
                <h1>{tr(|t| t.ballots_title)}</h1>
                <p class="lead">{tr(|t| t.ballots_lead)}</p>
                {move || match ballots.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Err(error) => view! { <ErrorView error/> }.into_any(),
                            Ok(list) if list.ballots.is_empty() => {
                                view! { <p>{tr(|t| t.ballots_none)}</p> }.into_any()
                            }
                            Ok(list) => view! {
                                <ul class="card-list" data-testid="ballot-list">
                                    {list.ballots.into_iter().map(|b| {
                                        let open = b.status == BallotStatus::Open;
                                        let count = b.project_count.to_string();
                                        let closes = short_time(&b.closes_at);
                                        view! {
                                            <li class="card" class:card-open=open>
                                                <a href=format!("/v/{}", b.id)>
                                                    <span class="badge">{move || ballot_status_text(i18n.t(), b.status)}</span>
                                                    <strong class="card-title">{b.title.clone()}</strong>
                                                    <span class="card-meta">
                                                        {move || fill(i18n.t().ballot_meta, &[("n", &count), ("closes", &closes)])}
                                                    </span>
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
        },
    }}
            </section>
        }
}
