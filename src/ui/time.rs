//! Times as the pages show them.

/// An RFC 3339 time (already in Beijing time, as the API sends it) to `2026-11-27 20:15`.
pub(crate) fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_naturally() {
        assert_eq!(short_time("2027-06-30T20:00:00+08:00"), "2027-06-30 20:00");
        assert_eq!(short_time("bad"), "bad");
    }
}
