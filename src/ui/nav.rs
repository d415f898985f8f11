//! The top bar and, on phones, the bottom navigation: 扫码 · 投票 · 便民圈 · 我的.

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub(crate) fn TopBar() -> impl IntoView {
    view! {
        <div class="top-bar">
            // A full page load: the committee bundle has no route for the residents' pages.
            <a href="/" class="brand" rel="external">
                <span class="brand-mark" aria-hidden="true">{tr(|t| t.brand_mark)}</span>
                <span>{tr(|t| t.app_name)}</span>
            </a>
            <span class="tagline">{tr(|t| t.app_tagline)}</span>
        </div>
    }
}

/// The tabs. Every tab is a plain link and a full page load: each tab's pages are in another
/// bundle, or in this one, which has no router. `path` is the address the page was loaded at;
/// the tab it marks current stays so while the map moves within `/map/…`, so nothing here is
/// reactive.
#[component]
pub(crate) fn BottomNav(path: String) -> impl IntoView {
    // A tab is current for its own page and the pages under it.
    let current = |prefixes: &[&str]| {
        prefixes
            .iter()
            .any(|p| {
                if *p == "/" {
                    path == "/" || path.starts_with("/c/")
                } else {
                    path.starts_with(p)
                }
            })
            .then_some("page")
    };
    view! {
        <nav class="bottom-nav" aria-label=tr(|t| t.nav_label)>
            <a href="/" aria-current=current(&["/"])>
                <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5M8 8h3v3H8zM13 13h3v3h-3z"/></svg>
                <span>{tr(|t| t.nav_scan)}</span>
            </a>
            <a href="/vote" aria-current=current(&["/vote", "/v/"])>
                <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true"><rect x="4" y="4" width="16" height="16" rx="2"/><path d="M8 12l3 3 5-6"/></svg>
                <span>{tr(|t| t.nav_vote)}</span>
            </a>
            <a href="/map" aria-current=current(&["/map"])>
                <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="8"/><circle cx="12" cy="12" r="3"/></svg>
                <span>{tr(|t| t.nav_circle)}</span>
            </a>
            // "Me" is in the report bundle (it lists the resident's reports).
            <a href="/me" aria-current=current(&["/me"])>
                <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="8" r="4"/><path d="M4 21c1-4 4-6 8-6s7 2 8 6"/></svg>
                <span>{tr(|t| t.nav_me)}</span>
            </a>
        </nav>
    }
}

/// What tops every page of every bundle: the skip link, then the banner landmark holding the top
/// bar and the notices (offline, sample data), so that no content sits outside a landmark.
#[component]
pub(crate) fn ShellHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr(|t| t.skip_to_content)}</a>
        <header class="shell-header">
            <TopBar/>
            <crate::ui::banners::OfflineBanner/>
            <crate::ui::banners::SampleDataBanner/>
        </header>
    }
}
