//! The one way an error is shown: a sentence in the resident's language, chosen by the error's
//! kind, and a way forward (retry, or the 12345 hotline).

use leptos::prelude::*;

use crate::client::ClientError;
use crate::i18n::{Strings, tr, use_i18n};

/// The sentence for an error: offline, our fault, or the API's own sentence for people (a 4xx
/// carries one in the resident's language pair).
pub(crate) fn error_sentence(t: &Strings, error: &ClientError) -> String {
    match error {
        ClientError::Network(_) => t.error_network.to_owned(),
        ClientError::Api { status, .. } if *status >= 500 => t.error_server.to_owned(),
        ClientError::Api { message, .. } if !message.is_empty() => message.clone(),
        ClientError::Api { .. } | ClientError::Decode(_) => t.error_server.to_owned(),
    }
}

#[component]
pub(crate) fn ErrorView(error: ClientError) -> impl IntoView {
    let i18n = use_i18n();
    let error_for_message = error.clone();
    let message = move || {
        let t = i18n.t();
        match &error_for_message {
            ClientError::Api { status: 404, .. } => t.error_not_found.to_owned(),
            other => error_sentence(t, other),
        }
    };
    view! {
        <div class="error-view" role="alert">
            <p>{message}</p>
            <div class="actions">
                <button class="button" on:click=move |_| { let _ = window().location().reload(); }>
                    {tr(|t| t.retry)}
                </button>
                <a class="button button-secondary" href="tel:12345">{tr(|t| t.call_hotline)}</a>
            </div>
        </div>
    }
}

/// A plain loading line for `<Suspense>` fallbacks.
#[component]
pub(crate) fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }
}
