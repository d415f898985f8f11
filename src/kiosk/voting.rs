//! In-person voting at the kiosk: the household's code typed on a large on-screen keypad (its
//! check character catches a typo before anything is sent), the ballot at kiosk size with the
//! vote page's own project cards and rules, the vote sent with the kiosk's token so it counts
//! under the kiosk channel, and the receipt as a QR to photograph.

use leptos::prelude::*;
use linli_api::{Ballot, CastVote, Channel, VoteReceipt, paths};
use linli_core::voting_code::{ALPHABET, CODE_LEN, VotingCode};

use crate::client::{self, ClientError};
use crate::i18n::{fill, ktr, tr, use_i18n};
use crate::kiosk::qr::Qr;
use crate::kiosk::state::{Screen, use_kiosk};
use crate::ui::error_view::{ErrorView, error_sentence};
use crate::vote::{BallotChoices, ProjectCard, code_error_text, selection_text};

/// Groups of four, as the code sheet prints them: `ABCD-EFGH-JKM7`.
fn grouped(typed: &str) -> String {
    typed
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[component]
pub(crate) fn Keypad(ballot_id: String) -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ClientError>);
    let press = move |c: char| {
        problem.set(String::new());
        typed.update(|t| {
            if t.len() < CODE_LEN {
                t.push(c);
            }
        });
    };
    let ballot_id = StoredValue::new(ballot_id);
    let next = move |_| {
        let code = typed.get_untracked();
        match VotingCode::parse(&code) {
            Err(error) => problem.set(code_error_text(i18n.t(), &error)),
            Ok(valid) => {
                loading.set(true);
                let id = ballot_id.get_value();
                leptos::task::spawn_local(async move {
                    match client::ballot(&id).await {
                        Ok(ballot) => kiosk.show(Screen::Ballot {
                            ballot: Box::new(ballot),
                            code: valid.grouped(),
                        }),
                        Err(error) => {
                            loading.set(false);
                            failed.set(Some(error));
                        }
                    }
                });
            }
        }
    };
    let keys = ALPHABET
        .iter()
        .map(|&byte| {
            let c = byte as char;
            view! {
                <button class="kiosk-key" type="button" on:click=move |_| press(c) data-key=c.to_string()>
                    {c.to_string()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="kiosk-keypad" aria-labelledby="kiosk-keypad-title" data-testid="kiosk-keypad">
            <h2 id="kiosk-keypad-title">{ktr(|k| k.keypad_title)}</h2>
            <p>{ktr(|k| k.keypad_hint)}</p>
            <output class="kiosk-code" data-testid="kiosk-code" aria-live="polite" aria-labelledby="kiosk-keypad-title">
                {move || {
                    let shown = grouped(&typed.get());
                    if shown.is_empty() { "____-____-____".to_owned() } else { shown }
                }}
            </output>
            <p class="kiosk-error" role="alert" data-testid="kiosk-code-error">{move || problem.get()}</p>
            <div class="kiosk-keys">{keys}</div>
            <div class="kiosk-actions">
                <button class="kiosk-button" type="button" data-testid="kiosk-key-delete"
                    on:click=move |_| { problem.set(String::new()); typed.update(|t| { t.pop(); }); }>
                    "⌫ " {ktr(|k| k.key_delete)}
                </button>
                <button class="kiosk-button" type="button" on:click=move |_| { problem.set(String::new()); typed.set(String::new()); }>
                    {ktr(|k| k.key_clear)}
                </button>
                <button class="kiosk-button kiosk-primary" type="button" data-testid="kiosk-keypad-next"
                    on:click=next disabled=move || loading.get()>
                    {ktr(|k| k.keypad_next)}
                </button>
            </div>
            {move || failed.get().map(|error| view! { <ErrorView error/> })}
            <BackButton/>
        </section>
    }
}

#[component]
fn BackButton() -> impl IntoView {
    let kiosk = use_kiosk();
    view! {
        <button class="kiosk-button kiosk-back" type="button" data-testid="kiosk-back"
            on:click=move |_| crate::kiosk::wipe::wipe(kiosk)>
            {ktr(|k| k.back)}
        </button>
    }
}

#[component]
pub(crate) fn KioskBallot(ballot: Ballot, code: String) -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let chosen = RwSignal::new(Vec::<String>::new());
    let problem = RwSignal::new(String::new());
    let rules = StoredValue::new(BallotChoices::new(&ballot));
    let ballot_id = StoredValue::new(ballot.summary.id.clone());
    let code = StoredValue::new(code);
    // One key for this visitor's vote, sent again with every press of Vote until the receipt
    // shows: a vote whose answer was lost is then answered with its receipt. The screen and the
    // key go with the visit.
    let idempotency_key = StoredValue::new(crate::ui::random::random_hex(16));
    let cast = Action::new_local(move |vote: &CastVote| {
        let vote = vote.clone();
        let id = ballot_id.get_value();
        let token = kiosk.token.get_untracked();
        async move {
            client::kiosk_post::<_, VoteReceipt>(&paths::cast_vote(&id), token.as_deref(), &vote)
                .await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(receipt)) = cast.value().get() {
            kiosk.show(Screen::Receipt { receipt });
        }
    });
    let vote = move |_| match rules.with_value(|r| r.check(&chosen.get_untracked())) {
        Err(error) => problem.set(selection_text(
            i18n.t(),
            i18n.locale.get_untracked(),
            &error,
        )),
        Ok(valid) => {
            problem.set(String::new());
            cast.dispatch(CastVote {
                code: code.get_value(),
                selections: valid.project_ids,
                channel: Channel::Kiosk,
                // Codes only: an open poll's one-vote-per-device would be one per visit here,
                // since every visit is wiped.
                device: None,
                idempotency_key: Some(idempotency_key.get_value()),
            });
        }
    };
    let live = move || {
        rules
            .with_value(|r| r.live_problem(&chosen.read()))
            .map(|error| selection_text(i18n.t(), i18n.locale.get(), &error))
            .unwrap_or_default()
    };
    let counter = move || {
        fill(
            i18n.t().vote_counter,
            &[("n", &chosen.read().len().to_string())],
        )
    };
    let refusal = move || {
        cast.value().get().and_then(Result::err).map(|error| {
            let reason = error_sentence(i18n.t(), &error);
            view! {
                <div class="error-view" role="alert" data-testid="kiosk-vote-refused">
                    <p>{tr(|t| t.vote_refused)}</p>
                    <p>{reason}</p>
                </div>
            }
        })
    };
    let cards = ballot
        .projects
        .into_iter()
        .map(|project| view! { <ProjectCard project chosen/> })
        .collect_view();
    view! {
        <section class="kiosk-ballot" aria-labelledby="kiosk-ballot-title" data-testid="kiosk-ballot">
            <h2 id="kiosk-ballot-title">{ballot.summary.title.clone()}</h2>
            <p>{ballot.explanation.clone()}</p>
            <p class="kiosk-figure" aria-live="polite">
                <span data-testid="vote-counter">{counter}</span>
                " " <span class="kiosk-error">{live}</span>
            </p>
            <ul class="card-list kiosk-projects" data-testid="project-list">{cards}</ul>
            <p class="kiosk-error" role="alert">{move || problem.get()}</p>
            <p class="vote-final">{tr(|t| t.vote_final_rule)}</p>
            <div class="kiosk-actions">
                <BackButton/>
                <button class="kiosk-button kiosk-primary" type="button" data-testid="kiosk-cast"
                    on:click=vote disabled=move || cast.pending().get()>
                    {ktr(|k| k.ballot_vote)}
                </button>
            </div>
            {refusal}
        </section>
    }
}

#[component]
pub(crate) fn ReceiptScreen(receipt: VoteReceipt) -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let url = format!(
        "{}/v/{}?receipt={}",
        crate::shell::public_origin(),
        receipt.ballot_id,
        receipt.receipt
    );
    let label = Signal::derive(move || i18n.locale.get().kiosk_strings().receipt_photo.to_owned());
    view! {
        <section class="kiosk-receipt" aria-labelledby="kiosk-receipt-title" data-testid="kiosk-receipt">
            <h2 id="kiosk-receipt-title">{ktr(|k| k.receipt_title)}</h2>
            <Qr text=url label/>
            <p class="kiosk-receipt-id" data-testid="kiosk-receipt-id">{receipt.receipt.clone()}</p>
            <p>{ktr(|k| k.receipt_photo)}</p>
            <button class="kiosk-button kiosk-primary" type="button" data-testid="kiosk-receipt-done"
                on:click=move |_| crate::kiosk::wipe::wipe(kiosk)>
                {ktr(|k| k.receipt_done)}
            </button>
        </section>
    }
}
