//! Our own drawing of the streets (tiles: tiles.rs): every street thin and grey, the reached ones in
//! three line styles (5 minutes thick and solid, 10 dashed, 15 dotted, so the bands differ by
//! more than colour), "you are here", and numbered markers matching the list. Zoom and pan are
//! buttons, usable from the keyboard; the drawing itself is one image for screen readers, whose
//! list is the list above it.

use linli_core::decimal::fixed;
use std::sync::Arc;

use leptos::prelude::*;

use super::data::CommunityData;
use super::map_view::{MapView, ZOOM_STEP};
use crate::i18n::{fill, mtr, use_i18n};

/// A numbered service on the drawing, in projected metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Marker {
    pub number: usize,
    pub x: f64,
    pub y: f64,
}

#[component]
pub(crate) fn StreetMap(
    data: Arc<CommunityData>,
    overlay: Signal<[String; 3]>,
    here: (f64, f64),
    markers: Signal<Vec<Marker>>,
    selected: RwSignal<Option<usize>>,
    start_label: Signal<String>,
    view: RwSignal<MapView>,
    /// The view that shows the whole walk, where "back to the start" returns.
    fitted: Signal<MapView>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Sizes in the drawing's decimetres that stay the same on screen at every zoom. A memo, so
    // a pan (same width) changes nothing, and a zoom only these attributes: the markers
    // themselves are made once per list.
    let marker_radius = Memo::new(move |_| view.get().half_width * 10.0 * 0.045);
    let label = move || {
        let t = i18n.locale.get().map_strings();
        fill(t.map_label, &[("start", &start_label.get())])
    };
    let band = move |index: usize| move || overlay.with(|paths| paths[index].clone());
    let (hx, hy) = (fixed(here.0 * 10.0, 1), fixed(here.1 * 10.0, 1));
    let marker_views = move || {
        // SVG numbers written by `fixed`: the drawing is in decimetres, so tenths are plenty.
        let r = move || marker_radius.get();
        markers
            .get()
            .into_iter()
            .map(|m| {
                let number = m.number;
                let (x, y) = (m.x * 10.0, m.y * 10.0);
                let (x_text, y_text) = (fixed(x, 1), fixed(y, 1));
                let is_selected = move || selected.get() == Some(number);
                view! {
                    <g class="marker" class:marker-selected=is_selected data-number=number>
                        <circle cx=x_text.clone() cy=y_text r=move || fixed(r(), 2)/>
                        <text x=x_text y=move || fixed(y + r() * 0.4, 1) font-size=move || fixed(r() * 1.15, 2) text-anchor="middle">{number}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let control = move |label: fn(&'static crate::i18n::MapStrings) -> &'static str,
                        symbol: &'static str,
                        test_id: &'static str,
                        change: fn(MapView) -> MapView| {
        view! {
            <button type="button" class="map-control" aria-label=mtr(label) title=mtr(label)
                data-testid=test_id on:click=move |_| view.update(|v| *v = change(*v))>
                <span aria-hidden="true">{symbol}</span>
            </button>
        }
    };
    let reset = move |_| view.set(fitted.get_untracked());
    view! {
        <section class="street-map-section" aria-labelledby="street-map-heading">
            <h2 id="street-map-heading">{mtr(|t| t.map_heading)}</h2>
            <svg class="street-map" id="street-map" data-testid="street-map" role="img" aria-label=label
                viewBox=move || view.get().view_box() preserveAspectRatio="xMidYMid meet">
                <super::tiles::TileLayer data=data.clone() view/>
                <path class="streets" d=data.streets.path.clone()/>
                <path class="reach reach-15" d=band(2)/>
                <path class="reach reach-10" d=band(1)/>
                <path class="reach reach-5" d=band(0)/>
                <g class="here">
                    <circle cx=hx.clone() cy=hy.clone() r=move || fixed(marker_radius.get() * 0.75, 2)/>
                    <circle class="here-dot" cx=hx cy=hy r=move || fixed(marker_radius.get() * 0.3, 2)/>
                </g>
                <g class="markers">{marker_views}</g>
            </svg>
            <super::tiles::TileNotice/>
            <div class="map-controls" role="group" aria-label=mtr(|t| t.map_controls)>
                {control(|t| t.zoom_in, "+", "zoom-in", |v| v.zoomed(1.0 / ZOOM_STEP))}
                {control(|t| t.zoom_out, "−", "zoom-out", |v| v.zoomed(ZOOM_STEP))}
                {control(|t| t.pan_north, "↑", "pan-north", |v| v.panned(0.0, -1.0))}
                {control(|t| t.pan_south, "↓", "pan-south", |v| v.panned(0.0, 1.0))}
                {control(|t| t.pan_west, "←", "pan-west", |v| v.panned(-1.0, 0.0))}
                {control(|t| t.pan_east, "→", "pan-east", |v| v.panned(1.0, 0.0))}
                <button type="button" class="map-control map-control-wide" data-testid="view-reset" on:click=reset>
                    {mtr(|t| t.view_reset)}
                </button>
            </div>
            <ul class="map-legend" data-testid="map-legend">
                <li><svg viewBox="0 0 40 20" aria-hidden="true"><g class="here"><circle cx="20" cy="10" r="7"/><circle class="here-dot" cx="20" cy="10" r="3"/></g></svg>{mtr(|t| t.legend_here)}</li>
                <li><svg viewBox="0 0 40 20" aria-hidden="true"><g class="marker"><circle cx="20" cy="10" r="8"/></g></svg>{mtr(|t| t.legend_marker)}</li>
                <li><svg viewBox="0 0 40 10" aria-hidden="true"><path class="reach reach-5" d="M2 5H38"/></svg>{mtr(|t| t.legend_5)}</li>
                <li><svg viewBox="0 0 40 10" aria-hidden="true"><path class="reach reach-10" d="M2 5H38"/></svg>{mtr(|t| t.legend_10)}</li>
                <li><svg viewBox="0 0 40 10" aria-hidden="true"><path class="reach reach-15" d="M2 5H38"/></svg>{mtr(|t| t.legend_15)}</li>
                <li><svg viewBox="0 0 40 10" aria-hidden="true"><path class="streets" d="M2 5H38"/></svg>{mtr(|t| t.legend_street)}</li>
            </ul>
            <super::tiles::MapNote/>
        </section>
    }
}
