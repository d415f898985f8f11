//! The shell: settings and locale contexts, the residents' route table, and the layout around
//! it. The committee area is a bundle of its own (`src/bin/committee.rs`, `admin.html`), so no
//! resident downloads its code; it shares this shell's contexts through [`provide_shell`].
//!
//! The residents' first load routes only what a plate's QR leads to: the home page, the scanner
//! and the component page. The report form, the tracking page and "me" are the report bundle
//! (`report.html`, [`crate::report::ReportApp`]); the ballot list is in the vote bundle. Links to
//! them are full page loads (`rel="external"`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::I18n;
use crate::settings::{Settings, use_settings};
use crate::ui::nav::{BottomNav, ShellHeader};
use crate::ui::not_found::NotFound;
use crate::{report, scan};

/// What this backend is (writable or a static export, sample data or not), loaded once.
#[derive(Clone, Copy)]
pub struct MetaResource(pub LocalResource<Result<linli_api::Meta, crate::client::ClientError>>);

pub fn use_meta() -> MetaResource {
    expect_context::<MetaResource>()
}

/// Where residents' phones reach Linli, for a QR code a committee prints or a kiosk shows: the
/// backend's configured public address when it has one, else the address of this page (which on
/// a committee desktop or a kiosk may be an intranet one no phone can open).
pub fn public_origin() -> String {
    use_context::<MetaResource>()
        .and_then(|meta| meta.0.get_untracked())
        .and_then(Result::ok)
        .and_then(|meta| meta.public_url)
        .unwrap_or_else(|| window().location().origin().unwrap_or_default())
}

/// The contexts and document effects every Linli bundle needs: settings, locale, backend meta.
pub fn provide_shell() {
    let settings: Settings = use_settings();
    provide_context(settings);
    provide_context(I18n {
        locale: settings.locale,
    });
    provide_context(MetaResource(LocalResource::new(crate::client::meta)));

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

#[component]
pub fn App() -> impl IntoView {
    provide_shell();
    report::outbox::provide_outbox();
    view! {
        <Router>
            <ShellHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=scan::home::ScanHome/>
                    <Route path=path!("/scan") view=scan::scanner::ScannerPage/>
                    <Route path=path!("/c/:code") view=scan::component_page::ComponentPage/>
                </Routes>
            </main>
            <BottomNav/>
        </Router>
    }
}
