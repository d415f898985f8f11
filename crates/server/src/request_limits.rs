//! How much a write may send and how long it may take, by what kind of write it is. `app()` puts
//! every write route in a [`WriteClass`]; a body over its class's size is answered 413 with a
//! sentence that says the limit, and a request over its class's time 408, before anything of it
//! is stored (the handler either never runs or sees a body it cannot read whole).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use linli_core::photo::{MAX_PHOTO_BYTES, MAX_PHOTOS};

use crate::error::Open311Errors;
use crate::imports::MAX_IMPORT_BYTES;
use crate::open311::format::Format;
use crate::serve::{ServeLimits, too_slow};
use crate::{AppError, AppState};

/// A form's fields, with room to spare: a vote, a sign-in, a status change, a setting. A report's
/// longest description (4,000 characters) is 12 kB.
const FORM_BYTES: usize = 64 * 1024;

/// A committee document: a ballot's definition with its projects' descriptions, a project, a
/// street's or community's boundary. The size axum took for every body before this module.
const DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// What a write route takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WriteClass {
    /// Small JSON or form writes: [`FORM_BYTES`], [`ServeLimits::form_request`].
    Form,
    /// A committee's longer JSON document: [`DOCUMENT_BYTES`], [`ServeLimits::form_request`].
    Document,
    /// A report with up to [`MAX_PHOTOS`] photos of [`MAX_PHOTO_BYTES`] (Open311's multipart
    /// upload): [`ServeLimits::upload_request`], for a phone on a weak network.
    Report,
    /// An import file (inventory, service points, walking network, paper ballots):
    /// [`MAX_IMPORT_BYTES`], [`ServeLimits::upload_request`].
    Import,
}

impl WriteClass {
    pub(crate) const fn max_body_bytes(self) -> usize {
        match self {
            WriteClass::Form => FORM_BYTES,
            WriteClass::Document => DOCUMENT_BYTES,
            // The photos, plus the report's fields and the multipart framing around them.
            WriteClass::Report => MAX_PHOTOS * MAX_PHOTO_BYTES + FORM_BYTES,
            WriteClass::Import => MAX_IMPORT_BYTES,
        }
    }

    pub(crate) fn max_time(self, limits: &ServeLimits) -> Duration {
        match self {
            WriteClass::Form | WriteClass::Document => limits.form_request,
            WriteClass::Report | WriteClass::Import => limits.upload_request,
        }
    }

    /// The 413's sentence, Chinese first: what is too large, and the most it may be.
    fn too_large_message(self) -> String {
        match self {
            WriteClass::Form => format!(
                "请求太大：表单最多 {} KB。The request is too large: a form is at most {} KB.",
                FORM_BYTES / 1024,
                FORM_BYTES / 1024
            ),
            WriteClass::Document => format!(
                "请求太大：最多 {} MB。The request is too large: at most {} MB.",
                DOCUMENT_BYTES / (1024 * 1024),
                DOCUMENT_BYTES / (1024 * 1024)
            ),
            WriteClass::Report => format!(
                "照片太大：最多 {MAX_PHOTOS} 张，每张不超过 {} KB。The request is too large: at \
                 most {MAX_PHOTOS} photos of {} KB each.",
                MAX_PHOTO_BYTES / 1024,
                MAX_PHOTO_BYTES / 1024
            ),
            WriteClass::Import => crate::imports::too_large_message(),
        }
    }

    /// `open311`: the format of an Open311 path, `None` for the JSON API's error.
    fn too_large(self, open311: Option<Format>) -> Response {
        let message = self.too_large_message();
        let mut response = match open311 {
            Some(format) => {
                Open311Errors::one(StatusCode::PAYLOAD_TOO_LARGE, message).answer(format)
            }
            None => AppError::PayloadTooLarge(message).into_response(),
        };
        // The rest of the body is not read: the connection cannot carry another request.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            HeaderValue::from_static("close"),
        );
        response
    }
}

/// Holds a request to its class's size and time. A body whose `Content-Length` says it is too
/// large is refused before a byte of it is read; one that turns out too large as it arrives
/// (chunked, or lying about its length) fails the handler's read, and whatever the handler made
/// of that is replaced by the same 413.
pub(crate) async fn within_class(
    State((state, class)): State<(AppState, WriteClass)>,
    request: Request,
    next: Next,
) -> Response {
    // Within a nested router the path has lost its prefix; the original still has it.
    let open311 = Format::of_open311_path(
        request
            .extensions()
            .get::<OriginalUri>()
            .map_or(request.uri(), |original| &original.0)
            .path(),
    );
    let max = class.max_body_bytes();
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max as u64) {
        return class.too_large(open311);
    }
    let over = Arc::new(AtomicBool::new(false));
    let noticed = over.clone();
    let request = request.map(|body| {
        Body::new(Limited::new(body, max).map_err(move |error| {
            if error.is::<LengthLimitError>() {
                noticed.store(true, Ordering::Relaxed);
            }
            error
        }))
    });
    match tokio::time::timeout(class.max_time(&state.limits), next.run(request)).await {
        Err(_) => too_slow(open311),
        Ok(_) if over.load(Ordering::Relaxed) => class.too_large(open311),
        Ok(response) => response,
    }
}
