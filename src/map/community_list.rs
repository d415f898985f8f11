//! `/map` without a start: choose a community, then a building or a position within it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::client;
use crate::i18n::{mtr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub fn CommunityList() -> impl IntoView {
    let i18n = use_i18n();
    let communities = LocalResource::new(client::communities);
    view! {
        <section class="page">
            <h1>{mtr(|t| t.title)}</h1>
            <p class="lead">{mtr(|t| t.choose_community)}</p>
            {move || match communities.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="card-list" data-testid="community-list">
                        {list.communities.into_iter().map(|c| {
                            let name = move || i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned();
                            let street = move || i18n.locale.get().pick(&c.street_zh, &c.street_en).to_owned();
                            view! {
                                <li class="card">
                                    <A href=format!("/map/{}", c.id)>
                                        <strong class="card-title">{name}</strong>
                                        <span class="card-meta">{street}</span>
                                    </A>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
