//! `/c/{code}`: what a plate's component is, who maintains it and how to reach them.
//!
//! Three outcomes besides the page itself: a malformed code explains the 16-digit format, an
//! unknown code says so, and both offer typed entry and the 12345 hotline.

use leptos::prelude::*;
use linli_api::{Component, ComponentState};
use linli_core::component_code::ComponentCode;
use linli_core::decimal::fixed;

use crate::client;
use crate::i18n::{sctr, tr, use_i18n};
use crate::ui::code_entry::{CodeEntry, code_error_text};
use crate::ui::error_view::{ErrorView, Loading};

/// `raw`: the code as the address gives it, decoded.
#[component]
pub(crate) fn ComponentPage(raw: String) -> impl IntoView {
    let content = match ComponentCode::parse(&raw) {
        Ok(code) => view! { <ComponentLoader code/> }.into_any(),
        Err(error) => view! { <MalformedCode raw error/> }.into_any(),
    };
    view! { <section class="page component-page">{content}</section> }
}

#[component]
fn ComponentLoader(code: ComponentCode) -> impl IntoView {
    let code_text = code.to_string();
    let component = {
        let code = code_text.clone();
        crate::ui::load::use_load_once(async move { client::component(&code).await })
    };
    view! {
        {move || match component.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(component)) => view! { <ComponentDetails component/> }.into_any(),
            Some(Err(error)) if error.is_not_found() => {
                view! { <UnknownCode code=code.clone()/> }.into_any()
            }
            Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
        }}
    }
}

#[component]
pub fn ComponentDetails(component: Component) -> impl IntoView {
    let i18n = use_i18n();
    let Component {
        code,
        name,
        major_class,
        subclass_zh,
        subclass_en,
        address,
        maintainer,
        state,
        location,
        community_id,
        retired_at,
        ..
    } = component;
    // The report form's bundle, once this page has drawn and its map has had a moment.
    crate::ui::prefetch::prefetch_named_files(std::time::Duration::from_millis(500));
    // Straight to the plate's community: `/map` itself is the community list.
    let circle_href = format!("/map/{community_id}?c={code}");
    let tel = format!("tel:{}", maintainer.phone.replace(['-', ' '], ""));
    let map_name = name.clone();
    let being_repaired = state == ComponentState::BeingRepaired;
    let subclass = move || {
        i18n.locale
            .get()
            .pick(&subclass_zh, &subclass_en)
            .to_owned()
    };
    let class_name = move || match i18n.locale.get() {
        crate::i18n::Locale::ZhCn => major_class.name_zh(),
        crate::i18n::Locale::En => major_class.name_en(),
    };
    view! {
        <p class="eyebrow">{class_name} " · " {subclass}</p>
        <h1 data-testid="component-name">{name}</h1>
        {match retired_at {
            // A removed plate: no report form for it (the server would refuse the code).
            Some(at) => {
                let date = at.chars().take(10).collect::<String>();
                view! {
                    <p class="state state-retired" role="status" data-testid="component-retired">
                        {move || crate::i18n::fill(i18n.s().state_retired, &[("date", &date)])}
                    </p>
                }
                    .into_any()
            }
            None => view! {
                <p class="state" class:state-repair=being_repaired>
                    {move || if being_repaired { i18n.s().state_being_repaired } else { i18n.s().state_normal }}
                </p>
                // The report form is in the report bundle: a full page load.
                <a class="button button-primary button-wide" href=format!("/c/{code}/report") rel="external" data-testid="report-button">
                    {sctr(|t| t.report_button)}
                </a>
            }
                .into_any(),
        }}
        <ComponentReports code=code.to_string()/>
        <img class="minimap" src=linli_api::paths::component_map(code.as_str()) width="320" height="200"
            alt=move || crate::i18n::fill(i18n.s().component_map_alt, &[("name", &map_name)])/>
        <dl class="facts">
            <div>
                <dt>{tr(|t| t.component_code)}</dt>
                <dd class="code-text" data-testid="component-code">{code.grouped()}</dd>
            </div>
            <div>
                <dt>{sctr(|t| t.component_address)}</dt>
                <dd>{address}</dd>
            </div>
            <div>
                <dt>{sctr(|t| t.component_location)}</dt>
                <dd>{format!("{}, {}", fixed(location.lat, 5), fixed(location.lon, 5))}</dd>
            </div>
            <div>
                <dt>{tr(|t| t.component_maintainer)}</dt>
                <dd data-testid="maintainer">{maintainer.unit}</dd>
            </div>
        </dl>
        <a class="button button-secondary button-call" href=tel data-testid="maintainer-phone">
            {sctr(|t| t.call_maintainer)} " " {maintainer.phone.clone()}
        </a>
        <a class="button button-secondary" href="tel:12345">{tr(|t| t.call_hotline)}</a>
        // The circle around this plate, on the map page's own bundle.
        <a class="button button-secondary" href=circle_href rel="external" data-testid="nearby-services">
            {sctr(|t| t.component_nearby_services)}
        </a>
    }
}

#[component]
fn MalformedCode(raw: String, error: linli_core::component_code::CodeError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{sctr(|t| t.malformed_code_title)}</h1>
        <p class="field-error" role="alert">{move || code_error_text(i18n.s(), &error)}</p>
        <p>{sctr(|t| t.code_format_explained)}</p>
        <CodeEntry initial=raw/>
        <a class="button button-secondary" href="tel:12345">{tr(|t| t.call_hotline)}</a>
    }
}

#[component]
fn UnknownCode(code: ComponentCode) -> impl IntoView {
    let i18n = use_i18n();
    let grouped = code.grouped();
    view! {
        <h1>{sctr(|t| t.unknown_code_title)}</h1>
        <p role="alert" data-testid="unknown-code">
            {move || crate::i18n::fill(i18n.s().unknown_code_text, &[("code", &grouped)])}
        </p>
        <CodeEntry initial=code.to_string()/>
        <a class="button button-secondary" href="tel:12345">{tr(|t| t.call_hotline)}</a>
    }
}

/// The component's reports still being worked on, so a resident sees the problem is known.
#[component]
fn ComponentReports(code: String) -> impl IntoView {
    let meta = use_context::<crate::shell::MetaResource>().map(|m| m.0);
    // A static copy has no report list: ask only a backend that takes reports, once it has said so.
    let writable = Memo::new(move |_| {
        meta.and_then(|meta| meta.get())
            .is_some_and(|answer| answer.is_ok_and(|m| m.writable))
    });
    move || {
        let code = code.clone();
        writable.get().then(move || open_reports(code))
    }
}

fn open_reports(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let reports = crate::ui::load::use_load_once(async move {
        client::open_reports_on::<client::OpenReport>(&code).await
    });
    view! {
        {move || {
            // The list is a courtesy: if it cannot be loaded, the page says nothing of it.
            let reports = reports.get().and_then(Result::ok).unwrap_or_default();
            (!reports.is_empty()).then(|| view! {
                    <div class="notice" data-testid="open-reports">
                        <strong>{sctr(|t| t.component_open_reports)}</strong>
                        <ul>
                            {reports.into_iter().map(|r| {
                                let code = r.service_code.clone();
                                let status = r.status.clone();
                                view! {
                                    <li>
                                        {move || crate::i18n::service_name(i18n.locale.get(), &code)}
                                        " · "
                                        {move || crate::i18n::status_name(i18n.locale.get(), &status)}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
        }}
    }
}
