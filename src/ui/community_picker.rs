//! Choosing a community as residents do, in lists that stay short whatever the district's size:
//! the district's streets and towns, then one street's communities (`?street=<id>` in the
//! address of the page that shows the picker). A district with a single street goes straight to
//! its communities. The community chosen last is remembered on this device
//! ([`remember_community`]), so the vote list can open on it next time.

use leptos::prelude::*;
use linli_api::Communities;

use crate::client::{self, ClientError};
use crate::i18n::{fill, tr, use_i18n};
use crate::ui::address::query_value;
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::stored::{self, Store};

/// Where the community chosen last is kept (an id, nothing personal); a kiosk's wipe clears it.
pub(crate) const MY_COMMUNITY_KEY: &str = "linli.community";

pub(crate) fn remember_community(id: &str) {
    stored::write(Store::Local, MY_COMMUNITY_KEY, id);
}

pub(crate) fn remembered_community() -> Option<String> {
    stored::read(Store::Local, MY_COMMUNITY_KEY).filter(|id| !id.is_empty())
}

/// The community a page that shows the picker opens on: the one the address names
/// (`?community=<id>`), else the one chosen last on this device, unless the resident is choosing
/// (`?street=` or `?choose=1` in the address); `None` shows the picker.
pub(crate) fn chosen_community() -> Option<String> {
    let choosing = query_value("street").is_some() || query_value("choose").is_some();
    query_value("community").or_else(|| {
        if choosing {
            None
        } else {
            remembered_community()
        }
    })
}

/// What a street's list needs: the streets, or one street's communities.
#[derive(Clone)]
enum Step {
    Streets(Vec<linli_api::StreetSummary>),
    Communities {
        list: Communities,
        /// Whether there are other streets to go back to.
        more_streets: bool,
    },
}

async fn load(street: Option<String>) -> Result<Step, ClientError> {
    if let Some(street) = street {
        let list = client::street_communities(&street).await?;
        return Ok(Step::Communities {
            list,
            more_streets: true,
        });
    }
    let streets = client::streets().await?.streets;
    match streets.as_slice() {
        [only] => Ok(Step::Communities {
            list: client::street_communities(&only.id).await?,
            more_streets: false,
        }),
        _ => Ok(Step::Streets(streets)),
    }
}

/// The picker on the page at `base` (`/map`, `/vote`): each community links to `href(id)`.
#[component]
pub(crate) fn CommunityPicker(base: &'static str, href: fn(&str) -> String) -> impl IntoView {
    let i18n = use_i18n();
    let step = crate::ui::load::use_load_once(load(query_value("street")));
    move || {
        match step.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
        Some(Ok(Step::Streets(streets))) if streets.is_empty() => {
            view! { <p>{tr(|t| t.no_communities)}</p> }.into_any()
        }
        Some(Ok(Step::Streets(streets))) => view! {
            <ul class="card-list" data-testid="street-list">
                {streets.into_iter().map(|s| {
                    let count = s.community_count.to_string();
                    let name = move || i18n.locale.get().pick(&s.name_zh, &s.name_en).to_owned();
                    view! {
                        <li class="card">
                            <a href=format!("{base}?street={}", s.id)>
                                <strong class="card-title">{name}</strong>
                                <span class="card-meta">
                                    {move || fill(i18n.t().street_community_count, &[("n", &count)])}
                                </span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
        Some(Ok(Step::Communities { list, more_streets })) => {
            let street = list.communities.first().map(|c| (c.street_zh.clone(), c.street_en.clone()));
            view! {
                {more_streets.then(|| view! {
                    <p class="actions"><a class="button button-secondary" href=base data-testid="all-streets">{tr(|t| t.all_streets)}</a></p>
                })}
                {street.map(|(zh, en)| view! {
                    <h2>{move || i18n.locale.get().pick(&zh, &en).to_owned()}</h2>
                })}
                <ul class="card-list" data-testid="community-list">
                    {list.communities.into_iter().map(|c| {
                        let link = href(&c.id);
                        let id = c.id.clone();
                        let name = move || i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned();
                        view! {
                            <li class="card">
                                <a href=link on:click=move |_| remember_community(&id)>
                                    <strong class="card-title">{name}</strong>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
    }
}
