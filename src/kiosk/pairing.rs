//! The unpaired screen: a one-time pairing code shown large, with what the committee member does
//! with it; the screen polls every few seconds and, once the code is confirmed, keeps its device
//! token and starts the loop. An expired code is replaced by a fresh one.

use leptos::prelude::*;
use linli_api::{KioskPairing, KioskPoll, KioskPollAnswer, paths};

use crate::client::{self, ClientError};
use crate::i18n::{fill, ktr, use_i18n};
use crate::kiosk::state::use_kiosk;
use crate::kiosk::storage::{TOKEN_KEY, store};
use crate::ui::time::short_time;

const POLL_MS: u64 = 3_000;

async fn new_pairing() -> Result<KioskPairing, ClientError> {
    client::kiosk_post(paths::KIOSK_PAIRING, None, &()).await
}

#[component]
pub(crate) fn PairingScreen() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let pairing = RwSignal::new(None::<KioskPairing>);
    let error = RwSignal::new(None::<ClientError>);
    let request = move || {
        leptos::task::spawn_local(async move {
            match new_pairing().await {
                Ok(fresh) => {
                    kiosk.offline.set(false);
                    error.set(None);
                    pairing.set(Some(fresh));
                }
                Err(e) => {
                    kiosk.offline.set(matches!(e, ClientError::Network(_)));
                    error.set(Some(e));
                }
            }
        });
    };
    request();
    let poll = move || {
        let Some(current) = pairing.get_untracked() else {
            // No code yet (the server was unreachable): ask again.
            request();
            return;
        };
        leptos::task::spawn_local(async move {
            let answer: Result<KioskPollAnswer, _> = client::kiosk_post(
                paths::KIOSK_PAIRING_POLL,
                None,
                &KioskPoll {
                    secret: current.secret,
                },
            )
            .await;
            match answer {
                Ok(KioskPollAnswer {
                    token: Some(token), ..
                }) => {
                    store(TOKEN_KEY, &token);
                    kiosk.token.set(Some(token));
                }
                Ok(_) => kiosk.offline.set(false),
                // Expired or unknown: a new code.
                Err(ClientError::Api { status: 404, .. }) => request(),
                Err(ClientError::Network(_)) => kiosk.offline.set(true),
                Err(_) => {}
            }
        });
    };
    let interval = leptos_use::use_interval_fn(poll, POLL_MS);
    on_cleanup(move || (interval.pause)());
    let expires = move || {
        pairing.get().map(|p| {
            fill(
                i18n.locale.get().kiosk_strings().pair_expires,
                &[("time", &short_time(&p.expires_at))],
            )
        })
    };
    view! {
        <section class="kiosk-pairing" data-testid="kiosk-pairing" aria-labelledby="kiosk-pair-title">
            <h2 id="kiosk-pair-title">{ktr(|k| k.pair_title)}</h2>
            <p>{ktr(|k| k.pair_steps)}</p>
            <p class="kiosk-pair-label">{ktr(|k| k.pair_code_label)}</p>
            <p class="kiosk-pair-code" data-testid="kiosk-pair-code" aria-live="polite">
                {move || pairing.get().map(|p| p.code).unwrap_or_else(|| "······".to_owned())}
            </p>
            <p>{expires}</p>
            <p class="kiosk-waiting">{ktr(|k| k.pair_waiting)}</p>
            {move || error.get().map(|error| view! { <crate::ui::error_view::ErrorView error/> })}
        </section>
    }
}
