//! 我的 — the resident's own page: language, elder mode, and the way into the committee area.

use leptos::prelude::*;

use crate::i18n::{Locale, rtr, tr, use_i18n};
use crate::settings::Settings;

/// `children`: the resident's own reports, waiting and sent, between the settings and the
/// committee link. They are the report feature's, which opens this page in its tracking bundle
/// and hands them in, so that this page names no other feature.
#[component]
pub(crate) fn MePage(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let settings = expect_context::<Settings>();
    let is = move |locale: Locale| move || (settings.locale.get() == locale).to_string();
    view! {
        <section class="page">
            <h1>{rtr(|t| t.me_title)}</h1>
            <fieldset class="setting">
                <legend>{tr(|t| t.language)}</legend>
                <div class="segmented">
                    <button type="button" aria-pressed=is(Locale::ZhCn) lang="zh-CN"
                        on:click=move |_| settings.set_locale(Locale::ZhCn)>{rtr(|t| t.language_name_zh)}</button>
                    <button type="button" aria-pressed=is(Locale::En) lang="en"
                        on:click=move |_| settings.set_locale(Locale::En)>{rtr(|t| t.language_name_en)}</button>
                </div>
            </fieldset>
            <fieldset class="setting">
                <legend>{tr(|t| t.elder_mode)}</legend>
                <p class="hint">{rtr(|t| t.elder_mode_hint)}</p>
                <button type="button" role="switch" class="switch" data-testid="elder-switch"
                    aria-checked=move || settings.elder_mode.get().to_string()
                    on:click=move |_| settings.set_elder_mode(!settings.elder_mode.get_untracked())>
                    {move || if settings.elder_mode.get() { i18n.r().switch_on } else { i18n.r().switch_off }}
                </button>
            </fieldset>
            {children()}
            // The committee area is a separate bundle: a full page load.
            <a href="/admin" rel="external" class="button button-secondary">{rtr(|t| t.committee_login_link)}</a>
            <p class="hint">{rtr(|t| t.about_text)}</p>
        </section>
    }
}
