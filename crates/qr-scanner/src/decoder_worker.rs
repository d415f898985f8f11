//! The page's side of the decoder worker (this same module, running in a Web Worker).
//!
//! The worker answers frames in the order it gets them, so the replies are matched to the
//! waiting callers first in, first out. A worker that fails (it did not load, or the decoder
//! trapped) is reported as such, and the scanner starts a fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Trunk's loader for the worker: it imports the glue and instantiates the wasm. The worker runs
/// the same build of the module as the page (plain or SIMD).
const WORKER_URL: &str = if cfg!(feature = "simd") {
    "/qr-worker-simd_loader.js"
} else {
    "/qr-worker_loader.js"
};

/// The worker failed to load or crashed; its pending and future answers will never come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkerFailed;

pub struct DecoderWorker {
    worker: Worker,
    waiting: Rc<RefCell<Vec<Function>>>,
    failed: Rc<RefCell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl DecoderWorker {
    /// Starts the worker and waits until its decoder is ready.
    pub async fn start() -> Result<DecoderWorker, WorkerFailed> {
        let worker = Worker::new(WORKER_URL).map_err(|_| WorkerFailed)?;
        let waiting: Rc<RefCell<Vec<Function>>> = Rc::default();
        let failed = Rc::new(RefCell::new(false));
        let on_message = {
            let waiting = waiting.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let mut waiting = waiting.borrow_mut();
                if !waiting.is_empty() {
                    let resolve = waiting.remove(0);
                    let _ = resolve.call1(&JsValue::NULL, &event.data());
                }
            })
        };
        let on_error = {
            let (waiting, failed) = (waiting.clone(), failed.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                *failed.borrow_mut() = true;
                // Everyone waiting gets `undefined`, which reads as a failure below.
                for resolve in waiting.borrow_mut().drain(..) {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let decoder = DecoderWorker {
            worker,
            waiting,
            failed,
            _on_message: on_message,
            _on_error: on_error,
        };
        // The worker's first message says its decoder is loaded; frames sent earlier would be lost.
        let hello = decoder.next_reply().await;
        match field(&hello, "ready") {
            Some(ready) if ready.is_truthy() => Ok(decoder),
            _ => Err(WorkerFailed),
        }
    }

    /// Decodes one greyscale frame; `Ok(None)` when it holds no readable code.
    pub async fn decode(
        &self,
        pixels: &[u8],
        width: u32,
        height: u32,
    ) -> Result<Option<String>, WorkerFailed> {
        if *self.failed.borrow() {
            return Err(WorkerFailed);
        }
        let luma = Uint8Array::new_with_length(pixels.len() as u32);
        luma.copy_from(pixels);
        let message = Object::new();
        for (key, value) in [
            ("width", JsValue::from(width)),
            ("height", JsValue::from(height)),
            ("luma", luma.clone().into()),
        ] {
            let _ = Reflect::set(&message, &JsValue::from_str(key), &value);
        }
        let reply = self.next_reply();
        // The buffer is handed over, not copied: a frame can be several megabytes.
        self.worker
            .post_message_with_transfer(&message, &Array::of1(&luma.buffer()))
            .map_err(|_| WorkerFailed)?;
        let reply = reply.await;
        match field(&reply, "text") {
            Some(text) => Ok(text.as_string()),
            None => Err(WorkerFailed),
        }
    }

    /// A future for the worker's next message (`undefined` if the worker fails first).
    fn next_reply(&self) -> impl Future<Output = JsValue> + use<> {
        let mut resolver = None;
        let promise = Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
        if let Some(resolve) = resolver {
            self.waiting.borrow_mut().push(resolve);
        }
        async move { JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED) }
    }
}

impl Drop for DecoderWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &JsValue::from_str(key)).ok()
}
