//! QR codes drawn on the server as SVG (the `qrcode` crate), for printed plates and voting-code
//! sheets: the residents' bundle never carries an encoder.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An `<svg>` element (no XML declaration, so it can sit inside HTML) of `text` as a QR code with
/// its quiet zone, scaled by its `width`/`height` attributes to `size` (any CSS length, e.g.
/// `"50mm"`). Level M survives the scratches and dirt of a plate on a street light. `None` when
/// the text is too long for any QR version.
pub fn svg(text: &str, size: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
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
pub fn modules_across(text: &str) -> Option<usize> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .ok()
        .map(|c| c.width())
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + element[start..].find('"')?;
    Some(&element[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

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
