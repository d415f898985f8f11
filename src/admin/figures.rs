//! `/admin/figures`: the numbers of the reports in the communities a member covers over a chosen
//! span: the trend by week or month, by problem type, community and maintainer unit (with the
//! share finished on time), the places reports pile up, and the queue's list as CSV.

use leptos::prelude::*;
use linli_api::{CommitteeFigures, FiguresRow, HotspotRow, ReportFigures};

use crate::admin::errors::CommitteeError;
use crate::client;
use crate::i18n::{CommitteeStrings, Locale, ctr, use_i18n};
use crate::ui::error_view::Loading;

/// The span and period the figures are asked for; empty dates leave the server's defaults (the
/// last 90 days).
#[derive(Clone, Debug, Default, PartialEq)]
struct Asked {
    from: String,
    to: String,
    period: String,
}

impl Asked {
    fn query(&self) -> String {
        let mut fields = Vec::new();
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("period", &self.period),
        ] {
            if !value.is_empty() {
                fields.push(format!("{name}={value}"));
            }
        }
        fields.join("&")
    }
}

#[component]
pub(crate) fn FiguresPage() -> impl IntoView {
    let asked = RwSignal::new(Asked::default());
    let figures = LocalResource::new(move || {
        let query = asked.get().query();
        async move { client::figures(&query).await }
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let period = RwSignal::new("week".to_owned());
    let show = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        asked.set(Asked {
            from: from.get(),
            to: to.get(),
            period: period.get(),
        });
    };
    let csv = move || {
        let asked = asked.get();
        let span: Vec<String> = [("from", asked.from), ("to", asked.to)]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        format!(
            "{}?{}",
            linli_api::paths::ADMIN_REQUESTS_CSV,
            span.join("&")
        )
    };
    view! {
        <section class="page admin-page figures-page">
            <h1>{ctr(|c| c.figures_title)}</h1>
            <form class="figures-filter" on:submit=show>
                <label>{ctr(|c| c.figures_from)}
                    <input type="date" prop:value=from on:input=move |e| from.set(event_target_value(&e))/>
                </label>
                <label>{ctr(|c| c.figures_to)}
                    <input type="date" prop:value=to on:input=move |e| to.set(event_target_value(&e))/>
                </label>
                <label>{ctr(|c| c.figures_period)}
                    <select prop:value=period on:change=move |e| period.set(event_target_value(&e))>
                        <option value="week">{ctr(|c| c.figures_by_week)}</option>
                        <option value="month">{ctr(|c| c.figures_by_month)}</option>
                    </select>
                </label>
                <button type="submit" class="button button-primary">{ctr(|c| c.figures_show)}</button>
            </form>
            <p>
                <a class="button button-secondary" href=csv download="linli-reports.csv" data-testid="figures-csv">
                    {ctr(|c| c.figures_download)}
                </a>
            </p>
            {move || match figures.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(figures)) => view! { <FiguresTables figures/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn FiguresTables(figures: CommitteeFigures) -> impl IntoView {
    if figures.whole.filed == 0 {
        return view! {
            <p class="notice" data-testid="figures-none">{ctr(|c| c.figures_none)}</p>
        }
        .into_any();
    }
    let whole = FiguresRow {
        key: String::new(),
        name_zh: Locale::ZhCn.committee_strings().figures_all.to_owned(),
        name_en: Locale::En.committee_strings().figures_all.to_owned(),
        figures: figures.whole.clone(),
    };
    view! {
        <p class="hint" data-testid="figures-span">{figures.from.clone()} " – " {figures.to.clone()}</p>
        <Breakdown title=|c| c.figures_trend group=|c| c.figures_col_period testid="figures-trend" rows=figures.by_period/>
        <Breakdown title=|c| c.figures_by_type group=|c| c.figures_col_type testid="figures-types" rows=figures.by_type/>
        <Breakdown title=|c| c.figures_by_community group=|c| c.figures_col_community testid="figures-communities" rows=figures.by_community/>
        <Breakdown title=|c| c.figures_by_unit group=|c| c.figures_col_unit testid="figures-units" rows=figures.by_unit/>
        <Breakdown title=|c| c.figures_whole group=|c| c.figures_col_group testid="figures-whole" rows=vec![whole]/>
        <Hotspots spots=figures.hotspots/>
    }
    .into_any()
}

fn percent(value: Option<u32>) -> String {
    value.map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

fn hours(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |h| linli_core::decimal::fixed(h, 1))
}

/// One table of figures, a row per group.
#[component]
fn Breakdown(
    title: fn(&'static CommitteeStrings) -> &'static str,
    /// The first column's heading.
    group: fn(&'static CommitteeStrings) -> &'static str,
    testid: &'static str,
    rows: Vec<FiguresRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = ctr(title);
    let row = move |row: FiguresRow| {
        let ReportFigures {
            filed,
            resolved,
            response_rate,
            resolution_rate,
            satisfaction_rate,
            on_time_rate,
            on_time,
            late,
            median_hours_to_respond,
            median_hours_to_fix,
        } = row.figures;
        view! {
            <tr data-key=row.key.clone()>
                <th scope="row">{move || i18n.locale.get().pick(&row.name_zh, &row.name_en).to_owned()}</th>
                <td>{filed}</td>
                <td>{resolved}</td>
                <td>{percent(response_rate)}</td>
                <td>{percent(resolution_rate)}</td>
                <td>{percent(satisfaction_rate)}</td>
                <td>{percent(on_time_rate)} " (" {on_time} "/" {on_time + late} ")"</td>
                <td>{hours(median_hours_to_respond)}</td>
                <td>{hours(median_hours_to_fix)}</td>
            </tr>
        }
    };
    view! {
        <h2>{title}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=title>
            <table class="figures" data-testid=testid>
                <thead><tr>
                    <th scope="col">{ctr(group)}</th>
                    <th scope="col">{ctr(|c| c.figures_col_filed)}</th>
                    <th scope="col">{ctr(|c| c.figures_col_resolved)}</th>
                    <th scope="col">{ctr(|c| c.rate_response)}</th>
                    <th scope="col">{ctr(|c| c.rate_resolution)}</th>
                    <th scope="col">{ctr(|c| c.rate_satisfaction)}</th>
                    <th scope="col">{ctr(|c| c.figures_col_on_time)}</th>
                    <th scope="col">{ctr(|c| c.figures_col_median_respond)}</th>
                    <th scope="col">{ctr(|c| c.figures_col_median_fix)}</th>
                </tr></thead>
                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Hotspots(spots: Vec<HotspotRow>) -> impl IntoView {
    view! {
        <h2>{ctr(|c| c.figures_hotspots)}</h2>
        {if spots.is_empty() {
            view! { <p class="notice">{ctr(|c| c.figures_no_hotspots)}</p> }.into_any()
        } else {
            view! {
                <table class="figures" data-testid="figures-hotspots">
                    <thead><tr>
                        <th scope="col">{ctr(|c| c.figures_col_place)}</th>
                        <th scope="col">{ctr(|c| c.figures_col_filed)}</th>
                        <th scope="col">{ctr(|c| c.figures_col_open)}</th>
                    </tr></thead>
                    <tbody>
                        {spots.into_iter().map(|spot| {
                            let code = spot.component_code.clone().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">
                                        {spot.name}
                                        {(!code.is_empty()).then(|| view! { " " <span class="code">{code}</span> })}
                                    </th>
                                    <td>{spot.reports}</td>
                                    <td>{spot.open}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
