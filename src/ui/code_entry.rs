//! Typed entry of a component code: the path for anyone whose camera, scanner or eyesight fails.
//! The code is checked in the browser with the same rule the server applies.

use leptos::prelude::*;
use linli_core::component_code::{CodeError, ComponentCode};

use crate::i18n::{ScanStrings, fill, sctr, use_i18n};

/// The sentence for a code that is not a code; shared with the component page.
pub(crate) fn code_error_text(t: &ScanStrings, error: &CodeError) -> String {
    match error {
        CodeError::Empty => t.code_error_empty.to_owned(),
        CodeError::NotDigits => t.code_error_not_digits.to_owned(),
        CodeError::WrongLength { digits } => {
            fill(t.code_error_length, &[("n", &digits.to_string())])
        }
        CodeError::BadCounty => t.code_error_county.to_owned(),
        CodeError::BadMajorClass => t.code_error_class.to_owned(),
        CodeError::BadSubclass => t.code_error_subclass.to_owned(),
    }
}

#[component]
pub(crate) fn CodeEntry(#[prop(optional, into)] initial: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(initial);
    let error = RwSignal::new(None::<CodeError>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match ComponentCode::parse(&text.get_untracked()) {
            Ok(code) => {
                error.set(None);
                // The component page is a page load of its own (see `app`).
                let _ = window().location().assign(&format!("/c/{code}"));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="code-entry" on:submit=on_submit novalidate>
            <label for="code-input">{sctr(|t| t.code_entry_label)}</label>
            <p class="hint" id="code-hint">{sctr(|t| t.code_format_hint)}</p>
            <input
                id="code-input"
                name="code"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                placeholder="110112 01 10 000001"
                aria-describedby="code-hint code-error"
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || text.get()
                on:input=move |e| text.set(event_target_value(&e))
            />
            <p class="field-error" id="code-error" aria-live="polite">
                {move || error.get().map(|e| code_error_text(i18n.s(), &e))}
            </p>
            <button class="button button-primary" type="submit">{sctr(|t| t.code_entry_submit)}</button>
        </form>
    }
}
