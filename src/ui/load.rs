//! Loading a page's data once.

use std::future::Future;

use leptos::prelude::*;

/// Starts `load` now and holds its answer: `None` until it comes (reactive).
///
/// Every page here loads its data once, from its own address, so Leptos' `LocalResource` —
/// which reloads when a signal it read changes, and brings its async-derived machinery along for
/// each value type — does more than a page needs.
pub(crate) fn use_load_once<T>(load: impl Future<Output = T> + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
{
    let value = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let answer = load.await;
        // The page may be gone by then; then no one reads it.
        let _ = value.try_set(Some(answer));
    });
    value.read_only()
}
