//! The browser's own QR reader (BarcodeDetector), used for camera frames only when it proves
//! itself: `getSupportedFormats()` must resolve and list `qr_code`, and it must read a test code
//! drawn at start-up. Some browsers (WeChat's among them) expose one that finds nothing; the
//! worker is used then.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

use super::frame::Grabber;

/// The text of [`TEST_CODE`].
pub const TEST_TEXT: &str = "LINLI";

/// A version-1 QR code (21 × 21 modules, level M) of [`TEST_TEXT`], one row per number, the
/// leftmost module in bit 20. Kept as data so the main bundle needs no QR encoder; a host test
/// checks that the decoder reads it.
pub const TEST_CODE: [u32; 21] = [
    0x1fc87f, 0x104b41, 0x175e5d, 0x17595d, 0x175b5d, 0x105141, 0x1fd57f, 0x001700, 0x17cd7c,
    0x1e8123, 0x1cd694, 0x058c3c, 0x1ec297, 0x0013c7, 0x1fcd65, 0x105bc1, 0x175d2c, 0x175524,
    0x175694, 0x104435, 0x1fde94,
];

/// Pixels a module, and the white margin in modules, of the drawn test code.
const TEST_MODULE: u32 = 4;
const TEST_MARGIN: u32 = 4;

/// A BarcodeDetector that read the test code.
#[derive(Clone)]
pub struct NativeDetector(JsValue);

impl NativeDetector {
    /// The browser's detector if it exists, claims QR and reads the test code; else `None`.
    pub async fn probe(grabber: &Grabber) -> Option<NativeDetector> {
        let class: Function = Reflect::get(&js_sys::global(), &"BarcodeDetector".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let formats = call_async(&class, "getSupportedFormats", None).await?;
        if !Array::from(&formats).includes(&"qr_code".into(), 0) {
            return None;
        }
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
        let detector = Reflect::construct(&class, &Array::of1(&options)).ok()?;
        let detector = NativeDetector(detector);
        draw_test_code(grabber.canvas())?;
        (detector.detect(grabber.canvas()).await.as_deref() == Some(TEST_TEXT)).then_some(detector)
    }

    /// The text of the first QR code on the canvas.
    pub async fn detect(&self, canvas: &HtmlCanvasElement) -> Option<String> {
        let found = call_async(&self.0, "detect", Some(canvas)).await?;
        let first = Array::from(&found).get(0);
        if first.is_undefined() {
            return None;
        }
        Reflect::get(&first, &"rawValue".into()).ok()?.as_string()
    }
}

/// Calls `target.name(argument?)`, which returns a promise, and awaits it.
async fn call_async(target: &JsValue, name: &str, argument: Option<&JsValue>) -> Option<JsValue> {
    let method: Function = Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
    let returned = match argument {
        Some(argument) => method.call1(target, argument),
        None => method.call0(target),
    };
    let promise: Promise = returned.ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

fn draw_test_code(canvas: &HtmlCanvasElement) -> Option<()> {
    let side = (21 + 2 * TEST_MARGIN) * TEST_MODULE;
    canvas.set_width(side);
    canvas.set_height(side);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, f64::from(side), f64::from(side));
    context.set_fill_style_str("#000");
    for (x, y) in dark_modules() {
        let at = |m: u32| f64::from((m + TEST_MARGIN) * TEST_MODULE);
        context.fill_rect(at(x), at(y), f64::from(TEST_MODULE), f64::from(TEST_MODULE));
    }
    Some(())
}

/// The dark modules of [`TEST_CODE`] as `(x, y)`.
pub fn dark_modules() -> impl Iterator<Item = (u32, u32)> {
    (0..21u32).flat_map(|y| {
        (0..21u32)
            .filter_map(move |x| (TEST_CODE[y as usize] >> (20 - x) & 1 == 1).then_some((x, y)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_code_reads_as_its_text() {
        let module = TEST_MODULE as usize;
        let side = (21 + 2 * TEST_MARGIN as usize) * module;
        let mut pixels = vec![255u8; side * side];
        for (x, y) in dark_modules() {
            for dy in 0..module {
                for dx in 0..module {
                    let px = (x + TEST_MARGIN) as usize * module + dx;
                    let py = (y + TEST_MARGIN) as usize * module + dy;
                    pixels[py * side + px] = 0;
                }
            }
        }
        let text = qr_decode::decode(&pixels, side as u32, side as u32);
        assert_eq!(text.as_deref(), Some(TEST_TEXT));
    }
}
