//! The committee's first page: the figures of each community the account covers.

use leptos::prelude::*;
use leptos_router::components::A;
use linli_api::SessionInfo;

use crate::client;
use crate::i18n::{ctr, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub(crate) fn DashboardView(
    info: SessionInfo,
    #[prop(into)] on_logout: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dashboard = LocalResource::new(client::dashboard);
    let logout = Action::new_local(|_: &()| client::logout());
    // The district's own data is the district administrator's.
    let district = info.is_district_admin();
    Effect::new(move |_| {
        // Tells the parent once the server has ended the session.
        if logout.value().get().is_some() {
            on_logout.run(());
        }
    });
    view! {
            <div class="admin-head">
                <h1>{ctr(|t| t.dashboard_title)}</h1>
                <span>{info.display_name}</span>
                <button class="button button-secondary" on:click=move |_| { logout.dispatch(()); }>
                    {tr(|t| t.logout)}
                </button>
            </div>
            <leptos_router::components::A href="/admin/reports" attr:class="button button-primary">
                {ctr(|t| t.queue_title)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/admin/plates" attr:class="button button-secondary">
                {crate::i18n::ctr(|c| c.plates_title)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/admin/gaps" attr:class="button button-secondary">
                {crate::i18n::ctr(|c| c.gaps_title)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/admin/kiosks" attr:class="button button-secondary">
                {crate::i18n::ctr(|c| c.kiosks_title)}
            </leptos_router::components::A>
            <leptos_router::components::A href="/admin/ballots" attr:class="button button-primary">
                {crate::i18n::ctr(|c| c.vote_ballots_title)}
            </leptos_router::components::A>
            <A href="/admin/units" attr:class="button button-secondary">{ctr(|c| c.units_title)}</A>
            <A href="/admin/figures" attr:class="button button-secondary">{ctr(|c| c.figures_title)}</A>
            <A href="/admin/audit" attr:class="button button-secondary">{ctr(|c| c.audit_title)}</A>
            {district.then(|| view! {
                <A href="/admin/places" attr:class="button button-secondary">{ctr(|c| c.places_title)}</A>
                <A href="/admin/import" attr:class="button button-secondary">{ctr(|c| c.import_title)}</A>
            })}
            {move || match dashboard.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                        Ok(d) => view! {
                            <table class="figures" data-testid="dashboard">
                                <thead><tr>
                                    <th scope="col">{tr(|t| t.community)}</th>
                                    <th scope="col">{ctr(|t| t.figure_components)}</th>
                                    <th scope="col">{ctr(|t| t.figure_being_repaired)}</th>
                                    <th scope="col">{ctr(|t| t.figure_buildings)}</th>
                                    <th scope="col">{ctr(|t| t.figure_households)}</th>
                                    <th scope="col">{ctr(|t| t.figure_services)}</th>
                                    <th scope="col">{ctr(|t| t.figure_open_ballots)}</th>
                                </tr></thead>
                                <tbody>
                                    {d.communities.into_iter().map(|f| view! {
                                        <tr>
                                            <th scope="row">{move || i18n.locale.get().pick(&f.name_zh, &f.name_en).to_owned()}</th>
                                            <td>{f.components}</td>
                                            <td>{f.components_being_repaired}</td>
                                            <td>{f.buildings}</td>
                                            <td>{f.households}</td>
                                            <td>{f.service_points}</td>
                                            <td>{f.open_ballots}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
        },
    }}
        <RatesTable/>
        }
}

/// The month's response, resolution and satisfaction rates per community (接诉即办).
#[component]
fn RatesTable() -> impl IntoView {
    let i18n = use_i18n();
    let rates = LocalResource::new(client::rates);
    let percent = |value: Option<u32>| value.map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
    view! {
        <h2>{ctr(|t| t.rates_title)}</h2>
        {move || match rates.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
            Some(Ok(month)) => view! {
                <table class="figures" data-testid="rates">
                    <caption>{month.month.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{tr(|t| t.community)}</th>
                        <th scope="col">{ctr(|t| t.rate_response)}</th>
                        <th scope="col">{ctr(|t| t.rate_resolution)}</th>
                        <th scope="col">{ctr(|t| t.rate_satisfaction)}</th>
                    </tr></thead>
                    <tbody>
                        {month.communities.into_iter().map(|c| view! {
                            <tr>
                                <th scope="row">{move || i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned()}</th>
                                <td>{percent(c.response_rate)} " (" {c.responded} "/" {c.filed} ")"</td>
                                <td>{percent(c.resolution_rate)} " (" {c.resolved} "/" {c.resolvable} ")"</td>
                                <td>{percent(c.satisfaction_rate)} " (" {c.satisfied} "/" {c.rated} ")"</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
