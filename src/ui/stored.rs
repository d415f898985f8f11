//! Text kept in this browser's local storage: read once, stored on every change, and followed
//! when another tab changes it (the `storage` event), so a language chosen in one tab shows in
//! the others.
//!
//! leptos-use's `use_local_storage` does this with codecs, filters and one copy of its code per
//! value type; this is what the settings and the list of the resident's reports need of it, for
//! less: 5.1 KB brotli for the settings' copy alone (measured on the residents' first load).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct StoredText {
    key: &'static str,
    text: RwSignal<String>,
}

impl StoredText {
    /// The text under `key`, empty when there is none (or no storage, as in some private modes).
    pub fn new(key: &'static str) -> StoredText {
        let initial = storage()
            .and_then(|storage| storage.get_item(key).ok().flatten())
            .unwrap_or_default();
        let stored = StoredText {
            key,
            text: RwSignal::new(initial),
        };
        crate::ui::listen::on_window(leptos::ev::storage, move |event| {
            // `key` is null when another tab cleared the whole storage (a kiosk's wipe).
            if event.key().is_none_or(|changed| changed == key) {
                stored.text.set(event.new_value().unwrap_or_default());
            }
        });
        stored
    }

    /// The text (reactive).
    pub fn get(self) -> String {
        self.text.get()
    }

    /// The text without tracking it.
    pub fn get_untracked(self) -> String {
        self.text.get_untracked()
    }

    /// Stores `text` and shows it. Without storage it still holds for this page.
    pub fn set(self, text: String) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(self.key, &text);
        }
        self.text.set(text);
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
