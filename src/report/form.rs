//! `/c/{code}/report`: report a problem with a component, on one screen. The rules the server
//! applies (description length, no HTML, phone format) are checked here first with the same code.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use linli_api::{Component, Meta};
use linli_core::component_code::ComponentCode;
use linli_core::problem_type::problem_types_for;
use linli_core::report::{MAX_DESCRIPTION_CHARS, check_description, check_phone};

use crate::app::use_meta;
use crate::client::{self, ClientError, ReportSubmission};
use crate::i18n::{fill, tr, use_i18n};
use crate::report::my_reports::{MyReport, use_my_reports};
use crate::ui::banners::ReadOnlyNotice;
use crate::ui::error_view::{ErrorView, Loading};

/// A random key per form, so that resending after a dropped connection creates nothing twice.
fn new_idempotency_key() -> String {
    (0..4)
        .map(|_| {
            format!(
                "{:08x}",
                (js_sys::Math::random() * f64::from(u32::MAX)) as u32
            )
        })
        .collect()
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let meta = use_meta().0;
    let component = LocalResource::new(move || {
        let code = params.read().get("code").unwrap_or_default();
        async move { client::component(&code).await }
    });
    view! {
        <section class="page report-page">
            {move || match (meta.get(), component.get()) {
                (Some(Ok(meta)), _) if !meta.writable => view! { <ReadOnlyNotice/> }.into_any(),
                (Some(Ok(meta)), Some(Ok(component))) => view! { <ReportForm meta component/> }.into_any(),
                (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <ErrorView error/> }.into_any(),
                _ => view! { <Loading/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportForm(meta: Meta, component: Component) -> impl IntoView {
    let i18n = use_i18n();
    let code: ComponentCode = component.code.clone();
    let problems = problem_types_for(code.class_key());
    let service_code = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<String>);
    let idempotency_key = StoredValue::new(new_idempotency_key());
    let (_, set_my_reports) = use_my_reports();
    let navigate = use_navigate();

    let submit = Action::new_local(move |submission: &ReportSubmission| {
        let submission = submission.clone();
        let key = idempotency_key.get_value();
        async move {
            client::submit_report(&submission, &key)
                .await
                .map(|created| (created, submission))
        }
    });
    // Talks to the world outside once the server has accepted: remembers the tracking link in
    // local storage and moves to the tracking page.
    Effect::new(move |_| {
        if let Some(Ok((created, submission))) = submit.value().get() {
            let report = MyReport {
                id: created.service_request_id.clone(),
                secret: created.tracking_secret.clone(),
                service_code: submission.service_code.clone(),
                component_code: submission.component_code.clone(),
                filed_at: String::from(js_sys::Date::new_0().to_iso_string())
                    .chars()
                    .take(10)
                    .collect(),
            };
            let path = report.tracking_path();
            set_my_reports.update(|list| list.insert(0, report));
            navigate(&path, Default::default());
        }
    });

    let api_key = meta.client_api_key.unwrap_or_default();
    let component_code = code.to_string();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let t = i18n.t();
        if service_code.get_untracked().is_empty() {
            local_error.set(Some(t.report_choose_problem.to_owned()));
            return;
        }
        let text = match check_description(&description.get_untracked()) {
            Ok(text) => text,
            Err(e) => {
                local_error.set(Some(match e.problem {
                    linli_core::report::FieldProblem::Missing => t.report_describe.to_owned(),
                    linli_core::report::FieldProblem::ContainsMarkup => t.report_no_html.to_owned(),
                    _ => t.report_too_long.to_owned(),
                }));
                return;
            }
        };
        let phone_text = phone.get_untracked();
        let phone_digits = if phone_text.trim().is_empty() {
            String::new()
        } else {
            match check_phone(&phone_text) {
                Ok(digits) => digits,
                Err(_) => {
                    local_error.set(Some(t.report_bad_phone.to_owned()));
                    return;
                }
            }
        };
        local_error.set(None);
        submit.dispatch(ReportSubmission {
            api_key: api_key.clone(),
            service_code: service_code.get_untracked(),
            component_code: component_code.clone(),
            description: text,
            phone: phone_digits,
        });
    };
    let server_error = move || {
        submit
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|error| match error {
                ClientError::Network(_) => i18n.t().error_network.to_owned(),
                ClientError::Api { message, .. } if !message.is_empty() => message,
                _ => i18n.t().error_server.to_owned(),
            })
    };
    let count = move || {
        fill(
            i18n.t().report_characters,
            &[
                ("n", &description.get().chars().count().to_string()),
                ("max", &MAX_DESCRIPTION_CHARS.to_string()),
            ],
        )
    };
    view! {
        <p class="eyebrow">{component.name.clone()} " · " {code.grouped()}</p>
        <h1>{tr(|t| t.report_title)}</h1>
        <form class="form report-form" on:submit=on_submit novalidate>
            <fieldset class="choices">
                <legend>{tr(|t| t.report_problem)}</legend>
                {problems.into_iter().map(|p| {
                    let id = format!("problem-{}", p.service_code);
                    view! {
                        <label class="choice">
                            <input type="radio" name="service_code" id=id value=p.service_code
                                on:change=move |_| service_code.set(p.service_code.to_owned())/>
                            <span>{move || i18n.locale.get().pick(p.name_zh, p.name_en).to_owned()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="description">{tr(|t| t.report_description)}</label>
            <textarea id="description" name="description" rows="5" maxlength=MAX_DESCRIPTION_CHARS
                aria-describedby="description-count"
                prop:value=move || description.get()
                on:input=move |e| description.set(event_target_value(&e))></textarea>
            <p class="hint" id="description-count">{count}</p>
            <label for="phone">{tr(|t| t.report_phone)}</label>
            <p class="hint" id="phone-hint">{tr(|t| t.report_phone_hint)}</p>
            <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel"
                aria-describedby="phone-hint"
                prop:value=move || phone.get() on:input=move |e| phone.set(event_target_value(&e))/>
            <p class="field-error" role="alert" data-testid="report-error">
                {move || local_error.get().or_else(server_error)}
            </p>
            <button class="button button-primary button-wide" type="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { i18n.t().report_sending } else { i18n.t().report_submit }}
            </button>
        </form>
    }
}
