//! The committee area (居委会), a bundle of its own at `/admin`: sign in, the dashboard, the
//! report queue, ballots (library, definition, codes and their print sheet, paper ballots), and
//! the district's own data (places, maintainer units, components' records, imports and exports).
//! Guarded by the server's session cookie; the SPA only decides what to show.

pub(crate) mod audit;
pub(crate) mod ballot_desk;
pub(crate) mod ballot_new;
pub(crate) mod ballots;
pub(crate) mod boundary;
pub(crate) mod codes;
pub(crate) mod component;
pub(crate) mod dashboard;
pub(crate) mod district_nav;
pub(crate) mod errors;
pub(crate) mod figures;
pub(crate) mod gaps;
pub(crate) mod import;
pub(crate) mod kiosks;
pub(crate) mod login;
pub(crate) mod moderation;
pub(crate) mod paper;
pub(crate) mod places;
pub(crate) mod plates;
pub(crate) mod reports;
pub(crate) mod units;
pub(crate) mod uploads;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::client;
use crate::shell::{provide_shell, use_meta};
use crate::ui::banners::ReadOnlyNotice;
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::nav::ShellHeader;
use crate::ui::not_found::NotFound;

/// The committee bundle's root: the shared shell with the committee's own route table.
#[component]
pub fn CommitteeApp() -> impl IntoView {
    provide_shell();
    uploads::provide_uploads();
    view! {
        <Router>
            <ShellHeader/>
            <main id="main" tabindex="-1" class="committee">
                <Routes fallback=NotFound>
                    <Route path=path!("/admin") view=AdminPage/>
                    <Route path=path!("/admin/reports") view=reports::ReportQueue/>
                    <Route path=path!("/admin/reports/:id") view=reports::ReportDetail/>
                    <Route path=path!("/admin/plates") view=plates::PlatesPage/>
                    <Route path=path!("/admin/gaps") view=gaps::GapsPage/>
                    <Route path=path!("/admin/kiosks") view=kiosks::KiosksPage/>
                    <Route path=path!("/admin/places") view=places::PlacesPage/>
                    <Route path=path!("/admin/units") view=units::UnitsPage/>
                    <Route path=path!("/admin/components/:code") view=component::ComponentPage/>
                    <Route path=path!("/admin/import") view=import::ImportPage/>
                    <Route path=path!("/admin/audit") view=audit::AuditPage/>
                    <Route path=path!("/admin/figures") view=figures::FiguresPage/>
                    <Route path=path!("/admin/ballots") view=ballots::BallotsList/>
                    <Route path=path!("/admin/ballots/new") view=ballot_new::NewBallot/>
                    <Route path=path!("/admin/ballots/:id") view=ballot_desk::BallotDesk/>
                    <Route path=path!("/admin/ballots/:id/edit") view=ballot_new::EditBallot/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
pub(crate) fn AdminPage() -> impl IntoView {
    let meta = use_meta().0;
    // Decide only once the backend has said whether it is writable, so that a static copy never
    // asks for a session it cannot have.
    view! {
            <section class="page admin-page">
                {move || match meta.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Ok(meta) if !meta.writable => view! { <ReadOnlyNotice/> }.into_any(),
                            _ => view! { <SessionGate/> }.into_any(),
        },
    }}
            </section>
        }
}

/// Shows the dashboard for a live session, the sign-in form otherwise.
#[component]
fn SessionGate() -> impl IntoView {
    let session = LocalResource::new(client::session);
    view! {
            {move || match session.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                        Ok(info) => view! {
                            <dashboard::DashboardView info on_logout=move || session.refetch()/>
                        }.into_any(),
                        Err(error) if error.api_code() == Some("unauthorized") => view! {
                            <login::LoginForm on_success=move || session.refetch()/>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
        },
    }}
        }
}
