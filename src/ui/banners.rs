//! Banners that say something about the whole app: offline, sample data, read-only site.

use leptos::ev;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::shell::use_meta;
use crate::ui::listen::use_window_event;

/// Shown while the browser reports no network, so nobody mistakes a stale page for news.
#[component]
pub(crate) fn OfflineBanner() -> impl IntoView {
    let online = RwSignal::new(window().navigator().on_line());
    use_window_event(ev::online, move |_| online.set(true));
    use_window_event(ev::offline, move |_| online.set(false));
    move || {
        (!online.get()).then(|| {
            view! { <div class="banner banner-offline" role="status">{tr(|t| t.offline_banner)}</div> }
        })
    }
}

/// Every page says so while the data is the generated Tongzhou sample (示例数据).
#[component]
pub(crate) fn SampleDataBanner() -> impl IntoView {
    let meta = use_meta().0;
    let sample = move || {
        meta.get()
            .and_then(|m| m.ok())
            .is_some_and(|m| m.sample_data)
    };
    move || {
        sample().then(|| {
            view! { <div class="banner banner-sample" data-testid="sample-banner">{tr(|t| t.sample_data_banner)}</div> }
        })
    }
}

/// In place of a form on a read-only (static) site: says so and offers the city hotline.
#[component]
pub(crate) fn ReadOnlyNotice() -> impl IntoView {
    view! {
        <div class="notice notice-read-only" role="note" data-testid="read-only">
            <p>{tr(|t| t.read_only_notice)}</p>
            <a class="button button-secondary" href="tel:12345">{tr(|t| t.call_hotline)}</a>
        </div>
    }
}
