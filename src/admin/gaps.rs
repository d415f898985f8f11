//! `/admin/gaps`: the gap matrix of a community — which basic everyday services each building
//! has no access to within a 15-minute walk, or only beyond the closer level the standard asks
//! for — with the CSV for the committee's spreadsheets.

use leptos::prelude::*;
use linli_core::service_category::{CATEGORIES, Tier};

use crate::client;
use crate::i18n::{tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub fn GapsPage() -> impl IntoView {
    let i18n = use_i18n();
    let communities = LocalResource::new(client::communities);
    let community = RwSignal::new(String::new());
    let rows = LocalResource::new(move || {
        let id = community.get();
        async move {
            if id.is_empty() {
                Ok(Vec::new())
            } else {
                client::gaps(&id).await
            }
        }
    });
    let basic: Vec<_> = CATEGORIES
        .iter()
        .filter(|c| c.tier == Tier::Basic)
        .collect();
    let basic = StoredValue::new(basic);
    view! {
        <section class="page admin-page gaps-page">
            <h1>{crate::i18n::ctr(|c| c.gaps_title)}</h1>
            <p class="hint">{crate::i18n::ctr(|c| c.gaps_hint)}</p>
            <label for="gaps-community">{tr(|t| t.community)}</label>
            <select id="gaps-community" data-testid="gaps-community" on:change=move |e| community.set(event_target_value(&e))>
                <option value="">{crate::i18n::ctr(|c| c.gaps_choose)}</option>
                {move || communities.get().and_then(Result::ok).map(|list| list.communities.into_iter().map(|c| {
                    let label = i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned();
                    view! { <option value=c.id>{label}</option> }
                }).collect_view())}
            </select>
            {move || (!community.get().is_empty()).then(|| view! {
                <a class="button button-secondary" download
                    href=format!("/api/v1/admin/gaps/{}.csv", community.get())>{crate::i18n::ctr(|c| c.gaps_csv)}</a>
            })}
            {move || match rows.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(rows)) if rows.is_empty() => ().into_any(),
                Some(Ok(rows)) => view! {
                    <div class="table-scroll">
                    <table class="figures gaps" data-testid="gaps">
                        <thead><tr>
                            <th scope="col">{crate::i18n::ctr(|c| c.gaps_building)}</th>
                            {basic.get_value().into_iter().map(|c| view! {
                                <th scope="col">{move || i18n.locale.get().pick(c.name_zh, c.name_en).to_owned()}</th>
                            }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr>
                                    <th scope="row">{row.building_name.clone()}</th>
                                    {basic.get_value().into_iter().map(|c| {
                                        let missing = row.missing.iter().any(|m| m == c.id);
                                        let beyond = row.beyond_walk_level.iter().any(|m| m == c.id);
                                        view! {
                                            <td class:gap=missing class:far=beyond>
                                                {move || {
                                                    let t = i18n.c();
                                                    if missing { t.gaps_missing } else if beyond { t.gaps_beyond } else { t.gaps_ok }
                                                }}
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
