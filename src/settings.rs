//! The resident's own settings, kept in this browser's local storage: language and elder mode.
//! A kiosk wipes them with the rest of a visit.

use codee::string::FromToStringCodec;
use leptos::prelude::*;
use leptos_use::storage::use_local_storage;

use crate::i18n::Locale;

pub const LOCALE_KEY: &str = "linli.locale";
pub const ELDER_MODE_KEY: &str = "linli.elder";

/// Read and write handles for the settings, provided by the shell as a context.
#[derive(Clone, Copy)]
pub struct Settings {
    pub locale: Signal<Locale>,
    pub elder_mode: Signal<bool>,
    set_locale_tag: WriteSignal<String>,
    set_elder_mode_text: WriteSignal<String>,
}

impl Settings {
    pub fn set_locale(&self, locale: Locale) {
        self.set_locale_tag.set(locale.tag().to_owned());
    }

    pub fn set_elder_mode(&self, on: bool) {
        self.set_elder_mode_text.set(on.to_string());
    }
}

/// Reads the stored settings and keeps them in sync with storage (and with other tabs).
///
/// Both are kept as text (elder mode as `"true"`/`"false"`, as a stored `bool` is written), so the
/// bundle carries one copy of the storage hook rather than one per value type.
pub fn use_settings() -> Settings {
    let (locale_tag, set_locale_tag, _) =
        use_local_storage::<String, FromToStringCodec>(LOCALE_KEY);
    let (elder_mode_text, set_elder_mode_text, _) =
        use_local_storage::<String, FromToStringCodec>(ELDER_MODE_KEY);
    Settings {
        locale: Signal::derive(move || Locale::from_tag(&locale_tag.get())),
        elder_mode: Signal::derive(move || elder_mode_text.get() == "true"),
        set_locale_tag,
        set_elder_mode_text,
    }
}
