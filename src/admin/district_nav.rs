//! The links between the district administrator's own pages (places, maintainer units, imports,
//! the audit trail), atop each, so a clerk goes from one to the next, an upload under way or not.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::ctr;

#[component]
pub(crate) fn DistrictNav() -> impl IntoView {
    view! {
        <nav class="district-nav" aria-label=ctr(|c| c.district_nav)>
            <A href="/admin">{ctr(|c| c.dashboard_title)}</A>
            <A href="/admin/places">{ctr(|c| c.places_title)}</A>
            <A href="/admin/units">{ctr(|c| c.units_title)}</A>
            <A href="/admin/import">{ctr(|c| c.import_title)}</A>
            <A href="/admin/audit">{ctr(|c| c.audit_title)}</A>
        </nav>
    }
}
