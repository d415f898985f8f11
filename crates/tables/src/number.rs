//! Numbers as the text a clerk typed: a spreadsheet's or a `.dbf`'s numbers arrive as `f64`.

/// Rust's shortest text that reads back as the same `f64`: `1101120110000001`, `0.5`, never
/// `1.0e15` or a trailing `.0`.
///
/// Every integer up to 2^53 is exact in an `f64`, so a 16-digit component code typed as a
/// number in Excel comes out digit for digit; past 2^53 Excel itself has already rounded it.
pub(crate) fn number_text(number: f64) -> String {
    if number == 0.0 {
        // Not `-0`.
        return "0".to_owned();
    }
    format!("{number}")
}

#[cfg(test)]
mod tests {
    use super::number_text;

    fn check(number: f64, expected: &str) {
        assert_eq!(number_text(number), expected);
    }

    #[test]
    fn integers_have_no_decimal_point_and_fractions_are_shortest() {
        check(1_101_120_110_000_001.0, "1101120110000001");
        check(9_007_199_254_740_992.0, "9007199254740992");
        check(3.0, "3");
        check(-0.0, "0");
        check(-12.5, "-12.5");
        check(0.1 + 0.2, "0.30000000000000004");
        check(1e-7, "0.0000001");
        check(116.397_128, "116.397128");
    }
}
