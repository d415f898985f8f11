//! The circle's page, `/map/<community>`: a building or a position in it, or with `?c=` a scanned
//! plate's circle (the community list, `/map`, is a bundle of its own: `community_list.rs`). A
//! community's documents are loaded once; everything else is derived from the URL.

use std::sync::Arc;

use leptos::prelude::*;

use super::circle::{CIRCLE_MINUTES, Circle};
use super::data::{CommunityData, StartPoint, geo, load, use_map_query};
use super::drawing_data::band_paths;
use super::map_view::MapView;
use super::query::{MapQuery, StartParam};
use super::reach_list::{CategoryChips, PaceChoice, ReachList, Summary};
use super::start_picker::StartPicker;
use super::street_map::{Marker, StreetMap};
use crate::client::{self, PlacedComponent};
use crate::i18n::{fill, mtr, use_i18n};
use crate::ui::address::Address;
use crate::ui::error_view::{ErrorView, Loading};

/// `/map/<community>?c=<component code>`: the circle around a scanned plate.
#[component]
fn ComponentStart(code: String) -> impl IntoView {
    let component =
        crate::ui::load::use_load_once(async move { client::placed_component(&code).await });
    view! {
        <section class="page map-page">
            {move || match component.get() {
                None => view! { <h1>{mtr(|t| t.title)}</h1><Loading/> }.into_any(),
                Some(Err(error)) => view! { <h1>{mtr(|t| t.title)}</h1><ErrorView error/> }.into_any(),
                Some(Ok(component)) => {
                    let community = component.community_id.clone();
                    view! { <CircleLoader community component=Some(component)/> }.into_any()
                }
            }}
        </section>
    }
}

/// `/map/<community>`: choose a building or use the phone's position; with `?c=<code>`, the
/// circle around a scanned plate.
#[component]
pub(crate) fn CommunityMap(community: String) -> impl IntoView {
    let address = Address::use_context();
    let plate = Memo::new(move |_| address.with_query(|get| get("c").filter(|c| !c.is_empty())));
    move || match plate.get() {
        Some(code) => view! { <ComponentStart code/> }.into_any(),
        None => view! {
            <section class="page map-page">
                <CircleLoader community=community.clone() component=None/>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn CircleLoader(community: String, component: Option<PlacedComponent>) -> impl IntoView {
    let data = crate::ui::load::use_load_once(load(community));
    move || match data.get() {
        None => view! { <h1>{mtr(|t| t.title)}</h1><Loading/> }.into_any(),
        Some(Err(error)) => view! { <h1>{mtr(|t| t.title)}</h1><ErrorView error/> }.into_any(),
        Some(Ok(data)) => view! { <CircleView data component=component.clone()/> }.into_any(),
    }
}

fn resolve_start(
    state: &MapQuery,
    data: &CommunityData,
    component: Option<&PlacedComponent>,
) -> Result<Option<StartPoint>, String> {
    match &state.start {
        None => Ok(None),
        Some(StartParam::Position(point)) => Ok(Some(StartPoint {
            name: None,
            point: *point,
        })),
        Some(StartParam::Building(code)) => data
            .buildings
            .iter()
            .find(|b| &b.code == code)
            .and_then(|b| {
                geo(&b.location).map(|point| StartPoint {
                    name: Some(b.name.clone()),
                    point,
                })
            })
            .map(Some)
            .ok_or_else(|| code.clone()),
        Some(StartParam::Component(code)) => component
            .filter(|c| &c.code == code)
            .and_then(|c| {
                geo(&c.location).map(|point| StartPoint {
                    name: Some(c.name.clone()),
                    point,
                })
            })
            .map(Some)
            .ok_or_else(|| code.clone()),
    }
}

#[component]
fn CircleView(data: Arc<CommunityData>, component: Option<PlacedComponent>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_map_query();
    let start = {
        let data = data.clone();
        Memo::new(move |_| resolve_start(&state.read(), &data, component.as_ref()))
    };
    let data_for_title = data.clone();
    view! {
        <h1>{mtr(|t| t.title)}</h1>
        <StartPicker data=data_for_title.clone() start=Signal::derive(move || start.get().ok().flatten())/>
        {move || match start.get() {
            Err(code) => view! {
                <p class="field-error" role="alert">
                    {move || fill(i18n.locale.get().map_strings().start_unknown_building, &[("code", &code)])}
                </p>
            }.into_any(),
            Ok(None) => ().into_any(),
            Ok(Some(start)) => view! { <CircleResults data=data.clone() start/> }.into_any(),
        }}
    }
}

/// Everything that depends on one start: created anew when the start changes, so the map's view
/// begins centred on it.
#[component]
fn CircleResults(data: Arc<CommunityData>, start: StartPoint) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_map_query();
    let pace = Memo::new(move |_| state.read().pace());
    let start_snap = data.network.snap(start.point);
    let circle = {
        let data = data.clone();
        // A search is not comparable; it is recomputed only when the pace changes.
        Memo::new_with_compare(
            move |_| Circle::search(&data.network, &data.service_snaps, start_snap, pace.get()),
            |_, _| true,
        )
    };
    let visible = {
        let data = data.clone();
        Memo::new(move |_| {
            let state = state.read();
            circle
                .read()
                .reached
                .iter()
                .filter(|r| state.shows(&data.services[r.service].category))
                .copied()
                .collect::<Vec<_>>()
        })
    };
    // Built once per search (the map's three band paths read it), never on zoom or pan.
    let overlay: Signal<[String; 3]> = {
        let data = data.clone();
        Memo::new(move |_| {
            let pace = pace.get();
            let limits = [5, 10, CIRCLE_MINUTES].map(|m| pace.metres_in(m));
            band_paths(&data.streets, &circle.read().reach, limits)
        })
        .into()
    };
    let markers = {
        let data = data.clone();
        Signal::derive(move || {
            visible
                .get()
                .iter()
                .enumerate()
                .filter_map(|(index, r)| {
                    let location = geo(&data.services[r.service].location)?;
                    let (x, y) = data.streets.projection.project(location);
                    Some(Marker {
                        number: index + 1,
                        x,
                        y,
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    let here = data.streets.projection.project(start.point);
    let selected = RwSignal::new(None::<usize>);
    // The whole walk in view: every reached street, every marker and the start.
    let fitted = {
        let data = data.clone();
        Signal::derive(move || {
            let circle = circle.read();
            let streets = circle
                .reach
                .reached()
                .map(|(node, _)| data.streets.points[node.index()]);
            let markers = markers.get();
            MapView::fitting(
                streets
                    .chain(markers.iter().map(|m| (m.x, m.y)))
                    .chain([here])
                    .collect::<Vec<_>>(),
            )
        })
    };
    let view = RwSignal::new(fitted.get_untracked());
    let start_name = start.name.clone();
    let start_label = Signal::derive(move || {
        start_name
            .clone()
            .unwrap_or_else(|| i18n.locale.get().map_strings().start_here.to_owned())
    });
    view! {
        <p class="start-line" data-testid="start-line">
            {move || fill(i18n.locale.get().map_strings().start_from, &[("name", &start_label.get())])}
        </p>
        <PaceChoice community=data.id.clone()/>
        <Summary data=data.clone() circle=Signal::derive(move || circle.read().reached.clone())/>
        <CategoryChips data=data.clone() circle=Signal::derive(move || circle.read().reached.clone())/>
        <div class="circle-layout">
            <ReachList data=data.clone() visible=visible.into() selected view pace=pace.into()/>
            <StreetMap
                data=data.clone()
                view
                overlay
                here
                markers
                selected
                start_label
                fitted
            />
        </div>
    }
}
