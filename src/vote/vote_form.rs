//! The one-screen vote: the code (from the link's fragment, or typed), the project cards in this
//! voter's order, a live counter and budget bar, the rule that a vote is final, one Vote button
//! with a short confirmation, then the receipt. Every check the server makes is made here first
//! with the same code (`linli_core`), and whatever the server still refuses is shown as it says.
//! An open poll (非约束性意见征集) asks for no code: it sends this browser's random id instead,
//! and the server counts one vote per device.

use leptos::prelude::*;
use linli_api::{Ballot, CastVote, Channel};
use linli_core::selection::SelectionError;
use linli_core::voting_code::{VotingCode, VotingCodeError};

use crate::client;
use crate::i18n::{Strings, fill, money, text, tr, use_i18n};
use crate::ui::request::use_request;
use crate::ui::stored::{self, Store};
use crate::vote::choices::{BallotChoices, selection_text};
use crate::vote::order::{shuffled, voter_seed};
use crate::vote::project_card::ProjectCard;
use crate::vote::receipt::ReceiptView;

const DEVICE_SEED_KEY: &str = "linli.vote-seed";
const POLL_DEVICE_KEY: &str = "linli.poll-device";
/// Followed by the ballot id: the key of this tab's vote on it that has no receipt yet.
const PENDING_VOTE_KEY: &str = "linli.vote-pending.";

pub(crate) fn code_error_text(t: &Strings, error: &VotingCodeError) -> String {
    match error {
        VotingCodeError::Empty => t.vote_code_error_empty.to_owned(),
        VotingCodeError::BadCharacter {
            character,
            position,
        } => fill(
            t.vote_code_error_char,
            &[("n", &position.to_string()), ("c", &character.to_string())],
        ),
        VotingCodeError::WrongLength { found } => {
            fill(t.vote_code_error_length, &[("n", &found.to_string())])
        }
        VotingCodeError::CheckFailed => t.vote_code_error_check.to_owned(),
    }
}

/// This browser's own shuffle seed, for a voter who types the code: kept in local storage so a
/// reload keeps the cards where they were.
fn device_seed() -> String {
    stored::kept(
        Store::Local,
        DEVICE_SEED_KEY,
        |_| true,
        || {
            u64::from_str_radix(&crate::ui::random::random_hex(4), 16)
                .expect("hex digits")
                .to_string()
        },
    )
}

/// This browser's random id for open polls, kept in local storage (a kiosk wipes it with the
/// rest of a visit). It names no one; the server keeps only a keyed hash of it per poll.
fn poll_device_id() -> String {
    stored::kept(
        Store::Local,
        POLL_DEVICE_KEY,
        |id| id.len() >= 16,
        || crate::ui::random::random_hex(16),
    )
}

/// The key of this tab's vote on `ballot` not yet answered with a receipt, made on the first
/// send and kept in session storage, so a resend (a second press after a lost answer, or after
/// a reload) is answered with the receipt the vote was counted under. Dropped once the receipt
/// shows ([`forget_pending_vote_key`]).
fn pending_vote_key(ballot: &str) -> String {
    stored::kept(
        Store::Session,
        &format!("{PENDING_VOTE_KEY}{ballot}"),
        |key| key.len() >= 16,
        || crate::ui::random::random_hex(16),
    )
}

fn forget_pending_vote_key(ballot: &str) {
    stored::remove(Store::Session, &format!("{PENDING_VOTE_KEY}{ballot}"));
}

/// Why the Vote button did not go on to the confirmation.
#[derive(Clone, Debug, PartialEq)]
enum NotReady {
    Code(VotingCodeError),
    Selection(SelectionError),
}

#[component]
pub(crate) fn VoteForm(ballot: Ballot, channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    let open_poll = ballot.open_poll;
    let fragment = window().location().hash().unwrap_or_default();
    let initial_code = fragment.trim_start_matches('#').to_owned();
    let seed = voter_seed(&initial_code, &device_seed());
    let code = RwSignal::new(initial_code);
    let chosen = RwSignal::new(Vec::<String>::new());
    let not_ready = RwSignal::new(None::<NotReady>);
    let confirming = RwSignal::new(false);
    let rules = StoredValue::new(BallotChoices::new(&ballot));
    let ballot_id = StoredValue::new(ballot.summary.id.clone());
    let closes_at = ballot.summary.closes_at.clone();
    let titles = StoredValue::new(
        ballot
            .projects
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect::<Vec<_>>(),
    );

    let cast = use_request();

    let live_problem = text(move || {
        let t = i18n.t();
        rules
            .with_value(|r| r.live_problem(&chosen.read()))
            .map(|error| selection_text(t, i18n.locale.get(), &error))
            .unwrap_or_default()
    });
    let counter = {
        let max = ballot.max_choices;
        let unlimited = max as usize >= ballot.projects.len();
        text(move || {
            let n = chosen.read().len().to_string();
            let t = i18n.t();
            if unlimited {
                fill(t.vote_counter, &[("n", &n)])
            } else {
                fill(t.vote_counter_max, &[("n", &n), ("max", &max.to_string())])
            }
        })
    };
    let budget_bar = rules.with_value(|r| r.budget()).map(|budget| {
        let total = move || rules.with_value(|r| r.total(&chosen.read()));
        let used = text(move || {
            let locale = i18n.locale.get();
            fill(
                i18n.t().vote_budget_used,
                &[
                    ("used", &money(locale, total())),
                    ("budget", &money(locale, budget)),
                ],
            )
        });
        view! {
            <progress class="budget-bar" class:over={move || total() > budget}
                max=budget.to_string() value=move || total().min(budget).to_string()
                aria-label=tr(|t| t.vote_budget_bar)></progress>
            <span data-testid="budget-used">{used}</span>
        }
    });

    // The Vote button: the code and the choices are checked here before anything is sent.
    let on_vote = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let code_problem = if open_poll {
            None
        } else {
            VotingCode::parse(&code.get_untracked()).err()
        };
        let problem = match code_problem {
            Some(error) => Some(NotReady::Code(error)),
            None => rules
                .with_value(|r| r.check(&chosen.get_untracked()))
                .err()
                .map(NotReady::Selection),
        };
        confirming.set(problem.is_none());
        not_ready.set(problem);
    };
    let on_confirm = move || {
        let Ok(valid) = rules.with_value(|r| r.check(&chosen.get_untracked())) else {
            return;
        };
        let vote = CastVote {
            code: if open_poll {
                String::new()
            } else {
                code.get_untracked()
            },
            selections: valid.project_ids,
            channel,
            device: open_poll.then(poll_device_id),
            idempotency_key: Some(pending_vote_key(&ballot_id.get_value())),
        };
        let ballot = ballot_id.get_value();
        cast.send(async move { client::cast_vote(&ballot, &vote).await });
        confirming.set(false);
    };

    let code_error = text(move || match not_ready.get() {
        Some(NotReady::Code(error)) => code_error_text(i18n.t(), &error),
        _ => String::new(),
    });
    let selection_error = text(move || match not_ready.get() {
        Some(NotReady::Selection(error)) => selection_text(i18n.t(), i18n.locale.get(), &error),
        _ => String::new(),
    });
    let refusal = move || {
        cast.answer().and_then(Result::err).map(|error| {
            let t = i18n.t();
            let reason = crate::ui::error_view::error_sentence(t, &error);
            view! {
                <div class="error-view" role="alert" data-testid="vote-refused">
                    <p>{tr(|t| t.vote_refused)}</p>
                    <p>{reason}</p>
                </div>
            }
        })
    };

    let order = shuffled(ballot.projects.len(), &seed);
    let mut projects: Vec<Option<linli_api::Project>> =
        ballot.projects.into_iter().map(Some).collect();
    let cards = order
        .into_iter()
        .filter_map(|position| projects[position].take())
        .map(|project| view! { <ProjectCard project chosen/> })
        .collect_view();

    let receipt = move || cast.answer().and_then(Result::ok);
    // Session storage: once the receipt shows, the pending vote's key is done with.
    Effect::new(move |_| {
        if receipt().is_some() {
            forget_pending_vote_key(&ballot_id.get_value());
        }
    });
    view! {
        <div hidden=move || receipt().is_some()>
            <form class="vote-form" on:submit=on_vote novalidate>
                <div class="code-entry" hidden=open_poll>
                    <label for="vote-code">{tr(|t| t.vote_code_label)}</label>
                    <p class="hint" id="vote-code-hint">{tr(|t| t.vote_code_hint)}</p>
                    <input id="vote-code" name="code" type="text" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" class="code-text" aria-describedby="vote-code-hint vote-code-error"
                        aria-invalid=move || (!code_error.read().is_empty()).then_some("true")
                        prop:value=move || code.get()
                        on:input=move |e| { code.set(event_target_value(&e)); not_ready.set(None); }/>
                    <p class="field-error" id="vote-code-error" aria-live="polite" data-testid="code-error">{code_error}</p>
                </div>
                <h2>{tr(|t| t.vote_choose_title)}</h2>
                <div class="vote-status" aria-live="polite">
                    <span data-testid="vote-counter">{counter}</span>
                    {budget_bar}
                    <span class="field-error" data-testid="vote-problem">{live_problem}</span>
                </div>
                <ul class="card-list" data-testid="project-list">{cards}</ul>
                <p class="field-error" role="alert" data-testid="selection-error">{selection_error}</p>
                <p class="vote-final" id="vote-final">{tr(|t| t.vote_final_rule)}</p>
                {move || (!confirming.get()).then(|| view! {
                    <button class="button button-primary button-wide" type="submit" aria-describedby="vote-final"
                        disabled=move || cast.pending()>
                        {text(move || if cast.pending() { i18n.t().vote_sending } else { i18n.t().vote_button }.to_owned())}
                    </button>
                })}
            </form>
            {move || confirming.get().then(|| view! {
                <Confirmation chosen titles total=Signal::derive(move || rules.with_value(|r| r.total(&chosen.read())))
                    on_confirm=on_confirm on_back=move || confirming.set(false)/>
            })}
            {refusal}
        </div>
        {move || receipt().map(|receipt| view! {
            <ReceiptView receipt titles=titles.get_value() closes_at=closes_at.clone()/>
        })}
    }
}

/// The short summary before the vote is sent: what is chosen, what it costs, that it is final.
#[component]
fn Confirmation(
    chosen: RwSignal<Vec<String>>,
    titles: StoredValue<Vec<(String, String)>>,
    total: Signal<u64>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_back: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Moves the keyboard focus to the confirmation as it appears.
    crate::ui::focus::focus_when_drawn("vote-confirm");
    let summary = text(move || {
        fill(
            i18n.t().vote_confirm_summary,
            &[
                ("n", &chosen.read().len().to_string()),
                ("total", &money(i18n.locale.get(), total.get())),
            ],
        )
    });
    let names = move || {
        titles.with_value(|titles| {
            titles
                .iter()
                .filter(|(id, _)| chosen.read().contains(id))
                .map(|(_, title)| view! { <li>{title.clone()}</li> })
                .collect_view()
        })
    };
    view! {
        <div class="confirm" role="group" aria-labelledby="confirm-title" data-testid="confirm">
            <h2 id="confirm-title">{tr(|t| t.vote_confirm_title)}</h2>
            <p>{summary}</p>
            <ul>{names}</ul>
            <p class="vote-final">{tr(|t| t.vote_final_rule)}</p>
            <div class="actions">
                <button class="button button-primary" type="button" id="vote-confirm"
                    on:click=move |_| on_confirm.run(())>
                    {tr(|t| t.vote_confirm)}
                </button>
                <button class="button button-secondary" type="button" on:click=move |_| on_back.run(())>
                    {tr(|t| t.vote_back)}
                </button>
            </div>
        </div>
    }
}
