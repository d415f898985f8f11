//! The browser's storage, the one way every bundle reaches it: [`use_stored_text`], text kept in
//! local storage, read once, stored on every change and followed when another tab changes it (the
//! `storage` event), so a language chosen in one tab shows in the others; and plain reads and
//! writes ([`read`], [`write`], [`remove`], [`kept`]) in local or session storage. Every failure
//! (no storage, as in some private modes; storage full) leaves the page working for this visit.
//!
//! leptos-use's `use_local_storage` does the first with codecs, filters and one copy of its code
//! per value type; this is what the settings and the list of the resident's reports need of it,
//! for less (docs/bundle-size.md).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct StoredText {
    key: &'static str,
    text: RwSignal<String>,
}

/// The text under `key` in local storage, empty when there is none, followed across tabs for as
/// long as the calling component lives.
pub(crate) fn use_stored_text(key: &'static str) -> StoredText {
    let initial = read(Store::Local, key).unwrap_or_default();
    let stored = StoredText {
        key,
        text: RwSignal::new(initial),
    };
    crate::ui::listen::use_window_event(leptos::ev::storage, move |event| {
        // `key` is null when another tab cleared the whole storage (a kiosk's wipe).
        if event.key().is_none_or(|changed| changed == key) {
            stored.text.set(event.new_value().unwrap_or_default());
        }
    });
    stored
}

impl StoredText {
    /// The text (reactive).
    pub(crate) fn get(self) -> String {
        self.text.get()
    }

    /// The text without tracking it.
    pub(crate) fn get_untracked(self) -> String {
        self.text.get_untracked()
    }

    /// Stores `text` and shows it. Without storage it still holds for this page.
    pub(crate) fn set(self, text: String) {
        write(Store::Local, self.key, &text);
        self.text.set(text);
    }
}

/// Which of the browser's stores: local storage outlives the tab, session storage only its
/// reloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Store {
    Local,
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    match store {
        Store::Local => window().local_storage(),
        Store::Session => window().session_storage(),
    }
    .ok()
    .flatten()
}

pub(crate) fn read(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; without storage it is simply not kept.
pub(crate) fn write(store: Store, key: &str, value: &str) {
    if let Some(storage) = storage(store) {
        let _ = storage.set_item(key, value);
    }
}

pub(crate) fn remove(store: Store, key: &str) {
    if let Some(storage) = storage(store) {
        let _ = storage.remove_item(key);
    }
}

/// The value under `key` when `usable` accepts it, else a new one from `make`, stored for next
/// time: a browser's own ids and keys.
pub(crate) fn kept(
    store: Store,
    key: &str,
    usable: impl Fn(&str) -> bool,
    make: impl FnOnce() -> String,
) -> String {
    if let Some(value) = read(store, key).filter(|value| usable(value)) {
        return value;
    }
    let value = make();
    write(store, key, &value);
    value
}

/// Removes every key of `store` that `keep` does not accept (the kiosk's wipe).
pub(crate) fn remove_all_but(store: Store, keep: impl Fn(&str) -> bool) {
    let Some(storage) = storage(store) else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| !keep(key))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
