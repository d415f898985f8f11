//! `/c/{code}/report` and `/report`: report a problem with a component, or at the phone's
//! position, on one screen. The rules the server applies (description length, no HTML, phone
//! format) are checked here first with the same code. What the resident types is autosaved as a
//! draft; a report sent without network waits in the outbox; an open report of the same problem
//! on the same component is offered first, with "me too".

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_api::{Component, Meta, PublicRequest};
use linli_core::problem_type::{PROBLEM_TYPES, ProblemType, problem_types_for};
use linli_core::report::{FieldProblem, MAX_DESCRIPTION_CHARS, check_description, check_phone};

use crate::client::{self, ClientError};
use crate::i18n::{fill, rtr, tr, use_i18n};
use crate::report::location::{Position, locate};
use crate::report::my_reports::{MyReport, MyReportList, device_id};
use crate::report::outbox::use_outbox;
use crate::report::photo_picker::{Photo, PhotoPicker};
use crate::report::store::{self, DRAFTS};
use crate::report::submission::{FREE_PLACE, Submission, now_iso, random_key};
use crate::shell::use_meta;
use crate::ui::banners::ReadOnlyNotice;
use crate::ui::error_view::{ErrorView, Loading, error_sentence};

/// `code`: the component's code as the address names it (`/c/<code>/report`).
#[component]
pub(crate) fn ReportPage(code: String) -> impl IntoView {
    let meta = use_meta().0;
    let component = crate::ui::load::use_load_once(async move { client::component(&code).await });
    view! {
        <section class="page report-page">
            {move || match (meta.get(), component.get()) {
                (Some(Ok(meta)), _) if !meta.writable => view! { <ReadOnlyNotice/> }.into_any(),
                (Some(Ok(meta)), Some(Ok(component))) => view! { <ReportForm meta component=Some(component)/> }.into_any(),
                (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <ErrorView error/> }.into_any(),
                _ => view! { <Loading/> }.into_any(),
            }}
        </section>
    }
}

/// A report without a plate: the place is the phone's position.
#[component]
pub(crate) fn FreeReportPage() -> impl IntoView {
    let meta = use_meta().0;
    view! {
        <section class="page report-page">
            {move || match meta.get() {
                Some(Ok(meta)) if !meta.writable => view! { <ReadOnlyNotice/> }.into_any(),
                Some(Ok(meta)) => view! { <ReportForm meta component=None/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                None => view! { <Loading/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportForm(meta: Meta, component: Option<Component>) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();

    let component_code = component
        .as_ref()
        .map(|c| c.code.to_string())
        .unwrap_or_default();
    let problems: Vec<&'static ProblemType> = match &component {
        Some(c) => problem_types_for(c.code.class_key()),
        None => PROBLEM_TYPES.iter().collect(),
    };
    let service_code = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let photos = RwSignal::new_local(Vec::<Photo>::new());
    let position = RwSignal::new(Position::Unknown);
    let local_error = RwSignal::new(None::<String>);
    let server_error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let queued = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let key = StoredValue::new(random_key());
    let api_key = StoredValue::new(meta.client_api_key.unwrap_or_default());
    let place = if component_code.is_empty() {
        FREE_PLACE.to_owned()
    } else {
        component_code.clone()
    };
    let place = StoredValue::new(place);
    let component_code = StoredValue::new(component_code);

    let current = move || {
        let (lat, long) = match position.get_untracked() {
            Position::Found { lat, long } => (lat, long),
            _ => Default::default(),
        };
        Submission {
            key: key.get_value(),
            api_key: api_key.get_value(),
            service_code: service_code.get_untracked(),
            component_code: component_code.get_value(),
            description: description.get_untracked(),
            phone: phone.get_untracked(),
            lat,
            long,
            photos: photos.with_untracked(|p| p.iter().map(|p| p.blob.clone()).collect()),
            saved_at: now_iso(),
        }
    };

    // The draft: restored once when the form opens, saved half a second after the last change.
    spawn_local(async move {
        if let Ok(Some(saved)) = store::get(DRAFTS, &place.get_value()).await {
            let draft = Submission::from_js(&saved);
            if !draft.is_blank() {
                key.set_value(draft.key);
                service_code.set(draft.service_code);
                description.set(draft.description);
                phone.set(draft.phone);
                photos.set(draft.photos.into_iter().map(Photo::new).collect());
                restored.set(true);
            }
        }
    });
    let edits = StoredValue::new(0u32);
    let save_draft = move || {
        // A fixed field should not keep showing the old complaint.
        local_error.set(None);
        edits.update_value(|n| *n += 1);
        let edit = edits.get_value();
        set_timeout(
            move || {
                if edits.get_value() != edit || sending.get_untracked() || queued.get_untracked() {
                    return;
                }
                let draft = current();
                spawn_local(async move {
                    let _ = if draft.is_blank() {
                        store::delete(DRAFTS, &draft.place()).await
                    } else {
                        store::put(DRAFTS, &draft.place(), &draft.to_js()).await
                    };
                });
            },
            std::time::Duration::from_millis(500),
        );
    };
    let discard_draft = move |_| {
        service_code.set(String::new());
        description.set(String::new());
        phone.set(String::new());
        photos.set(Vec::new());
        restored.set(false);
        key.set_value(random_key());
        spawn_local(async move {
            let _ = store::delete(DRAFTS, &place.get_value()).await;
        });
    };

    let submit = move |submission: Submission| {
        sending.set(true);
        server_error.set(None);
        spawn_local(async move {
            let _ = store::delete(DRAFTS, &submission.place()).await;
            match outbox.send(submission.clone()).await {
                Ok(created) => {
                    let report = MyReport::filed(&created, &submission);
                    go_to(&report.tracking_path());
                }
                Err(ClientError::Network(_)) => queued.set(true),
                Err(error) => {
                    // Refused: the form keeps what was typed, and so does the draft.
                    let _ = store::put(DRAFTS, &submission.place(), &submission.to_js()).await;
                    server_error.set(Some(error_sentence(i18n.t(), &error)));
                }
            }
            sending.set(false);
        });
    };

    let is_free = component.is_none();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let t = i18n.r();
        let fail = |text: &str| local_error.set(Some(text.to_owned()));
        if service_code.get_untracked().is_empty() {
            return fail(t.report_choose_problem);
        }
        if let Err(e) = check_description(&description.get_untracked()) {
            return fail(match e.problem {
                FieldProblem::Missing => t.report_describe,
                FieldProblem::ContainsMarkup => t.report_no_html,
                _ => t.report_too_long,
            });
        }
        let phone_text = phone.get_untracked();
        if !phone_text.trim().is_empty() && check_phone(&phone_text).is_err() {
            return fail(t.report_bad_phone);
        }
        if is_free && !matches!(position.get_untracked(), Position::Found { .. }) {
            return fail(t.report_need_location);
        }
        local_error.set(None);
        submit(current());
    };

    let count = move || {
        fill(
            i18n.r().report_characters,
            &[
                ("n", &description.get().chars().count().to_string()),
                ("max", &MAX_DESCRIPTION_CHARS.to_string()),
            ],
        )
    };
    let heading = match &component {
        Some(c) => view! {
            <p class="eyebrow">{c.name.clone()} " · " {c.code.grouped()}</p>
            <h1>{rtr(|t| t.report_title)}</h1>
        }
        .into_any(),
        None => view! { <h1>{rtr(|t| t.report_free_title)}</h1> }.into_any(),
    };
    view! {
        {heading}
        {crate::ui::shown::shown(move || queued.get(), move || view! {
            // The waiting list is shown here, not behind a link: without network another page
            // cannot load, and this bundle has no in-place navigation.
            <div class="notice" role="status" data-testid="report-queued">
                {move || match outbox.sent_as(&key.get_value()) {
                    None => view! { <p>{rtr(|t| t.report_queued)}</p> }.into_any(),
                    Some(path) => view! {
                        <p>{rtr(|t| t.report_sent_later)}</p>
                        <a class="button button-primary" href=path>{rtr(|t| t.report_follow)}</a>
                    }.into_any(),
                }}
            </div>
            <crate::report::outbox::WaitingList/>
        })}
        {crate::ui::shown::shown(move || restored.get() && !queued.get(), move || view! {
            <p class="notice" role="status" data-testid="draft-restored">
                {rtr(|t| t.report_draft_restored)} " "
                <button type="button" class="button-link" on:click=discard_draft>{rtr(|t| t.report_discard_draft)}</button>
            </p>
        })}
        <form class="form report-form" on:submit=on_submit novalidate hidden=move || queued.get()>
            <fieldset class="choices">
                <legend>{tr(|t| t.report_problem)}</legend>
                {problems.into_iter().map(|p| {
                    let id = format!("problem-{}", p.service_code);
                    view! {
                        <label class="choice">
                            <input type="radio" name="service_code" id=id value=p.service_code
                                prop:checked=move || service_code.get() == p.service_code
                                on:change=move |_| { service_code.set(p.service_code.to_owned()); save_draft(); }/>
                            <span>{move || i18n.locale.get().pick(p.name_zh, p.name_en).to_owned()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {(!component_code.get_value().is_empty()).then(|| view! {
                <Duplicate component_code=component_code.get_value() service_code/>
            })}
            {is_free.then(|| view! { <LocationField position/> })}
            <label for="description">{tr(|t| t.report_description)}</label>
            <textarea id="description" name="description" rows="5" maxlength=MAX_DESCRIPTION_CHARS
                aria-describedby="description-count"
                prop:value=move || description.get()
                on:input=move |e| { description.set(event_target_value(&e)); save_draft(); }></textarea>
            <p class="hint" id="description-count">{count}</p>
            <PhotoPicker photos on_change=move |_| save_draft()/>
            <label for="phone">{rtr(|t| t.report_phone)}</label>
            <p class="hint" id="phone-hint">{rtr(|t| t.report_phone_hint)}</p>
            <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel"
                aria-describedby="phone-hint"
                prop:value=move || phone.get()
                on:input=move |e| { phone.set(event_target_value(&e)); save_draft(); }/>
            <p class="field-error" role="alert" data-testid="report-error">
                {move || local_error.get().or_else(|| server_error.get())}
            </p>
            <button class="button button-primary button-wide" type="submit" disabled=move || sending.get()>
                {move || if sending.get() { i18n.r().report_sending } else { i18n.t().report_submit }}
            </button>
        </form>
    }
}

/// The open report of the same problem on the same component, if there is one, with "me too".
#[component]
fn Duplicate(component_code: String, service_code: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let my_reports = MyReportList::use_context();
    let open_reports = crate::ui::load::use_load_once(async move {
        client::open_reports_on::<PublicRequest>(&component_code).await
    });
    let dismissed = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let same = move || -> Option<PublicRequest> {
        let chosen = service_code.get();
        if chosen.is_empty() || dismissed.get() == chosen {
            return None;
        }
        open_reports
            .get()?
            .ok()?
            .into_iter()
            .find(|r| r.service_code == chosen)
    };
    let me_too = move |id: String| {
        spawn_local(async move {
            match client::support(&id, &device_id()).await {
                Ok(request) => {
                    let report = MyReport::followed(&request);
                    let path = report.tracking_path();
                    my_reports.add(report);
                    go_to(&path);
                }
                Err(error) => failure.set(Some(error_sentence(i18n.t(), &error))),
            }
        });
    };
    move || {
        same().map(|request| {
            let id = request.service_request_id.clone();
            let chosen = request.service_code.clone();
            view! {
                <aside class="notice duplicate" data-testid="duplicate">
                    <p>{move || fill(i18n.r().report_duplicate, &[("n", &request.supporters.to_string())])}</p>
                    <blockquote>{request.description.clone()}</blockquote>
                    <button type="button" class="button button-primary" data-testid="me-too"
                        on:click=move |_| me_too(id.clone())>{rtr(|t| t.report_me_too)}</button>
                    <button type="button" class="button button-secondary"
                        on:click=move |_| dismissed.set(chosen.clone())>{rtr(|t| t.report_not_same)}</button>
                    <p class="field-error" role="alert">{move || failure.get()}</p>
                </aside>
            }
        })
    }
}

#[component]
fn LocationField(position: RwSignal<Position>) -> impl IntoView {
    let i18n = use_i18n();
    let status = move || {
        let t = i18n.r();
        match position.get() {
            Position::Unknown => "",
            Position::Locating => t.report_locating,
            Position::Found { .. } => t.report_location_set,
            Position::Failed => t.report_location_failed,
        }
    };
    view! {
        <fieldset class="location">
            <legend>{rtr(|t| t.report_location)}</legend>
            <button type="button" class="button button-secondary" data-testid="locate"
                disabled=move || position.get() == Position::Locating
                on:click=move |_| locate(position)>{rtr(|t| t.report_use_my_location)}</button>
            <p class="hint" role="status" data-testid="location-status">{status}</p>
        </fieldset>
    }
}

/// Leaves the form for `path` (a tracking page) with a page load.
fn go_to(path: &str) {
    let _ = window().location().assign(path);
}
