//! 微空间微更新 — micro-space renewal votes: the list of ballots and each ballot's projects.

pub mod ballot_list;
pub mod ballot_page;

use linli_api::BallotStatus;

use crate::i18n::Strings;

pub fn status_text(t: &Strings, status: BallotStatus) -> &'static str {
    match status {
        BallotStatus::Draft => t.ballot_draft,
        BallotStatus::Open => t.ballot_open,
        BallotStatus::Closed => t.ballot_closed,
    }
}

/// RFC 3339 to the date a person reads: `2027-06-30T20:00:00+08:00` → `2027-06-30 20:00`.
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replacen('T', " ", 1)
}

/// Yuan with thousands separators: 120000 → `¥120,000`.
pub fn yuan(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("¥{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_times_read_naturally() {
        assert_eq!(yuan(0), "¥0");
        assert_eq!(yuan(999), "¥999");
        assert_eq!(yuan(120000), "¥120,000");
        assert_eq!(yuan(1234567), "¥1,234,567");
        assert_eq!(short_time("2027-06-30T20:00:00+08:00"), "2027-06-30 20:00");
        assert_eq!(short_time("bad"), "bad");
    }
}
