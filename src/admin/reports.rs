//! The committee's report queue (`/admin/reports`) and a report's page with its state changes
//! (`/admin/reports/{id}`). Only the changes the state machine allows are offered.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use linli_api::{CommitteeRequest, StatusChange};
use linli_core::report::{Actor, Status, check_transition, report_number};

use crate::admin::errors::CommitteeError;
use crate::admin::moderation::ModerationPanel;
use crate::client::{self, ClientError};
use crate::i18n::{ctr, fill, service_name, status_name, tr, use_i18n};
use crate::ui::error_view::Loading;

#[component]
pub(crate) fn ReportQueue() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let queue = LocalResource::new(move || {
        let (status, community, overdue) = (filter.get(), community.get(), overdue.get());
        async move { client::queue(&status, &community, overdue).await }
    });
    let communities = LocalResource::new(client::communities);
    let choice = move |status: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (filter.get() == status).to_string()
                on:click=move |_| filter.set(status.to_owned())>
                {move || if status.is_empty() { i18n.t().filter_all.to_owned() } else { status_name(i18n.locale.get(), status) }}
            </button>
        }
    };
    view! {
            <section class="page admin-page">
                <h1>{ctr(|t| t.queue_title)}</h1>
                <div class="segmented" role="group" aria-label=ctr(|t| t.queue_filter)>
                    {choice("")}
                    {choice("open")}
                    {choice("action_scheduled")}
                    {choice("in_progress")}
                    {choice("fixed")}
                </div>
                <div class="queue-filters">
                    <label for="queue-community">{tr(|t| t.community)}</label>
                    <select id="queue-community" data-testid="queue-community"
                        on:change=move |e| community.set(event_target_value(&e))>
                        <option value="">{tr(|t| t.filter_all)}</option>
                        {move || communities.get().and_then(Result::ok).map(|list| list.communities.into_iter().map(|c| {
                            let label = i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned();
                            view! { <option value=c.id>{label}</option> }
                        }).collect_view())}
                    </select>
                    <label class="choice">
                        <input type="checkbox" data-testid="queue-overdue"
                            on:change=move |e| overdue.set(event_target_checked(&e))/>
                        <span>{crate::i18n::ctr(|c| c.queue_overdue_only)}</span>
                    </label>
                </div>
                {move || match queue.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Err(error) => view! { <CommitteeError error/> }.into_any(),
                            Ok(entries) if entries.is_empty() => view! { <p>{ctr(|t| t.queue_empty)}</p> }.into_any(),
                            Ok(entries) => view! {
                                <table class="figures queue" data-testid="queue">
                                    <thead><tr>
                                        <th scope="col">{ctr(|t| t.queue_number)}</th>
                                        <th scope="col">{tr(|t| t.report_problem)}</th>
                                        <th scope="col">{ctr(|t| t.queue_status)}</th>
                                        <th scope="col">{tr(|t| t.report_due)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {entries.into_iter().map(|e| {
                                            let (code, status) = (e.service_code.clone(), e.status.clone());
                                            view! {
                                                <tr class:overdue=e.overdue>
                                                    <th scope="row"><A href=format!("/admin/reports/{}", e.id)>{e.id.clone()}</A></th>
                                                    <td>{move || service_name(i18n.locale.get(), &code)}</td>
                                                    <td>{move || status_name(i18n.locale.get(), &status)}</td>
                                                    <td>
                                                        {crate::ui::time::short_time(&e.expected_at)}
                                                        {e.overdue.then(|| view! { " " <span class="badge badge-warn">{tr(|t| t.report_overdue)}</span> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
        },
    }}
            </section>
        }
}

#[component]
pub(crate) fn ReportDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let id = id();
        async move { client::committee_request(&id).await }
    });
    let updated = RwSignal::new(None::<CommitteeRequest>);
    view! {
            <section class="page admin-page">
                {move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Err(error) => view! { <CommitteeError error/> }.into_any(),
                            Ok(first) => {
                                let current = Signal::derive(move || updated.get().unwrap_or_else(|| first.clone()));
                                view! { <Detail current on_update=move |r| updated.set(Some(r))/> }.into_any()
                            }
        },
    }}
            </section>
        }
}

#[component]
fn Detail(
    current: Signal<CommitteeRequest>,
    #[prop(into)] on_update: Callback<CommitteeRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(String::new());
    let public = RwSignal::new(true);
    // The original's number, which marking the report as merged needs.
    let original = RwSignal::new(String::new());
    let change = Action::new_local(move |(id, change): &(String, StatusChange)| {
        let (id, change) = (id.clone(), change.clone());
        async move { client::change_status(&id, &change).await }
    });
    // Shows the server's updated request once the change is stored, and clears the note and the
    // original's number.
    Effect::new(move |_| {
        if let Some(Ok(updated)) = change.value().get() {
            note.set(String::new());
            original.set(String::new());
            on_update.run(updated);
        }
    });
    let allowed = move || {
        let request = current.get();
        let from = Status::parse(&request.entry.status).unwrap_or(Status::Open);
        Status::ALL
            .into_iter()
            .filter(|to| check_transition(from, *to, Actor::Committee, 0).is_ok())
            .collect::<Vec<_>>()
    };
    view! {
        <p class="eyebrow">{move || fill(i18n.t().report_number, &[("id", &current.get().entry.id)])}</p>
        <h1>{move || service_name(i18n.locale.get(), &current.get().entry.service_code)}</h1>
        <p class="state" data-testid="committee-status">{move || status_name(i18n.locale.get(), &current.get().entry.status)}</p>
        <dl class="facts">
            <div><dt>{tr(|t| t.report_description)}</dt><dd>{move || current.get().entry.description}</dd></div>
            <div><dt>{tr(|t| t.component_code)}</dt><dd>{move || current.get().entry.component_code.unwrap_or_default()}</dd></div>
            <div><dt>{tr(|t| t.component_maintainer)}</dt>
                <dd>{move || current.get().maintainer_unit.unwrap_or_default()} " " {move || current.get().maintainer_phone.unwrap_or_default()}</dd></div>
            <div><dt>{tr(|t| t.phone_label)}</dt><dd>{move || current.get().phone.unwrap_or_default()}</dd></div>
            <div><dt>{tr(|t| t.report_due)}</dt><dd>{move || crate::ui::time::short_time(&current.get().entry.expected_at)}</dd></div>
            {move || current.get().external_id.map(|case| view! {
                <div data-testid="external-case"><dt>{ctr(|t| t.external_case)}</dt><dd class="code">{case}</dd></div>
            })}
            {move || current.get().duplicate_of.map(|id| view! {
                <div data-testid="merged-into"><dt>{ctr(|t| t.merged_into)}</dt>
                    <dd><A href=format!("/admin/reports/{id}")>{fill(i18n.t().report_number, &[("id", &id)])}</A></dd></div>
            })}
            {move || {
                let duplicates = current.get().duplicates;
                (!duplicates.is_empty()).then(|| view! {
                    <div data-testid="merged-duplicates"><dt>{ctr(|t| t.merged_duplicates)}</dt>
                        <dd>{duplicates.into_iter().map(|id| view! {
                            <A href=format!("/admin/reports/{id}")>{fill(i18n.t().report_number, &[("id", &id)])}</A> " "
                        }).collect_view()}</dd></div>
                })
            }}
        </dl>
        <ModerationPanel current on_update/>
        <h2>{tr(|t| t.report_timeline)}</h2>
        <ol class="timeline">
            {move || current.get().timeline.into_iter().map(|entry| view! {
                <li class:internal=!entry.public>
                    <strong>{status_name(i18n.locale.get(), &entry.status)}</strong>
                    <span class="card-meta">{crate::ui::time::short_time(&entry.at)}</span>
                    <span>{entry.note}</span>
                    {(!entry.public).then(|| view! { <span class="badge">{ctr(|t| t.note_internal)}</span> })}
                    {entry.by_system.map(|system| view! {
                        <span class="badge" data-testid="by-system">
                            {move || fill(i18n.locale.get().committee_strings().update_by_system, &[("system", &system)])}
                        </span>
                    })}
                </li>
            }).collect_view()}
        </ol>
        <Show when=move || !allowed().is_empty()>
            <h2>{tr(|t| t.change_status)}</h2>
            <label for="status-note">{ctr(|t| t.status_note)}</label>
            <textarea id="status-note" rows="2" prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e))></textarea>
            <label class="choice">
                <input type="checkbox" prop:checked=move || public.get() on:change=move |e| public.set(event_target_checked(&e))/>
                <span>{ctr(|t| t.note_public)}</span>
            </label>
            <Show when=move || allowed().contains(&Status::Duplicate)>
                <label for="merge-original">{ctr(|t| t.merge_original)}</label>
                <input id="merge-original" inputmode="numeric" prop:value=move || original.get()
                    on:input=move |e| original.set(event_target_value(&e))/>
            </Show>
            <p class="field-error" role="alert">
                {move || change.value().get().and_then(|r| r.err()).map(|e| match e {
                    ClientError::Api { message, .. } if !message.is_empty() => message,
                    _ => i18n.t().error_server.to_owned(),
                })}
            </p>
            <div class="actions">
                {move || allowed().into_iter().map(|to| view! {
                    <button class="button" type="button" data-status=to.as_str()
                        disabled=move || change.pending().get()
                            || to == Status::Duplicate && report_number(&original.get()).is_none()
                        on:click=move |_| {
                            change.dispatch((current.get_untracked().entry.id, StatusChange {
                                status: to.as_str().to_owned(),
                                note: note.get_untracked(),
                                public: public.get_untracked(),
                                duplicate_of: (to == Status::Duplicate).then(|| original.get_untracked()),
                            }));
                        }>
                        {move || fill(i18n.c().set_status, &[("status", &status_name(i18n.locale.get(), to.as_str()))])}
                    </button>
                }).collect_view()}
            </div>
        </Show>
    }
}
