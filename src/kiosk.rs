//! `/kiosk`: the community-centre screen. For now it shows what is on (open ballots) in large
//! type; pairing, the attract loop, in-person voting and the idle wipe come with the kiosk issue.

use leptos::prelude::*;
use linli_api::BallotStatus;

use crate::client;
use crate::i18n::tr;
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;

#[component]
pub fn KioskPage() -> impl IntoView {
    let ballots = LocalResource::new(client::ballots);
    view! {
            <section class="kiosk">
                <h1>{tr(|t| t.kiosk_title)}</h1>
                <h2>{tr(|t| t.kiosk_open_votes)}</h2>
                {move || match ballots.get() {
        None => view! { <Loading/> }.into_any(),
        Some(loaded) => match loaded {
                            Err(error) => view! { <ErrorView error/> }.into_any(),
                            Ok(list) => list.ballots.into_iter()
                                .filter(|b| b.status == BallotStatus::Open)
                                .map(|b| view! {
                                    <div class="kiosk-card">
                                        <strong>{b.title}</strong>
                                        <span>{tr(|t| t.closes_at)} " " {short_time(&b.closes_at)}</span>
                                    </div>
                                })
                                .collect_view()
                                .into_any(),
        },
    }}
            </section>
        }
}
