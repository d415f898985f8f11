//! `/admin/kiosks`: pair a community-centre screen with the code it shows, and see, set up
//! (idle time, notice) and revoke the paired ones.

use leptos::prelude::*;
use linli_api::{KioskInfo, KioskPairRequest, KioskSettings};

use crate::client;
use crate::i18n::{ctr, fill, tr, use_i18n};
use crate::ui::error_view::{ErrorView, Loading};
use crate::ui::time::short_time;

#[component]
pub(crate) fn KiosksPage() -> impl IntoView {
    let kiosks = LocalResource::new(client::admin_kiosks);
    let communities = LocalResource::new(client::communities);
    view! {
        <section class="page admin-page kiosks-page">
            <h1>{ctr(|c| c.kiosks_title)}</h1>
            <p class="hint">{ctr(|c| c.kiosks_hint)}</p>
            <PairForm on_paired=move || kiosks.refetch()/>
            <h2>{ctr(|c| c.kiosks_list_heading)}</h2>
            {move || match kiosks.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{ctr(|c| c.kiosks_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="card-list" data-testid="kiosk-list">
                        {list.into_iter().map(|kiosk| view! { <KioskRow kiosk communities on_change=move || kiosks.refetch()/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse().ok()).flatten()
}

#[component]
fn PairForm(on_paired: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let communities = LocalResource::new(client::communities);
    let code = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let place_code = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let pair = Action::new_local(move |request: &KioskPairRequest| {
        let request = request.clone();
        async move { client::pair_kiosk(&request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = pair.value().get() {
            code.set(String::new());
            on_paired();
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        pair.dispatch(KioskPairRequest {
            code: code.get_untracked(),
            community_id: community.get_untracked(),
            place_label: label.get_untracked(),
            place_code: Some(place_code.get_untracked()).filter(|c| !c.trim().is_empty()),
            lat: number(&lat.get_untracked()),
            lon: number(&lon.get_untracked()),
        });
    };
    let field = |id: &'static str,
                 text: fn(&'static crate::i18n::CommitteeStrings) -> &'static str,
                 value: RwSignal<String>| {
        view! {
            <label for=id>{ctr(text)}</label>
            <input id=id type="text" autocomplete="off" prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))/>
        }
    };
    view! {
        <form class="form kiosk-pair-form" on:submit=submit data-testid="kiosk-pair-form">
            <h2>{ctr(|c| c.kiosks_pair_heading)}</h2>
            {field("kiosk-code", |c| c.kiosks_code, code)}
            <label for="kiosk-community">{tr(|t| t.community)}</label>
            <select id="kiosk-community" on:change=move |e| community.set(event_target_value(&e))>
                <option value="">{ctr(|c| c.gaps_choose)}</option>
                {move || communities.get().and_then(Result::ok).map(|list| list.communities.into_iter().map(|c| {
                    let name = i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned();
                    view! { <option value=c.id>{name}</option> }
                }).collect_view())}
            </select>
            {field("kiosk-place", |c| c.kiosks_place_label, label)}
            {field("kiosk-place-code", |c| c.kiosks_place_code, place_code)}
            {field("kiosk-lat", |c| c.kiosks_lat, lat)}
            {field("kiosk-lon", |c| c.kiosks_lon, lon)}
            <button class="button button-primary" type="submit" disabled=move || pair.pending().get()>
                {ctr(|c| c.kiosks_pair_submit)}
            </button>
            <div aria-live="polite">
                {move || pair.value().get().map(|answer| match answer {
                    Ok(kiosk) => view! {
                        <p class="notice" data-testid="kiosk-paired">
                            {fill(i18n.c().kiosks_paired_ok, &[("place", &kiosk.place_label)])}
                        </p>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                })}
            </div>
        </form>
    }
}

#[component]
fn KioskRow(
    kiosk: KioskInfo,
    communities: LocalResource<Result<linli_api::Communities, client::ClientError>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let community_id = kiosk.community_id.clone();
    // The community's name in the current language, its id until the list has loaded.
    let community = move || {
        communities
            .get()
            .and_then(Result::ok)
            .and_then(|list| {
                list.communities
                    .into_iter()
                    .find(|c| c.id == community_id)
                    .map(|c| i18n.locale.get().pick(&c.name_zh, &c.name_en).to_owned())
            })
            .unwrap_or_else(|| community_id.clone())
    };
    let id = kiosk.id;
    let idle = RwSignal::new(kiosk.idle_seconds.to_string());
    let notice = RwSignal::new(kiosk.notice.clone());
    let save = Action::new_local(move |settings: &KioskSettings| {
        let settings = settings.clone();
        async move { client::kiosk_settings(id, &settings).await }
    });
    let revoke = Action::new_local(move |_: &()| async move { client::revoke_kiosk(id).await });
    Effect::new(move |_| {
        if let Some(Ok(_)) = revoke.value().get() {
            on_change();
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(KioskSettings {
            idle_seconds: idle.get_untracked().trim().parse().unwrap_or(0),
            notice: notice.get_untracked(),
        });
    };
    let revoked = kiosk.revoked_at.clone();
    let when = match &revoked {
        Some(at) => fill(i18n.c().kiosks_revoked_at, &[("at", &short_time(at))]),
        None => fill(
            i18n.c().kiosks_paired_at,
            &[("at", &short_time(&kiosk.paired_at))],
        ),
    };
    let idle_id = format!("kiosk-idle-{id}");
    let notice_id = format!("kiosk-notice-{id}");
    view! {
        <li class="card" class:revoked=revoked.is_some() data-testid="kiosk-row">
            <strong class="card-title">{kiosk.place_label.clone()}</strong>
            <span class="card-meta">{community} " · " {when}</span>
            {revoked.is_none().then(|| view! {
                <form class="form" on:submit=submit>
                    <label for=idle_id.clone()>{ctr(|c| c.kiosks_idle)}</label>
                    <input id=idle_id type="number" min="5" max="3600" inputmode="numeric"
                        prop:value=move || idle.get() on:input=move |e| idle.set(event_target_value(&e))/>
                    <label for=notice_id.clone()>{ctr(|c| c.kiosks_notice)}</label>
                    <textarea id=notice_id maxlength="280" prop:value=move || notice.get()
                        on:input=move |e| notice.set(event_target_value(&e))></textarea>
                    <button class="button button-primary" type="submit">{ctr(|c| c.kiosks_save)}</button>
                    <button class="button button-secondary" type="button" on:click=move |_| { revoke.dispatch(()); }>
                        {ctr(|c| c.kiosks_revoke)}
                    </button>
                    <div aria-live="polite">
                        {move || save.value().get().map(|answer| match answer {
                            Ok(_) => view! { <p class="notice">{ctr(|c| c.kiosks_saved)}</p> }.into_any(),
                            Err(error) => view! { <ErrorView error/> }.into_any(),
                        })}
                        {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorView error/> })}
                    </div>
                </form>
            })}
        </li>
    }
}
