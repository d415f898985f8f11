//! Photos chosen for a report, shrunk in the browser before they are stored or sent: the longer
//! side to at most 1600 px, JPEG at most 500 KB. Drawing on a canvas and encoding again also
//! drops EXIF (the phone's GPS position, model and time). Residents upload on weak networks, so
//! a 4 MB camera photo must not be sent as is.

use js_sys::Promise;
use linli_core::photo::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// Larger files are refused before decoding: decoding a 50-megapixel image can crash the
/// in-app browser of a low-end phone, and no phone camera writes a JPEG this large.
pub(crate) const MAX_CHOSEN_BYTES: f64 = 15.0 * 1024.0 * 1024.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PhotoError {
    TooLarge,
    NotAnImage,
    /// The browser could not encode it small enough (a pathological image).
    CannotShrink,
}

async fn encode(canvas: &HtmlCanvasElement, quality: f64) -> Option<Blob> {
    let promise = Promise::new(&mut |resolve, _reject| {
        let resolve_with_blob = resolve.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve_with_blob.call1(&JsValue::NULL, &blob);
        });
        if canvas
            .to_blob_with_type_and_encoder_options(
                done.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(quality),
            )
            .is_err()
        {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(promise).await.ok()?.dyn_into::<Blob>().ok()
}

fn draw(bitmap: &ImageBitmap, side: u32) -> Option<HtmlCanvasElement> {
    let (width, height) = (bitmap.width(), bitmap.height());
    let scale = (f64::from(side) / f64::from(width.max(height))).min(1.0);
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let (w, h) = (
        (f64::from(width) * scale).round().max(1.0),
        (f64::from(height) * scale).round().max(1.0),
    );
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // JPEG has no transparency: a transparent PNG would otherwise turn black.
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, w, h);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)
        .ok()?;
    Some(canvas)
}

/// The chosen file, shrunk and re-encoded as a JPEG the server accepts.
pub(crate) async fn prepare(file: &web_sys::File) -> Result<Blob, PhotoError> {
    if file.size() > MAX_CHOSEN_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let window = web_sys::window().ok_or(PhotoError::NotAnImage)?;
    let bitmap: ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(file)
            .map_err(|_| PhotoError::NotAnImage)?,
    )
    .await
    .map_err(|_| PhotoError::NotAnImage)?
    .dyn_into()
    .map_err(|_| PhotoError::NotAnImage)?;
    let mut result = Err(PhotoError::CannotShrink);
    'sizes: for side in [u32::from(MAX_PHOTO_SIDE), 1200, 800] {
        let Some(canvas) = draw(&bitmap, side) else {
            break;
        };
        for quality in [0.85, 0.7, 0.55] {
            if let Some(blob) = encode(&canvas, quality).await
                && blob.size() <= MAX_PHOTO_BYTES as f64
            {
                result = Ok(blob);
                break 'sizes;
            }
        }
    }
    bitmap.close();
    result
}
