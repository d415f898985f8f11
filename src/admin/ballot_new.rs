//! A new ballot (`/admin/ballots/new`): the community's project library (and a form to add to
//! it or edit one of its projects), then the ballot's definition, saved as a draft that the desk
//! opens later. The gap matrix links here with `?community=&title=&location=`, which opens the
//! library form filled in: a missing service proposed as a micro-project. The same page edits a
//! draft (`/admin/ballots/{id}/edit`), filled in from the draft's definition, until it is opened.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use linli_api::{
    BallotDefinition, BallotKind, LibraryProject, LibraryProjectFields, NewLibraryProject, THEMES,
};

use crate::admin::errors::CommitteeError;
use crate::admin::errors::refusal_text;
use crate::client;
use crate::i18n::{ctr, fill, money, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};

/// Beijing wall-clock time `days` from now, as a `datetime-local` value: `2026-11-27T21:30`.
fn beijing_local(days: f64) -> String {
    let at = js_sys::Date::now() + (8.0 + days * 24.0) * 3_600_000.0;
    let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at))
        .to_iso_string()
        .into();
    iso.chars().take(16).collect()
}

/// A stored RFC 3339 time as a Beijing `datetime-local` value, whatever offset it was sent with.
fn beijing_local_of(rfc3339: &str) -> String {
    let at = js_sys::Date::parse(rfc3339);
    if at.is_nan() {
        return rfc3339.chars().take(16).collect();
    }
    let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at + 8.0 * 3_600_000.0))
        .to_iso_string()
        .into();
    iso.chars().take(16).collect()
}

/// A `datetime-local` value in Beijing time, as RFC 3339.
pub(crate) fn rfc3339_beijing(local: &str) -> String {
    format!("{local}:00+08:00")
}

fn text_input(
    label: fn(&'static crate::i18n::CommitteeStrings) -> &'static str,
    id: &'static str,
    value: RwSignal<String>,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <label for=id>{ctr(label)}</label>
        <input id=id type=kind prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
    }
}

#[component]
pub(crate) fn NewBallot() -> impl IntoView {
    view! { <BallotEditor draft=None/> }
}

/// `/admin/ballots/{id}/edit`: the draft's definition, then the editor filled in with it.
#[component]
pub(crate) fn EditBallot() -> impl IntoView {
    let params = use_params_map();
    let definition = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { client::ballot_definition(&id).await }
    });
    move || match definition.get() {
        None => view! { <section class="page admin-page"><Loading/></section> }.into_any(),
        Some(Err(error)) => {
            view! { <section class="page admin-page"><CommitteeError error/></section> }.into_any()
        }
        Some(Ok(draft)) => view! { <BallotEditor draft=Some(draft)/> }.into_any(),
    }
}

/// The library and the ballot form; `draft` is the definition being edited, `None` for a new one.
#[component]
fn BallotEditor(draft: Option<BallotDefinition>) -> impl IntoView {
    let i18n = use_i18n();
    let communities = LocalResource::new(client::communities);
    let query = use_query_map();
    let editing_draft = draft.is_some();
    let community = RwSignal::new(match &draft {
        Some(draft) => draft.community_id.clone(),
        None => query.with_untracked(|q| q.get("community").unwrap_or_default()),
    });
    let proposal = query.with_untracked(|q| {
        q.get("title")
            .filter(|title| !title.trim().is_empty())
            .map(|title| (title, q.get("location").unwrap_or_default()))
    });
    let editing = RwSignal::new(None::<LibraryProject>);
    let library = LocalResource::new(move || {
        let community = community.get();
        async move {
            if community.is_empty() {
                Ok(Vec::new())
            } else {
                client::library(&community).await
            }
        }
    });
    let picked = RwSignal::new(
        draft
            .as_ref()
            .map(|d| d.library_projects.clone())
            .unwrap_or_default(),
    );
    let community_choice = move || {
        communities.get().map(|loaded| match loaded {
            Err(error) => view! { <ErrorView error/> }.into_any(),
            Ok(list) => {
                let known = list.communities.iter().any(|c| c.id == community.get_untracked());
                if !known && let Some(first) = list.communities.first() {
                    community.set(first.id.clone());
                }
                view! {
                    <label for="community">{ctr(|c| c.vote_community)}</label>
                    <select id="community" disabled=editing_draft on:change=move |e| { community.set(event_target_value(&e)); picked.set(Vec::new()); }>
                        {list.communities.into_iter().map(|c| {
                            let selected = c.id == community.get_untracked();
                            view! { <option value=c.id.clone() selected=selected>{move || i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                }.into_any()
            }
        })
    };
    view! {
        <section class="page admin-page">
            <h1>{move || if editing_draft { i18n.c().vote_edit_title } else { i18n.c().vote_ballots_new }}</h1>
            {editing_draft.then(|| view! { <p class="hint">{ctr(|c| c.vote_edit_fixed)}</p> })}
            {community_choice}
            <h2>{ctr(|c| c.vote_library_title)}</h2>
            {move || match library.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(projects)) if projects.is_empty() => view! { <p>{ctr(|c| c.vote_library_empty)}</p> }.into_any(),
                Some(Ok(projects)) => view! { <LibraryPicker projects picked editing/> }.into_any(),
            }}
            <LibraryForm community editing proposal on_saved=Callback::new(move |(project, added): (LibraryProject, bool)| {
                if added {
                    picked.update(|ids| ids.push(project.id));
                }
                library.refetch();
            })/>
            <BallotForm community picked draft/>
        </section>
    }
}

#[component]
fn LibraryPicker(
    projects: Vec<LibraryProject>,
    picked: RwSignal<Vec<i64>>,
    editing: RwSignal<Option<LibraryProject>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="choices" data-testid="library">
            <legend>{ctr(|c| c.vote_field_projects)}</legend>
            {projects.into_iter().map(|p| {
                let id = p.id;
                let cost = p.fields.cost_yuan;
                let edit_label = p.fields.title.clone();
                let project = StoredValue::new(p.clone());
                view! {
                    <div class="library-row">
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || picked.read().contains(&id)
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    picked.update(|ids| { ids.retain(|i| *i != id); if on { ids.push(id); } });
                                }/>
                            <span>{p.fields.title} " · " {move || money(i18n.locale.get(), cost)} " · " {p.fields.theme}</span>
                        </label>
                        <button class="button button-secondary" type="button"
                            aria-label=move || format!("{} {}", i18n.c().vote_library_edit, edit_label)
                            on:click=move |_| editing.set(Some(project.get_value()))>
                            {ctr(|c| c.vote_library_edit)}
                        </button>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
/// Adds a project to the library, or saves the one being edited. `proposal` (title, place) fills
/// the form in when the page was opened from a gap in the gap matrix; `on_saved` gets the stored
/// project and whether it is new.
fn LibraryForm(
    community: RwSignal<String>,
    editing: RwSignal<Option<LibraryProject>>,
    proposal: Option<(String, String)>,
    on_saved: Callback<(LibraryProject, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(proposal.is_some());
    let (proposed_title, proposed_place) = proposal.unwrap_or_default();
    let title = RwSignal::new(proposed_title);
    let summary = RwSignal::new(String::new());
    let theme = RwSignal::new(THEMES[0].to_owned());
    let location = RwSignal::new(proposed_place);
    let cost = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let clear = move || {
        for field in [title, summary, location, cost, description] {
            field.set(String::new());
        }
        theme.set(THEMES[0].to_owned());
    };
    // Choosing a project to edit fills the form with it.
    Effect::new(move |_| {
        if let Some(project) = editing.get() {
            let fields = project.fields;
            title.set(fields.title);
            summary.set(fields.summary);
            theme.set(fields.theme);
            location.set(fields.location);
            cost.set(fields.cost_yuan.to_string());
            description.set(fields.description);
            open.set(true);
        }
    });
    let save = Action::new_local(move |(id, project): &(Option<i64>, NewLibraryProject)| {
        let (id, project) = (*id, project.clone());
        async move {
            match id {
                Some(id) => client::update_library_project(id, &project.fields)
                    .await
                    .map(|saved| (saved, false)),
                None => client::add_library_project(&project)
                    .await
                    .map(|added| (added, true)),
            }
        }
    });
    // Clears the form and shows the project (a new one ticked) once the server has stored it.
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            clear();
            editing.set(None);
            on_saved.run(saved);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let edited = editing.get_untracked();
        save.dispatch((
            edited.as_ref().map(|p| p.id),
            NewLibraryProject {
                community_id: community.get_untracked(),
                fields: LibraryProjectFields {
                    title: title.get_untracked(),
                    summary: summary.get_untracked(),
                    theme: theme.get_untracked(),
                    location: location.get_untracked(),
                    cost_yuan: cost.get_untracked().trim().parse().unwrap_or(0),
                    // The form has no photo field: an edit keeps the photo the project had.
                    photo_url: edited.and_then(|p| p.fields.photo_url),
                    description: description.get_untracked(),
                },
            },
        ));
    };
    let cancel = move |_| {
        editing.set(None);
        clear();
    };
    let heading = move || {
        editing.read().as_ref().map(|p| {
            view! {
                <p class="hint" role="status">{fill(i18n.c().vote_library_edit_title, &[("title", &p.fields.title)])}</p>
            }
        })
    };
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|e| refusal_text(&e, i18n.t().error_server))
    };
    view! {
        <details class="library-add" prop:open=move || open.get()
            on:toggle=move |e| open.set(event_target::<web_sys::Element>(&e).has_attribute("open"))>
            <summary class="button">{ctr(|c| c.vote_library_new)}</summary>
            <form class="form" on:submit=on_submit>
                {heading}
                {text_input(|c| c.vote_col_title, "lib-title", title, "text")}
                {text_input(|c| c.vote_field_summary, "lib-summary", summary, "text")}
                <label for="lib-theme">{ctr(|c| c.vote_field_theme)}</label>
                <select id="lib-theme" on:change=move |e| theme.set(event_target_value(&e))>
                    {THEMES.into_iter().map(|t| view! { <option value=t selected=move || theme.get() == t>{t}</option> }).collect_view()}
                </select>
                {text_input(|c| c.vote_field_location, "lib-location", location, "text")}
                {text_input(|c| c.vote_field_cost, "lib-cost", cost, "number")}
                <label for="lib-description">{ctr(|c| c.vote_field_description)}</label>
                <textarea id="lib-description" rows="3" prop:value=move || description.get()
                    on:input=move |e| description.set(event_target_value(&e))></textarea>
                <p class="field-error" role="alert">{error}</p>
                <button class="button button-primary" type="submit" disabled=move || save.pending().get()>
                    {move || if editing.read().is_some() { i18n.c().vote_library_save } else { i18n.c().vote_library_add }}
                </button>
                {move || editing.read().is_some().then(|| view! {
                    <button class="button button-secondary" type="button" on:click=cancel>{ctr(|c| c.vote_library_cancel)}</button>
                })}
            </form>
        </details>
    }
}

#[component]
fn BallotForm(
    community: RwSignal<String>,
    picked: RwSignal<Vec<i64>>,
    draft: Option<BallotDefinition>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing_draft = draft.is_some();
    let field =
        |given: Option<String>, otherwise: String| RwSignal::new(given.unwrap_or(otherwise));
    let id = field(draft.as_ref().and_then(|d| d.id.clone()), String::new());
    let title = field(draft.as_ref().map(|d| d.title.clone()), String::new());
    let explanation = field(draft.as_ref().map(|d| d.explanation.clone()), String::new());
    let budget_kind = RwSignal::new(draft.as_ref().is_none_or(|d| d.kind == BallotKind::Budget));
    let budget = field(
        draft.as_ref().map(|d| d.budget_yuan.to_string()),
        "500000".into(),
    );
    let min = field(
        draft.as_ref().map(|d| d.min_choices.to_string()),
        "1".into(),
    );
    let max = field(
        draft.as_ref().map(|d| d.max_choices.to_string()),
        String::new(),
    );
    let share = field(
        draft
            .as_ref()
            .map(|d| d.min_budget_share_percent.to_string()),
        "0".into(),
    );
    let rule = field(draft.as_ref().map(|d| d.rule.clone()), "greedy".into());
    let min_score = field(
        draft
            .as_ref()
            .and_then(|d| d.min_project_score)
            .map(|n| n.to_string()),
        String::new(),
    );
    let open_poll = RwSignal::new(draft.as_ref().is_some_and(|d| d.open_poll));
    let electorate = field(
        draft
            .as_ref()
            .and_then(|d| d.electorate)
            .map(|n| n.to_string()),
        String::new(),
    );
    let opens = field(
        draft.as_ref().map(|d| beijing_local_of(&d.opens_at)),
        beijing_local(0.0),
    );
    let closes = field(
        draft.as_ref().map(|d| beijing_local_of(&d.closes_at)),
        beijing_local(30.0),
    );
    // A new ballot is created; a draft being edited is replaced.
    let create = Action::new_local(move |definition: &BallotDefinition| {
        let definition = definition.clone();
        async move {
            match (editing_draft, definition.id.clone()) {
                (true, Some(id)) => client::update_ballot(&id, &definition).await,
                _ => client::create_ballot(&definition).await,
            }
        }
    });
    let navigate = use_navigate();
    // Goes to the new draft's desk once the server has stored it.
    Effect::new(move |_| {
        if let Some(Ok(ballot)) = create.value().get() {
            navigate(
                &format!("/admin/ballots/{}", ballot.summary.id),
                Default::default(),
            );
        }
    });
    let number = |signal: RwSignal<String>| signal.get_untracked().trim().parse::<u64>().ok();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let projects = picked.get_untracked();
        let given_id = id.get_untracked().trim().to_owned();
        create.dispatch(BallotDefinition {
            id: (!given_id.is_empty()).then_some(given_id),
            community_id: community.get_untracked(),
            title: title.get_untracked(),
            explanation: explanation.get_untracked(),
            kind: if budget_kind.get_untracked() {
                BallotKind::Budget
            } else {
                BallotKind::Approval
            },
            budget_yuan: number(budget).unwrap_or(0),
            min_choices: number(min).unwrap_or(1) as u32,
            max_choices: number(max).map_or(projects.len() as u32, |n| n as u32),
            min_budget_share_percent: number(share).unwrap_or(0) as u32,
            rule: rule.get_untracked(),
            min_project_score: number(min_score),
            opens_at: rfc3339_beijing(&opens.get_untracked()),
            closes_at: rfc3339_beijing(&closes.get_untracked()),
            library_projects: projects,
            open_poll: open_poll.get_untracked(),
            electorate: number(electorate).map(|n| n as u32),
        });
    };
    let error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| refusal_text(&e, i18n.t().error_server))
    };
    let rule_option =
        |value: &'static str, label: fn(&'static crate::i18n::CommitteeStrings) -> &'static str| {
            view! { <option value=value selected=move || rule.get() == value>{ctr(label)}</option> }
        };
    view! {
        <h2>{move || if editing_draft { i18n.c().vote_edit_fields } else { i18n.c().vote_ballots_new }}</h2>
        <form class="form" on:submit=on_submit>
            <label for="ballot-id">{ctr(|c| c.vote_field_id)}</label>
            <input id="ballot-id" type="text" readonly=editing_draft prop:value=move || id.get()
                on:input=move |e| id.set(event_target_value(&e))/>
            {text_input(|c| c.vote_col_title, "ballot-title", title, "text")}
            <label for="ballot-explanation">{ctr(|c| c.vote_field_explanation)}</label>
            <textarea id="ballot-explanation" rows="4" prop:value=move || explanation.get()
                on:input=move |e| explanation.set(event_target_value(&e))></textarea>
            <fieldset class="choices">
                <legend>{ctr(|c| c.vote_field_kind)}</legend>
                <label class="choice"><input type="radio" name="kind" prop:checked=move || budget_kind.get()
                    on:change=move |_| budget_kind.set(true)/><span>{ctr(|c| c.vote_kind_budget)}</span></label>
                <label class="choice"><input type="radio" name="kind" prop:checked=move || !budget_kind.get()
                    on:change=move |_| budget_kind.set(false)/><span>{ctr(|c| c.vote_kind_approval)}</span></label>
            </fieldset>
            <label class="choice">
                <input type="checkbox" name="open-poll" disabled=editing_draft prop:checked=move || open_poll.get()
                    on:change=move |e| open_poll.set(event_target_checked(&e))/>
                <span>{ctr(|c| c.vote_field_open_poll)}</span>
            </label>
            {text_input(|c| c.vote_field_electorate, "ballot-electorate", electorate, "number")}
            {text_input(|c| c.vote_field_budget, "ballot-budget", budget, "number")}
            {text_input(|c| c.vote_field_min, "ballot-min", min, "number")}
            {text_input(|c| c.vote_field_max, "ballot-max", max, "number")}
            {text_input(|c| c.vote_field_share, "ballot-share", share, "number")}
            <label for="ballot-rule">{ctr(|c| c.vote_field_rule)}</label>
            <select id="ballot-rule" on:change=move |e| rule.set(event_target_value(&e))>
                {rule_option("greedy", |c| c.vote_rule_greedy)}
                {rule_option("greedy-no-skip", |c| c.vote_rule_greedy_no_skip)}
                {rule_option("greedy-threshold", |c| c.vote_rule_threshold)}
                {rule_option("equalshares/add1", |c| c.vote_rule_mes)}
            </select>
            {text_input(|c| c.vote_field_min_score, "ballot-min-score", min_score, "number")}
            {text_input(|c| c.vote_field_opens, "ballot-opens", opens, "datetime-local")}
            {text_input(|c| c.vote_field_closes, "ballot-closes", closes, "datetime-local")}
            <p class="field-error" role="alert">{error}</p>
            <button class="button button-primary" type="submit" disabled=move || create.pending().get()>
                {move || if editing_draft { i18n.c().vote_save_draft } else { i18n.c().vote_create }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_is_sent_as_beijing_time() {
        assert_eq!(
            rfc3339_beijing("2027-06-30T20:00"),
            "2027-06-30T20:00:00+08:00"
        );
    }
}
