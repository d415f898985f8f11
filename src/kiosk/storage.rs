//! The kiosk's own keys in local storage, and the small reads and writes of them. Every key starts
//! with [`KIOSK_KEY_PREFIX`], which is how the idle wipe tells them from what a visit left.

use crate::ui::stored::{self as browser_storage, Store};

/// Every key the kiosk owns starts with this; the idle wipe keeps them.
pub(crate) const KIOSK_KEY_PREFIX: &str = "linli.kiosk.";
/// The device token, once paired.
pub(crate) const TOKEN_KEY: &str = "linli.kiosk.token";
/// The attract loop's last fetched data (`data.rs`).
pub(crate) const DATA_KEY: &str = "linli.kiosk.data";

pub(crate) fn stored(key: &str) -> Option<String> {
    browser_storage::read(Store::Local, key)
}

pub(crate) fn store(key: &str, value: &str) {
    browser_storage::write(Store::Local, key, value);
}

pub(crate) fn forget(key: &str) {
    browser_storage::remove(Store::Local, key);
}

/// Removes what a visit left in the browser's storage: every local key but the kiosk's own, and
/// the whole of session storage.
pub(crate) fn clear_visit() {
    browser_storage::remove_all_but(Store::Local, |key| key.starts_with(KIOSK_KEY_PREFIX));
    browser_storage::remove_all_but(Store::Session, |_| false);
}
