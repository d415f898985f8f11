//! QR codes drawn on the server as SVG (the `qrcode` crate), for printed plates and voting-code
//! sheets: the residents' bundle never carries an encoder.

use qrcode::bits::Bits;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode, Version};

/// Level M survives the scratches and dirt of a plate on a street light.
const LEVEL: EcLevel = EcLevel::M;

/// The code for `text`. ASCII goes through the crate's own segmentation (digits and capitals
/// packed tighter); anything else is written as plain bytes, because the crate would write
/// some UTF-8 byte pairs in Kanji mode (Shift JIS), which every scanner then reads as other
/// characters: 北苑南路路灯 came back as 蛹苓拒蜊苓ｷｯ霍ｯ轣ｯ.
fn code_for(text: &str) -> Option<QrCode> {
    if text.is_ascii() {
        return QrCode::with_error_correction_level(text.as_bytes(), LEVEL).ok();
    }
    (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(LEVEL).ok()?;
        QrCode::with_bits(bits, LEVEL).ok()
    })
}

/// An `<svg>` element (no XML declaration, so it can sit inside HTML) of `text` as a QR code with
/// its quiet zone, scaled by its `width`/`height` attributes to `size` (any CSS length, e.g.
/// `"50mm"`). `None` when the text is too long for any QR version.
pub(crate) fn svg(text: &str, size: &str) -> Option<String> {
    let code = code_for(text)?;
    let drawn = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let start = drawn.find("<svg")?;
    let element = &drawn[start..];
    // The crate writes pixel sizes; the sheet wants physical ones, with the same view box.
    let (width, height) = (attribute(element, "width")?, attribute(element, "height")?);
    // The crate already writes the view box; only the outer size changes.
    Some(element.replacen(
        &format!("width=\"{width}\" height=\"{height}\" viewBox"),
        &format!("width=\"{size}\" height=\"{size}\" viewBox"),
        1,
    ))
}

/// The number of modules across, quiet zone excluded: what decides the module size when printed.
/// Only the tests ask it for now (print sizes are fixed at 40 mm and 50 mm).
#[cfg(test)]
pub(crate) fn modules_across(text: &str) -> Option<usize> {
    code_for(text).map(|c| c.width())
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + element[start..].find('"')?;
    Some(&element[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a phone reads from the code drawn for `text`: a clean frame of it, 4 pixels a
    /// module, through the scanner's own decoder.
    fn scanned(text: &str) -> Option<String> {
        let frame = qr_decode::fuzzing::drawn(&code_for(text)?, 4, false);
        qr_decode::decode(&frame.pixels, frame.width, frame.height)
    }

    #[test]
    fn chinese_text_reads_back_as_written() {
        for text in [
            "北苑南路路灯",
            "https://linli.example/v/春季?receipt=回执",
            "路灯 01",
        ] {
            assert_eq!(scanned(text).as_deref(), Some(text));
        }
        assert_eq!(
            scanned("https://linli.example/c/1101120110000001").as_deref(),
            Some("https://linli.example/c/1101120110000001")
        );
    }

    #[test]
    fn a_plate_url_draws_as_an_svg_of_the_asked_size() {
        let drawn = svg("https://linli.example/c/1101120110000001", "50mm").unwrap();
        assert!(drawn.starts_with("<svg"));
        assert!(drawn.contains("width=\"50mm\" height=\"50mm\""));
        assert!(drawn.contains("viewBox=\"0 0 "));
        // Each attribute once: a repeated one makes the whole SVG unreadable to browsers.
        let open_tag = &drawn[..drawn.find('>').unwrap()];
        for attribute in ["width=", "height=", "viewBox=", "shape-rendering="] {
            assert_eq!(
                open_tag.matches(attribute).count(),
                1,
                "{attribute} in {open_tag}"
            );
        }
        assert!(!drawn.contains("<?xml"));
        // Version 3 (29 modules) for a 40-character URL: at 50 mm that is 1.35 mm per module
        // with the quiet zone, readable by a phone at arm's length.
        assert_eq!(
            modules_across("https://linli.example/c/1101120110000001"),
            Some(29)
        );
    }

    #[test]
    fn text_too_long_for_any_qr_is_none() {
        assert_eq!(svg(&"x".repeat(5000), "50mm"), None);
    }
}
