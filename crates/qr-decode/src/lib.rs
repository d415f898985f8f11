//! The scanner's QR decoder: a greyscale (luma) frame in, the code's text out.
//!
//! It wraps `rxing` (QR only) and tries a few ways of reading one frame, cheapest first, because
//! photographs of plates fail in different ways: glare and uneven light defeat one binarizer but
//! not another, a code printed light-on-dark needs the inverted image, and a large noisy photo
//! often reads better once it is scaled down. The same code runs natively (the `qr-decode` and
//! `qr-bench` commands) and as wasm in the scanner's Web Worker, so the bench measures what the
//! phone runs.

use std::collections::HashSet;

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::qrcode::QRCodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8LuminanceSource, Luma8Source,
    LuminanceSource, Reader,
};

#[cfg(feature = "cli")]
pub mod files;
pub mod luma;

/// Decodes the first QR code found in a `width` × `height` luma frame (one byte per pixel,
/// rows top to bottom). `None` when there is none or the buffer does not match the size.
pub fn decode(pixels: &[u8], width: u32, height: u32) -> Option<String> {
    if width == 0 || height == 0 || pixels.len() != width as usize * height as usize {
        return None;
    }
    let hints = hints();
    let source = Luma8Source::new_with_slice(pixels, width, height).ok()?;
    // The hybrid binarizer thresholds each 8×8 block against its neighbourhood: the best
    // single choice for uneven light. Both QR readers and the inverted image run on it.
    if let Some(text) = read(
        &mut BinaryBitmap::new(HybridBinarizer::new(source.clone())),
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
    // JPEG ringing that break finder-pattern runs at full resolution.
    let mut layer = luma::Frame {
        pixels: pixels.to_vec(),
        width,
        height,
    };
    while layer.width.min(layer.height) >= 2 * MIN_SIDE {
        layer = layer.half();
        let source =
            Luma8LuminanceSource::new(layer.pixels.clone(), layer.width, layer.height).ok()?;
        if let Some(text) = read(&mut BinaryBitmap::new(HybridBinarizer::new(source)), &hints) {
            return Some(text);
        }
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
