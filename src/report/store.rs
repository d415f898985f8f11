//! IndexedDB, the one browser store that keeps photos (Blobs) and survives a reload in WeChat:
//! the report drafts and the outbox live here. A small promise bridge over web-sys keeps it to a
//! few functions; every failure (private mode, storage full) is an `Err` the caller can ignore,
//! because a form that cannot save a draft must still submit.

use js_sys::{Array, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "linli";
const VERSION: u32 = 1;
/// Form contents autosaved while typing, keyed by the form's place (a component code or `free`).
pub(crate) const DRAFTS: &str = "drafts";
/// Submissions not yet accepted by the server, keyed by their Idempotency-Key.
pub(crate) const OUTBOX: &str = "outbox";

/// Waits for an IndexedDB request: its `result` on success, its `error` otherwise.
async fn settled(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DATABASE, VERSION)?;
    // Runs before `success` when the database is new: creates the two stores.
    let upgrade = Closure::once(move |event: web_sys::Event| {
        let Some(database) = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok())
        else {
            return;
        };
        for name in [DRAFTS, OUTBOX] {
            if !database.object_store_names().contains(name) {
                let _ = database.create_object_store(name);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let database = settled(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    database?.dyn_into()
}

async fn with_store<T>(
    name: &str,
    mode: IdbTransactionMode,
    act: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
    finish: impl FnOnce(JsValue) -> T,
) -> Result<T, JsValue> {
    let database = open().await?;
    let transaction = database.transaction_with_str_and_mode(name, mode)?;
    let request = act(&transaction.object_store(name)?)?;
    let result = settled(&request).await;
    database.close();
    result.map(finish)
}

pub(crate) async fn put(store: &str, key: &str, value: &JsValue) -> Result<(), JsValue> {
    let key = JsValue::from_str(key);
    with_store(
        store,
        IdbTransactionMode::Readwrite,
        |s| s.put_with_key(value, &key),
        drop,
    )
    .await
}

/// The value under `key`, or `None` when there is none.
pub(crate) async fn get(store: &str, key: &str) -> Result<Option<JsValue>, JsValue> {
    let key = JsValue::from_str(key);
    with_store(
        store,
        IdbTransactionMode::Readonly,
        |s| s.get(&key),
        |v| Some(v).filter(|v| !v.is_undefined()),
    )
    .await
}

pub(crate) async fn delete(store: &str, key: &str) -> Result<(), JsValue> {
    let key = JsValue::from_str(key);
    with_store(
        store,
        IdbTransactionMode::Readwrite,
        |s| s.delete(&key),
        drop,
    )
    .await
}

/// Every value in the store, in key order.
pub(crate) async fn all(store: &str) -> Result<Vec<JsValue>, JsValue> {
    with_store(
        store,
        IdbTransactionMode::Readonly,
        IdbObjectStore::get_all,
        |v| {
            v.dyn_into::<Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default()
        },
    )
    .await
}

/// Removes every draft and unsent report: the kiosk's end of a visit.
pub(crate) async fn wipe() -> Result<(), JsValue> {
    let factory = web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)?;
    let request = factory.delete_database(DATABASE)?;
    settled(&request).await.map(drop)
}
