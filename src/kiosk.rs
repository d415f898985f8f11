//! `/kiosk`: the community-centre screen, a bundle of its own (`kiosk.html`,
//! `src/bin/kiosk.rs`). Unpaired, it shows a pairing code; paired, it runs the attract loop
//! (open votes with live turnout and a QR, the 15-minute circle from here, recently fixed
//! reports, the committee's notice), takes in-person votes with a code typed on its keypad, and
//! after an idle time forgets the visit entirely.
//!
//! The screen never pushes a history entry (each screen replaces the URL), so a visit leaves no
//! history. Its own keys in local storage start with [`storage::KIOSK_KEY_PREFIX`]; the wipe
//! keeps those (the device token, the last fetched data) and removes everything else.
//!
//! Operator shortcuts (keyboard only; a kiosk has no keyboard for visitors):
//! Ctrl+Alt+R reloads, Ctrl+Alt+W wipes the visit now, Ctrl+Alt+U forgets the pairing.

pub(crate) mod attract;
pub(crate) mod data;
pub(crate) mod pairing;
pub(crate) mod qr;
pub(crate) mod state;
pub(crate) mod storage;
pub(crate) mod voting;
pub(crate) mod wipe;

use leptos::prelude::*;

use crate::i18n::{Locale, ktr, use_i18n};
use crate::kiosk::state::{Kiosk, Screen, replace_url, use_kiosk};
use crate::kiosk::storage::{TOKEN_KEY, stored};
use crate::shell::provide_shell;

#[component]
pub fn KioskApp() -> impl IntoView {
    provide_shell();
    let settings = expect_context::<crate::settings::Settings>();
    let kiosk = Kiosk {
        token: RwSignal::new(stored(TOKEN_KEY)),
        config: RwSignal::new(None),
        screen: RwSignal::new(Screen::Loop),
        visit: RwSignal::new(0),
        touched: RwSignal::new(false),
        offline: RwSignal::new(false),
        countdown: RwSignal::new(None),
        settings,
    };
    provide_context(kiosk);
    // Whatever path the screen was opened at, it starts at the loop.
    replace_url("/kiosk");
    wipe::watch_idle(kiosk);
    wipe::operator_shortcuts(kiosk);
    // The banner follows the browser's own idea of the network at once; a failed fetch sets it
    // too (see `data.rs`), and the next good one clears it.
    let _ = leptos_use::use_event_listener(window(), leptos::ev::offline, move |_| {
        kiosk.offline.set(true)
    });
    let _ = leptos_use::use_event_listener(window(), leptos::ev::online, move |_| {
        kiosk.offline.set(false)
    });
    let i18n = use_i18n();
    let switch_language = move |_| {
        settings.set_locale(match i18n.locale.get_untracked() {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        });
    };
    view! {
        <main id="main" class="kiosk" tabindex="-1">
            <header class="kiosk-header">
                <h1>{ktr(|k| k.title)}</h1>
                <button class="kiosk-button kiosk-language" type="button" on:click=switch_language
                    lang=move || match i18n.locale.get() { Locale::ZhCn => "en", Locale::En => "zh-CN" }>
                    {ktr(|k| k.other_language)}
                </button>
            </header>
            <Show when=move || kiosk.offline.get()>
                <p class="kiosk-offline" role="status" data-testid="kiosk-offline">{ktr(|k| k.offline)}</p>
            </Show>
            {move || {
                // Keyed on the visit: a wipe drops every node and signal of the last one.
                let _ = kiosk.visit.get();
                match kiosk.token.get() {
                    None => view! { <pairing::PairingScreen/> }.into_any(),
                    Some(_) => view! { <PairedScreens/> }.into_any(),
                }
            }}
            <wipe::StillThere/>
        </main>
    }
}

/// The paired kiosk: its data kept fresh, and the current screen.
#[component]
fn PairedScreens() -> impl IntoView {
    let kiosk = use_kiosk();
    let data = data::provide_data(kiosk);
    view! {
        {move || match kiosk.screen.get() {
            Screen::Loop => view! { <attract::AttractLoop data/> }.into_any(),
            Screen::Keypad { ballot_id } => view! { <voting::Keypad ballot_id/> }.into_any(),
            Screen::Ballot { ballot, code } => view! { <voting::KioskBallot ballot=*ballot code/> }.into_any(),
            Screen::Receipt { receipt } => view! { <voting::ReceiptScreen receipt/> }.into_any(),
        }}
    }
}
