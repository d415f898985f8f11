//! The list that comes first: the summary sentence, the pace, the category chips, and every
//! service in the circle by walking time, numbered like the map's markers.

use std::sync::Arc;

use leptos::prelude::*;
use linli_core::opening_hours::{Weekday, is_open};
use linli_core::reach::Pace;
use linli_core::service_category::{CATEGORIES, category};

use super::circle::{Reached, missing_basic, whole_minutes};
use super::data::{CommunityData, use_map_query, use_set_query};
use super::map_view::MapView;
use crate::i18n::{Locale, fill, mtr, use_i18n};

fn category_name(locale: Locale, id: &str) -> String {
    category(id).map_or_else(
        || id.to_owned(),
        |c| locale.pick(c.name_zh, c.name_en).to_owned(),
    )
}

/// The weekday (Monday = 0) and minute of the day in Beijing (UTC+8, no daylight saving), where
/// every service point of Linli is, whatever the phone's own time zone.
fn beijing_now() -> (Weekday, u16) {
    let minutes = ((js_sys::Date::now() / 60_000.0).floor() as i64) + 8 * 60;
    // 1970-01-01 was a Thursday (3 counting from Monday = 0).
    let weekday = (minutes.div_euclid(24 * 60) + 3).rem_euclid(7) as Weekday;
    (weekday, minutes.rem_euclid(24 * 60) as u16)
}

#[component]
pub(crate) fn PaceChoice(community: String) -> impl IntoView {
    let state = use_map_query();
    let set_query = use_set_query(community);
    let button =
        move |elderly: bool, label: fn(&'static crate::i18n::MapStrings) -> &'static str| {
            let set_query = set_query.clone();
            let on_click = move |_| {
                let mut next = state.get_untracked();
                next.elderly = elderly;
                set_query(next, false);
            };
            view! {
                <button type="button" aria-pressed=move || (state.read().elderly == elderly).to_string() on:click=on_click>
                    {mtr(label)}
                </button>
            }
        };
    view! {
        <div class="segmented pace-choice" role="group" aria-label=mtr(|t| t.pace_label)>
            <span class="pace-label" aria-hidden="true">{mtr(|t| t.pace_label)}</span>
            {button(false, |t| t.pace_standard)}
            {button(true, |t| t.pace_elderly)}
        </div>
    }
}

#[component]
pub(crate) fn Summary(data: Arc<CommunityData>, circle: Signal<Vec<Reached>>) -> impl IntoView {
    let i18n = use_i18n();
    let sentence = move || {
        let t = i18n.locale.get().map_strings();
        let locale = i18n.locale.get();
        let reached = circle.get();
        let count = reached.len().to_string();
        let missing = missing_basic(&reached, |i| data.services[i].category.as_str());
        if missing.is_empty() {
            fill(t.summary_complete, &[("n", &count)])
        } else {
            let names: Vec<String> = missing.iter().map(|id| category_name(locale, id)).collect();
            fill(
                t.summary_missing,
                &[("n", &count), ("missing", &names.join(t.list_separator))],
            )
        }
    };
    view! { <p class="lead circle-summary" data-testid="circle-summary">{sentence}</p> }
}

#[component]
pub(crate) fn CategoryChips(
    data: Arc<CommunityData>,
    circle: Signal<Vec<Reached>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_map_query();
    let set_query = use_set_query(data.id.clone());
    // The categories this community has at all, in the table's order.
    let present: Vec<&'static str> = CATEGORIES
        .iter()
        .filter(|c| data.services.iter().any(|s| s.category == c.id))
        .map(|c| c.id)
        .collect();
    let all = {
        let set_query = set_query.clone();
        move |_| {
            let mut next = state.get_untracked();
            next.categories.clear();
            set_query(next, false);
        }
    };
    let chips = present
        .into_iter()
        .map(|id| {
            let set_query = set_query.clone();
            let data = data.clone();
            let count = move || {
                circle
                    .read()
                    .iter()
                    .filter(|r| data.services[r.service].category == id)
                    .count()
            };
            let pressed = move || {
                let state = state.read();
                (!state.categories.is_empty() && state.shows(id)).to_string()
            };
            let on_click = move |_| set_query(state.get_untracked().with_category_toggled(id), false);
            view! {
                <button type="button" class="chip" aria-pressed=pressed on:click=on_click data-category=id>
                    {move || category_name(i18n.locale.get(), id)}
                    " "
                    <span class="chip-count">{count}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="chips" role="group" aria-label=mtr(|t| t.filter_label) data-testid="category-chips">
            <button type="button" class="chip" aria-pressed=move || state.read().categories.is_empty().to_string() on:click=all>
                {mtr(|t| t.filter_all)}
            </button>
            {chips}
        </div>
    }
}

#[component]
pub(crate) fn ReachList(
    data: Arc<CommunityData>,
    visible: Signal<Vec<Reached>>,
    selected: RwSignal<Option<usize>>,
    view: RwSignal<MapView>,
    pace: Signal<Pace>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (weekday, minute) = beijing_now();
    let rows = move || {
        let locale = i18n.locale.get();
        let t = locale.map_strings();
        let pace = pace.get();
        visible
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, reached)| {
                let number = index + 1;
                let service = &data.services[reached.service];
                let spot = linli_core::reach::GeoPoint::new(service.location.lat, service.location.lon)
                    .ok()
                    .map(|point| data.streets.projection.project(point));
                // Shows the service on the drawing: its marker stands out and the view centres on it.
                let show = move |_| {
                    selected.set(Some(number));
                    if let Some((cx, cy)) = spot {
                        view.update(|v| {
                            v.cx = cx;
                            v.cy = cy;
                        });
                    }
                };
                let walk = fill(
                    t.walk_time,
                    &[
                        ("min", &whole_minutes(pace, reached.metres).to_string()),
                        ("m", &(reached.metres.round() as u64).to_string()),
                    ],
                );
                let open = service
                    .opening_hours
                    .as_deref()
                    .and_then(|hours| is_open(hours, weekday, minute));
                let open_badge = open.map(|open| {
                    let (class, text) = if open {
                        ("badge badge-open", t.open_now)
                    } else {
                        ("badge badge-closed", t.closed_now)
                    };
                    view! { <span class=class>{text}</span> }
                });
                let hours = service.opening_hours.clone().map(|hours| {
                    view! { <span class="card-meta">{t.opening_hours} ": " {hours}</span> }
                });
                let step_free = service
                    .step_free
                    .then(|| view! { <span class="badge">{t.step_free}</span> });
                let phone = service.phone.clone().map(|phone| {
                    view! { <a href=format!("tel:{}", phone.replace(['-', ' '], ""))>{phone.clone()}</a> }
                });
                view! {
                    <li class="card reach-item" data-testid="reach-item"
                        class:reach-item-selected=move || selected.get() == Some(number)>
                        <button type="button" class="reach-item-name"
                            aria-pressed=move || (selected.get() == Some(number)).to_string()
                            on:click=show>
                            <span class="marker-number">{number}</span>
                            <strong class="card-title">{service.name.clone()}</strong>
                        </button>
                        <span class="card-meta">
                            {category_name(locale, &service.category)} " · " {walk}
                        </span>
                        <span class="reach-item-badges">{open_badge}{step_free}</span>
                        {hours}
                        <span class="card-meta">{service.address.clone()}</span>
                        {phone}
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || visible.with(Vec::is_empty);
    view! {
        <section class="reach-list" aria-labelledby="reach-list-heading">
            <h2 id="reach-list-heading">{mtr(|t| t.list_heading)}</h2>
            {crate::ui::shown::shown(empty, move || view! {
                <p class="notice">{mtr(|t| t.list_empty)}</p>
            })}
            <ol class="card-list" data-testid="reach-list">{rows}</ol>
        </section>
    }
}
