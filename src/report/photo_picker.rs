//! Up to three photos for a report: chosen (or taken) with the phone's own picker, shrunk in the
//! browser (see `photos`), shown as thumbnails that can be removed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::photo::MAX_PHOTOS;
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlInputElement};

use crate::i18n::{rtr, use_i18n};
use crate::report::photos::{PhotoError, prepare};

/// A prepared photo and the `blob:` URL of its thumbnail.
#[derive(Clone, Debug)]
pub(crate) struct Photo {
    pub blob: Blob,
    pub url: String,
}

impl Photo {
    pub(crate) fn new(blob: Blob) -> Photo {
        let url = web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default();
        Photo { blob, url }
    }
}

#[component]
pub(crate) fn PhotoPicker(
    photos: RwSignal<Vec<Photo>, LocalStorage>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<PhotoError>);
    let working = RwSignal::new(0u32);
    // The thumbnails' `blob:` URLs hold their photos in memory until revoked.
    on_cleanup(move || {
        photos.try_with_untracked(|list| {
            for photo in list {
                let _ = web_sys::Url::revoke_object_url(&photo.url);
            }
        });
    });
    let on_files = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else {
            return;
        };
        error.set(None);
        let room = MAX_PHOTOS.saturating_sub(photos.with_untracked(Vec::len));
        for index in 0..files.length().min(room as u32) {
            let Some(file) = files.get(index) else {
                continue;
            };
            working.update(|n| *n += 1);
            spawn_local(async move {
                match prepare(&file).await {
                    Ok(blob) => {
                        photos.update(|list| list.push(Photo::new(blob)));
                        on_change.run(());
                    }
                    Err(problem) => error.set(Some(problem)),
                }
                working.update(|n| *n -= 1);
            });
        }
        // Lets the same file be chosen again after it was removed.
        input.set_value("");
    };
    let remove = move |index: usize| {
        photos.update(|list| {
            let photo = list.remove(index);
            let _ = web_sys::Url::revoke_object_url(&photo.url);
        });
        on_change.run(());
    };
    let error_text = move || {
        error.get().map(|e| {
            let t = i18n.r();
            match e {
                PhotoError::TooLarge => t.report_photo_too_large,
                PhotoError::NotAnImage => t.report_photo_not_image,
                PhotoError::CannotShrink => t.report_photo_cannot_shrink,
            }
        })
    };
    view! {
        <fieldset class="photos">
            <legend>{rtr(|t| t.report_photos)}</legend>
            <ul class="thumbnails" data-testid="photo-thumbnails">
                {move || photos.get().into_iter().enumerate().map(|(index, photo)| view! {
                    <li>
                        <img src=photo.url alt=move || i18n.r().report_photo_alt width="96" height="96"/>
                        <button type="button" class="button thumbnail-remove"
                            aria-label=move || i18n.r().report_remove_photo
                            on:click=move |_| remove(index)>"×"</button>
                    </li>
                }).collect_view()}
            </ul>
            {crate::ui::shown::shown(move || photos.with(Vec::len).lt(&MAX_PHOTOS), move || view! {
                <label class="button button-secondary file-button">
                    {rtr(|t| t.report_add_photo)}
                    <input type="file" accept="image/*" multiple data-testid="photo-input" on:change=on_files/>
                </label>
            })}
            <p class="hint" role="status">
                {move || (working.get() > 0).then(|| i18n.r().report_photo_working)}
            </p>
            <p class="field-error" role="alert" data-testid="photo-error">{error_text}</p>
        </fieldset>
    }
}
