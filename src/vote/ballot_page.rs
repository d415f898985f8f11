//! `/v/{ballot}`: a ballot's explanation and rule, then, while it is open, the vote form and the
//! live turnout, and after close the results and the receipt search. A voting-code link lands
//! here too; its code stays in the URL fragment, which the browser never sends to a server.

use leptos::prelude::*;
use linli_api::{Ballot, BallotKind, BallotResults, BallotStatus, Channel, Turnout};

use crate::client::{self, ClientError};
use crate::i18n::{ballot_status_text, fill, money, text, use_i18n, vtr};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;
use crate::vote::receipt::ReceiptCheck;
use crate::vote::results::{HistoryView, ResultsView, TurnoutView};
use crate::vote::vote_form::VoteForm;

/// The figures that go with a ballot: live turnout while open, the results once closed.
#[derive(Clone)]
enum Figures {
    Turnout(Turnout),
    Results(BallotResults),
    None,
}

/// Everything the page shows, loaded by one resource: the ballot, then its figures.
#[derive(Clone)]
struct Loaded {
    ballot: Ballot,
    figures: Result<Figures, ClientError>,
}

async fn load(id: String) -> Result<Loaded, ClientError> {
    let ballot = client::ballot(&id).await?;
    let figures = match ballot.summary.status {
        BallotStatus::Open => client::turnout(&id).await.map(Figures::Turnout),
        BallotStatus::Closed => client::results(&id).await.map(Figures::Results),
        BallotStatus::Draft => Ok(Figures::None),
    };
    Ok(Loaded { ballot, figures })
}

/// `id`: the ballot the address names (`/v/<id>`).
#[component]
pub(crate) fn BallotPage(id: String) -> impl IntoView {
    let page = crate::ui::load::use_load_once(load(id));
    // A receipt's QR opens the page with `?receipt=`.
    let receipt = crate::ui::address::query_value("receipt");
    // Votes from this page are phone votes: the kiosk votes through its own bundle, with the
    // kiosk's token, which the server asks for before it counts a vote under the kiosk channel.
    let channel = || Channel::Phone;
    view! {
        <section class="page">
            {move || match page.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(loaded)) => {
                    view! { <BallotDetails loaded channel=channel() receipt=receipt.clone()/> }.into_any()
                }
            }}
        </section>
    }
}

/// `receipt`: the one a receipt's QR carries, checked after close or, while open, promised.
#[component]
fn BallotDetails(loaded: Loaded, channel: Channel, receipt: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded { ballot, figures } = loaded;
    let status = ballot.summary.status;
    let window = format!(
        "{} – {}",
        short_time(&ballot.summary.opens_at),
        short_time(&ballot.summary.closes_at)
    );
    let (kind, budget, min, max) = (
        ballot.summary.kind,
        ballot.budget_yuan,
        ballot.min_choices.to_string(),
        ballot.max_choices.to_string(),
    );
    let rule = text(move || {
        let t = i18n.t();
        match (kind, budget) {
            (BallotKind::Budget, Some(budget)) => fill(
                t.ballot_budget_rule,
                &[("budget", &money(i18n.locale.get(), budget))],
            ),
            _ => fill(t.ballot_approval_rule, &[("min", &min), ("max", &max)]),
        }
    });
    let ballot_id = ballot.summary.id.clone();
    let open_poll = ballot.open_poll;
    // An open poll says on every view that its outcome is advice, not a decision.
    let poll_label = open_poll.then(|| {
        view! {
            <p class="poll-label" data-testid="poll-label">
                <strong>{vtr(|t| t.vote_poll_label)}</strong> " " {vtr(|t| t.vote_poll_note)}
            </p>
        }
    });
    let header = view! {
        <span class="badge">{move || ballot_status_text(i18n.t(), status)}</span>
        {open_poll.then(|| view! { " " <span class="badge badge-warn">{vtr(|t| t.vote_poll_label)}</span> })}
        <h1>{ballot.summary.title.clone()}</h1>
        <p class="card-meta">{window}</p>
        {poll_label}
        <p>{ballot.explanation.clone()}</p>
        <p class="rule">{rule}</p>
    };
    let closes_at = ballot.summary.closes_at.clone();
    let given = receipt.clone();
    let waiting_receipt = receipt
        .filter(|_| status == BallotStatus::Open)
        .map(|receipt| {
            let closes = short_time(&closes_at);
            let line = text(move || {
                fill(
                    i18n.v().vote_receipt_wait,
                    &[
                        ("receipt", &receipt.to_ascii_uppercase()),
                        ("closes", &closes),
                    ],
                )
            });
            view! { <p class="notice" data-testid="receipt-wait">{line}</p> }
        });
    let figures = match figures {
        Err(error) => view! { <ErrorView error/> }.into_any(),
        Ok(Figures::Turnout(turnout)) => view! { <TurnoutView turnout open_poll/> }.into_any(),
        Ok(Figures::Results(results)) => view! {
            <ResultsView results/>
            <ReceiptCheck ballot_id=ballot_id.clone() given/>
            <HistoryView ballot_id/>
        }
        .into_any(),
        Ok(Figures::None) => ().into_any(),
    };
    let body = match status {
        BallotStatus::Open => view! { <VoteForm ballot channel/> }.into_any(),
        _ => ().into_any(),
    };
    view! { {header} {waiting_receipt} {body} {figures} }
}
