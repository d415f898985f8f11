//! One ballot at the committee's desk (`/admin/ballots/{id}`): its state, open and close, live
//! turnout, voting codes and their print sheet, paper ballots, and the exports after close.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use linli_api::{BallotStatus, CommitteeBallot, paths};

use crate::admin::codes::CodesPanel;
use crate::admin::errors::CommitteeError;
use crate::admin::paper::PaperPanel;
use crate::client;
use crate::i18n::{ballot_status_text, ctr, fill, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;

/// How often the desk asks for fresh turnout while a ballot is open.
const TURNOUT_EVERY: Duration = Duration::from_secs(10);

#[component]
pub(crate) fn BallotDesk() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let ballot = LocalResource::new(move || {
        let id = id();
        async move { client::admin_ballot(&id).await }
    });
    view! {
        <section class="page admin-page">
            <A href="/admin/ballots">{ctr(|c| c.vote_all_ballots)}</A>
            {move || match ballot.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(loaded)) => view! { <Desk ballot=loaded on_change=move || ballot.refetch()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Desk(ballot: CommitteeBallot, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let CommitteeBallot {
        ballot,
        close_request,
    } = ballot;
    let status = ballot.summary.status;
    let id = StoredValue::new(ballot.summary.id.clone());
    let change = Action::new_local(move |open: &bool| {
        let (open, id) = (*open, id.get_value());
        async move {
            if open {
                client::open_ballot(&id).await.map(|_| ())
            } else {
                client::close_ballot(&id).await.map(|_| ())
            }
        }
    });
    // Reloads the ballot once the server has opened it, closed it, or taken a request to close.
    Effect::new(move |_| {
        if let Some(Ok(_)) = change.value().get() {
            on_change.run(());
        }
    });
    let sure = RwSignal::new(false);
    let change_error = move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorView error/> })
    };
    let window = format!(
        "{} – {}",
        short_time(&ballot.summary.opens_at),
        short_time(&ballot.summary.closes_at)
    );
    let actions = match status {
        BallotStatus::Draft => view! {
            <button class="button button-primary" type="button" disabled=move || change.pending().get()
                on:click=move |_| { change.dispatch(true); }>{ctr(|c| c.vote_open)}</button>
            <A href=format!("/admin/ballots/{}/edit", id.get_value()) attr:class="button button-secondary">{ctr(|c| c.vote_edit_draft)}</A>
        }
        .into_any(),
        // Closing before the announced time takes two members: one asks, another confirms.
        BallotStatus::Open => match close_request {
            None => view! {
                <Show when=move || !sure.get() fallback=move || view! {
                    <button class="button button-primary" type="button" disabled=move || change.pending().get()
                        on:click=move |_| { change.dispatch(false); }>{ctr(|c| c.vote_close_sure)}</button>
                }>
                    <button class="button" type="button" on:click=move |_| sure.set(true)>{ctr(|c| c.vote_close)}</button>
                </Show>
            }
            .into_any(),
            Some(request) if request.mine => {
                let at = short_time(&request.requested_at);
                view! {
                    <p class="notice" data-testid="close-pending">
                        {move || fill(i18n.c().vote_close_waiting, &[("at", &at)])}
                    </p>
                }
                .into_any()
            }
            Some(request) => {
                let at = short_time(&request.requested_at);
                let by = request.requested_by.clone();
                view! {
                    <p class="notice" data-testid="close-pending">
                        {move || fill(i18n.c().vote_close_asked, &[("by", &by), ("at", &at)])}
                    </p>
                    <button class="button button-primary" type="button" disabled=move || change.pending().get()
                        on:click=move |_| { change.dispatch(false); }>{ctr(|c| c.vote_close_confirm)}</button>
                }
                .into_any()
            }
        },
        BallotStatus::Closed => view! {
            <p>
                <A href=format!("/v/{}", id.get_value()) attr:target="_blank">{ctr(|c| c.vote_public_page)}</A>
                " · " {ctr(|c| c.vote_export)} ": "
                <a href=paths::export_csv(&id.get_value()) download>"CSV"</a> " · "
                <a href=paths::export_pb(&id.get_value()) download>"Pabulib .pb"</a>
            </p>
        }
        .into_any(),
    };
    let projects = ballot.projects.clone();
    let open_poll = ballot.open_poll;
    view! {
        <span class="badge" data-testid="desk-status">{move || ballot_status_text(i18n.t(), status)}</span>
        {open_poll.then(|| view! { " " <span class="badge badge-warn" data-testid="desk-poll">{crate::i18n::vtr(|t| t.vote_poll_label)}</span> })}
        <h1>{ballot.summary.title.clone()}</h1>
        <p class="card-meta">{ballot.summary.id.clone()} " · " {window}</p>
        {open_poll.then(|| view! { <p class="poll-label">{ctr(|c| c.vote_poll_no_codes)}</p> })}
        <div class="actions">{actions}</div>
        {change_error}
        {(status != BallotStatus::Draft).then(|| view! { <LiveTurnout id=id.get_value() live=status == BallotStatus::Open open_poll/> })}
        {(!open_poll && status != BallotStatus::Closed).then(|| view! { <CodesPanel ballot_id=id.get_value() open=status == BallotStatus::Open/> })}
        {(!open_poll && status == BallotStatus::Open).then(|| view! { <PaperPanel ballot_id=id.get_value() projects/> })}
    }
}

/// Turnout, asked again every few seconds while the ballot is open.
#[component]
fn LiveTurnout(id: String, live: bool, open_poll: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let turnout = LocalResource::new(move || {
        let id = id.get_value();
        async move { client::turnout(&id).await }
    });
    if live {
        // A browser timer, outside Leptos: refresh the figures, and stop when the page goes.
        if let Ok(handle) = set_interval_with_handle(move || turnout.refetch(), TURNOUT_EVERY) {
            on_cleanup(move || handle.clear());
        }
    }
    let line = move || {
        turnout.get().map(|loaded| match loaded {
            Ok(t) => {
                let number = |n: u64| n.to_string();
                let template = if open_poll {
                    i18n.c().vote_poll_turnout_line
                } else {
                    i18n.c().vote_turnout_line
                };
                let text = fill(
                    template,
                    &[
                        ("spent", &number(t.codes_spent)),
                        ("n", &number(t.codes_spent)),
                        ("issued", &number(t.codes_issued)),
                        ("phone", &number(t.by_channel.phone)),
                        ("kiosk", &number(t.by_channel.kiosk)),
                        ("paper", &number(t.by_channel.paper)),
                        ("pending", &number(t.paper_pending)),
                    ],
                );
                view! { <p data-testid="desk-turnout">{text}</p> }.into_any()
            }
            Err(error) => view! { <ErrorView error/> }.into_any(),
        })
    };
    view! {
        <h2>{crate::i18n::tr(|t| t.vote_turnout_title)}</h2>
        {line}
    }
}
