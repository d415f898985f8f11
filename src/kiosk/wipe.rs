//! The end of a visit. After the committee's idle time without a touch, a visible countdown asks
//! «还在吗？/ Still there?»; when it runs out (or the visitor presses Done or Back), everything the
//! visit left is cleared: the page is rebuilt from scratch, the URL is replaced by `/kiosk` (the
//! kiosk never pushes history), local storage loses every key but the kiosk's own, session
//! storage is emptied, the app's IndexedDB database (drafts, the outbox) is deleted, any camera is
//! stopped, and the language goes back to Chinese.
//!
//! Also here: the nightly reload (03:00 local time, when idle) and the operators' shortcuts.

use leptos::prelude::*;
use leptos_use::{use_event_listener, use_idle};
use wasm_bindgen::JsCast;

use crate::i18n::{Locale, fill, ktr, use_i18n};
use crate::kiosk::state::{Kiosk, Screen, replace_url};
use crate::kiosk::storage::clear_visit;

/// Seconds the «Still there?» countdown runs before the wipe.
pub(crate) const COUNTDOWN_SECONDS: u32 = 10;
/// The local hour at which an idle kiosk reloads itself once a day.
const RELOAD_HOUR: u32 = 3;

/// Stops every camera stream a page of the visit may have opened.
fn stop_cameras() {
    let Ok(videos) = document().query_selector_all("video") else {
        return;
    };
    for i in 0..videos.length() {
        let Some(video) = videos
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlVideoElement>().ok())
        else {
            continue;
        };
        if let Some(stream) = video
            .src_object()
            .and_then(|s| s.dyn_into::<web_sys::MediaStream>().ok())
        {
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                    track.stop();
                }
            }
        }
        video.set_src_object(None);
    }
}

/// Forgets the visit and goes back to the attract loop.
pub(crate) fn wipe(kiosk: Kiosk) {
    stop_cameras();
    kiosk.settings.set_locale(Locale::ZhCn);
    kiosk.settings.set_elder_mode(false);
    kiosk.countdown.set(None);
    clear_visit();
    // The settings write their keys back as they change; clear once more after they have.
    set_timeout(clear_visit, std::time::Duration::from_millis(100));
    leptos::task::spawn_local(async {
        let _ = crate::report::wipe_drafts_and_outbox().await;
    });
    kiosk.screen.set(Screen::Loop);
    replace_url("/kiosk");
    kiosk.touched.set(false);
    kiosk.visit.update(|v| *v += 1);
    if let Some(main) = document().get_element_by_id("main")
        && let Ok(main) = main.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = main.focus();
    }
}

/// Watches for input: marks the visit as begun, shows the countdown after the idle time, wipes
/// when it runs out; reloads once a night when nobody is there.
pub(crate) fn watch_idle(kiosk: Kiosk) {
    let countdown = kiosk.countdown;
    let idle = use_idle(1000);
    let last_active = idle.last_active;
    let started = js_sys::Date::now();
    Effect::new(move |previous: Option<f64>| {
        let at = last_active.get();
        if previous.is_some_and(|p| p != at) {
            kiosk.touched.set(true);
        }
        at
    });
    let tick = move || {
        let now = js_sys::Date::now();
        let idle_ms = now - last_active.get_untracked();
        let limit_ms = f64::from(kiosk.idle_seconds()) * 1000.0;
        if kiosk.touched.get_untracked() && idle_ms >= limit_ms {
            let over = ((idle_ms - limit_ms) / 1000.0) as u32;
            if over >= COUNTDOWN_SECONDS {
                wipe(kiosk);
            } else {
                countdown.set(Some(COUNTDOWN_SECONDS - over));
            }
        } else if countdown.get_untracked().is_some() {
            countdown.set(None);
        }
        // Once a day, at night, when nobody is there: a fresh start (and a fresh bundle). Never
        // while the network is down: the reload would leave the screen on the browser's own
        // error page instead of the cached loop; the next night tries again.
        let hour = js_sys::Date::new_0().get_hours();
        let up_for_an_hour = now - started > 3_600_000.0;
        let online = window().navigator().on_line() && !kiosk.offline.get_untracked();
        if hour == RELOAD_HOUR
            && up_for_an_hour
            && online
            && !kiosk.touched.get_untracked()
            && idle_ms >= limit_ms
        {
            let _ = window().location().reload();
        }
    };
    let interval = leptos_use::use_interval_fn(tick, 1000);
    on_cleanup(move || (interval.pause)());
}

/// Ctrl+Alt+R reloads, Ctrl+Alt+W wipes the visit, Ctrl+Alt+U forgets the pairing. A kiosk's
/// visitors have no keyboard; these are for the operator's.
pub(crate) fn operator_shortcuts(kiosk: Kiosk) {
    let _ = use_event_listener(document(), leptos::ev::keydown, move |event| {
        if !(event.ctrl_key() && event.alt_key()) {
            return;
        }
        match event.key().to_ascii_lowercase().as_str() {
            "r" => {
                let _ = window().location().reload();
            }
            "w" => wipe(kiosk),
            "u" => {
                wipe(kiosk);
                kiosk.unpair();
            }
            _ => return,
        }
        event.prevent_default();
    });
}

/// The countdown dialog, over whatever the screen shows.
#[component]
pub(crate) fn StillThere() -> impl IntoView {
    let i18n = use_i18n();
    let countdown = crate::kiosk::state::use_kiosk().countdown;
    view! {
        {move || countdown.get().map(|left| view! {
            <div class="kiosk-dialog-backdrop">
                <div class="kiosk-dialog" role="alertdialog" aria-modal="true"
                    aria-labelledby="kiosk-still-there" aria-describedby="kiosk-still-there-body"
                    data-testid="kiosk-still-there">
                    <h2 id="kiosk-still-there">{ktr(|k| k.still_there)}</h2>
                    <p id="kiosk-still-there-body">
                        {fill(i18n.locale.get().kiosk_strings().still_there_body, &[("n", &left.to_string())])}
                    </p>
                    <button class="kiosk-button kiosk-primary" type="button" data-testid="kiosk-continue"
                        on:click=move |_| countdown.set(None)>
                        {ktr(|k| k.continue_visit)}
                    </button>
                </div>
            </div>
        })}
    }
}
