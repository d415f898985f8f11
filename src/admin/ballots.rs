//! The committee's ballots (`/admin/ballots`): every ballot of its communities, drafts included,
//! with a way to a new one.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::admin::errors::CommitteeError;
use crate::client;
use crate::i18n::{ballot_status_text, ctr, use_i18n};
use crate::ui::error_view::Loading;
use crate::ui::time::short_time;

#[component]
pub(crate) fn BallotsList() -> impl IntoView {
    let i18n = use_i18n();
    let ballots = LocalResource::new(client::admin_ballots);
    view! {
        <section class="page admin-page">
            <h1>{ctr(|c| c.vote_ballots_title)}</h1>
            <A href="/admin/ballots/new" attr:class="button button-primary">{ctr(|c| c.vote_ballots_new)}</A>
            {move || match ballots.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <CommitteeError error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{ctr(|c| c.vote_ballots_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="figures" data-testid="admin-ballots">
                        <thead><tr>
                            <th scope="col">{ctr(|c| c.vote_col_title)}</th>
                            <th scope="col">{ctr(|c| c.vote_col_status)}</th>
                            <th scope="col">{ctr(|c| c.vote_col_closes)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|b| view! {
                                <tr>
                                    <th scope="row"><A href=format!("/admin/ballots/{}", b.id)>{b.title}</A></th>
                                    <td>{move || ballot_status_text(i18n.t(), b.status)}</td>
                                    <td>{short_time(&b.closes_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
