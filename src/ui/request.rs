//! One request at a time from a button: whether it is under way, and its answer.
//!
//! Leptos' `Action` does this and more (concurrent dispatches, the input as a signal, a version
//! counter), and each of its uses carries its own copy of that machinery in the wasm. The forms
//! here only ever need the answer and a "sending" flag, and a second tap while a request is under
//! way should send nothing (a vote is final; a double tap must not look like a second vote).

use std::future::Future;

use leptos::prelude::*;

pub(crate) struct Request<T: Send + Sync + 'static> {
    pending: RwSignal<bool>,
    answer: RwSignal<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for Request<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Request<T> {}

/// A request slot for a button, owned by the calling component.
pub(crate) fn use_request<T: Send + Sync + 'static>() -> Request<T> {
    Request {
        pending: RwSignal::new(false),
        answer: RwSignal::new(None),
    }
}

impl<T: Send + Sync + 'static> Request<T> {
    /// Starts `request` unless one is under way; its answer replaces the last one.
    pub(crate) fn send(self, request: impl Future<Output = T> + 'static) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = request.await;
            // The page may have moved on while the request was under way; then no one reads it.
            let _ = self.answer.try_set(Some(answer));
            let _ = self.pending.try_set(false);
        });
    }

    /// Whether a request is under way (reactive).
    pub(crate) fn pending(self) -> bool {
        self.pending.get()
    }

    /// The last answer, if any (reactive).
    pub(crate) fn answer(self) -> Option<T>
    where
        T: Clone,
    {
        self.answer.get()
    }
}
