//! The scanner's QR decoder: a greyscale (luma) frame in, the code's text out.
//!
//! It wraps `rxing` (QR only) and tries a few ways of reading one frame, cheapest first, because
//! photographs of plates fail in different ways: glare and uneven light defeat one binarizer but
//! not another, a code printed light-on-dark needs the inverted image, and a large noisy photo
//! often reads better once it is scaled down. The same code runs natively (the `qr-decode` and
//! `qr-bench` commands) and as wasm in the scanner's Web Worker, so the bench measures what the
//! phone runs.

use std::collections::HashSet;

use rxing::common::GlobalHistogramBinarizer;
use rxing::qrcode::QRCodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, LuminanceSource, Reader,
};

pub mod binarizer;
#[cfg(feature = "cli")]
pub mod files;
/// Needs the `qrcode` encoder, which only the native tools' `cli` feature brings.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod fuzzing;
pub mod luma;
#[cfg(all(target_arch = "wasm32", feature = "simd"))]
pub mod simd;

use binarizer::LocalBinarizer;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Decodes the first QR code found in a `width` × `height` luma frame (one byte per pixel,
/// rows top to bottom). `None` when there is none or the buffer does not match the size.
pub fn decode(pixels: &[u8], width: u32, height: u32) -> Option<String> {
    if width == 0 || height == 0 || pixels.len() != width as usize * height as usize {
        return None;
    }
    let hints = hints();
    let source = Luma8Source::new_with_slice(pixels, width, height).ok()?;
    // The hybrid binarizer (rxing's, computed faster by `binarizer`) thresholds each 8×8 block
    // against its neighbourhood: the best single choice for uneven light. Both QR readers and
    // the inverted image run on it.
    if let Some(text) = read(
        &mut BinaryBitmap::new(LocalBinarizer::new(source.clone())),
        &hints,
    ) {
        return Some(text);
    }
    // One global threshold survives what defeats the local one: large flat areas around a
    // small code, and fine print where blocks straddle modules.
    if let Some(text) = read(
        &mut BinaryBitmap::new(GlobalHistogramBinarizer::new(source)),
        &hints,
    ) {
        return Some(text);
    }
    // Large noisy photographs read better scaled down: averaging removes sensor noise and
    // JPEG ringing that break finder-pattern runs at full resolution. Each layer is made from
    // the one before and read in place, without copying the frame.
    let mut layer: Option<luma::Frame> = None;
    loop {
        let (above, w, h) = match &layer {
            Some(frame) => (frame.pixels.as_slice(), frame.width, frame.height),
            None => (pixels, width, height),
        };
        if w.min(h) < 2 * MIN_SIDE {
            break;
        }
        let half = luma::half(above, w, h);
        let source = Luma8Source::new_with_slice(&half.pixels, half.width, half.height).ok()?;
        if let Some(text) = read(&mut BinaryBitmap::new(LocalBinarizer::new(source)), &hints) {
            return Some(text);
        }
        layer = Some(half);
    }
    None
}

/// No smaller layer is tried: a 21-module code needs about 3 pixels a module plus its margin.
const MIN_SIDE: u32 = 160;

fn hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(true),
        PureBarcode: Some(false),
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        ..DecodeHints::default()
    }
}

/// Both readers on one binarized image, then both again on its inverse.
fn read<B: Binarizer>(image: &mut BinaryBitmap<B>, hints: &DecodeHints) -> Option<String>
where
    B::Source: LuminanceSource,
{
    for inverted in [false, true] {
        if inverted {
            image.invert();
        }
        // zxing-cpp's reader (ported in rxing) finds more codes; ZXing Java's still reads a
        // few it misses, so it is the second try rather than dropped.
        if let Ok(result) = QrReader.decode_with_hints(image, hints) {
            return Some(result.getText().to_owned());
        }
        if let Ok(result) = QRCodeReader.decode_with_hints(image, hints) {
            return Some(result.getText().to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    // In wasm (the SIMD build's check) the same tests run in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use qrcode::QrCode;

    use super::*;

    /// A code of `text` drawn `module` pixels a module, dark on light or inverted.
    fn drawn(text: &str, module: usize, inverted: bool) -> luma::Frame {
        fuzzing::drawn(&QrCode::new(text.as_bytes()).unwrap(), module, inverted)
    }

    #[test]
    fn reads_a_plate_url_at_every_quarter_turn() {
        let url = "https://linli.example.cn/c/1101120110000001";
        let frame = drawn(url, 4, false);
        for turns in 0..4 {
            let turned = frame.rotated(turns);
            assert_eq!(
                decode(&turned.pixels, turned.width, turned.height).as_deref(),
                Some(url),
                "at {} degrees",
                90 * turns
            );
        }
    }

    #[test]
    fn reads_a_code_printed_light_on_dark() {
        let frame = drawn("1101120110000001", 4, true);
        assert_eq!(
            decode(&frame.pixels, frame.width, frame.height).as_deref(),
            Some("1101120110000001")
        );
    }

    #[test]
    fn finds_nothing_in_a_blank_frame_or_a_buffer_of_the_wrong_size() {
        assert_eq!(decode(&[255; 200 * 200], 200, 200), None);
        let frame = drawn("x", 4, false);
        assert_eq!(decode(&frame.pixels, frame.width + 1, frame.height), None);
        assert_eq!(decode(&[], 0, 0), None);
    }
}
