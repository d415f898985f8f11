//! `/admin/gaps`: the gap matrix of a community — which basic everyday services each building
//! has no access to within a 15-minute walk, or only beyond the closer level the standard asks
//! for — with the CSV for the committee's spreadsheets.

use leptos::prelude::*;
use linli_core::service_category::{CATEGORIES, Tier};

use crate::client;
use crate::i18n::{fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

/// `text` as one component of a URL.
fn uri(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

#[component]
pub(crate) fn GapsPage() -> impl IntoView {
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
                            {rows.into_iter().map(|row| {
                                let building = StoredValue::new(row.building_name.clone());
                                view! {
                                <tr>
                                    <th scope="row">{row.building_name.clone()}</th>
                                    {basic.get_value().into_iter().map(|c| {
                                        let missing = row.missing.iter().any(|m| m == c.id);
                                        let beyond = row.beyond_walk_level.iter().any(|m| m == c.id);
                                        let name = move || i18n.locale.get().pick(c.name_zh, c.name_en);
                                        // A gap is where a micro-project starts: the link opens a new
                                        // library project with its title and place filled in.
                                        let propose = move || {
                                            let place = building.get_value();
                                            let values = [("category", name()), ("building", place.as_str())];
                                            let title = fill(i18n.c().gaps_propose_title, &values);
                                            let label = fill(i18n.c().gaps_propose_label, &values);
                                            let href = format!(
                                                "/admin/ballots/new?community={}&title={}&location={}",
                                                uri(&community.get_untracked()),
                                                uri(&title),
                                                uri(&building.get_value()),
                                            );
                                            view! { <a class="gap-propose" href=href aria-label=label>{crate::i18n::ctr(|c| c.gaps_propose)}</a> }
                                        };
                                        view! {
                                            <td class:gap=missing class:far=beyond>
                                                {move || {
                                                    let t = i18n.c();
                                                    if missing { t.gaps_missing } else if beyond { t.gaps_beyond } else { t.gaps_ok }
                                                }}
                                                {(missing || beyond).then_some(propose)}
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
