//! `/kiosk`: the community-centre screen, a bundle of its own (`kiosk.html`,
//! `src/bin/kiosk.rs`). Unpaired, it shows a pairing code; paired, it runs the attract loop
//! (open votes with live turnout and a QR, the 15-minute circle from here, recently fixed
//! reports, the committee's notice), takes in-person votes with a code typed on its keypad, and
//! after an idle time forgets the visit entirely.
//!
//! The screen never pushes a history entry (each screen replaces the URL), so a visit leaves no
//! history. Its own keys in local storage start with [`KIOSK_KEY_PREFIX`]; the wipe keeps those
//! (the device token, the last fetched data) and removes everything else.
//!
//! Operator shortcuts (keyboard only; a kiosk has no keyboard for visitors):
//! Ctrl+Alt+R reloads, Ctrl+Alt+W wipes the visit now, Ctrl+Alt+U forgets the pairing.

pub mod attract;
pub mod data;
pub mod pairing;
pub mod voting;
pub mod wipe;

use leptos::prelude::*;
use linli_api::{Ballot, KioskConfig, VoteReceipt};

use crate::i18n::{Locale, ktr, use_i18n};
use crate::shell::provide_shell;

/// Every key the kiosk owns starts with this; the idle wipe keeps them.
pub const KIOSK_KEY_PREFIX: &str = "linli.kiosk.";
/// The device token, once paired.
pub const TOKEN_KEY: &str = "linli.kiosk.token";

pub fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Which screen the kiosk shows.
#[derive(Clone, Debug)]
pub enum Screen {
    Loop,
    /// The keypad for a household's code, for this ballot.
    Keypad {
        ballot_id: String,
    },
    Ballot {
        ballot: Box<Ballot>,
        code: String,
    },
    Receipt {
        receipt: VoteReceipt,
    },
}

impl Screen {
    /// The path shown in the address bar (replaced, never pushed).
    fn path(&self) -> String {
        match self {
            Screen::Loop => "/kiosk".to_owned(),
            Screen::Keypad { ballot_id } => format!("/kiosk/vote/{ballot_id}"),
            Screen::Ballot { ballot, .. } => format!("/kiosk/vote/{}", ballot.summary.id),
            Screen::Receipt { .. } => "/kiosk/receipt".to_owned(),
        }
    }
}

/// The kiosk's shared state, provided as a context.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// The device token; `None` while unpaired.
    pub token: RwSignal<Option<String>>,
    pub config: RwSignal<Option<KioskConfig>>,
    pub screen: RwSignal<Screen>,
    /// Counts visits: the wipe bumps it, which rebuilds every part of the page from scratch.
    pub visit: RwSignal<u32>,
    /// Whether someone has touched the screen since the last wipe.
    pub touched: RwSignal<bool>,
    /// Whether the last attempt to reach the server failed.
    pub offline: RwSignal<bool>,
    /// Seconds left on the «Still there?» countdown, while it shows.
    pub countdown: RwSignal<Option<u32>>,
    pub settings: crate::settings::Settings,
}

impl Kiosk {
    pub fn show(&self, screen: Screen) {
        replace_url(&screen.path());
        self.screen.set(screen);
    }

    /// Forgets the pairing (revoked, or the operator asked): back to the pairing screen.
    pub fn unpair(&self) {
        forget(TOKEN_KEY);
        forget(data::DATA_KEY);
        self.config.set(None);
        self.token.set(None);
    }

    pub fn idle_seconds(&self) -> u32 {
        self.config
            .with_untracked(|c| c.as_ref().map(|c| c.idle_seconds))
            .unwrap_or(linli_api::KIOSK_IDLE_DEFAULT)
    }
}

pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

/// Replaces the current history entry's URL, so a visit never adds to the history.
pub fn replace_url(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

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
            {crate::ui::shown::shown(move || kiosk.offline.get(), move || view! {
                <p class="kiosk-offline" role="status" data-testid="kiosk-offline">{ktr(|k| k.offline)}</p>
            })}
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

/// An `<svg>` of `text` as a QR code with its quiet zone, for the kiosk's large codes.
pub fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let drawn = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    drawn
        .find("<svg")
        .map(|start| drawn[start..].to_owned())
        .unwrap_or_default()
}

/// A QR code drawn large, with a text alternative.
#[component]
pub fn Qr(text: String, label: Signal<String>) -> impl IntoView {
    let svg = qr_svg(&text);
    view! { <div class="kiosk-qr" role="img" aria-label=label inner_html=svg></div> }
}
