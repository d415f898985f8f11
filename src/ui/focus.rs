//! Moving the keyboard and screen-reader focus to something that has just appeared.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with `id` once it is on the page; call it from the body of the component
/// that draws it. The next animation frame comes after Leptos has mounted the view, so no
/// effect and no node reference are needed (each is a copy of Leptos' code in the wasm).
pub(crate) fn focus_when_drawn(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
