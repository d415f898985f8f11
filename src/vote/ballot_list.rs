//! `/vote`: one community's open and closed ballots. The community is the one the address names
//! (`/vote?community=<id>`) or, without one, the one chosen last on this device; otherwise the
//! resident chooses a street and one of its communities. No list holds the whole district's.

use leptos::prelude::*;
use linli_api::{BallotStatus, BallotSummary};

use crate::client;
use crate::i18n::{ballot_status_text, fill, tr, use_i18n};
use crate::ui::community_picker::{CommunityPicker, chosen_community, remember_community};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;

/// Where the vote list opens another community's ballots.
fn community_link(id: &str) -> String {
    format!("/vote?community={id}")
}

#[component]
pub(crate) fn BallotList() -> impl IntoView {
    let community = chosen_community();
    view! {
        <section class="page">
            <h1>{tr(|t| t.ballots_title)}</h1>
            <p class="lead">{tr(|t| t.ballots_lead)}</p>
            {match community {
                Some(id) => view! { <CommunityBallots id/> }.into_any(),
                None => view! {
                    <p>{tr(|t| t.ballots_choose_community)}</p>
                    <CommunityPicker base="/vote" href=community_link/>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn CommunityBallots(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = format!("/numbers?community={id}");
    let ballots = crate::ui::load::use_load_once(async move {
        let answer = client::community_ballots(&id).await;
        if let Ok(list) = &answer {
            remember_community(&list.community.id);
        }
        answer
    });
    let other = view! {
        <p class="actions">
            <a class="button button-secondary" href="/vote?choose=1" data-testid="other-community">{tr(|t| t.ballots_other_community)}</a>
            <a class="button button-secondary" href=numbers data-testid="numbers-link">{crate::i18n::ntr(|t| t.numbers_link)}</a>
        </p>
    };
    view! {
        {move || match ballots.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
            Some(Ok(list)) => {
                let community = list.community;
                let name = move || {
                    i18n.locale.get().pick(&community.name_zh, &community.name_en).to_owned()
                };
                view! {
                    <h2 data-testid="ballot-community">{name}</h2>
                    {if list.ballots.is_empty() {
                        view! { <p>{tr(|t| t.ballots_none)}</p> }.into_any()
                    } else {
                        view! { <BallotCards ballots=list.ballots/> }.into_any()
                    }}
                }
                .into_any()
            }
        }}
        {other}
    }
}

#[component]
fn BallotCards(ballots: Vec<BallotSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="card-list" data-testid="ballot-list">
            {ballots.into_iter().map(|b| {
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
    }
}
