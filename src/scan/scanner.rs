//! `/scan`: the in-app scanner. The camera, frame and decoder-worker code is a separate wasm
//! module fetched when this page opens (`scanner_module.rs`); this page shows its viewfinder
//! and what it reports, always offers a photo and typed entry, and explains every camera problem
//! in plain words. A code of ours opens its page; anything else is shown as text.
//!
//! Every resident downloads this page's code, so it is kept small: a few signals of simple
//! types, one session value that ends the module's scanner when the page goes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_core::payload::{Payload, parse_payload};
use wasm_bindgen::prelude::*;

use super::scanner_module::{self, Scanner};
use crate::i18n::{ScanStrings, sctr, use_i18n};
use crate::ui::code_entry::CodeEntry;

/// A sentence the page shows: the camera's state, or what became of a photo or a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Say {
    Nothing,
    Starting,
    Live,
    /// Live, with a light the page can switch, now off or on.
    TorchOff,
    TorchOn,
    Insecure,
    Denied,
    NoCamera,
    CameraFailed,
    DecoderFailed,
    PhotoReading,
    PhotoNoCode,
    PhotoUnreadable,
    Building,
    ForeignUrl,
    Text,
    Malformed,
}

impl Say {
    /// The module's name for the camera's state (see `crates/qr-scanner/src/camera.rs`).
    pub(crate) fn camera(state: &str) -> Say {
        match state {
            "live" => Say::Live,
            "insecure" => Say::Insecure,
            "denied" => Say::Denied,
            "no-camera" => Say::NoCamera,
            _ => Say::CameraFailed,
        }
    }

    fn text(self, t: &'static ScanStrings) -> &'static str {
        match self {
            Say::Nothing => "",
            Say::Starting => t.scanner_starting,
            Say::Live | Say::TorchOff | Say::TorchOn => t.scanner_hint,
            Say::Insecure => t.scanner_insecure,
            Say::Denied => t.scanner_denied,
            Say::NoCamera => t.scanner_no_camera,
            Say::CameraFailed => t.scanner_failed,
            Say::DecoderFailed => t.scanner_decoder_failed,
            Say::PhotoReading => t.scanner_photo_reading,
            Say::PhotoNoCode => t.scanner_photo_none,
            Say::PhotoUnreadable => t.scanner_photo_unreadable,
            Say::Building => t.scanner_building,
            Say::ForeignUrl => t.scanner_foreign_url,
            Say::Text => t.scanner_text,
            Say::Malformed => t.scanner_malformed,
        }
    }
}

/// Where a decoded payload leads: one of our pages, or a sentence and a text to show (a foreign
/// URL is shown as text, never a link, so nothing opens by accident).
pub(crate) fn destination(payload: Payload) -> Result<String, (Say, String)> {
    match payload {
        Payload::Component(code) => Ok(format!("/c/{code}")),
        Payload::VotingCode { ballot, code } => Ok(format!("/v/{ballot}#{code}")),
        Payload::Building(code) => Err((Say::Building, code.grouped())),
        Payload::MalformedCode { text, .. } => Err((Say::Malformed, text)),
        Payload::ForeignUrl(url) => Err((Say::ForeignUrl, url)),
        Payload::Text(text) => Err((Say::Text, text)),
    }
}

/// The module's scanner for one visit. It lives in the page's owner, so unmounting the page
/// drops it, which releases the camera (its light goes off) and ends the decoder worker. Leaving
/// `/scan` is a page load (the residents' bundle has no router), and the browser ends a
/// document's camera and workers with it; the drop covers any page that would mount this one.
struct Session {
    scanner: Scanner,
    _report: Closure<dyn FnMut(String, JsValue)>,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.scanner.end();
    }
}

/// The page's state, all `Copy`, so callbacks and tasks can hold it.
#[derive(Clone, Copy)]
struct Ui {
    camera: RwSignal<Say>,
    note: RwSignal<Say>,
    found: RwSignal<Option<String>>,
    session: StoredValue<Option<Session>, LocalStorage>,
}

#[component]
pub(crate) fn ScannerPage() -> impl IntoView {
    let i18n = use_i18n();
    let ui = Ui {
        camera: RwSignal::new(Say::Starting),
        note: RwSignal::new(Say::Nothing),
        found: RwSignal::new(None),
        session: StoredValue::new_local(None),
    };
    let on_report = move |kind: String, value: JsValue| {
        let value = value.as_string().unwrap_or_default();
        match (kind.as_str(), value.as_str()) {
            ("camera", state) => ui.camera.set(Say::camera(state)),
            ("torch", "on") => ui.camera.set(Say::TorchOn),
            ("torch", _) => ui.camera.set(Say::TorchOff),
            ("photo", "reading") => {
                ui.note.set(Say::PhotoReading);
                ui.found.set(None);
            }
            ("photo", "none") => ui.note.set(Say::PhotoNoCode),
            ("photo", _) => ui.note.set(Say::PhotoUnreadable),
            ("text", text) => {
                // Every page a code leads to is a page load of its own; leaving this one
                // releases the camera.
                if let Some(path) = found(ui, text) {
                    let _ = window().location().assign(&path);
                }
            }
            _ => ui.note.set(Say::DecoderFailed),
        }
    };
    // Talks to the scanner module: loads it and starts it on this page's elements, which are in
    // the document by the time this task runs (after the view is mounted).
    let report = Closure::<dyn FnMut(String, JsValue)>::new(on_report);
    spawn_local(async move {
        match scanner_module::start(report.as_ref().unchecked_ref()).await {
            // Handed back (and so dropped, which ends it) if the page is already gone.
            Ok(scanner) => drop(ui.session.try_set_value(Some(Session {
                scanner,
                _report: report,
            }))),
            Err(_) => {
                ui.camera.try_set(Say::DecoderFailed);
            }
        }
    });

    // One class names the page's visual state, so the stylesheet shows or hides the viewfinder
    // and the torch button and its two labels, without a reactive attribute for each.
    let state_class = move || match ui.camera.get() {
        Say::Live => "page scanner live",
        Say::TorchOff => "page scanner live torch",
        Say::TorchOn => "page scanner live torch torch-on",
        _ => "page scanner",
    };
    view! {
        <section class=state_class>
            <h1>{sctr(|t| t.scanner_title)}</h1>
            <div class="viewfinder">
                <video id="scanner-video" playsinline="" muted="" aria-hidden="true"></video>
                <div class="viewfinder-frame" aria-hidden="true"></div>
            </div>
            <p class="scanner-status" aria-live="polite">
                {move || ui.camera.get().text(i18n.s())}
            </p>
            <button class="button torch-button" id="scanner-torch" type="button">
                <span class="torch-off">{sctr(|t| t.scanner_torch_on)}</span>
                <span class="torch-on">{sctr(|t| t.scanner_torch_off)}</span>
            </button>
            <div role="status">
                <p>{move || ui.note.get().text(i18n.s())}</p>
                <p class="scan-text">{move || ui.found.get()}</p>
            </div>
            <label class="button button-primary button-wide file-button">
                {sctr(|t| t.scanner_photo)}
                <input id="scanner-photo" type="file" accept="image/*" capture="environment"/>
            </label>
            <CodeEntry/>
        </section>
    }
}

/// Acts on a decoded text: the path of our page it names, or `None` after showing it.
fn found(ui: Ui, text: &str) -> Option<String> {
    let host = window().location().host().unwrap_or_default();
    match destination(parse_payload(text, &[host.as_str()])) {
        Ok(path) => Some(path),
        Err((say, shown)) => {
            ui.note.try_set(say);
            ui.found.try_set(Some(shown));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use linli_core::component_code::ComponentCode;

    use super::*;

    #[test]
    fn the_modules_camera_states_have_sentences() {
        assert_eq!(Say::camera("live"), Say::Live);
        assert_eq!(Say::camera("insecure"), Say::Insecure);
        assert_eq!(Say::camera("denied"), Say::Denied);
        assert_eq!(Say::camera("no-camera"), Say::NoCamera);
        assert_eq!(Say::camera("camera-failed"), Say::CameraFailed);
    }

    #[test]
    fn our_codes_open_pages_and_everything_else_is_shown() {
        let code = ComponentCode::parse("1101120110000001").unwrap();
        let shown = |say: Say, text: &str| Err((say, text.to_owned()));
        assert_eq!(
            destination(Payload::Component(code.clone())),
            Ok("/c/1101120110000001".to_owned())
        );
        assert_eq!(
            destination(Payload::VotingCode {
                ballot: "b-2026".to_owned(),
                code: "K7Q2".to_owned()
            }),
            Ok("/v/b-2026#K7Q2".to_owned())
        );
        assert_eq!(
            destination(Payload::Building(code)),
            shown(Say::Building, "110112 01 10 000001")
        );
        assert_eq!(
            destination(parse_payload(
                "https://example.com/c/1101120110000001",
                &["linli.cn"]
            )),
            shown(Say::ForeignUrl, "https://example.com/c/1101120110000001")
        );
        assert_eq!(
            destination(Payload::Text("hello".to_owned())),
            shown(Say::Text, "hello")
        );
    }
}
