//! What the scanner page starts: `new Scanner(video, photoInput, torchButton, report)` opens the
//! camera into `video` and reads frames until `stop()`, reads each photo chosen in `photoInput`,
//! and switches the light when `torchButton` is pressed. The page keeps the words and the
//! layout; this module does everything else, so the page's code (which every resident
//! downloads) stays small.
//!
//! It tells the page what happens through `report(kind, value)`:
//! `("camera", "live" | "insecure" | "denied" | "no-camera" | "camera-failed")`,
//! `("torch", "off" | "on")` once the camera has a switchable light and on each switch,
//! `("photo", "reading" | "none" | "unreadable")`, `("text", "<decoded>")` for each new code in
//! view or in a photo, and `("decoder-failed", null)` when the decoder worker cannot run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise};

/// A DOM event handler the session installed; kept alive until [`Scanner::stop`].
type Listener = Closure<dyn FnMut(Event)>;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    Event, File, HtmlElement, HtmlInputElement, HtmlVideoElement, ImageBitmap, MediaStream,
};

use crate::camera;
use crate::decoder_worker::{DecoderWorker, WorkerFailed};
use crate::frame::Grabber;
use crate::native_detector::NativeDetector;

#[wasm_bindgen]
pub struct Scanner {
    session: Rc<Session>,
}

/// What one opening of the scanner holds; everything is released by [`Scanner::stop`].
struct Session {
    report: Function,
    stream: RefCell<Option<MediaStream>>,
    worker: RefCell<Option<Rc<DecoderWorker>>>,
    stopped: Cell<bool>,
    torch_on: Cell<bool>,
    photo_input: HtmlInputElement,
    torch_button: HtmlElement,
    listeners: RefCell<Vec<Listener>>,
}

#[wasm_bindgen]
impl Scanner {
    #[wasm_bindgen(constructor)]
    pub fn new(
        video: HtmlVideoElement,
        photo_input: HtmlInputElement,
        torch_button: HtmlElement,
        report: Function,
    ) -> Scanner {
        let session = Rc::new(Session {
            report,
            stream: RefCell::default(),
            worker: RefCell::default(),
            stopped: Cell::new(false),
            torch_on: Cell::new(false),
            photo_input,
            torch_button,
            listeners: RefCell::default(),
        });
        // The worker loads while the camera warms up (and serves photos if there is no camera).
        let starting = session.clone();
        spawn_local(async move {
            if starting.worker().await.is_err() {
                starting.report("decoder-failed", JsValue::NULL);
            }
        });
        let on_photo = {
            let session = session.clone();
            Listener::new(move |_| {
                let file = session.photo_input.files().and_then(|files| files.get(0));
                // Lets the same photo be chosen again after a miss.
                session.photo_input.set_value("");
                if let Some(file) = file {
                    spawn_local(session.clone().read_photo(file));
                }
            })
        };
        let on_torch = {
            let session = session.clone();
            Listener::new(move |_| session.toggle_torch())
        };
        session
            .photo_input
            .set_onchange(Some(on_photo.as_ref().unchecked_ref()));
        session
            .torch_button
            .set_onclick(Some(on_torch.as_ref().unchecked_ref()));
        session.listeners.borrow_mut().extend([on_photo, on_torch]);
        spawn_local(session.clone().read_camera(video));
        Scanner { session }
    }

    /// Releases the camera and ends the worker; the page calls it when the resident leaves.
    pub fn stop(&self) {
        self.session.stopped.set(true);
        self.session.photo_input.set_onchange(None);
        self.session.torch_button.set_onclick(None);
        self.session.listeners.borrow_mut().clear();
        if let Some(media) = self.session.stream.borrow_mut().take() {
            camera::stop(&media);
        }
        self.session.worker.borrow_mut().take();
    }
}

impl Session {
    fn toggle_torch(&self) {
        let on = !self.torch_on.get();
        let stream = self.stream.borrow();
        if stream
            .as_ref()
            .is_some_and(|media| camera::set_torch(media, on))
        {
            self.torch_on.set(on);
            self.report("torch", if on { "on" } else { "off" }.into());
        }
    }

    /// Reads a chosen photo with the same worker as the camera frames.
    async fn read_photo(self: Rc<Self>, file: File) {
        self.report("photo", "reading".into());
        let bitmap: Option<ImageBitmap> = async {
            let promise = web_sys::window()?
                .create_image_bitmap_with_blob(&file)
                .ok()?;
            JsFuture::from(promise).await.ok()?.dyn_into().ok()
        }
        .await;
        let grabber = Grabber::new().filter(|g| bitmap.is_some_and(|b| g.draw_photo(&b)));
        let Some(grabber) = grabber else {
            return self.report("photo", "unreadable".into());
        };
        match self.decode(&grabber).await {
            Ok(Some(text)) => self.report("text", text.into()),
            Ok(None) => self.report("photo", "none".into()),
            Err(WorkerFailed) => self.report("decoder-failed", JsValue::NULL),
        }
    }

    fn report(&self, kind: &str, value: JsValue) {
        if kind == "text" {
            // A short buzz tells the resident the code was read, before the page changes.
            buzz();
        }
        if !self.stopped.get() {
            let _ = self.report.call2(&JsValue::NULL, &kind.into(), &value);
        }
    }

    /// The running worker, or a new one if there is none (or the last one failed).
    async fn worker(&self) -> Result<Rc<DecoderWorker>, WorkerFailed> {
        if let Some(worker) = self.worker.borrow().clone() {
            return Ok(worker);
        }
        let worker = Rc::new(DecoderWorker::start().await?);
        if self.stopped.get() {
            return Err(WorkerFailed);
        }
        *self.worker.borrow_mut() = Some(worker.clone());
        Ok(worker)
    }

    /// Decodes what the grabber drew; a worker that crashed is dropped, so the next call starts
    /// a fresh one.
    async fn decode(&self, grabber: &Grabber) -> Result<Option<String>, WorkerFailed> {
        let Some(luma) = grabber.luma() else {
            return Ok(None);
        };
        let worker = self.worker().await?;
        let decoded = worker.decode(&luma.pixels, luma.width, luma.height).await;
        if decoded.is_err() {
            self.worker.borrow_mut().take();
        }
        decoded
    }

    /// Opens the camera into `video`, then reads frames until stopped. Each frame waits for the
    /// previous answer, so a slow phone skips frames instead of queueing them.
    async fn read_camera(self: Rc<Self>, video: HtmlVideoElement) {
        let media = match camera::open().await {
            Ok(media) => media,
            Err(problem) => return self.report("camera", problem.into()),
        };
        if self.stopped.get() {
            // The page was left while the resident was still answering the permission prompt.
            return camera::stop(&media);
        }
        // `Clone::clone`, not `media.clone()`: web-sys' inherent `MediaStream::clone` is the JS
        // method, which would open a second stream that the torch switched and `stop` ended
        // while the camera itself stayed on.
        *self.stream.borrow_mut() = Some(Clone::clone(&media));
        // Muted as a property too: autoplay policies read the property, not the attribute.
        video.set_muted(true);
        video.set_src_object(Some(&media));
        // iOS WeChat shows a black box unless play() is called explicitly.
        if let Ok(playing) = video.play() {
            let _ = JsFuture::from(playing).await;
        }
        self.report("camera", "live".into());
        if camera::has_torch(&media) {
            self.report("torch", "off".into());
        }
        let Some(grabber) = Grabber::new() else {
            return;
        };
        let native = NativeDetector::probe(&grabber).await;
        let mut last = None::<String>;
        while !self.stopped.get() {
            next_animation_frame().await;
            if self.stopped.get() || !grabber.draw_video(&video) {
                continue;
            }
            let text = match &native {
                Some(detector) => detector.detect(grabber.canvas()).await,
                None => match self.decode(&grabber).await {
                    Ok(text) => text,
                    // One crash costs one frame; a worker that cannot start at all is final.
                    Err(WorkerFailed) if self.worker().await.is_ok() => None,
                    Err(WorkerFailed) => return self.report("decoder-failed", JsValue::NULL),
                },
            };
            // The same code is in view many times a second; report it once.
            if text.is_some() && text != last {
                self.report("text", text.as_deref().map_or(JsValue::NULL, JsValue::from));
                last = text;
            }
        }
    }
}

async fn next_animation_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A short vibration where the phone allows one. Safari has no `navigator.vibrate` (calling it
/// would throw and the code read would never be reported), and Chromium refuses, with a console
/// warning, a buzz before the resident has touched the page, as when the camera opened by itself.
fn buzz() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has = |target: &JsValue, name: &str| js_sys::Reflect::get(target, &name.into());
    let can_vibrate = has(&navigator, "vibrate").is_ok_and(|vibrate| vibrate.is_function());
    let touched = match has(&navigator, "userActivation") {
        Ok(activation) if activation.is_object() => {
            has(&activation, "hasBeenActive").is_ok_and(|active| active.as_bool() == Some(true))
        }
        // Engines without the user-activation API decide for themselves.
        _ => true,
    };
    if can_vibrate && touched {
        let _ = navigator.vibrate_with_duration(150);
    }
}
