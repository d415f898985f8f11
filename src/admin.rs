//! The committee area (居委会): sign in, then the dashboard. Guarded by the server's session
//! cookie; the SPA only decides what to show.

pub mod dashboard;
pub mod login;

use leptos::prelude::*;

use crate::app::use_meta;
use crate::client;
use crate::ui::banners::ReadOnlyNotice;
use crate::ui::error_view::{ErrorView, Loading};

#[component]
pub fn AdminPage() -> impl IntoView {
    let meta = use_meta().0;
    // Decide only once the backend has said whether it is writable, so that a static copy never
    // asks for a session it cannot have.
    view! {
        <section class="page admin-page">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match meta.await {
                        Ok(meta) if !meta.writable => view! { <ReadOnlyNotice/> }.into_any(),
                        _ => view! { <SessionGate/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Shows the dashboard for a live session, the sign-in form otherwise.
#[component]
fn SessionGate() -> impl IntoView {
    let session = LocalResource::new(client::session);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(info) => view! {
                        <dashboard::DashboardView info on_logout=move || session.refetch()/>
                    }.into_any(),
                    Err(error) if error.api_code() == Some("unauthorized") => view! {
                        <login::LoginForm on_success=move || session.refetch()/>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
