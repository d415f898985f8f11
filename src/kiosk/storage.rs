//! The kiosk's own keys in local storage, and the small reads and writes of them. Every key starts
//! with [`KIOSK_KEY_PREFIX`], which is how the idle wipe tells them from what a visit left.

use leptos::prelude::*;

/// Every key the kiosk owns starts with this; the idle wipe keeps them.
pub(crate) const KIOSK_KEY_PREFIX: &str = "linli.kiosk.";
/// The device token, once paired.
pub(crate) const TOKEN_KEY: &str = "linli.kiosk.token";
/// The attract loop's last fetched data (`data.rs`).
pub(crate) const DATA_KEY: &str = "linli.kiosk.data";

pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub(crate) fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub(crate) fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub(crate) fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
