//! `<Show>` for less.

use leptos::prelude::*;

/// Draws `view` while `when` holds, and draws it again only when `when` changes (what `<Show>`
/// does, without its children wrapper and props builder, which each use copies into the wasm).
pub(crate) fn shown<V>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let when = Memo::new(move |_| when());
    move || when.get().then(&view)
}
