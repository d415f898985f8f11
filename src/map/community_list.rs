//! `/map`, a bundle of its own (`circles.html`; the map bundle serves `/map/<community>`): "my
//! position" (the community with the nearest building, and the walk from where the phone is), or
//! choose a street and one of its communities (`/map?street=<id>`), then a building or a
//! position within it on the community's page.
//! `/map?at=…` or `/map?gcj02=…` (a link from a mini-program or a map app) goes to the community
//! nearest that position the same way, without asking the browser; `/map?c=<code>` (a plate's
//! link from before the circle had its community in the address) goes on to the plate's
//! community. Every step from here is a page load into the map bundle.

use leptos::prelude::*;
use linli_core::decimal::fixed;
use linli_core::reach::GeoPoint;

use super::query::{MapQuery, StartParam};
use crate::client::{self, ClientError};
use crate::i18n::{fill, mtr, use_i18n};
use crate::ui::address::query_value;
use crate::ui::community_picker::{CommunityPicker, remember_community};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::geolocation::current_position;
use linli_core::reach::{NEAREST_LIMIT_M, Nearest, nearest_community};

/// The community list's bundle (`circles.html`, served for `/map` and `/vote`): the shared shell
/// around [`CirclesIndex`], or around a community's ballots (`/vote`), which also starts by
/// choosing a community.
#[component]
pub fn CirclesApp() -> impl IntoView {
    crate::shell::provide_shell();
    let path = window().location().pathname().unwrap_or_default();
    let page = if crate::ui::address::without_trailing_slash(&path) == "/vote" {
        // The page's title is the circle's (one HTML page serves both): say what this one is.
        let strings = crate::i18n::use_i18n().locale.get_untracked().strings();
        document().set_title(strings.ballots_page_title);
        view! { <crate::vote::BallotList/> }.into_any()
    } else if crate::ui::address::without_trailing_slash(&path) == "/numbers" {
        let strings = crate::i18n::use_i18n()
            .locale
            .get_untracked()
            .numbers_strings();
        document().set_title(strings.numbers_page_title);
        view! { <crate::report::PerformancePage/> }.into_any()
    } else {
        view! { <CirclesIndex/> }.into_any()
    };
    view! {
        <crate::ui::nav::ShellHeader/>
        <main id="main" tabindex="-1">{page}</main>
        <crate::ui::nav::BottomNav path/>
    }
}

/// `/map`: the community list, or the step on from an older plate link.
#[component]
pub(crate) fn CirclesIndex() -> impl IntoView {
    match query_value("c") {
        Some(code) => view! { <PlateOnward code/> }.into_any(),
        None => view! { <CommunityList/> }.into_any(),
    }
}

/// `/map?c=<code>`: on to `/map/<community>?c=<code>` (the rest of the query kept), in place of
/// this page in the history.
#[component]
fn PlateOnward(code: String) -> impl IntoView {
    let onward = crate::ui::load::use_load_once(async move {
        let component = client::placed_component(&code).await?;
        let search = window().location().search().unwrap_or_default();
        let _ = window()
            .location()
            .replace(&format!("/map/{}{search}", component.community_id));
        Ok::<(), ClientError>(())
    });
    view! {
        <section class="page">
            <h1>{mtr(|t| t.title)}</h1>
            {move || match onward.get() {
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                _ => view! { <Loading/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CommunityList() -> impl IntoView {
    // The map bundle, which every community's link opens, once the list has drawn.
    crate::ui::prefetch::prefetch_named_files(std::time::Duration::from_millis(500));
    let linked = match MapQuery::parse(query_value).start {
        Some(StartParam::Position(point)) => Some(point),
        _ => None,
    };
    view! {
        <section class="page">
            <h1>{mtr(|t| t.title)}</h1>
            <MyPosition linked/>
            <p class="lead">{mtr(|t| t.choose_community)}</p>
            <CommunityPicker base="/map" href=|id| format!("/map/{id}")/>
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
    /// No community has a building near the position's square of the map.
    NoneNear,
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
    let go_from = move |point: GeoPoint, replace: bool| {
        finding.set(Finding::Waiting);
        leptos::task::spawn_local(async move {
            match community_at(point).await {
                Ok(Nearest::Within { community, .. }) => {
                    finding.set(Finding::Idle);
                    remember_community(&community);
                    let query = MapQuery {
                        start: Some(StartParam::Position(point)),
                        ..MapQuery::default()
                    };
                    // A page load into the map bundle; a linked position leaves no step to
                    // come back to.
                    let url = format!("/map/{community}{}", query.to_query_string());
                    let location = window().location();
                    let _ = if replace {
                        location.replace(&url)
                    } else {
                        location.assign(&url)
                    };
                }
                Ok(Nearest::TooFar { metres }) => finding.set(Finding::TooFar(metres)),
                Ok(Nearest::Nothing) => finding.set(Finding::NoneNear),
                Err(_) => finding.set(Finding::NoData),
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
            Finding::NoneNear => {
                let text = fill(
                    t.position_none_near,
                    &[("limit", &fixed(NEAREST_LIMIT_M, 0))],
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

/// The community whose nearest building is closest to `point`, among those the server lists
/// for the square of the map `point` stands in: the server learns the square, not the position.
async fn community_at(point: GeoPoint) -> Result<Nearest, ClientError> {
    let near = client::communities_near(point).await?;
    let buildings: Vec<(String, Vec<GeoPoint>)> = near
        .into_iter()
        .map(|community| {
            let positions = community
                .buildings
                .iter()
                .filter_map(|b| GeoPoint::new(b.lat, b.lon).ok())
                .collect();
            (community.id, positions)
        })
        .collect();
    Ok(nearest_community(
        point,
        buildings.iter().map(|(id, p)| (id.as_str(), p.as_slice())),
    ))
}
