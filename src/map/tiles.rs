//! Licensed map tiles under the drawing of the streets, when the server's operator configured a
//! provider (`map-tiles.json`; off by default, and then nothing here draws or asks for anything).
//! Where each tile lies is worked out by the tile worker (`crates/map-tiles`, built into
//! `dist/map/map-tiles*`), which this page starts only when tiles are on: the tile math and
//! the tiles' datum conversion stay out of the map bundle, which every resident downloads. The
//! provider's notice (copyright, 审图号) is shown with the map.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use super::data::CommunityData;
use super::map_view::MapView;
use crate::client;
use crate::i18n::{mtr, use_i18n};

/// Trunk's loader for the tile worker (map.html): it imports the glue and instantiates the wasm.
const WORKER_URL: &str = "/map/map-tiles_loader.js";

/// Tiles are on: `map-tiles.json` as the server wrote it (the worker reads it) and the
/// provider's notice.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TileSetting {
    raw: String,
    notice_zh: String,
    notice_en: String,
}

impl TileSetting {
    /// The setting when the document names a provider; `None` when tiles are off (`null`) or
    /// the document is not what the server writes.
    fn read(raw: String) -> Option<TileSetting> {
        let document = js_sys::JSON::parse(&raw).ok()?;
        let tiles = js_sys::Reflect::get(&document, &"tiles".into()).ok()?;
        if !tiles.is_object() {
            return None;
        }
        let text = |key: &str| {
            js_sys::Reflect::get(&tiles, &key.into())
                .ok()
                .and_then(|value| value.as_string())
                .unwrap_or_default()
        };
        Some(TileSetting {
            notice_zh: text("notice_zh"),
            notice_en: text("notice_en"),
            raw,
        })
    }
}

/// The server's tile setting, loaded once per page: `None` until it comes, then whether tiles
/// are on. A failed load (an older export without the document) counts as "off".
#[derive(Clone, Copy)]
struct Tiles(ReadSignal<Option<Option<TileSetting>>>);

/// Loads `map-tiles.json` for the whole map bundle.
pub(crate) fn provide_tiles() {
    let resource = crate::ui::load::use_load_once(async {
        client::map_tiles_text()
            .await
            .ok()
            .and_then(TileSetting::read)
    });
    provide_context(Tiles(resource));
}

fn setting() -> Option<TileSetting> {
    use_context::<Tiles>().and_then(|tiles| tiles.0.get().flatten())
}

/// The tile worker of one drawing. Dropped with the drawing, which ends the worker.
struct TileWorker {
    worker: Worker,
    state: Rc<RefCell<WorkerState>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

#[derive(Default)]
struct WorkerState {
    /// The worker said it is loaded; requests sent before that would be lost.
    ready: bool,
    /// The latest request made before then.
    waiting: Option<js_sys::Array>,
}

impl TileWorker {
    /// Starts the worker; each answer (the tiles' markup) replaces what `group` holds.
    fn start(group: NodeRef<leptos::svg::G>) -> Option<TileWorker> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let state: Rc<RefCell<WorkerState>> = Rc::default();
        let on_message = {
            let (worker, state) = (worker.clone(), state.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if let Some(markup) = data.as_string() {
                    if let Some(group) = group.get_untracked() {
                        group.set_inner_html(&markup);
                    }
                } else if data.is_truthy() {
                    let mut state = state.borrow_mut();
                    state.ready = true;
                    if let Some(request) = state.waiting.take() {
                        let _ = worker.post_message(&request);
                    }
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(TileWorker {
            worker,
            state,
            _on_message: on_message,
        })
    }

    /// Asks for the tiles of one view. The worker answers in order, so the last answer is the
    /// last view's.
    fn place(&self, request: js_sys::Array) {
        let mut state = self.state.borrow_mut();
        if state.ready {
            let _ = self.worker.post_message(&request);
        } else {
            state.waiting = Some(request);
        }
    }
}

impl Drop for TileWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The tiles, drawn first inside the street drawing's `<svg>` so everything else lies on top.
/// The group stays empty, and no worker starts, when tiles are off.
#[component]
pub(crate) fn TileLayer(data: Arc<CommunityData>, view: RwSignal<MapView>) -> impl IntoView {
    let origin = data.streets.projection.origin();
    // Any point of the community: the worker turns the view's corners back into positions
    // around it.
    let anchor = data
        .network
        .nodes()
        .next()
        .and_then(|node| data.network.position(node));
    let group = NodeRef::<leptos::svg::G>::new();
    // The effect keeps the worker as its state: started on the first view once tiles are known
    // to be on, asked again on every later view, ended (dropped) with the drawing.
    Effect::new(move |worker: Option<Option<TileWorker>>| {
        let MapView { cx, cy, half_width } = view.get();
        let (Some(setting), Some(anchor)) = (setting(), anchor) else {
            return None;
        };
        let worker = worker.flatten().or_else(|| TileWorker::start(group))?;
        // The request as the worker reads it (`crates/map-tiles/src/main.rs`): numbers, not
        // text, so this bundle formats no floating-point number.
        let request = js_sys::Array::of1(&JsValue::from_str(&setting.raw));
        for number in [
            origin.lat(),
            origin.lon(),
            anchor.lat(),
            anchor.lon(),
            cx,
            cy,
            half_width,
        ] {
            request.push(&JsValue::from_f64(number));
        }
        worker.place(request);
        Some(worker)
    });
    view! { <g class="map-tiles" data-testid="map-tiles" aria-hidden="true" node_ref=group></g> }
}

/// The provider's notice (copyright, 审图号), right under the drawing, as its licence asks.
#[component]
pub(crate) fn TileNotice() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        setting().map(|setting| {
            // The stylesheet breaks it only at spaces (`word-break: keep-all`), so the copyright
            // and the 审图号 each stay whole where the width allows.
            let notice = move || {
                i18n.locale
                    .get()
                    .pick(&setting.notice_zh, &setting.notice_en)
                    .to_owned()
            };
            view! { <p class="tile-notice" data-testid="tile-notice">{notice}</p> }
        })
    }
}

/// The sentence at the end of the map: with tiles, that the provider sees which area is shown;
/// without, that no online map is used.
#[component]
pub(crate) fn MapNote() -> impl IntoView {
    move || match setting() {
        None => view! { <p class="hint map-note">{mtr(|t| t.map_note)}</p> },
        Some(_) => view! { <p class="hint map-note">{mtr(|t| t.map_note_tiles)}</p> },
    }
}
