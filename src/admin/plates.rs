//! `/admin/plates`: printable QR plates. The committee picks components (by community), sees
//! the A4 sheets the server draws (six plates a sheet, real size) and prints them, or downloads
//! one plate's SVG for a sign maker.

use std::collections::BTreeSet;

use leptos::prelude::*;
use linli_api::ComponentIndex;

use crate::client;
use crate::i18n::{fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

const PLATES_PER_SHEET: usize = 6;

#[component]
pub(crate) fn PlatesPage() -> impl IntoView {
    let index = LocalResource::new(client::components_index);
    view! {
        <section class="page admin-page plates-page">
            <h1>{crate::i18n::ctr(|c| c.plates_title)}</h1>
            <p class="hint no-print">{crate::i18n::ctr(|c| c.plates_hint)}</p>
            {move || match index.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(index)) => view! { <PlatePicker index/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PlatePicker(index: ComponentIndex) -> impl IntoView {
    let i18n = use_i18n();
    let communities: BTreeSet<String> = index
        .components
        .iter()
        .map(|c| c.community_id.clone())
        .collect();
    let community = RwSignal::new(String::new());
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    let components = StoredValue::new(index.components);
    let shown = move || {
        let community = community.get();
        components.with_value(|all| {
            all.iter()
                .filter(|c| community.is_empty() || c.community_id == community)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let choose_shown = move |_| {
        chosen.update(|set| set.extend(shown().into_iter().map(|c| c.code)));
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
    view! {
        <div class="no-print plate-controls">
            <label for="plate-community">{tr(|t| t.community)}</label>
            <select id="plate-community" on:change=move |e| community.set(event_target_value(&e))>
                <option value="">{tr(|t| t.filter_all)}</option>
                {communities.into_iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
            </select>
            <button type="button" class="button button-secondary" on:click=choose_shown>{crate::i18n::ctr(|c| c.plates_choose_shown)}</button>
            <button type="button" class="button button-secondary" on:click=move |_| chosen.set(BTreeSet::new())>{crate::i18n::ctr(|c| c.plates_clear)}</button>
            <button type="button" class="button button-primary" data-testid="print-plates"
                disabled=move || chosen.with(BTreeSet::is_empty)
                on:click=move |_| { let _ = window().print(); }>
                {move || fill(i18n.c().plates_print, &[("n", &chosen.with(BTreeSet::len).to_string())])}
            </button>
        </div>
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
        <div class="plate-sheets" data-testid="plate-sheets">
            {move || sheets().into_iter().map(|src| view! {
                <img class="plate-sheet" src=src alt=move || i18n.c().plates_sheet_alt/>
            }).collect_view()}
        </div>
    }
}
