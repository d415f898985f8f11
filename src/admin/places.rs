//! `/admin/places`: the district's streets and towns with their communities and villages, as
//! the district administrator builds them: each with its counts of components, buildings and
//! households; forms to create, rename, re-draw (a GeoJSON boundary), archive and unarchive, the
//! archived ones listed apart. A box opens a component's record by its code. District role.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use linli_api::{CommunityRecord, PlaceCommunity, Places, Street, StreetRecord};

use crate::admin::boundary::{BoundaryField, BoundaryProblem, boundary_text, parse_boundary};
use crate::admin::district_nav::DistrictNav;
use crate::admin::errors::{CommitteeError, refusal_text};
use crate::client::{self, ClientError};
use crate::i18n::{ctr, fill, use_i18n};
use crate::ui::error_view::Loading;

type PlacesResource = LocalResource<Result<Places, ClientError>>;
type Label = fn(&'static crate::i18n::CommitteeStrings) -> &'static str;

/// One change to the district's places; each answers every place as it now is.
#[derive(Clone, Debug)]
enum PlaceChange {
    NewStreet(StreetRecord),
    Street(StreetRecord),
    NewCommunity(CommunityRecord),
    Community(CommunityRecord),
}

impl PlaceChange {
    async fn send(self) -> Result<Places, ClientError> {
        match self {
            PlaceChange::NewStreet(record) => client::create_street(&record).await,
            PlaceChange::Street(record) => client::update_street(&record).await,
            PlaceChange::NewCommunity(record) => client::create_community(&record).await,
            PlaceChange::Community(record) => client::update_community(&record).await,
        }
    }
}

/// An action that sends a change and, once the server took it, reloads the list and calls
/// `on_saved` (a new place's form empties itself).
fn place_action(
    places: PlacesResource,
    on_saved: impl Fn() + Copy + 'static,
) -> Action<PlaceChange, Result<Places, ClientError>> {
    Action::new_local(move |change: &PlaceChange| {
        let change = change.clone();
        async move {
            let answer = change.send().await;
            if answer.is_ok() {
                places.refetch();
                on_saved();
            }
            answer
        }
    })
}

/// The open streets of the list as last loaded, for a community's street.
fn open_streets(places: Option<Result<Places, ClientError>>) -> Vec<Street> {
    places
        .and_then(Result::ok)
        .map(|p| {
            p.streets
                .into_iter()
                .filter(|s| s.archived_at.is_none())
                .collect()
        })
        .unwrap_or_default()
}

fn street_record(street: &Street, archived: bool) -> StreetRecord {
    StreetRecord {
        id: street.id.clone(),
        name_zh: street.name_zh.clone(),
        name_en: street.name_en.clone(),
        boundary: street.boundary.clone(),
        archived,
    }
}

fn community_record(
    street_id: &str,
    community: &PlaceCommunity,
    archived: bool,
) -> CommunityRecord {
    CommunityRecord {
        id: community.id.clone(),
        street_id: street_id.to_owned(),
        name_zh: community.name_zh.clone(),
        name_en: community.name_en.clone(),
        boundary: community.boundary.clone(),
        archived,
    }
}

/// The day of a stored time: `2026-11-27`.
fn day(at: &str) -> String {
    at.chars().take(10).collect()
}

#[component]
pub(crate) fn PlacesPage() -> impl IntoView {
    let i18n = use_i18n();
    let places = LocalResource::new(client::places);
    view! {
        <section class="page admin-page places-page">
            <DistrictNav/>
            <h1>{ctr(|c| c.places_title)}</h1>
            {move || places.get().and_then(Result::ok).map(|p| {
                let line = fill(i18n.c().places_district, &[
                    ("name", i18n.locale.get().pick(&p.district_name_zh, &p.district_name_en)),
                    ("code", &p.district_code),
                ]);
                view! { <p class="lead" data-testid="district">{line}</p> }
            })}
            <p class="hint">{ctr(|c| c.places_hint)}</p>
            <ComponentSearch/>
            {move || match places.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(list)) => view! { <PlaceList list places/> }.into_any(),
            }}
            <div class="place-forms">
                <StreetForm places initial=None/>
                <CommunityForm places initial=None/>
            </div>
        </section>
    }
}

/// "部件编码": opens a component's record.
#[component]
fn ComponentSearch() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let navigate = use_navigate();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed: String = code
            .get_untracked()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !typed.is_empty() {
            navigate(&format!("/admin/components/{typed}"), Default::default());
        }
    };
    view! {
        <form class="component-search" role="search" on:submit=submit>
            <label for="component-code">{ctr(|c| c.places_search_label)}</label>
            <div class="inline-field">
                <input id="component-code" type="search" inputmode="numeric" autocomplete="off"
                    aria-describedby="component-code-hint"
                    prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e))/>
                <button class="button button-secondary" type="submit">{ctr(|c| c.places_search_go)}</button>
            </div>
            <p class="hint" id="component-code-hint">{ctr(|c| c.places_search_hint)}</p>
        </form>
    }
}

#[component]
fn PlaceList(list: Places, places: PlacesResource) -> impl IntoView {
    let i18n = use_i18n();
    let active: Vec<Street> = list
        .streets
        .iter()
        .filter(|s| s.archived_at.is_none())
        .cloned()
        .collect();
    let archived_streets: Vec<Street> = list
        .streets
        .iter()
        .filter(|s| s.archived_at.is_some())
        .cloned()
        .collect();
    // Archived communities of open streets; those of an archived street are listed with it.
    let archived_communities: Vec<(Street, PlaceCommunity)> = active
        .iter()
        .flat_map(|s| {
            s.communities
                .iter()
                .filter(|c| c.archived_at.is_some())
                .map(move |c| (s.clone(), c.clone()))
        })
        .collect();
    let nothing_archived = archived_streets.is_empty() && archived_communities.is_empty();
    view! {
        {active.is_empty().then(|| view! { <p class="notice">{ctr(|c| c.places_none)}</p> })}
        {active.into_iter().map(|street| view! { <StreetCard street places/> }).collect_view()}
        {(!nothing_archived).then(|| view! {
            <section class="archived-places" aria-labelledby="archived-heading" data-testid="archived-places">
                <h2 id="archived-heading">{ctr(|c| c.places_archived_heading)}</h2>
                <ul class="card-list">
                    {archived_streets.into_iter().map(|street| {
                        let record = street_record(&street, false);
                        let name = (street.name_zh.clone(), street.name_en.clone());
                        let names = name.clone();
                        let at = day(street.archived_at.as_deref().unwrap_or_default());
                        let count = street.communities.len();
                        view! {
                            <li class="card archived">
                                <strong class="card-title">{move || i18n.locale.get().pick(&name.0, &name.1).to_owned()}</strong>
                                <span class="card-meta">
                                    <span class="badge badge-warn">{move || fill(i18n.c().places_archived_badge, &[("at", &at)])}</span>
                                    " " {ctr(|c| c.places_kind_street)} " · " <span class="code">{street.id.clone()}</span>
                                    " · " {move || fill(i18n.c().places_communities_count, &[("n", &count.to_string())])}
                                </span>
                                <ChangeButton places change=PlaceChange::Street(record) label=|c| c.places_unarchive name=names/>
                            </li>
                        }
                    }).collect_view()}
                    {archived_communities.into_iter().map(|(street, community)| {
                        let record = community_record(&street.id, &community, false);
                        let name = (community.name_zh.clone(), community.name_en.clone());
                        let names = name.clone();
                        let street_name = (street.name_zh.clone(), street.name_en.clone());
                        let at = day(community.archived_at.as_deref().unwrap_or_default());
                        view! {
                            <li class="card archived">
                                <strong class="card-title">{move || i18n.locale.get().pick(&name.0, &name.1).to_owned()}</strong>
                                <span class="card-meta">
                                    <span class="badge badge-warn">{move || fill(i18n.c().places_archived_badge, &[("at", &at)])}</span>
                                    " " {ctr(|c| c.places_kind_community)} " · " <span class="code">{community.id.clone()}</span>
                                    " · " {move || i18n.locale.get().pick(&street_name.0, &street_name.1).to_owned()}
                                </span>
                                <ChangeButton places change=PlaceChange::Community(record) label=|c| c.places_unarchive name=names/>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// An action's full name for a button among many alike: "编辑：测试社区".
fn named(action: Label, name: (String, String)) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        let c = i18n.c();
        let name = i18n.locale.get().pick(&name.0, &name.1);
        fill(
            c.places_action_named,
            &[("action", action(c)), ("name", name)],
        )
    }
}

/// One button that sends one change (archive, unarchive), with the server's refusal beside it.
#[component]
fn ChangeButton(
    places: PlacesResource,
    change: PlaceChange,
    label: Label,
    /// The place's names (Chinese, English), for the button's full name: "归档：测试社区".
    name: (String, String),
) -> impl IntoView {
    let i18n = use_i18n();
    let action = place_action(places, || {});
    let change = StoredValue::new(change);
    let full_name = named(label, name);
    view! {
        <span class="change-button">
            <button class="button button-secondary" type="button" aria-label=full_name disabled=move || action.pending().get()
                on:click=move |_| { action.dispatch(change.get_value()); }>
                {ctr(label)}
            </button>
            <span class="field-error" role="alert">
                {move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
            </span>
        </span>
    }
}

#[component]
fn StreetCard(street: Street, places: PlacesResource) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<String>);
    let (zh, en) = (street.name_zh.clone(), street.name_en.clone());
    let heading_id = format!("street-{}", street.id);
    let labelled_by = heading_id.clone();
    let communities: Vec<PlaceCommunity> = street
        .communities
        .iter()
        .filter(|c| c.archived_at.is_none())
        .cloned()
        .collect();
    let street_id = StoredValue::new(street.id.clone());
    let archive = PlaceChange::Street(street_record(&street, true));
    let edit_open = RwSignal::new(false);
    let edited = StoredValue::new(street.clone());
    view! {
        <article class="card place-street" aria-labelledby=labelled_by data-testid="street">
            <h2 id=heading_id class="card-title">
                {move || i18n.locale.get().pick(&zh, &en).to_owned()}
                " " <span class="code">{street.id.clone()}</span>
            </h2>
            <p class="card-meta">
                {move || if edited.with_value(|s| s.boundary.is_some()) { i18n.c().places_boundary_has } else { i18n.c().places_boundary_none }}
                {street.sample_data.then(|| view! { " " <span class="badge">{ctr(|c| c.places_sample)}</span> })}
            </p>
            <div class="actions">
                <button class="button button-secondary" type="button" aria-expanded=move || edit_open.get().to_string()
                    aria-label=named(|c| c.places_edit, (street.name_zh.clone(), street.name_en.clone()))
                    on:click=move |_| edit_open.update(|open| *open = !*open)>
                    {ctr(|c| c.places_edit_street)}
                </button>
                <ChangeButton places change=archive label=|c| c.places_archive name=(street.name_zh.clone(), street.name_en.clone())/>
            </div>
            {move || edit_open.get().then(|| view! { <StreetForm places initial=Some(edited.get_value())/> })}
            {if communities.is_empty() {
                view! { <p>{ctr(|c| c.places_no_communities)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="figures places" data-testid="communities">
                            <thead><tr>
                                <th scope="col">{ctr(|c| c.places_kind_community)}</th>
                                <th scope="col">{ctr(|c| c.places_col_id)}</th>
                                <th scope="col">{ctr(|c| c.figure_components)}</th>
                                <th scope="col">{ctr(|c| c.figure_buildings)}</th>
                                <th scope="col">{ctr(|c| c.figure_households)}</th>
                                <th scope="col">{ctr(|c| c.places_col_actions)}</th>
                            </tr></thead>
                            <tbody>
                                {communities.into_iter().map(|community| {
                                    let id = community.id.clone();
                                    let (zh, en) = (community.name_zh.clone(), community.name_en.clone());
                                    let names = (zh.clone(), en.clone());
                                    let archive = PlaceChange::Community(community_record(&street_id.get_value(), &community, true));
                                    let initial = StoredValue::new((street_id.get_value(), community.clone()));
                                    let (toggle_id, open_id) = (id.clone(), id.clone());
                                    view! {
                                        <tr data-testid="community-row">
                                            <th scope="row">
                                                {move || i18n.locale.get().pick(&zh, &en).to_owned()}
                                                {community.boundary.is_none().then(|| view! { <span class="hint">" · " {ctr(|c| c.places_boundary_none)}</span> })}
                                            </th>
                                            <td class="code">{id.clone()}</td>
                                            <td data-count="components">{community.components}</td>
                                            <td data-count="buildings">{community.buildings}</td>
                                            <td data-count="households">{community.households}</td>
                                            <td class="row-actions">
                                                <button class="button button-secondary" type="button" aria-label=named(|c| c.places_edit, names.clone())
                                                    aria-expanded=move || (editing.get().as_deref() == Some(open_id.as_str())).to_string()
                                                    on:click=move |_| editing.update(|e| {
                                                        *e = if e.as_deref() == Some(toggle_id.as_str()) { None } else { Some(toggle_id.clone()) };
                                                    })>
                                                    {ctr(|c| c.places_edit)}
                                                </button>
                                                <ChangeButton places change=archive label=|c| c.places_archive name=(street.name_zh.clone(), street.name_en.clone())/>
                                            </td>
                                        </tr>
                                        {move || (editing.get().as_deref() == Some(id.as_str())).then(|| view! {
                                            <tr class="edit-row"><td colspan="6">
                                                <CommunityForm places initial=Some(initial.get_value())/>
                                            </td></tr>
                                        })}
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </article>
    }
}

/// The sentence for a boundary that cannot be read.
fn boundary_problem(
    c: &'static crate::i18n::CommitteeStrings,
    problem: BoundaryProblem,
) -> &'static str {
    match problem {
        BoundaryProblem::NotJson => c.places_boundary_not_json,
        BoundaryProblem::NotPolygon => c.places_boundary_not_polygon,
    }
}

/// Creates a street (`initial` empty) or changes one: its names and boundary.
#[component]
fn StreetForm(places: PlacesResource, initial: Option<Street>) -> impl IntoView {
    let i18n = use_i18n();
    let creating = initial.is_none();
    let prefix = initial.as_ref().map_or_else(
        || "street-new".to_owned(),
        |s| format!("street-{}-edit", s.id),
    );
    let id = RwSignal::new(initial.as_ref().map(|s| s.id.clone()).unwrap_or_default());
    let name_zh = RwSignal::new(
        initial
            .as_ref()
            .map(|s| s.name_zh.clone())
            .unwrap_or_default(),
    );
    let name_en = RwSignal::new(
        initial
            .as_ref()
            .map(|s| s.name_en.clone())
            .unwrap_or_default(),
    );
    let boundary = RwSignal::new(boundary_text(
        initial.as_ref().and_then(|s| s.boundary.as_ref()),
    ));
    let problem = RwSignal::new(None::<BoundaryProblem>);
    let action = place_action(places, move || {
        if creating {
            for field in [id, name_zh, name_en, boundary] {
                field.set(String::new());
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let parsed = parse_boundary(&boundary.get_untracked());
        problem.set(parsed.as_ref().err().copied());
        let Ok(parsed) = parsed else { return };
        let record = StreetRecord {
            id: id.get_untracked().trim().to_owned(),
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            boundary: parsed,
            archived: false,
        };
        action.dispatch(if creating {
            PlaceChange::NewStreet(record)
        } else {
            PlaceChange::Street(record)
        });
    };
    let heading: Label = if creating {
        |c| c.places_street_new
    } else {
        |c| c.places_edit_street
    };
    let field = |suffix: &str, label: Label, value: RwSignal<String>, readonly: bool| {
        let field_id = format!("{prefix}-{suffix}");
        view! {
            <label for=field_id.clone()>{ctr(label)}</label>
            <input id=field_id type="text" autocomplete="off" required readonly=readonly
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        }
    };
    view! {
        <form class="form place-form" on:submit=submit data-testid={if creating { "street-form" } else { "street-edit-form" }}>
            <h3>{ctr(heading)}</h3>
            {field("id", |c| c.places_id_street, id, !creating)}
            {field("name-zh", |c| c.places_name_zh, name_zh, false)}
            {field("name-en", |c| c.places_name_en, name_en, false)}
            <BoundaryField id=format!("{prefix}-boundary") text=boundary/>
            <p class="field-error" role="alert">
                {move || problem.get().map(|p| boundary_problem(i18n.c(), p))}
                {move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
            </p>
            {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">{ctr(|c| c.places_saved)}</p> })}
            <button class="button button-primary" type="submit" disabled=move || action.pending().get()>
                {ctr(if creating { |c| c.places_create } else { |c| c.places_save })}
            </button>
        </form>
    }
}

/// Creates a community (`initial` empty) or changes one: its street, names and boundary.
#[component]
fn CommunityForm(
    places: PlacesResource,
    initial: Option<(String, PlaceCommunity)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let creating = initial.is_none();
    let prefix = initial.as_ref().map_or_else(
        || "community-new".to_owned(),
        |(_, c)| format!("community-{}-edit", c.id),
    );
    let id = RwSignal::new(
        initial
            .as_ref()
            .map(|(_, c)| c.id.clone())
            .unwrap_or_default(),
    );
    let street = RwSignal::new(initial.as_ref().map(|(s, _)| s.clone()).unwrap_or_default());
    let name_zh = RwSignal::new(
        initial
            .as_ref()
            .map(|(_, c)| c.name_zh.clone())
            .unwrap_or_default(),
    );
    let name_en = RwSignal::new(
        initial
            .as_ref()
            .map(|(_, c)| c.name_en.clone())
            .unwrap_or_default(),
    );
    let boundary = RwSignal::new(boundary_text(
        initial.as_ref().and_then(|(_, c)| c.boundary.as_ref()),
    ));
    let problem = RwSignal::new(None::<BoundaryProblem>);
    let action = place_action(places, move || {
        if creating {
            for field in [id, name_zh, name_en, boundary] {
                field.set(String::new());
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let parsed = parse_boundary(&boundary.get_untracked());
        problem.set(parsed.as_ref().err().copied());
        let Ok(parsed) = parsed else { return };
        // Until a street is chosen, the first in the list is the one shown as chosen.
        let street_id = Some(street.get_untracked())
            .filter(|s| !s.is_empty())
            .or_else(|| {
                open_streets(places.get_untracked())
                    .first()
                    .map(|s| s.id.clone())
            })
            .unwrap_or_default();
        let record = CommunityRecord {
            id: id.get_untracked().trim().to_owned(),
            street_id,
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            boundary: parsed,
            archived: false,
        };
        action.dispatch(if creating {
            PlaceChange::NewCommunity(record)
        } else {
            PlaceChange::Community(record)
        });
    };
    let heading: Label = if creating {
        |c| c.places_community_new
    } else {
        |c| c.places_edit_community
    };
    let field = |suffix: &str, label: Label, value: RwSignal<String>, readonly: bool| {
        let field_id = format!("{prefix}-{suffix}");
        view! {
            <label for=field_id.clone()>{ctr(label)}</label>
            <input id=field_id type="text" autocomplete="off" required readonly=readonly
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        }
    };
    let street_id = format!("{prefix}-street");
    view! {
        <form class="form place-form" on:submit=submit data-testid={if creating { "community-form" } else { "community-edit-form" }}>
            <h3>{ctr(heading)}</h3>
            {field("id", |c| c.places_id_community, id, !creating)}
            <label for=street_id.clone()>{ctr(|c| c.places_street)}</label>
            <select id=street_id on:change=move |e| street.set(event_target_value(&e))>
                {move || open_streets(places.get()).into_iter().map(|s| {
                    let value = s.id.clone();
                    let label = format!("{} ({})", i18n.locale.get().pick(&s.name_zh, &s.name_en), s.id);
                    view! { <option value=s.id selected=move || street.get() == value>{label}</option> }
                }).collect_view()}
            </select>
            {field("name-zh", |c| c.places_name_zh, name_zh, false)}
            {field("name-en", |c| c.places_name_en, name_en, false)}
            <BoundaryField id=format!("{prefix}-boundary") text=boundary/>
            <p class="field-error" role="alert">
                {move || problem.get().map(|p| boundary_problem(i18n.c(), p))}
                {move || action.value().get().and_then(Result::err).map(|e| refusal_text(&e, i18n.t().error_server))}
            </p>
            {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p class="notice" role="status">{ctr(|c| c.places_saved)}</p> })}
            <button class="button button-primary" type="submit" disabled=move || action.pending().get()>
                {ctr(if creating { |c| c.places_create } else { |c| c.places_save })}
            </button>
        </form>
    }
}
