//! The page for a path Linli does not have.

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub(crate) fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(|t| t.not_found_title)}</h1>
            <p>{tr(|t| t.not_found_text)}</p>
            // A full page load: the committee bundle's router has no "/".
            <a href="/" class="button" rel="external">{tr(|t| t.go_home)}</a>
        </section>
    }
}
