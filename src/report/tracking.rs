//! `/r/{id}#{secret}`: the reporter's private tracking page. The secret stays in the URL
//! fragment, which the browser never sends; the page passes it in a header. The reporter rates,
//! reopens, and may erase the phone number they gave.

use leptos::prelude::*;
use linli_api::{HiddenPart, RatingRequest, ReopenRequest, ReportPart, TrackedRequest};

use crate::client;
use crate::i18n::{fill, rtr, service_name, status_name, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading, error_sentence};
use crate::ui::focus::focus_when_drawn;
use crate::ui::request::use_request;
use crate::ui::time::short_time;

/// `id`: the report the address names (`/r/<id>`); the secret, if any, is read from the fragment.
#[component]
pub(crate) fn TrackingPage(id: String) -> impl IntoView {
    let hash = window().location().hash().unwrap_or_default();
    let secret = hash.trim_start_matches('#').to_owned();
    let report = if secret.is_empty() {
        view! { <FollowedReport id/> }.into_any()
    } else {
        view! { <PrivateReport id secret/> }.into_any()
    };
    view! { <section class="page tracking-page">{report}</section> }
}

#[component]
fn PrivateReport(id: String, secret: String) -> impl IntoView {
    let request = {
        let (id, secret) = (id.clone(), secret.clone());
        crate::ui::load::use_load_once(async move { client::tracked(&id, &secret).await })
    };
    // A rating or a reopening answers the updated request; it replaces what was loaded.
    let updated = RwSignal::new(None::<TrackedRequest>);
    move || match request.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(loaded)) => {
            let current = Signal::derive(move || updated.get().unwrap_or_else(|| loaded.clone()));
            view! { <Tracked current secret=secret.clone() on_update=move |r| updated.set(Some(r))/> }
                .into_any()
        }
        Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
    }
}

/// A report this browser said "me too" to: what everyone may see of it.
#[component]
fn FollowedReport(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let request = crate::ui::load::use_load_once(async move { client::public_request(&id).await });
    move || {
        match request.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
        Some(Ok(r)) => view! {
            <p class="eyebrow">{fill(i18n.t().report_number, &[("id", &r.service_request_id)])} " · " {rtr(|t| t.report_following)}</p>
            <h1>{service_name(i18n.locale.get_untracked(), &r.service_code)}</h1>
            <p class="state" data-testid="tracking-status">{status_name(i18n.locale.get_untracked(), &r.status)}</p>
            {r.duplicate_of.clone().map(|original| view! { <MergedInto original/> })}
            <dl class="facts">
                <div><dt>{tr(|t| t.report_description)}</dt><dd>{
                    // A duplicate's notice names its original; only a hidden description leaves
                    // the description empty beside a notice otherwise.
                    if r.description.is_empty() && !r.service_notice.is_empty() && r.duplicate_of.is_none() {
                        view! { <em>{rtr(|t| t.report_hidden_public)}</em> }.into_any()
                    } else {
                        r.description.clone().into_any()
                    }
                }</dd></div>
                <div><dt>{tr(|t| t.report_due)}</dt><dd>{short_time(&r.expected_datetime)}</dd></div>
                <div><dt>{tr(|t| t.report_timeline)}</dt><dd>{r.status_notes.clone()}</dd></div>
            </dl>
            <p data-testid="supporters">{fill(i18n.r().report_supporters, &[("n", &r.supporters.to_string())])}</p>
        }
        .into_any(),
    }
    }
}

#[component]
fn Tracked(
    current: Signal<TrackedRequest>,
    secret: String,
    #[prop(into)] on_update: Callback<TrackedRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || service_name(i18n.locale.get(), &current.get().service_code);
    let status = move || status_name(i18n.locale.get(), &current.get().status);
    let (rating_secret, reopen_secret, erase_secret, stop_secret) =
        (secret.clone(), secret.clone(), secret.clone(), secret);
    // Set once the server has stopped the text messages, which the answer then says are off.
    let messages_stopped = RwSignal::new(false);
    let on_stopped = move |r| {
        messages_stopped.set(true);
        on_update.run(r);
    };
    // Set once the server has erased the number, which the answer then no longer carries.
    let phone_erased = RwSignal::new(false);
    let on_erased = move |r| {
        phone_erased.set(true);
        on_update.run(r);
    };
    view! {
        <p class="eyebrow">{move || fill(i18n.t().report_number, &[("id", &current.get().id)])}</p>
        <h1>{title}</h1>
        <p class="state" data-testid="tracking-status">{status}</p>
        {move || current.get().duplicate_of.map(|original| view! { <MergedInto original/> })}
        <dl class="facts">
            <div>
                <dt>{tr(|t| t.report_description)}</dt>
                <dd>{move || current.get().description}</dd>
            </div>
            <div>
                <dt>{tr(|t| t.report_due)}</dt>
                <dd>
                    {move || short_time(&current.get().expected_at)}
                    {crate::ui::shown::shown(move || current.get().overdue, move || view! {
                        " " <span class="badge badge-warn">{tr(|t| t.report_overdue)}</span>
                    })}
                </dd>
            </div>
            <div>
                <dt>{rtr(|t| t.report_supporters_label)}</dt>
                <dd data-testid="supporters">{move || current.get().supporters}</dd>
            </div>
            {crate::ui::shown::shown(move || current.get().phone_masked.is_some(), move || view! {
                <div>
                    <dt>{tr(|t| t.phone_label)}</dt>
                    <dd>{move || current.get().phone_masked.unwrap_or_default()}</dd>
                </div>
            })}
        </dl>
        {crate::ui::shown::shown(move || !current.get().hidden.is_empty(), move || view! {
            <HiddenParts hidden=Signal::derive(move || current.get().hidden)/>
        })}
        {crate::ui::shown::shown(move || current.get().phone_masked.is_some(), move || view! {
            <p class="card-meta" data-testid="phone-erased-after">
                {move || fill(i18n.r().report_phone_erased_after, &[("n", &current.get().phone_erased_after_days.to_string())])}
            </p>
            <PhoneErasure id=current.get_untracked().id secret=erase_secret.clone() on_erased/>
        })}
        {crate::ui::shown::shown(move || current.get().messages_on, move || view! {
            <StopMessages id=current.get_untracked().id secret=stop_secret.clone() on_stopped/>
        })}
        {crate::ui::shown::shown(move || messages_stopped.get(), move || view! {
            <p class="notice" role="status" data-testid="messages-stopped">{rtr(|t| t.report_messages_stopped)}</p>
        })}
        {crate::ui::shown::shown(move || phone_erased.get(), move || view! {
            <p class="notice" role="status" data-testid="phone-erased">{rtr(|t| t.report_phone_erased)}</p>
        })}
        {crate::ui::shown::shown(move || !current.get().photos.is_empty(), move || view! {
            <ul class="thumbnails" data-testid="report-photos">
                {move || current.get().photos.into_iter().map(|src| view! {
                    <li><img src=src alt=move || i18n.r().report_photo_alt width="160" height="120"/></li>
                }).collect_view()}
            </ul>
        })}
        <h2>{tr(|t| t.report_timeline)}</h2>
        <ol class="timeline" data-testid="timeline">
            {move || current.get().timeline.into_iter().map(|entry| view! {
                <li>
                    <strong>{status_name(i18n.locale.get(), &entry.status)}</strong>
                    <span class="card-meta">{short_time(&entry.at)}</span>
                    <span>{entry.note}</span>
                    // A step the city's own system (12345) took, through its key.
                    {entry.by_system.map(|system| view! {
                        <span class="card-meta" data-testid="by-system">{move || fill(i18n.r().report_by_system, &[("system", &system)])}</span>
                    })}
                </li>
            }).collect_view()}
        </ol>
        {crate::ui::shown::shown(move || current.get().can_rate, move || view! {
            <RatingForm id=current.get_untracked().id secret=rating_secret.clone() on_update/>
        })}
        {crate::ui::shown::shown(move || current.get().rating.is_some(), move || view! {
            <p data-testid="rated">{move || fill(i18n.r().report_rated, &[("n", &current.get().rating.unwrap_or(0).to_string())])}</p>
        })}
        {crate::ui::shown::shown(move || current.get().can_reopen, move || view! {
            <ReopenForm id=current.get_untracked().id secret=reopen_secret.clone() on_update/>
        })}
    }
}

#[component]
fn RatingForm(id: String, secret: String, on_update: Callback<TrackedRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let rating = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let send = use_request();
    let target = StoredValue::new((id, secret));
    // Hands the updated request to the page once the server has stored the rating.
    Effect::new(move |_| {
        if let Some(Ok(updated)) = send.answer() {
            on_update.run(updated);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if rating.get_untracked() > 0 {
            let request = RatingRequest {
                rating: rating.get_untracked(),
                comment: comment.get_untracked(),
            };
            let (id, secret) = target.get_value();
            send.send(async move { client::rate(&id, &secret, &request).await });
        }
    };
    view! {
        <form class="form" on:submit=on_submit>
            <fieldset class="stars">
                <legend>{rtr(|t| t.report_rate)}</legend>
                {(1..=5u8).map(|n| view! {
                    <button type="button" class="star" aria-pressed=move || (rating.get() >= n).to_string()
                        aria-label=move || fill(i18n.r().report_stars, &[("n", &n.to_string())])
                        on:click=move |_| rating.set(n)>"★"</button>
                }).collect_view()}
            </fieldset>
            <label for="rating-comment">{rtr(|t| t.report_rate_comment)}</label>
            <textarea id="rating-comment" rows="2" prop:value=move || comment.get()
                on:input=move |e| comment.set(event_target_value(&e))></textarea>
            <p class="field-error" role="alert">
                {move || send.answer().and_then(|r| r.err()).map(|e| error_sentence(i18n.t(), &e))}
            </p>
            <button class="button button-primary" type="submit" disabled=move || rating.get() == 0>
                {rtr(|t| t.report_rate_submit)}
            </button>
        </form>
    }
}

#[component]
fn ReopenForm(id: String, secret: String, on_update: Callback<TrackedRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let send = use_request();
    let target = StoredValue::new((id, secret));
    // Hands the reopened request to the page once the server has accepted.
    Effect::new(move |_| {
        if let Some(Ok(updated)) = send.answer() {
            on_update.run(updated);
        }
    });
    view! {
        <details class="reopen">
            <summary>{rtr(|t| t.report_reopen)}</summary>
            <form class="form" on:submit=move |event| {
                event.prevent_default();
                let request = ReopenRequest { reason: reason.get_untracked() };
                let (id, secret) = target.get_value();
                send.send(async move { client::reopen(&id, &secret, &request).await });
            }>
                <label for="reopen-reason">{rtr(|t| t.report_reopen_reason)}</label>
                <textarea id="reopen-reason" rows="2" prop:value=move || reason.get()
                    on:input=move |e| reason.set(event_target_value(&e))></textarea>
                <p class="field-error" role="alert">
                    {move || send.answer().and_then(|r| r.err()).map(|e| error_sentence(i18n.t(), &e))}
                </p>
                <button class="button" type="submit">{rtr(|t| t.report_reopen_submit)}</button>
            </form>
        </details>
    }
}

/// The original a duplicate was merged into: its public page, which anyone may follow (the
/// reporter holds no secret to it).
#[component]
fn MergedInto(original: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/r/{original}");
    view! {
        <p class="notice" role="status" data-testid="merged-into">
            {fill(i18n.r().report_merged_into, &[("id", &original)])} " "
            <a href=href>{fill(i18n.r().report_merged_link, &[("id", &original)])}</a>
        </p>
    }
}

/// What the committee kept from the public, and why: only the reporter sees this page.
#[component]
fn HiddenParts(hidden: Signal<Vec<HiddenPart>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice" data-testid="hidden-parts" aria-labelledby="hidden-parts-title">
            <h2 id="hidden-parts-title">{rtr(|t| t.report_hidden_title)}</h2>
            <ul>
                {move || hidden.get().into_iter().map(|h| {
                    let line = match h.part {
                        ReportPart::Description => fill(i18n.r().report_hidden_description, &[("reason", &h.reason)]),
                        ReportPart::Photo(n) => fill(i18n.r().report_hidden_photo, &[("n", &n.to_string()), ("reason", &h.reason)]),
                        ReportPart::Update(_) => fill(i18n.r().report_hidden_update, &[("reason", &h.reason)]),
                    };
                    view! { <li>{line}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Stop text messages": the district's gateway sends this report's changes to the reporter's
/// phone until they tap this; the page still shows every change.
#[component]
fn StopMessages(
    id: String,
    secret: String,
    #[prop(into)] on_stopped: Callback<TrackedRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let send = use_request();
    let target = StoredValue::new((id, secret));
    Effect::new(move |_| {
        if let Some(Ok(updated)) = send.answer() {
            on_stopped.run(updated);
        }
    });
    let stop = move |_| {
        let (id, secret) = target.get_value();
        send.send(async move { client::stop_messages(&id, &secret).await });
    };
    view! {
        <div class="messages-stop">
            <p class="card-meta" id="messages-on">{rtr(|t| t.report_messages_on)}</p>
            <button class="button button-secondary" type="button" data-testid="messages-stop"
                aria-describedby="messages-on" disabled=move || send.pending() on:click=stop>
                {rtr(|t| t.report_messages_stop)}
            </button>
            <p class="field-error" role="alert">
                {move || send.answer().and_then(|r| r.err()).map(|e| error_sentence(i18n.t(), &e))}
            </p>
        </div>
    }
}

/// "Erase my phone number", asked once more before it is sent: the committee can then no longer
/// call back.
#[component]
fn PhoneErasure(
    id: String,
    secret: String,
    #[prop(into)] on_erased: Callback<TrackedRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let send = use_request();
    let target = StoredValue::new((id, secret));
    // Hands the request without its number to the page once the server has erased it.
    Effect::new(move |_| {
        if let Some(Ok(updated)) = send.answer() {
            on_erased.run(updated);
        }
    });
    let erase = move |_| {
        let (id, secret) = target.get_value();
        send.send(async move { client::erase_phone(&id, &secret).await });
    };
    view! {
        <div class="phone-erasure">
            {move || (!asking.get()).then(|| view! {
                <button class="button button-secondary" type="button" id="phone-erase"
                    data-testid="phone-erase" on:click=move |_| asking.set(true)>
                    {rtr(|t| t.report_phone_erase)}
                </button>
            })}
            {move || asking.get().then(|| {
                // The button that was tapped is gone: the focus moves to the question's answer.
                focus_when_drawn("phone-erase-confirm");
                view! {
                    <p id="phone-erase-question">{rtr(|t| t.report_phone_erase_question)}</p>
                    <button class="button button-primary" type="button" id="phone-erase-confirm"
                        data-testid="phone-erase-confirm" aria-describedby="phone-erase-question"
                        disabled=move || send.pending() on:click=erase>
                        {rtr(|t| t.report_phone_erase_confirm)}
                    </button>
                    " "
                    <button class="button button-secondary" type="button" on:click=move |_| {
                        asking.set(false);
                        focus_when_drawn("phone-erase");
                    }>
                        {rtr(|t| t.report_phone_erase_keep)}
                    </button>
                }
            })}
            <p class="field-error" role="alert">
                {move || send.answer().and_then(|r| r.err()).map(|e| error_sentence(i18n.t(), &e))}
            </p>
        </div>
    }
}
