//! `/numbers`: how a community's reports were handled over the last twelve months, as 12345
//! publishes its own: the response, resolution and satisfaction rates, the share finished on
//! time and the median hours to respond and to fix, month by month. A street
//! (`/numbers?street=<id>`) shows its figures above the list of its communities. The community
//! is the one the address names, else the one chosen last on this device, else the resident
//! chooses one.

use leptos::prelude::*;
use linli_api::{FiguresRow, Performance, ReportFigures};

use crate::client;
use crate::i18n::{fill, ntr, tr, use_i18n};
use crate::ui::address::query_value;
use crate::ui::community_picker::{CommunityPicker, chosen_community, remember_community};
use crate::ui::error_view::{ErrorView, Loading};

fn community_link(id: &str) -> String {
    format!("/numbers?community={id}")
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let street = query_value("street");
    let community = chosen_community();
    view! {
        <section class="page">
            <h1>{ntr(|t| t.numbers_title)}</h1>
            <p class="lead">{ntr(|t| t.numbers_lead)}</p>
            {match (community, street) {
                (Some(id), _) => view! { <CommunityFigures id/> }.into_any(),
                (None, street) => view! {
                    {street.map(|id| view! { <StreetFigures id/> })}
                    <p>{ntr(|t| t.numbers_choose_community)}</p>
                    <CommunityPicker base="/numbers" href=community_link/>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn CommunityFigures(id: String) -> impl IntoView {
    let figures = crate::ui::load::use_load_once(async move {
        let answer = client::community_performance(&id).await;
        if let Ok(performance) = &answer {
            remember_community(&performance.id);
        }
        answer
    });
    view! {
        {move || match figures.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
            Some(Ok(performance)) => view! { <PerformanceView performance/> }.into_any(),
        }}
        <p class="actions">
            <a class="button button-secondary" href="/numbers?choose=1" data-testid="other-community">
                {tr(|t| t.ballots_other_community)}
            </a>
        </p>
    }
}

#[component]
fn StreetFigures(id: String) -> impl IntoView {
    let figures = crate::ui::load::use_load_once(client::street_performance(id));
    move || match figures.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
        Some(Ok(performance)) => view! { <PerformanceView performance/> }.into_any(),
    }
}

fn percent(value: Option<u32>) -> String {
    value.map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

fn hours(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |h| linli_core::decimal::fixed(h, 1))
}

#[component]
fn PerformanceView(performance: Performance) -> impl IntoView {
    let i18n = use_i18n();
    let Performance {
        name_zh,
        name_en,
        from,
        to,
        whole,
        by_month,
        by_community,
        ..
    } = performance;
    let span = move || {
        fill(
            i18n.locale.get().numbers_strings().numbers_span,
            &[("from", &from), ("to", &to)],
        )
    };
    let filed = whole.filed.to_string();
    view! {
        <h2 data-testid="numbers-name">{move || i18n.locale.get().pick(&name_zh, &name_en).to_owned()}</h2>
        <p class="card-meta">{span} " · " {move || fill(i18n.locale.get().numbers_strings().numbers_filed, &[("n", &filed)])}</p>
        <Summary figures=whole/>
        {(!by_month.is_empty()).then(|| view! {
            <FiguresTable caption=|t| t.numbers_by_month group=|t| t.numbers_col_month testid="numbers-months" rows=by_month/>
        })}
        {(!by_community.is_empty()).then(|| view! {
            <FiguresTable caption=|t| t.numbers_by_community group=|t| t.numbers_col_community testid="numbers-communities" rows=by_community/>
        })}
    }
}

/// The year's figures as a short list a resident reads at a glance.
#[component]
fn Summary(figures: ReportFigures) -> impl IntoView {
    let items = [
        (ntr(|t| t.numbers_response), percent(figures.response_rate)),
        (
            ntr(|t| t.numbers_resolution),
            percent(figures.resolution_rate),
        ),
        (
            ntr(|t| t.numbers_satisfaction),
            percent(figures.satisfaction_rate),
        ),
        (ntr(|t| t.numbers_on_time), percent(figures.on_time_rate)),
        (
            ntr(|t| t.numbers_median_respond),
            hours(figures.median_hours_to_respond),
        ),
        (
            ntr(|t| t.numbers_median_fix),
            hours(figures.median_hours_to_fix),
        ),
    ];
    view! {
        <dl class="figures-summary" data-testid="numbers-summary">
            {items.into_iter().map(|(label, value)| view! {
                <div><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}

#[component]
fn FiguresTable(
    caption: fn(&'static crate::i18n::NumbersStrings) -> &'static str,
    /// The first column's heading.
    group: fn(&'static crate::i18n::NumbersStrings) -> &'static str,
    testid: &'static str,
    rows: Vec<FiguresRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let caption = ntr(caption);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
            <table class="figures" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{ntr(group)}</th>
                    <th scope="col">{ntr(|t| t.numbers_col_filed)}</th>
                    <th scope="col">{ntr(|t| t.numbers_response)}</th>
                    <th scope="col">{ntr(|t| t.numbers_resolution)}</th>
                    <th scope="col">{ntr(|t| t.numbers_satisfaction)}</th>
                    <th scope="col">{ntr(|t| t.numbers_on_time)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let f = row.figures;
                        view! {
                            <tr>
                                <th scope="row">{move || i18n.locale.get().pick(&row.name_zh, &row.name_en).to_owned()}</th>
                                <td>{f.filed}</td>
                                <td>{percent(f.response_rate)}</td>
                                <td>{percent(f.resolution_rate)}</td>
                                <td>{percent(f.satisfaction_rate)}</td>
                                <td>{percent(f.on_time_rate)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
