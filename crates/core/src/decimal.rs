//! Plain decimals written and read without Rust's float formatting and parsing.
//!
//! `format!("{:.4}", x)` and `str::parse::<f64>` are exact for every input, and pay for it with
//! Grisu, Dragon4 and Eisel–Lemire code and tables, about a tenth of the map page's wasm, the only
//! bundle that wrote or read floats (docs/bundle-size.md). Positions in links, SVG sizes in
//! decimetres and distances in metres need far less,
//! and these functions are exact for them.

/// `value` kept within `low..=high` (NaN becomes `low`). `f64::clamp` does the same but panics
/// on a NaN bound with a message that formats both bounds, and that message alone keeps Rust's
/// float formatting in a wasm that otherwise has none.
#[allow(
    clippy::manual_clamp,
    reason = "clamp's panic path is what this avoids"
)]
pub fn within(value: f64, low: f64, high: f64) -> f64 {
    value.max(low).min(high)
}

/// Powers of ten that `f64` holds exactly (10^22 is the last).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The most digits [`parse`] keeps; later ones change the value by under 10⁻¹⁸ of it.
const KEPT_DIGITS: u32 = 19;

/// `value` with `decimals` places (at most 9), rounded half away from zero: `fixed(-0.06, 1)` is
/// `"-0.1"`, `fixed(39.90231, 4)` is `"39.9023"`. For values whose scaled magnitude is below
/// 2⁵³ it equals `format!("{value:.decimals$}")` except exactly at a tie, which this rounds
/// away from zero. Non-finite values are written as `0`.
pub fn fixed(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    let scaled = (value * POWERS_OF_TEN[decimals as usize]).round();
    if !scaled.is_finite() {
        return "0".to_owned();
    }
    let negative = scaled < 0.0;
    let units = scaled.abs() as u64;
    let unit = 10u64.pow(decimals);
    let mut out = String::new();
    if negative && units != 0 {
        out.push('-');
    }
    out.push_str(&(units / unit).to_string());
    if decimals > 0 {
        let fraction = (units % unit).to_string();
        out.push('.');
        for _ in fraction.len()..decimals as usize {
            out.push('0');
        }
        out.push_str(&fraction);
    }
    out
}

/// Reads a plain decimal — an optional sign, digits, an optional point and more digits
/// (`-39.9023`, `116`, `.5`, `7.`) — as the nearest `f64`, which for up to 15 significant digits
/// is exactly what `str::parse::<f64>` gives. No exponents, no `inf` or `nan`: `None`.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut kept: u32 = 0;
    // Powers of ten to divide by (digits kept after the point) or multiply by (whole digits
    // beyond those kept).
    let mut scale: i32 = 0;
    for (part, after_point) in [(whole, false), (fraction, true)] {
        for byte in part.bytes() {
            if !byte.is_ascii_digit() {
                return None;
            }
            let significant = mantissa != 0 || byte != b'0';
            if significant && kept == KEPT_DIGITS {
                if !after_point {
                    scale -= 1;
                }
                continue;
            }
            mantissa = mantissa * 10 + u64::from(byte - b'0');
            if significant {
                kept += 1;
            }
            if after_point {
                scale += 1;
            }
        }
    }
    let magnitude = mantissa as f64;
    let value = if scale >= 0 {
        magnitude / POWERS_OF_TEN.get(scale as usize).copied()?
    } else {
        magnitude * POWERS_OF_TEN.get(scale.unsigned_abs() as usize).copied()?
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    /// A fixed sequence of values spread over many magnitudes (SplitMix64), so a failure repeats.
    fn samples() -> impl Iterator<Item = f64> {
        let mut rng = SplitMix64::new(0x9e37_79b9_7f4a_7c15);
        (0..20_000).map(move |i| {
            let magnitude = [1.0, 180.0, 1e4, 1e7][i % 4];
            (rng.unit() - 0.5) * 2.0 * magnitude
        })
    }

    #[test]
    fn fixed_writes_what_format_writes_away_from_ties() {
        for value in samples() {
            for decimals in [0, 1, 2, 4, 6] {
                let scaled = value * POWERS_OF_TEN[decimals as usize];
                // At (or within rounding of) a tie the two may differ by design.
                if (scaled.abs().fract() - 0.5).abs() < 1e-6 {
                    continue;
                }
                let expected = format!("{value:.prec$}", prec = decimals as usize);
                // `format!` writes a negative value that rounds to zero as `-0`.
                let expected = expected.strip_prefix("-").map_or(expected.clone(), |rest| {
                    if rest.bytes().all(|b| b == b'0' || b == b'.') {
                        rest.to_owned()
                    } else {
                        expected.clone()
                    }
                });
                assert_eq!(fixed(value, decimals), expected, "{value} to {decimals}");
            }
        }
    }

    #[test]
    fn within_keeps_a_value_between_its_bounds() {
        assert_eq!(within(5.0, 1.0, 3.0), 3.0);
        assert_eq!(within(-5.0, 1.0, 3.0), 1.0);
        assert_eq!(within(2.5, 1.0, 3.0), 2.5);
        assert_eq!(within(f64::NAN, 1.0, 3.0), 1.0);
    }

    #[test]
    fn fixed_rounds_ties_away_from_zero_and_pads_the_fraction() {
        assert_eq!(fixed(39.90231, 4), "39.9023");
        assert_eq!(fixed(116.6, 4), "116.6000");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(-2.5, 0), "-3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.06, 1), "-0.1");
        assert_eq!(fixed(0.001, 2), "0.00");
        assert_eq!(fixed(1234.5678, 0), "1235");
        // Degrees on the component page: five decimals, about a metre.
        assert_eq!(fixed(39.912_054, 5), "39.91205");
        assert_eq!(fixed(-0.000_004, 5), "0.00000");
        assert_eq!(fixed(-12.345_678, 5), "-12.34568");
        assert_eq!(fixed(f64::NAN, 2), "0");
        assert_eq!(fixed(f64::INFINITY, 2), "0");
    }

    #[test]
    fn parse_reads_what_std_reads() {
        for value in samples() {
            for decimals in [0, 1, 4, 6, 9] {
                let text = format!("{value:.prec$}", prec = decimals);
                let expected = text.parse::<f64>().unwrap();
                let significant = text
                    .trim_start_matches(['-', '0', '.'])
                    .replace('.', "")
                    .len();
                if significant <= 15 {
                    assert_eq!(parse(&text), Some(expected), "{text:?}");
                } else {
                    // Two roundings instead of one: at most one unit in the last place apart.
                    let read = parse(&text).unwrap();
                    assert!(
                        (read - expected).abs() <= expected.abs() * f64::EPSILON,
                        "{text:?}"
                    );
                }
            }
        }
        for text in [
            "0",
            "-0",
            "+7",
            "7.",
            ".5",
            "-.5",
            "007.250",
            "39.9087654",
            "116.65622",
        ] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text:?}");
        }
    }

    #[test]
    fn parse_keeps_nineteen_digits_and_refuses_what_is_not_a_plain_decimal() {
        let long = "39.908765432109876543210987";
        let read = parse(long).unwrap();
        assert!((read - long.parse::<f64>().unwrap()).abs() <= f64::EPSILON * 40.0);
        let big = "12345678901234567890123";
        let read = parse(big).unwrap();
        assert!((read / big.parse::<f64>().unwrap() - 1.0).abs() < 1e-15);
        for text in [
            "", "-", ".", "+.", "1e5", "1.2.3", " 1", "1 ", "inf", "nan", "0x10", "1,5", "١٢",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
