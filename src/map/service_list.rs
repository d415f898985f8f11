//! `/map/{community}`: the community's everyday services by category, and which of the basic
//! categories it has none of.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_api::{ServicePoint, Services};
use linli_core::service_category::{CATEGORIES, Tier, category};

use crate::client;
use crate::i18n::{Locale, fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

fn category_name(locale: Locale, id: &str) -> String {
    category(id).map_or_else(
        || id.to_owned(),
        |c| locale.pick(c.name_zh, c.name_en).to_owned(),
    )
}

#[component]
pub fn ServiceList() -> impl IntoView {
    let params = use_params_map();
    let services = LocalResource::new(move || {
        let id = params.read().get("community").unwrap_or_default();
        async move { client::services(&id).await }
    });
    view! {
            <section class="page">
                {move || match services.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Ok(services) => view! { <ServicesByCategory services/> }.into_any(),
                            Err(error) => view! { <ErrorView error/> }.into_any(),
        },
    }}
            </section>
        }
}

#[component]
fn ServicesByCategory(services: Services) -> impl IntoView {
    let i18n = use_i18n();
    let total = services.services.len().to_string();
    let missing: Vec<&'static str> = CATEGORIES
        .iter()
        .filter(|c| c.tier == Tier::Basic)
        .filter(|c| !services.services.iter().any(|s| s.category == c.id))
        .map(|c| c.id)
        .collect();
    let summary = move || {
        let t = i18n.t();
        let locale = i18n.locale.get();
        if missing.is_empty() {
            fill(t.services_summary_complete, &[("n", &total)])
        } else {
            let names: Vec<String> = missing.iter().map(|id| category_name(locale, id)).collect();
            fill(
                t.services_summary_missing,
                &[("n", &total), ("missing", &names.join(t.list_separator))],
            )
        }
    };
    let groups: Vec<(&'static str, Vec<ServicePoint>)> = CATEGORIES
        .iter()
        .map(|c| {
            let points = services
                .services
                .iter()
                .filter(|s| s.category == c.id)
                .cloned()
                .collect();
            (c.id, points)
        })
        .filter(|(_, points): &(_, Vec<ServicePoint>)| !points.is_empty())
        .collect();
    view! {
        <h1>{tr(|t| t.services_title)}</h1>
        <p class="lead" data-testid="services-summary">{summary}</p>
        {groups.into_iter().map(|(category_id, points)| view! {
            <h2>{move || category_name(i18n.locale.get(), category_id)}</h2>
            <ul class="card-list">
                {points.into_iter().map(|s| view! { <ServiceCard service=s/> }).collect_view()}
            </ul>
        }).collect_view()}
    }
}

#[component]
fn ServiceCard(service: ServicePoint) -> impl IntoView {
    let step_free = service.step_free;
    view! {
        <li class="card" data-testid="service">
            <strong class="card-title">{service.name}</strong>
            <span>{service.address}</span>
            {service.opening_hours.map(|hours| view! {
                <span class="card-meta">{tr(|t| t.opening_hours)} ": " {hours.clone()}</span>
            })}
            <Show when=move || step_free>
                <span class="badge">{tr(|t| t.step_free)}</span>
            </Show>
            {service.phone.map(|phone| view! {
                <a href=format!("tel:{}", phone.replace(['-', ' '], ""))>{phone.clone()}</a>
            })}
        </li>
    }
}
