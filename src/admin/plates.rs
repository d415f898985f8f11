//! `/admin/plates`: printable QR plates. The committee picks components (by community), sees
//! the A4 sheets the server draws (six plates a sheet, real size) and prints them, or downloads
//! one plate's SVG for a sign maker.

use std::collections::BTreeSet;

use leptos::prelude::*;
use linli_api::{Communities, ComponentSummary};

use crate::client;
use crate::i18n::{fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

const PLATES_PER_SHEET: usize = 6;

#[component]
pub(crate) fn PlatesPage() -> impl IntoView {
    let communities = LocalResource::new(client::communities);
    view! {
        <section class="page admin-page plates-page">
            <h1>{crate::i18n::ctr(|c| c.plates_title)}</h1>
            <p class="hint no-print">{crate::i18n::ctr(|c| c.plates_hint)}</p>
            {move || match communities.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(communities)) => view! { <PlatePicker communities/> }.into_any(),
            }}
        </section>
    }
}

/// Which components the list shows: a community's (or the district's) in code order, narrowed
/// by a search once the committee submits one. The server pages them: a district's hundreds of
/// thousands never come down at once.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filter {
    community: String,
    search: String,
}

#[component]
fn PlatePicker(communities: Communities) -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(Filter::default());
    let typed = RwSignal::new(String::new());
    let first_page = LocalResource::new(move || {
        let filter = filter.get();
        async move { client::component_page(&filter.community, &filter.search, 1).await }
    });
    // Pages after the first, appended by "show more"; emptied when the filter changes.
    let later_pages = RwSignal::new(Vec::<ComponentSummary>::new());
    let later_next = RwSignal::new(None::<Option<u32>>);
    let more_failed = RwSignal::new(None::<client::ClientError>);
    Effect::new(move |_| {
        filter.track();
        later_pages.set(Vec::new());
        later_next.set(None);
        more_failed.set(None);
    });
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    let shown = move || {
        let mut all = match first_page.get() {
            Some(Ok(index)) => index.components,
            _ => Vec::new(),
        };
        all.extend(later_pages.get());
        all
    };
    let next_page = move || match later_next.get() {
        Some(next) => next,
        None => match first_page.get() {
            Some(Ok(index)) => index.next_page,
            _ => None,
        },
    };
    let show_more = move |_| {
        let Some(page) = next_page() else { return };
        let current = filter.get_untracked();
        leptos::task::spawn_local(async move {
            match client::component_page(&current.community, &current.search, page).await {
                // A filter changed while the page was on its way: it belongs to the old list.
                Ok(_) if filter.get_untracked() != current => {}
                Ok(index) => {
                    later_pages.update(|pages| pages.extend(index.components));
                    later_next.set(Some(index.next_page));
                }
                Err(error) => more_failed.set(Some(error)),
            }
        });
    };
    let choose_shown = move |_| {
        chosen.update(|set| set.extend(shown().into_iter().map(|c| c.code)));
    };
    let search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        filter.update(|f| f.search = typed.get_untracked());
    };
    let sheets = move || {
        chosen
            .get()
            .into_iter()
            .collect::<Vec<_>>()
            .chunks(PLATES_PER_SHEET)
            .map(|codes| format!("/api/v1/admin/plate-sheet.svg?codes={}", codes.join(",")))
            .collect::<Vec<_>>()
    };
    let options: Vec<(String, String, String)> = communities
        .communities
        .into_iter()
        .map(|c| (c.id, c.name_zh, c.name_en))
        .collect();
    view! {
        <div class="no-print plate-controls">
            <label for="plate-community">{tr(|t| t.community)}</label>
            <select id="plate-community" on:change=move |e| filter.update(|f| f.community = event_target_value(&e))>
                <option value="">{tr(|t| t.filter_all)}</option>
                {options.into_iter().map(|(id, zh, en)| view! {
                    <option value=id.clone()>{move || i18n.locale.get().pick(&zh, &en).to_owned()}</option>
                }).collect_view()}
            </select>
            <form class="plate-search" role="search" on:submit=search>
                <label for="plate-search">{crate::i18n::ctr(|c| c.plates_search)}</label>
                <input id="plate-search" type="search" aria-describedby="plate-search-hint"
                    prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e))/>
                <button type="submit" class="button button-secondary">{crate::i18n::ctr(|c| c.plates_search_button)}</button>
            </form>
            <button type="button" class="button button-secondary" on:click=choose_shown>{crate::i18n::ctr(|c| c.plates_choose_shown)}</button>
            <button type="button" class="button button-secondary" on:click=move |_| chosen.set(BTreeSet::new())>{crate::i18n::ctr(|c| c.plates_clear)}</button>
            <button type="button" class="button button-primary" data-testid="print-plates"
                disabled=move || chosen.with(BTreeSet::is_empty)
                on:click=move |_| { let _ = window().print(); }>
                {move || fill(i18n.c().plates_print, &[("n", &chosen.with(BTreeSet::len).to_string())])}
            </button>
            <p id="plate-search-hint" class="hint">{crate::i18n::ctr(|c| c.plates_search_hint)}</p>
        </div>
        {move || match first_page.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
            Some(Ok(index)) if index.components.is_empty() => view! {
                <p class="hint" role="status">{crate::i18n::ctr(|c| c.plates_none)}</p>
            }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <table class="figures no-print" data-testid="plate-list">
            <thead><tr>
                <th scope="col">{crate::i18n::ctr(|c| c.plates_choose)}</th>
                <th scope="col">{crate::i18n::ctr(|c| c.plates_name)}</th>
                <th scope="col">{crate::i18n::ctr(|c| c.plates_code)}</th>
                <th scope="col">{crate::i18n::ctr(|c| c.plates_download)}</th>
                <th scope="col">{crate::i18n::ctr(|c| c.plates_record)}</th>
            </tr></thead>
            <tbody>
                <For each=shown key=|c| c.code.clone() let:component>
                    {
                        let code = component.code.clone();
                        let checkbox_code = code.clone();
                        let toggle_code = code.clone();
                        let name = component.name.clone();
                        let record_label = move || fill(i18n.c().plates_record_label, &[("name", &name)]);
                        view! {
                            <tr>
                                <td>
                                    <input type="checkbox" id=format!("plate-{code}")
                                        prop:checked=move || chosen.with(|set| set.contains(&checkbox_code))
                                        on:change=move |_| chosen.update(|set| {
                                            if !set.remove(&toggle_code) { set.insert(toggle_code.clone()); }
                                        })/>
                                </td>
                                <td><label for=format!("plate-{code}")>{component.name.clone()}</label></td>
                                <td class="code">{code.clone()}</td>
                                <td><a href=format!("/api/v1/admin/plates/{code}.svg") download>{crate::i18n::ctr(|c| c.plates_svg)}</a></td>
                                <td><leptos_router::components::A href=format!("/admin/components/{code}") attr:aria-label=record_label>{crate::i18n::ctr(|c| c.plates_edit_record)}</leptos_router::components::A></td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
        {move || next_page().map(|_| view! {
            <button type="button" class="button button-secondary no-print" data-testid="plates-more"
                on:click=show_more>{crate::i18n::ctr(|c| c.plates_more)}</button>
        })}
        {move || more_failed.get().map(|error| view! { <ErrorView error/> })}
        <div class="plate-sheets" data-testid="plate-sheets">
            {move || sheets().into_iter().map(|src| view! {
                <img class="plate-sheet" src=src alt=move || i18n.c().plates_sheet_alt/>
            }).collect_view()}
        </div>
    }
}
