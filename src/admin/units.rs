//! `/admin/units`: the maintainer units (养护单位) components name, so a unit's phone changes in
//! one place: every committee sees the list; the district administrator creates, edits and
//! archives them (name, phone, the classes and communities each looks after).

use leptos::prelude::*;
use linli_api::{Communities, Unit, UnitRecord};

use crate::admin::district_nav::DistrictNav;
use crate::admin::errors::{CommitteeError, refusal_text};
use crate::client::{self, ClientError};
use crate::i18n::{CommitteeStrings, ctr, fill, use_i18n};
use crate::ui::error_view::Loading;

type UnitsResource = LocalResource<Result<Vec<Unit>, ClientError>>;
type CommunitiesResource = LocalResource<Result<Communities, ClientError>>;

/// Class keys as typed: separated by commas or semicolons (ASCII or the full-width ones a Chinese
/// keyboard types, U+FF0C and U+FF1B) or spaces.
pub(crate) fn class_keys(text: &str) -> Vec<String> {
    const SEPARATORS: [char; 4] = [',', ';', '\u{ff0c}', '\u{ff1b}'];
    text.split(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .filter(|key| !key.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An action's full name for a button among many alike: "编辑：测试照明所".
fn named(
    action: fn(&'static CommitteeStrings) -> &'static str,
    name: String,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        let c = i18n.c();
        fill(
            c.places_action_named,
            &[("action", action(c)), ("name", &name)],
        )
    }
}

fn record_of(unit: &Unit, archived: bool) -> UnitRecord {
    UnitRecord {
        id: unit.id.clone(),
        name: unit.name.clone(),
        phone: unit.phone.clone(),
        classes: unit.classes.clone(),
        communities: unit.communities.clone(),
        archived,
    }
}

#[component]
pub(crate) fn UnitsPage() -> impl IntoView {
    let units = LocalResource::new(client::units);
    let communities = LocalResource::new(client::communities);
    let session = LocalResource::new(client::session);
    // Only the district administrator edits; everyone else reads the list.
    let district = move || {
        session
            .get()
            .and_then(Result::ok)
            .is_some_and(|info| info.is_district_admin())
    };
    view! {
        <section class="page admin-page units-page">
            {move || district().then(|| view! { <DistrictNav/> })}
            <h1>{ctr(|c| c.units_title)}</h1>
            <p class="hint">{ctr(|c| c.units_hint)}</p>
            {move || match units.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(list)) => view! { <UnitList list units communities editable=district()/> }.into_any(),
            }}
            {move || if district() {
                view! { <UnitForm units communities initial=None/> }.into_any()
            } else {
                view! { <p class="hint">{ctr(|c| c.units_read_only)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn UnitList(
    list: Vec<Unit>,
    units: UnitsResource,
    communities: CommunitiesResource,
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="notice">{ctr(|c| c.units_none)}</p> }.into_any();
    }
    let editing = RwSignal::new(None::<String>);
    // Community names in the current language, their ids until the list has loaded.
    let names = move |ids: &[String]| {
        if ids.is_empty() {
            return i18n.c().units_whole_district.to_owned();
        }
        let loaded = communities.get().and_then(Result::ok);
        ids.iter()
            .map(|id| {
                loaded
                    .as_ref()
                    .and_then(|l| l.communities.iter().find(|c| &c.id == id))
                    .map_or_else(
                        || id.clone(),
                        |c| i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned(),
                    )
            })
            .collect::<Vec<_>>()
            .join(i18n.c().list_separator)
    };
    let (open, archived): (Vec<Unit>, Vec<Unit>) =
        list.into_iter().partition(|u| u.archived_at.is_none());
    let row = move |unit: Unit| {
        let is_archived = unit.archived_at.is_some();
        let ids = unit.communities.clone();
        let (toggle, shown, form_id) = (unit.id.clone(), unit.id.clone(), unit.id.clone());
        let stored = StoredValue::new(unit.clone());
        let archive = record_of(&unit, !is_archived);
        let at = unit
            .archived_at
            .clone()
            .map(|a| a.chars().take(10).collect::<String>());
        let edit_name = unit.name.clone();
        view! {
            <tr data-testid="unit-row" class:archived=is_archived>
                <th scope="row">
                    {unit.name.clone()}
                    {at.map(|at| view! { " " <span class="badge badge-warn">{move || fill(i18n.c().places_archived_badge, &[("at", &at)])}</span> })}
                </th>
                <td class="code">{unit.id.clone()}</td>
                <td><a href=format!("tel:{}", unit.phone)>{unit.phone.clone()}</a></td>
                <td class="code">{unit.classes.join(", ")}</td>
                <td class="text">{move || names(&ids)}</td>
                <td>{unit.components}</td>
                {editable.then(|| view! {
                    <td class="row-actions">
                        {(!is_archived).then(|| view! {
                            <button class="button button-secondary" type="button" aria-label=named(|c| c.places_edit, edit_name.clone())
                                aria-expanded=move || (editing.get().as_deref() == Some(shown.as_str())).to_string()
                                on:click=move |_| editing.update(|e| {
                                    *e = if e.as_deref() == Some(toggle.as_str()) { None } else { Some(toggle.clone()) };
                                })>
                                {ctr(|c| c.places_edit)}
                            </button>
                        })}
                        <ArchiveButton units record=archive/>
                    </td>
                })}
            </tr>
            {move || (editing.get().as_deref() == Some(form_id.as_str())).then(|| view! {
                <tr class="edit-row"><td colspan="7">
                    <UnitForm units communities initial=Some(stored.get_value())/>
                </td></tr>
            })}
        }
    };
    let table = move |rows: Vec<Unit>, test_id: &'static str| {
        view! {
            <div class="table-scroll">
                <table class="figures units" data-testid=test_id>
                    <thead><tr>
                        <th scope="col">{ctr(|c| c.units_name)}</th>
                        <th scope="col">{ctr(|c| c.places_col_id)}</th>
                        <th scope="col">{ctr(|c| c.units_phone)}</th>
                        <th scope="col">{ctr(|c| c.units_col_classes)}</th>
                        <th scope="col">{ctr(|c| c.units_col_communities)}</th>
                        <th scope="col">{ctr(|c| c.figure_components)}</th>
                        {editable.then(|| view! { <th scope="col">{ctr(|c| c.places_col_actions)}</th> })}
                    </tr></thead>
                    <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
    };
    view! {
        {table(open, "units")}
        {(!archived.is_empty()).then(|| view! {
            <h2>{ctr(|c| c.places_archived_heading)}</h2>
            {table(archived, "archived-units")}
        })}
    }
    .into_any()
}

/// Archives an open unit or unarchives an archived one, with the server's refusal beside it.
#[component]
fn ArchiveButton(units: UnitsResource, record: UnitRecord) -> impl IntoView {
    let i18n = use_i18n();
    let archiving = record.archived;
    let unit_name = record.name.clone();
    let record = StoredValue::new(record);
    let action = Action::new_local(move |record: &UnitRecord| {
        let record = record.clone();
        async move {
            let answer = client::update_unit(&record).await;
            if answer.is_ok() {
                units.refetch();
            }
            answer
        }
    });
    let label: fn(&'static CommitteeStrings) -> &'static str = if archiving {
        |c| c.places_archive
    } else {
        |c| c.places_unarchive
    };
    view! {
        <button class="button button-secondary" type="button" aria-label=named(label, unit_name)
            disabled=move || action.pending().get() on:click=move |_| { action.dispatch(record.get_value()); }>
            {ctr(label)}
        </button>
        <span class="field-error" role="alert">
            {move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
        </span>
    }
}

/// Creates a unit (`initial` empty) or changes one.
#[component]
fn UnitForm(
    units: UnitsResource,
    communities: CommunitiesResource,
    initial: Option<Unit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let creating = initial.is_none();
    let prefix = initial
        .as_ref()
        .map_or_else(|| "unit-new".to_owned(), |u| format!("unit-{}-edit", u.id));
    let id = RwSignal::new(initial.as_ref().map(|u| u.id.clone()).unwrap_or_default());
    let name = RwSignal::new(initial.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let phone = RwSignal::new(
        initial
            .as_ref()
            .map(|u| u.phone.clone())
            .unwrap_or_default(),
    );
    let classes = RwSignal::new(
        initial
            .as_ref()
            .map(|u| u.classes.join(", "))
            .unwrap_or_default(),
    );
    let chosen = RwSignal::new(
        initial
            .as_ref()
            .map(|u| u.communities.clone())
            .unwrap_or_default(),
    );
    let action = Action::new_local(move |record: &UnitRecord| {
        let record = record.clone();
        async move {
            let answer = if creating {
                client::create_unit(&record).await
            } else {
                client::update_unit(&record).await
            };
            if answer.is_ok() {
                units.refetch();
                if creating {
                    for field in [id, name, phone, classes] {
                        field.set(String::new());
                    }
                    chosen.set(Vec::new());
                }
            }
            answer
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        action.dispatch(UnitRecord {
            id: id.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            classes: class_keys(&classes.get_untracked()),
            communities: chosen.get_untracked(),
            archived: false,
        });
    };
    let field = |suffix: &str,
                 label: fn(&'static CommitteeStrings) -> &'static str,
                 value: RwSignal<String>,
                 kind: &'static str,
                 readonly: bool| {
        let field_id = format!("{prefix}-{suffix}");
        view! {
            <label for=field_id.clone()>{ctr(label)}</label>
            <input id=field_id type=kind autocomplete="off" readonly=readonly
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        }
    };
    let heading: fn(&'static CommitteeStrings) -> &'static str = if creating {
        |c| c.units_new
    } else {
        |c| c.units_edit
    };
    let submit_label: fn(&'static CommitteeStrings) -> &'static str = if creating {
        |c| c.places_create
    } else {
        |c| c.places_save
    };
    let box_prefix = prefix.clone();
    view! {
        <form class="form unit-form" on:submit=submit data-testid={if creating { "unit-form" } else { "unit-edit-form" }}>
            <h2>{ctr(heading)}</h2>
            {field("id", |c| c.units_id, id, "text", !creating)}
            {field("name", |c| c.units_name, name, "text", false)}
            {field("phone", |c| c.units_phone, phone, "tel", false)}
            {field("classes", |c| c.units_classes, classes, "text", false)}
            <fieldset class="choices unit-communities">
                <legend>{ctr(|c| c.units_communities)}</legend>
                {move || communities.get().and_then(Result::ok).map(|list| list.communities.into_iter().map(|community| {
                    let box_id = format!("{box_prefix}-community-{}", community.id);
                    let label_for = box_id.clone();
                    let (checked_id, toggle_id) = (community.id.clone(), community.id.clone());
                    let label = format!("{} ({})", i18n.locale.get().pick(&community.name_zh, &community.name_en), community.id);
                    view! {
                        <label class="choice" for=label_for>
                            <input type="checkbox" id=box_id
                                prop:checked=move || chosen.with(|c| c.contains(&checked_id))
                                on:change=move |_| chosen.update(|c| {
                                    if let Some(at) = c.iter().position(|id| id == &toggle_id) { c.remove(at); } else { c.push(toggle_id.clone()); }
                                })/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            <p class="field-error" role="alert">
                {move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
            </p>
            {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">{ctr(|c| c.places_saved)}</p> })}
            <button class="button button-primary" type="submit" disabled=move || action.pending().get()>
                {ctr(submit_label)}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(class_keys(text), expected, "{text}");
    }

    #[test]
    fn class_keys_are_split_as_clerks_type_them() {
        check("", &[]);
        check("01", &["01"]);
        check("01, 0201", &["01", "0201"]);
        check("0110，0201；05 06", &["0110", "0201", "05", "06"]);
        check(" ,01,, ", &["01"]);
    }
}
