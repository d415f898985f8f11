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
    let writable = use_meta().writable();
    let session = LocalResource::new(client::session);
    view! {
        <section class="page admin-page">
            <Show when=move || writable.get() fallback=ReadOnlyNotice>
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
            </Show>
        </section>
    }
}
