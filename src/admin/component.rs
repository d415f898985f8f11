//! `/admin/components/:code`: one component's record as its community's committee (or the
//! district) keeps it: name, maintainer unit, address, position and state, and retiring it, after
//! a second press, once its plate is removed (its page then says so; its reports stay).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_api::{ComponentEdit, ComponentRecord, ComponentState, LatLon, Unit};

use crate::admin::errors::{CommitteeError, refusal_text};
use crate::client::{self, ClientError};
use crate::i18n::{CommitteeStrings, ctr, fill, use_i18n};
use crate::ui::error_view::Loading;
use crate::ui::focus::focus_when_drawn;

type RecordResource = LocalResource<Result<ComponentRecord, ClientError>>;

/// A typed coordinate, or `None` when it is not a number.
fn degrees(text: &str) -> Option<f64> {
    text.trim().parse().ok().filter(|d: &f64| d.is_finite())
}

#[component]
pub(crate) fn ComponentPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let record = LocalResource::new(move || {
        let code = code();
        async move { client::component_record(&code).await }
    });
    let units = LocalResource::new(client::units);
    view! {
        <section class="page admin-page component-page">
            <h1>{ctr(|c| c.component_title)}</h1>
            {move || match (record.get(), units.get()) {
                (None, _) | (_, None) => view! { <Loading/> }.into_any(),
                (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <CommitteeError error/> }.into_any(),
                (Some(Ok(found)), Some(Ok(units))) => view! { <RecordView found units record/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RecordView(found: ComponentRecord, units: Vec<Unit>, record: RecordResource) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(found.code.clone());
    let name = RwSignal::new(found.name.clone());
    let unit = RwSignal::new(found.unit_id.clone());
    let address = RwSignal::new(found.address.clone());
    let lat = RwSignal::new(found.location.lat.to_string());
    let lon = RwSignal::new(found.location.lon.to_string());
    let repairing = RwSignal::new(found.state == ComponentState::BeingRepaired);
    let bad_position = RwSignal::new(false);
    let save = Action::new_local(move |edit: &ComponentEdit| {
        let (edit, code) = (edit.clone(), code.get_value());
        async move { client::edit_component(&code, &edit).await }
    });
    let retire = Action::new_local(move |_: &()| {
        let code = code.get_value();
        async move {
            let answer = client::retire_component(&code).await;
            if answer.is_ok() {
                record.refetch();
            }
            answer
        }
    });
    let confirming = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Some(lat), Some(lon)) = (degrees(&lat.get_untracked()), degrees(&lon.get_untracked()))
        else {
            bad_position.set(true);
            return;
        };
        bad_position.set(false);
        save.dispatch(ComponentEdit {
            name: name.get_untracked(),
            unit_id: unit.get_untracked(),
            address: address.get_untracked(),
            location: LatLon { lat, lon },
            state: if repairing.get_untracked() {
                ComponentState::BeingRepaired
            } else {
                ComponentState::Normal
            },
        });
    };
    let field = |id: &'static str,
                 label: fn(&'static CommitteeStrings) -> &'static str,
                 value: RwSignal<String>,
                 mode: &'static str| {
        view! {
            <label for=id>{ctr(label)}</label>
            <input id=id type="text" inputmode=mode autocomplete="off"
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        }
    };
    let retired = found.retired_at.clone();
    let resident_page = format!("/c/{}", found.code);
    // The unit the record names, even when archived or not in the list, stays choosable.
    let mut choosable: Vec<(String, String)> = units
        .iter()
        .filter(|u| u.archived_at.is_none() || u.id == found.unit_id)
        .map(|u| (u.id.clone(), format!("{} ({})", u.name, u.phone)))
        .collect();
    if !found.unit_id.is_empty() && !choosable.iter().any(|(id, _)| id == &found.unit_id) {
        choosable.push((found.unit_id.clone(), found.unit_id.clone()));
    }
    view! {
        <dl class="facts">
            <div><dt>{ctr(|c| c.component_code)}</dt><dd class="code-text" data-testid="component-code">{found.code.clone()}</dd></div>
            <div><dt>{ctr(|c| c.component_community)}</dt><dd class="code">{found.community_id.clone()}</dd></div>
        </dl>
        <a href=resident_page target="_blank">{ctr(|c| c.component_resident_page)}</a>
        {retired.clone().map(|at| {
            let day: String = at.chars().take(10).collect();
            view! {
                <p class="state state-retired" role="status" data-testid="component-retired">
                    {move || fill(i18n.c().component_retired, &[("at", &day)])}
                </p>
            }
        })}
        <form class="form component-form" on:submit=submit data-testid="component-form">
            {field("component-name", |c| c.component_name, name, "text")}
            <label for="component-unit">{ctr(|c| c.component_unit)}</label>
            <select id="component-unit" on:change=move |e| unit.set(event_target_value(&e))>
                {choosable.into_iter().map(|(id, label)| {
                    let value = id.clone();
                    view! { <option value=id selected=move || unit.get() == value>{label}</option> }
                }).collect_view()}
            </select>
            {field("component-address", |c| c.component_address, address, "text")}
            {field("component-lat", |c| c.component_lat, lat, "decimal")}
            {field("component-lon", |c| c.component_lon, lon, "decimal")}
            <label for="component-state">{ctr(|c| c.component_state)}</label>
            <select id="component-state" on:change=move |e| repairing.set(event_target_value(&e) == "being_repaired")>
                <option value="normal" selected=move || !repairing.get()>{ctr(|c| c.state_normal)}</option>
                <option value="being_repaired" selected=move || repairing.get()>{ctr(|c| c.state_repair)}</option>
            </select>
            <p class="field-error" role="alert">
                {move || bad_position.get().then(|| i18n.c().component_bad_position)}
                {move || save.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
            </p>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">{ctr(|c| c.places_saved)}</p> })}
            <button class="button button-primary" type="submit" disabled=move || save.pending().get()>
                {ctr(|c| c.places_save)}
            </button>
        </form>
        {retired.is_none().then(|| view! {
            <section class="retire" aria-labelledby="retire-heading">
                <h2 id="retire-heading">{ctr(|c| c.component_retire)}</h2>
                {move || if confirming.get() {
                    focus_when_drawn("retire-confirm");
                    view! {
                        <div class="confirm" role="alertdialog" aria-labelledby="retire-confirm-text">
                            <p id="retire-confirm-text">{ctr(|c| c.component_retire_confirm)}</p>
                            <div class="actions">
                                <button class="button button-primary" type="button" id="retire-confirm" data-testid="retire-confirm"
                                    disabled=move || retire.pending().get() on:click=move |_| { retire.dispatch(()); }>
                                    {ctr(|c| c.component_retire_yes)}
                                </button>
                                <button class="button button-secondary" type="button" on:click=move |_| confirming.set(false)>
                                    {ctr(|c| c.component_retire_cancel)}
                                </button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p class="hint" id="retire-hint">{ctr(|c| c.component_retire_hint)}</p>
                        <button class="button button-secondary" type="button" data-testid="retire" aria-describedby="retire-hint"
                            on:click=move |_| confirming.set(true)>
                            {ctr(|c| c.component_retire)}
                        </button>
                    }.into_any()
                }}
                <p class="field-error" role="alert">
                    {move || retire.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
                </p>
            </section>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<f64>) {
        assert_eq!(degrees(text), expected, "{text}");
    }

    #[test]
    fn a_coordinate_is_a_plain_number() {
        check("60.1699", Some(60.1699));
        check(" 24.94 ", Some(24.94));
        check("-33.5", Some(-33.5));
        check("", None);
        check("北纬39度", None);
        check("NaN", None);
        check("inf", None);
    }
}
