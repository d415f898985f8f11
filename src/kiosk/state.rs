//! The kiosk's shared state, provided as a context: which screen it shows, its pairing and
//! configuration, the visit and the idle countdown. A screen change replaces the URL, never pushes.

use leptos::prelude::*;
use linli_api::{Ballot, KioskConfig, VoteReceipt};

use crate::kiosk::storage::{DATA_KEY, TOKEN_KEY, forget};
use crate::settings::Settings;

/// Which screen the kiosk shows.
#[derive(Clone, Debug)]
pub(crate) enum Screen {
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
pub(crate) struct Kiosk {
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
    pub settings: Settings,
}

impl Kiosk {
    pub(crate) fn show(&self, screen: Screen) {
        replace_url(&screen.path());
        self.screen.set(screen);
    }

    /// Forgets the pairing (revoked, or the operator asked): back to the pairing screen.
    pub(crate) fn unpair(&self) {
        forget(TOKEN_KEY);
        forget(DATA_KEY);
        self.config.set(None);
        self.token.set(None);
    }

    pub(crate) fn idle_seconds(&self) -> u32 {
        self.config
            .with_untracked(|c| c.as_ref().map(|c| c.idle_seconds))
            .unwrap_or(linli_api::KIOSK_IDLE_DEFAULT)
    }
}

pub(crate) fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

/// Replaces the current history entry's URL, so a visit never adds to the history.
pub(crate) fn replace_url(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}
