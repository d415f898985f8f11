//! Camera frames and photos to greyscale pixels for the decoder: the viewfinder's square at the
//! camera's own resolution (a module needs about 3 pixels, so nothing is scaled down), and photos
//! scaled to a size the decoder reads quickly.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, ImageBitmap};

/// Photos are scaled so that their longer side is at most this: a plate photographed at arm's
/// length still has several pixels a module, and a 12-megapixel photo would take seconds.
const MAX_PHOTO_SIDE: u32 = 1600;

/// One canvas, reused for every frame, that turns pictures into luma.
pub struct Grabber {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

/// A greyscale frame: one byte per pixel, rows top to bottom.
pub struct Luma {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl Grabber {
    pub fn new() -> Option<Grabber> {
        let canvas: HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        // Frames are read back every time; this keeps the canvas in memory the CPU can read.
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE).ok()?;
        let context = canvas
            .get_context_with_context_options("2d", &options)
            .ok()??
            .dyn_into()
            .ok()?;
        Some(Grabber { canvas, context })
    }

    /// The canvas the last picture was drawn into (BarcodeDetector reads it directly).
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// Draws the video's central square (what the square viewfinder shows) at full resolution.
    /// `false` while the video has no frame yet.
    pub fn draw_video(&self, video: &HtmlVideoElement) -> bool {
        let (x, y, side) = centre_square(video.video_width(), video.video_height());
        if side == 0 {
            return false;
        }
        self.resize(side, side);
        let side = f64::from(side);
        self.context
            .draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                video,
                f64::from(x),
                f64::from(y),
                side,
                side,
                0.0,
                0.0,
                side,
                side,
            )
            .is_ok()
    }

    /// Draws a photo, scaled down to at most [`MAX_PHOTO_SIDE`].
    pub fn draw_photo(&self, photo: &ImageBitmap) -> bool {
        let (width, height) = fit(photo.width(), photo.height(), MAX_PHOTO_SIDE);
        if width == 0 || height == 0 {
            return false;
        }
        self.resize(width, height);
        self.context
            .draw_image_with_image_bitmap_and_dw_and_dh(
                photo,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            )
            .is_ok()
    }

    /// The luma of what was drawn last.
    pub fn luma(&self) -> Option<Luma> {
        let (width, height) = (self.canvas.width(), self.canvas.height());
        let image = self
            .context
            .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
            .ok()?;
        Some(Luma {
            pixels: qr_decode::luma::rgba_to_luma(&image.data()),
            width,
            height,
        })
    }

    fn resize(&self, width: u32, height: u32) {
        // Setting a canvas' size clears and reallocates it, even to the same value.
        if self.canvas.width() != width || self.canvas.height() != height {
            self.canvas.set_width(width);
            self.canvas.set_height(height);
        }
    }
}

/// The largest centred square of a `width` × `height` picture: `(x, y, side)`.
pub fn centre_square(width: u32, height: u32) -> (u32, u32, u32) {
    let side = width.min(height);
    ((width - side) / 2, (height - side) / 2, side)
}

/// `width` × `height` scaled down, keeping its shape, so that neither side exceeds `max`.
pub fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= max {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max) + u64::from(longer) / 2) / u64::from(longer)) as u32
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewfinder_is_the_central_square() {
        assert_eq!(centre_square(1280, 720), (280, 0, 720));
        assert_eq!(centre_square(480, 640), (0, 80, 480));
        assert_eq!(centre_square(0, 0), (0, 0, 0));
    }

    #[test]
    fn photos_shrink_to_the_limit_and_keep_their_shape() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
    }
}
