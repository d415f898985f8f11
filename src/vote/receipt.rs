//! The receipt after a vote (large, copyable, with its QR and where to check it, and the choice,
//! shown here on the voter's own device only), and the "check my vote" search after close, which
//! says whether a receipt was counted and, on purpose, not what it chose: a receipt must prove
//! nothing to someone who buys or presses votes. The QR is drawn by the server and holds
//! `/v/<ballot>?receipt=<id>`, which opens the search filled in (a receipt is no secret; the
//! voting code never leaves the fragment).

use leptos::prelude::*;
use linli_api::{VoteReceipt, paths};

use crate::client::{self, ClientError};
use crate::i18n::{fill, text, tr, use_i18n, vtr};
use crate::ui::request::use_request;
use crate::ui::time::short_time;

/// Titles of the projects with these ids, in the ballot's order.
fn chosen_titles(titles: &[(String, String)], ids: &[String]) -> Vec<String> {
    titles
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(_, title)| title.clone())
        .collect()
}

#[component]
pub(crate) fn ReceiptView(
    receipt: VoteReceipt,
    titles: Vec<(String, String)>,
    closes_at: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    // Moves the keyboard and screen-reader focus to the news that the vote is in.
    crate::ui::focus::focus_when_drawn("vote-thanks");
    let id = receipt.receipt.clone();
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&id);
        copied.set(true);
    };
    let closes = short_time(&closes_at);
    let note = text(move || fill(i18n.t().vote_receipt_note, &[("closes", &closes)]));
    let origin = crate::shell::public_origin();
    let check_url = format!(
        "{origin}{}",
        paths::receipt_page(&receipt.ballot_id, &receipt.receipt)
    );
    let check_href = check_url.clone();
    view! {
        <div class="receipt" data-testid="receipt">
            <h2 tabindex="-1" id="vote-thanks">{tr(|t| t.vote_thanks)}</h2>
            <p class="card-meta">{tr(|t| t.vote_receipt_label)}</p>
            <p class="receipt-id" data-testid="receipt-id">{receipt.receipt.clone()}</p>
            <button class="button" type="button" on:click=copy>
                {text(move || if copied.get() { i18n.t().vote_receipt_copied } else { i18n.t().vote_receipt_copy }.to_owned())}
            </button>
            <p>{note}</p>
            <figure class="receipt-qr">
                <img src=paths::receipt_qr(&receipt.ballot_id, &receipt.receipt) width="180" height="180"
                    alt=vtr(|t| t.vote_receipt_qr_alt) data-testid="receipt-qr"/>
                <figcaption>
                    {vtr(|t| t.vote_receipt_qr_note)} " "
                    <a href=check_href data-testid="receipt-link">{check_url}</a>
                </figcaption>
            </figure>
            <h3>{tr(|t| t.vote_your_choices)}</h3>
            <ul>
                {chosen_titles(&titles, &receipt.selections).into_iter()
                    .map(|title| view! { <li>{title}</li> }).collect_view()}
            </ul>
        </div>
    }
}

/// `given`: the receipt the page's address carries (a receipt's QR): the search is filled in
/// and run at once.
#[component]
pub(crate) fn ReceiptCheck(ballot_id: String, given: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let given = given.map(|r| r.to_ascii_uppercase()).unwrap_or_default();
    let typed = RwSignal::new(given.clone());
    let ballot_id = StoredValue::new(ballot_id);
    let lookup = use_request();
    let look_up = move |receipt: String| {
        let ballot = ballot_id.get_value();
        lookup.send(async move { client::receipt(&ballot, &receipt).await });
    };
    if !given.is_empty() {
        look_up(given);
    }
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let receipt = typed.get_untracked().trim().to_ascii_uppercase();
        if !receipt.is_empty() {
            look_up(receipt);
        }
    };
    let answer = move || {
        lookup.answer().map(|found| match found {
            Ok(_counted) => view! {
                <p>{tr(|t| t.vote_check_found)}</p>
                <p class="hint">{tr(|t| t.vote_check_private)}</p>
            }
            .into_any(),
            Err(error) => {
                let message = text(move || match &error {
                    ClientError::Api { status: 404, .. } => i18n.t().vote_check_missing.to_owned(),
                    other => crate::ui::error_view::error_sentence(i18n.t(), other),
                });
                view! { <p class="field-error">{message}</p> }.into_any()
            }
        })
    };
    view! {
        <form class="code-entry" on:submit=on_submit>
            <h2>{tr(|t| t.vote_check_title)}</h2>
            <label for="receipt-input">{tr(|t| t.vote_receipt_label)}</label>
            <input id="receipt-input" name="receipt" type="text" autocomplete="off" class="code-text"
                spellcheck="false" prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e))/>
            <button class="button button-primary" type="submit">{tr(|t| t.vote_check_button)}</button>
            <div aria-live="polite" data-testid="receipt-check">{answer}</div>
        </form>
    }
}
