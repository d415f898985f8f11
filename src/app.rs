//! The shell: settings and locale contexts, the one route table, and the layout around it.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::I18n;
use crate::settings::{Settings, use_settings};
use crate::ui::banners::{OfflineBanner, SampleDataBanner};
use crate::ui::nav::{BottomNav, TopBar};
use crate::ui::not_found::NotFound;
use crate::{admin, kiosk, map, me, scan, vote};

/// What this backend is (writable or a static export, sample data or not), loaded once.
#[derive(Clone, Copy)]
pub struct MetaResource(pub LocalResource<Result<linli_api::Meta, crate::client::ClientError>>);

pub fn use_meta() -> MetaResource {
    expect_context::<MetaResource>()
}

#[component]
pub fn App() -> impl IntoView {
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

    view! {
        <Router>
            <a class="skip-link" href="#main">{move || settings.locale.get().strings().skip_to_content}</a>
            <TopBar/>
            <OfflineBanner/>
            <SampleDataBanner/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=scan::home::ScanHome/>
                    <Route path=path!("/c/:code") view=scan::component_page::ComponentPage/>
                    <Route path=path!("/vote") view=vote::ballot_list::BallotList/>
                    <Route path=path!("/v/:ballot") view=vote::ballot_page::BallotPage/>
                    <Route path=path!("/map") view=map::community_list::CommunityList/>
                    <Route path=path!("/map/:community") view=map::service_list::ServiceList/>
                    <Route path=path!("/me") view=me::MePage/>
                    <Route path=path!("/admin") view=admin::AdminPage/>
                    <Route path=path!("/kiosk") view=kiosk::KioskPage/>
                </Routes>
            </main>
            <BottomNav/>
        </Router>
    }
}
