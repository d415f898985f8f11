//! One project on the vote form: a large tick box with the title and cost, and a native
//! disclosure (`<details>`) that opens to the summary, description and place, so that expanding
//! works by tap, Enter or Space without any script.

use leptos::prelude::*;
use linli_api::Project;

use crate::i18n::{money, text, tr, use_i18n};

#[component]
pub(crate) fn ProjectCard(project: Project, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let Project {
        id,
        title,
        summary,
        theme,
        cost_yuan,
        location,
        description,
        ..
    } = project;
    let input_id = format!("project-{id}");
    let label_for = input_id.clone();
    let is_chosen = {
        let id = StoredValue::new(id.clone());
        move || id.with_value(|id| chosen.with(|ids| ids.contains(id)))
    };
    let toggle = move |event: leptos::ev::Event| {
        let on = event_target_checked(&event);
        chosen.update(|ids| {
            ids.retain(|chosen| *chosen != id);
            if on {
                ids.push(id.clone());
            }
        });
    };
    let cost = text(move || money(i18n.locale.get(), cost_yuan));
    view! {
        <li class="card vote-card" class:chosen=is_chosen>
            <label class="choice vote-choice" for=label_for>
                <input type="checkbox" id=input_id prop:checked=is_chosen on:change=toggle/>
                <span class="vote-choice-text">
                    <strong class="card-title">{title}</strong>
                    <span class="card-meta">{cost} " · " {theme.clone()}</span>
                </span>
            </label>
            <details class="vote-details">
                <summary>{tr(|t| t.vote_details)}</summary>
                <p>{summary}</p>
                {(!description.is_empty()).then(|| view! { <p>{description}</p> })}
                <dl class="facts">
                    <div><dt>{tr(|t| t.vote_cost)}</dt><dd>{cost}</dd></div>
                    <div><dt>{tr(|t| t.vote_theme)}</dt><dd>{theme}</dd></div>
                    {(!location.is_empty()).then(|| view! {
                        <div><dt>{tr(|t| t.vote_location)}</dt><dd>{location}</dd></div>
                    })}
                </dl>
            </details>
        </li>
    }
}
