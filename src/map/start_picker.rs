//! Where the walk starts: my building (a list of the community's buildings), my position (the
//! browser's Geolocation API, after the resident presses the button and the browser asks), or a
//! scanned plate (the scanner, whose component page links back here with `?c=`).
//!
//! The Geolocation API answers WGS-84, the same datum as the walking graph, so no GCJ-02
//! conversion is needed; WeChat's own `wx.getLocation` is not used.

use std::sync::Arc;

use leptos::prelude::*;
use linli_core::reach::GeoPoint;

use super::data::{CommunityData, StartPoint, use_map_query, use_set_query};
use super::query::StartParam;
use crate::i18n::mtr;
use crate::ui::geolocation::current_position;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Locating {
    Idle,
    Waiting,
    Failed,
}

#[component]
pub(crate) fn StartPicker(
    data: Arc<CommunityData>,
    start: Signal<Option<StartPoint>>,
) -> impl IntoView {
    let state = use_map_query();
    let set_query = use_set_query(data.id.clone());
    let locating = RwSignal::new(Locating::Idle);
    let chosen_building = move || match &state.read().start {
        Some(StartParam::Building(code)) => code.clone(),
        _ => String::new(),
    };
    let on_building = {
        let set_query = set_query.clone();
        move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev);
            if code.is_empty() {
                return;
            }
            let mut next = state.get_untracked();
            next.start = Some(StartParam::Building(code));
            set_query(next, true);
        }
    };
    let on_position = move |_| {
        let set_query = set_query.clone();
        locate(locating, move |point| {
            let mut next = state.get_untracked();
            next.start = Some(StartParam::Position(point));
            set_query(next, true);
        });
    };
    let options = data
        .buildings
        .iter()
        .map(|b| {
            let code = b.code.clone();
            let selected = {
                let code = code.clone();
                move || chosen_building() == code
            };
            view! { <option value=code selected=selected>{b.name.clone()}</option> }
        })
        .collect_view();
    let open = move || start.with(Option::is_none);
    view! {
        <details class="start-picker" open=open>
            <summary>{mtr(|t| t.start_heading)}</summary>
            <label for="start-building">{mtr(|t| t.start_building)}</label>
            <select id="start-building" data-testid="start-building" on:change=on_building>
                <option value="" selected=move || chosen_building().is_empty()>{mtr(|t| t.start_building_choose)}</option>
                {options}
            </select>
            <div class="start-actions">
                <button type="button" class="button" data-testid="start-position"
                    disabled=move || locating.get() == Locating::Waiting on:click=on_position>
                    {mtr(|t| t.start_position)}
                </button>
                <a class="button button-secondary" href="/scan" rel="external">{mtr(|t| t.start_scan)}</a>
            </div>
            <p class="hint">{mtr(|t| t.start_position_note)}</p>
            <p role="status" class="hint">
                {move || match locating.get() {
                    Locating::Waiting => Some(view! { <span>{mtr(|t| t.start_position_locating)}</span> }.into_any()),
                    Locating::Failed => Some(view! { <span class="field-error">{mtr(|t| t.start_position_failed)}</span> }.into_any()),
                    Locating::Idle => None,
                }}
            </p>
        </details>
    }
}

/// Asks the browser once for the current position; `found` gets it in WGS-84.
fn locate(locating: RwSignal<Locating>, found: impl FnOnce(GeoPoint) + 'static) {
    locating.set(Locating::Waiting);
    current_position(move |position| {
        match position.and_then(|(lat, lon)| GeoPoint::new(lat, lon).ok()) {
            Some(point) => {
                locating.set(Locating::Idle);
                found(point);
            }
            None => locating.set(Locating::Failed),
        }
    });
}
