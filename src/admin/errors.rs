//! How a committee page shows a request that failed: a signed-out visitor is sent to sign in,
//! and a refused action reads as the server words it. Every page of the desk and the queue
//! shares these, so they sit apart from any one page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::client::ClientError;
use crate::i18n::ctr;
use crate::ui::error_view::ErrorView;

/// Sends a signed-out visitor to the sign-in page instead of showing a bare error.
#[component]
pub(crate) fn CommitteeError(error: ClientError) -> impl IntoView {
    if error.api_code() == Some("unauthorized") {
        view! {
            <p>{ctr(|t| t.login_needed)}</p>
            <A href="/admin" attr:class="button button-primary">{ctr(|t| t.login_title)}</A>
        }
        .into_any()
    } else {
        view! { <ErrorView error/> }.into_any()
    }
}

/// A refusal from a committee action, as the server words it.
pub(crate) fn refusal_text(error: &ClientError, fallback: &str) -> String {
    match error {
        ClientError::Api {
            status, message, ..
        } if *status < 500 && !message.is_empty() => message.clone(),
        _ => fallback.to_owned(),
    }
}
