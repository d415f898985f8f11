//! The shell every bundle's root provides first: the settings and locale contexts, the backend's
//! meta, and the document effects that follow them. It names no feature, so every bundle —
//! the residents', the committee's, the kiosk's — shares it without pulling in another's pages.

use leptos::prelude::*;

use crate::i18n::I18n;
use crate::settings::{Settings, use_settings};

/// What this backend is (writable or a static export, sample data or not), loaded once.
#[derive(Clone, Copy)]
pub(crate) struct MetaResource(
    pub ReadSignal<Option<Result<linli_api::Meta, crate::client::ClientError>>>,
);

pub(crate) fn use_meta() -> MetaResource {
    expect_context::<MetaResource>()
}

/// Where residents' phones reach Linli, for a QR code a committee prints or a kiosk shows: the
/// backend's configured public address when it has one, else the address of this page (which on
/// a committee desktop or a kiosk may be an intranet one no phone can open).
pub(crate) fn public_origin() -> String {
    use_context::<MetaResource>()
        .and_then(|meta| meta.0.get_untracked())
        .and_then(Result::ok)
        .and_then(|meta| meta.public_url)
        .unwrap_or_else(|| window().location().origin().unwrap_or_default())
}

/// The contexts and document effects every Linli bundle needs: settings, locale, backend meta.
pub(crate) fn provide_shell() {
    let settings: Settings = use_settings();
    provide_context(settings);
    provide_context(I18n {
        locale: settings.locale,
    });
    provide_context(MetaResource(crate::ui::load::use_load_once(
        crate::client::meta(),
    )));

    // Talks to the document outside Leptos' tree: `<html lang>` for screen readers and fonts,
    // and the class that switches the CSS tokens to elder mode.
    Effect::new(move |_| {
        let Some(root) = document().document_element() else {
            return;
        };
        let _ = root.set_attribute("lang", settings.locale.get().tag());
        let _ = root
            .class_list()
            .toggle_with_force("elder", settings.elder_mode.get());
    });
}
