//! `/c/{code}`: what a plate's component is, who maintains it and how to reach them.
//!
//! Three outcomes besides the page itself: a malformed code explains the 16-digit format, an
//! unknown code says so, and both offer typed entry and the 12345 hotline.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_api::{Component, ComponentState};
use linli_core::component_code::ComponentCode;

use crate::client;
use crate::i18n::use_i18n;
use crate::ui::code_entry::{CodeEntry, code_error_text};
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub fn ComponentPage() -> impl IntoView {
    let params = use_params_map();
    let raw_code = move || params.read().get("code").unwrap_or_default();
    view! {
        <section class="page component-page">
            {move || match ComponentCode::parse(&raw_code()) {
                Ok(code) => view! { <ComponentLoader code/> }.into_any(),
                Err(error) => view! { <MalformedCode raw=raw_code() error/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ComponentLoader(code: ComponentCode) -> impl IntoView {
    let code_text = code.to_string();
    let component = LocalResource::new(move || {
        let code = code_text.clone();
        async move { client::component(&code).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new({
                let code = code.clone();
                async move {
                    match component.await {
                        Ok(component) => view! { <ComponentDetails component/> }.into_any(),
                        Err(error) if error.is_not_found() => view! { <UnknownCode code/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                }
            })}
        </Suspense>
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
        ..
    } = component;
    let tel = format!("tel:{}", maintainer.phone.replace(['-', ' '], ""));
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
        <p class="state" class:state-repair=being_repaired>
            {move || if being_repaired { i18n.t().state_being_repaired } else { i18n.t().state_normal }}
        </p>
        <dl class="facts">
            <div>
                <dt>{move || i18n.t().component_code}</dt>
                <dd class="code-text" data-testid="component-code">{code.grouped()}</dd>
            </div>
            <div>
                <dt>{move || i18n.t().component_address}</dt>
                <dd>{address}</dd>
            </div>
            <div>
                <dt>{move || i18n.t().component_location}</dt>
                <dd>{format!("{:.5}, {:.5}", location.lat, location.lon)}</dd>
            </div>
            <div>
                <dt>{move || i18n.t().component_maintainer}</dt>
                <dd data-testid="maintainer">{maintainer.unit}</dd>
            </div>
        </dl>
        <a class="button button-primary button-call" href=tel data-testid="maintainer-phone">
            {move || i18n.t().call_maintainer} " " {maintainer.phone.clone()}
        </a>
        <a class="button button-secondary" href="tel:12345">{move || i18n.t().call_hotline}</a>
    }
}

#[component]
fn MalformedCode(raw: String, error: linli_core::component_code::CodeError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t().malformed_code_title}</h1>
        <p class="field-error" role="alert">{move || code_error_text(i18n.t(), &error)}</p>
        <p>{move || i18n.t().code_format_explained}</p>
        <CodeEntry initial=raw/>
        <a class="button button-secondary" href="tel:12345">{move || i18n.t().call_hotline}</a>
    }
}

#[component]
fn UnknownCode(code: ComponentCode) -> impl IntoView {
    let i18n = use_i18n();
    let grouped = code.grouped();
    view! {
        <h1>{move || i18n.t().unknown_code_title}</h1>
        <p role="alert" data-testid="unknown-code">
            {move || crate::i18n::fill(i18n.t().unknown_code_text, &[("code", &grouped)])}
        </p>
        <CodeEntry initial=code.to_string()/>
        <a class="button button-secondary" href="tel:12345">{move || i18n.t().call_hotline}</a>
    }
}
