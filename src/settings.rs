//! The resident's own settings, kept in this browser's local storage: language and elder mode.
//! A kiosk wipes them with the rest of a visit.

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::ui::stored::{StoredText, use_stored_text};

pub(crate) const LOCALE_KEY: &str = "linli.locale";
pub(crate) const ELDER_MODE_KEY: &str = "linli.elder";

/// Read and write handles for the settings, provided by the shell as a context.
#[derive(Clone, Copy)]
pub(crate) struct Settings {
    pub locale: Signal<Locale>,
    pub elder_mode: Signal<bool>,
    locale_tag: StoredText,
    elder_mode_text: StoredText,
}

impl Settings {
    pub(crate) fn set_locale(&self, locale: Locale) {
        self.locale_tag.set(locale.tag().to_owned());
    }

    pub(crate) fn set_elder_mode(&self, on: bool) {
        self.elder_mode_text.set(on.to_string());
    }
}

/// Reads the stored settings and keeps them in sync with storage (and with other tabs).
/// Elder mode is stored as `"true"`/`"false"`.
pub(crate) fn use_settings() -> Settings {
    let locale_tag = use_stored_text(LOCALE_KEY);
    let elder_mode_text = use_stored_text(ELDER_MODE_KEY);
    Settings {
        locale: Signal::derive(move || Locale::from_tag(&locale_tag.get())),
        elder_mode: Signal::derive(move || elder_mode_text.get() == "true"),
        locale_tag,
        elder_mode_text,
    }
}
