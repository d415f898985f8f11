//! `/map` without a start: "my position" (the community with the nearest building, and the walk
//! from where the phone is), or choose a community, then a building or a position within it.
//! `/map?at=…` or `/map?gcj02=…` (a link from a mini-program or a map app) goes to the community
//! nearest that position the same way, without asking the browser.

use leptos::prelude::*;
use linli_core::decimal::fixed;
use linli_core::reach::GeoPoint;

use super::nearest::{NEAREST_LIMIT_M, Nearest, nearest_community};
use super::page::use_map_query;
use super::query::{MapQuery, StartParam};
use crate::client::{self, ClientError};
use crate::i18n::{fill, mtr, use_i18n};
use crate::ui::address::Address;
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::geolocation::current_position;

#[component]
pub fn CommunityList() -> impl IntoView {
    let i18n = use_i18n();
    let communities = crate::ui::load::load_once(client::communities());
    let linked = match use_map_query().get_untracked().start {
        Some(StartParam::Position(point)) => Some(point),
        _ => None,
    };
    view! {
        <section class="page">
            <h1>{mtr(|t| t.title)}</h1>
            <MyPosition linked/>
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
                                    <a href=format!("/map/{}", c.id)>
                                        <strong class="card-title">{name}</strong>
                                        <span class="card-meta">{street}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Finding {
    Idle,
    /// Waiting for the browser's answer, then for the communities' buildings.
    Waiting,
    /// The browser gave no position (refused, none, timed out).
    NoPosition,
    /// The nearest building of any community is this many metres away.
    TooFar(f64),
    /// The communities' buildings could not be loaded.
    NoData,
}

/// "Use my position" before any community is chosen: asks the browser (which asks the resident),
/// finds the community with the nearest building on this phone, and starts the walk there from the
/// position itself. The position is never sent to the server. A position `linked` in the URL is
/// taken at once, in place of this page in the history.
#[component]
fn MyPosition(linked: Option<GeoPoint>) -> impl IntoView {
    let i18n = use_i18n();
    let finding = RwSignal::new(Finding::Idle);
    let address = Address::use_context();
    let go_from = move |point: GeoPoint, replace: bool| {
        finding.set(Finding::Waiting);
        leptos::task::spawn_local(async move {
            match community_at(point).await {
                Ok(Nearest::Within { community, .. }) => {
                    finding.set(Finding::Idle);
                    let query = MapQuery {
                        start: Some(StartParam::Position(point)),
                        ..MapQuery::default()
                    };
                    address.go(
                        &format!("/map/{community}{}", query.to_query_string()),
                        !replace,
                    );
                }
                Ok(Nearest::TooFar { metres }) => finding.set(Finding::TooFar(metres)),
                Ok(Nearest::Nothing) | Err(_) => finding.set(Finding::NoData),
            }
        });
    };
    if let Some(point) = linked {
        go_from(point, true);
    }
    let on_click = move |_| {
        finding.set(Finding::Waiting);
        current_position(move |answer| {
            match answer.and_then(|(lat, lon)| GeoPoint::new(lat, lon).ok()) {
                Some(point) => go_from(point, false),
                None => finding.set(Finding::NoPosition),
            }
        });
    };
    let status = move || {
        let t = i18n.locale.get().map_strings();
        match finding.get() {
            Finding::Idle => None,
            Finding::Waiting => Some(view! { <span>{t.start_position_locating}</span> }.into_any()),
            Finding::NoPosition => Some(
                view! { <span class="field-error">{t.position_failed_choose}</span> }.into_any(),
            ),
            Finding::TooFar(metres) => {
                // Far away in whole kilometres, nearer in hundreds of metres.
                let distance = if metres >= 2000.0 {
                    fill(t.distance_km, &[("n", &fixed(metres / 1000.0, 0))])
                } else {
                    fill(
                        t.distance_m,
                        &[("n", &fixed((metres / 100.0).round() * 100.0, 0))],
                    )
                };
                let text = fill(
                    t.position_too_far,
                    &[
                        ("limit", &fixed(NEAREST_LIMIT_M, 0)),
                        ("distance", &distance),
                    ],
                );
                Some(view! { <span class="field-error" data-testid="position-too-far">{text}</span> }.into_any())
            }
            Finding::NoData => {
                Some(view! { <span class="field-error">{t.position_no_data}</span> }.into_any())
            }
        }
    };
    view! {
        <div class="start-here" data-testid="start-here">
            <button type="button" class="button" data-testid="start-position-anywhere"
                disabled=move || finding.get() == Finding::Waiting on:click=on_click>
                {mtr(|t| t.start_position)}
            </button>
            <p class="hint">{mtr(|t| t.start_position_anywhere_note)}</p>
            <p role="status" class="hint">{status}</p>
        </div>
    }
}

/// The community whose nearest building is closest to `point`, from every community's buildings.
async fn community_at(point: GeoPoint) -> Result<Nearest, ClientError> {
    let mut buildings = Vec::new();
    for community in client::communities().await?.communities {
        let positions: Vec<GeoPoint> = client::buildings(&community.id)
            .await?
            .buildings
            .iter()
            .filter_map(|b| GeoPoint::new(b.location.lat, b.location.lon).ok())
            .collect();
        buildings.push((community.id, positions));
    }
    Ok(nearest_community(
        point,
        buildings.iter().map(|(id, p)| (id.as_str(), p.as_slice())),
    ))
}
