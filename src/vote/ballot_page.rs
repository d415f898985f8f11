//! `/v/{ballot}`: a ballot's explanation, rule and projects. A voting-code link lands here too;
//! its code stays in the URL fragment, which the browser never sends to a server.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_api::{Ballot, BallotKind};

use crate::client;
use crate::i18n::{fill, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};
use crate::vote::{short_time, status_text, yuan};

#[component]
pub fn BallotPage() -> impl IntoView {
    let params = use_params_map();
    let ballot = LocalResource::new(move || {
        let id = params.read().get("ballot").unwrap_or_default();
        async move { client::ballot(&id).await }
    });
    view! {
            <section class="page">
                {move || match ballot.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Ok(ballot) => view! { <BallotDetails ballot/> }.into_any(),
                            Err(error) => view! { <ErrorView error/> }.into_any(),
        },
    }}
            </section>
        }
}

#[component]
fn BallotDetails(ballot: Ballot) -> impl IntoView {
    let i18n = use_i18n();
    let status = ballot.summary.status;
    let window = format!(
        "{} – {}",
        short_time(&ballot.summary.opens_at),
        short_time(&ballot.summary.closes_at)
    );
    let choices = match (ballot.summary.kind, ballot.budget_yuan) {
        (BallotKind::Budget, Some(budget)) => {
            let budget = yuan(budget);
            Signal::derive(move || fill(i18n.t().ballot_budget_rule, &[("budget", &budget)]))
        }
        _ => {
            let (min, max) = (
                ballot.min_choices.to_string(),
                ballot.max_choices.to_string(),
            );
            Signal::derive(move || {
                fill(
                    i18n.t().ballot_approval_rule,
                    &[("min", &min), ("max", &max)],
                )
            })
        }
    };
    view! {
        <span class="badge">{move || status_text(i18n.t(), status)}</span>
        <h1>{ballot.summary.title}</h1>
        <p class="card-meta">{window}</p>
        <p>{ballot.explanation}</p>
        <p class="rule">{choices}</p>
        <ul class="card-list" data-testid="project-list">
            {ballot.projects.into_iter().map(|p| view! {
                <li class="card">
                    <span class="badge badge-theme">{p.theme}</span>
                    <strong class="card-title">{p.title}</strong>
                    <span>{p.summary}</span>
                    <span class="card-meta">{yuan(p.cost_yuan)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
