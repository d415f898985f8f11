//! The page's state as it lives in the URL, so a link, a reload or the back button shows the
//! same circle: where the walk starts (`b` building code, `c` component code or `at` position),
//! which categories are shown (`cat`, comma-separated ids; none means all) and the pace
//! (`pace=elderly`, otherwise standard).
//!
//! A position may also arrive as `gcj02=<lat>,<lon>`: WeChat's `wx.getLocation` and every map
//! licensed in China answer in GCJ-02, so a WeChat mini-program or a map app linking here passes
//! what it has. It is converted to WGS-84 on reading and written back as `at`, the only datum
//! Linli keeps.

use linli_core::decimal::{self, fixed};
use linli_core::gcj02::gcj02_to_wgs84;
use linli_core::reach::{ELDERLY_PACE, GeoPoint, Pace, STANDARD_PACE};

/// Where the walk starts, as the URL names it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StartParam {
    Building(String),
    /// A scanned plate's component code.
    Component(String),
    /// A position in WGS-84: the phone's (the Geolocation API answers in WGS-84) or a link's.
    Position(GeoPoint),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct MapQuery {
    pub start: Option<StartParam>,
    /// Category ids in the order they were chosen; empty shows every category.
    pub categories: Vec<String>,
    pub elderly: bool,
}

impl MapQuery {
    /// Reads the query parameters; anything malformed is left out rather than guessed.
    pub(crate) fn parse(get: impl Fn(&str) -> Option<String>) -> MapQuery {
        let non_empty = |key: &str| get(key).filter(|v| !v.is_empty());
        let start = non_empty("b")
            .map(StartParam::Building)
            .or_else(|| non_empty("c").map(StartParam::Component))
            .or_else(|| non_empty("at").and_then(|at| parse_position(&at)))
            .or_else(|| non_empty("gcj02").and_then(|at| parse_gcj02_position(&at)));
        let mut categories: Vec<String> = Vec::new();
        for id in non_empty("cat").unwrap_or_default().split(',') {
            if !id.is_empty() && !categories.iter().any(|known| known == id) {
                categories.push(id.to_owned());
            }
        }
        MapQuery {
            start,
            categories,
            elderly: get("pace").as_deref() == Some("elderly"),
        }
    }

    pub(crate) fn pace(&self) -> Pace {
        if self.elderly {
            ELDERLY_PACE
        } else {
            STANDARD_PACE
        }
    }

    /// Whether a service of `category` is shown.
    pub(crate) fn shows(&self, category: &str) -> bool {
        self.categories.is_empty() || self.categories.iter().any(|c| c == category)
    }

    pub(crate) fn with_category_toggled(&self, category: &str) -> MapQuery {
        let mut next = self.clone();
        if let Some(at) = next.categories.iter().position(|c| c == category) {
            next.categories.remove(at);
        } else {
            next.categories.push(category.to_owned());
        }
        next
    }

    /// `?b=…&cat=…&pace=elderly`, or an empty string when there is nothing to say.
    pub(crate) fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        match &self.start {
            Some(StartParam::Building(code)) => pairs.push(("b", code.clone())),
            Some(StartParam::Component(code)) => pairs.push(("c", code.clone())),
            Some(StartParam::Position(point)) => pairs.push(("at", format_position(*point))),
            None => {}
        }
        if !self.categories.is_empty() {
            pairs.push(("cat", self.categories.join(",")));
        }
        if self.elderly {
            pairs.push(("pace", "elderly".to_owned()));
        }
        let joined: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", escape(value)))
            .collect();
        if joined.is_empty() {
            String::new()
        } else {
            format!("?{}", joined.join("&"))
        }
    }
}

/// Four decimals (about 11 m): enough for a walk, and no more of a resident's position than that
/// goes into a link they might share.
fn format_position(point: GeoPoint) -> String {
    format!("{},{}", fixed(point.lat(), 4), fixed(point.lon(), 4))
}

fn parse_position(text: &str) -> Option<StartParam> {
    Some(StartParam::Position(parse_point(text)?))
}

fn parse_gcj02_position(text: &str) -> Option<StartParam> {
    let gcj02 = parse_point(text)?;
    let (lat, lon) = gcj02_to_wgs84(gcj02.lat(), gcj02.lon());
    Some(StartParam::Position(GeoPoint::new(lat, lon).ok()?))
}

fn parse_point(text: &str) -> Option<GeoPoint> {
    let (lat, lon) = text.split_once(',')?;
    GeoPoint::new(decimal::parse(lat.trim())?, decimal::parse(lon.trim())?).ok()
}

/// Percent-encodes everything but the characters codes, ids and positions are made of.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.,".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> MapQuery {
        MapQuery::parse(|key| {
            query
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    fn check(query: &[(&str, &str)], expected: &str) {
        assert_eq!(parse(query).to_query_string(), expected, "{query:?}");
    }

    #[test]
    fn reads_and_writes_the_same_state() {
        check(&[], "");
        check(&[("b", "110112050100001")], "?b=110112050100001");
        check(
            &[
                ("c", "1101120110000001"),
                ("cat", "pharmacy,laundry"),
                ("pace", "elderly"),
            ],
            "?c=1101120110000001&cat=pharmacy,laundry&pace=elderly",
        );
        check(&[("at", "39.90231,116.65622")], "?at=39.9023,116.6562");
        // A building wins over a position; duplicates and empty ids are dropped.
        check(
            &[("b", "7"), ("at", "39.9,116.6"), ("cat", "a,,a,b")],
            "?b=7&cat=a,b",
        );
    }

    #[test]
    fn a_gcj02_position_is_read_as_wgs84_and_written_as_at() {
        // 北苑家园 in GCJ-02, as WeChat would give it: here GCJ-02 lies about 0.0011° north and
        // 0.0059° east of WGS-84, some 120 m and 500 m.
        let (lat, lon) = linli_core::gcj02::wgs84_to_gcj02(39.90231, 116.65622);
        let link = format!("{lat:.6},{lon:.6}");
        check(&[("gcj02", &link)], "?at=39.9023,116.6562");
        // Read as WGS-84, the same numbers would start the walk some 500 m away.
        assert_ne!(
            parse(&[("at", &link)]).to_query_string(),
            "?at=39.9023,116.6562"
        );
        // A WGS-84 position given too wins; a malformed one is left out.
        check(
            &[("at", "39.9,116.6"), ("gcj02", &link)],
            "?at=39.9000,116.6000",
        );
        check(&[("gcj02", "39.9")], "");
    }

    #[test]
    fn malformed_values_are_left_out() {
        check(&[("at", "north")], "");
        check(&[("at", "91,116")], "");
        check(&[("pace", "fast")], "");
        check(&[("b", "")], "");
        check(&[("b", "a b&c")], "?b=a%20b%26c");
    }

    #[test]
    fn a_category_toggles_on_and_off_and_none_shows_all() {
        let all = parse(&[("b", "7")]);
        assert!(all.shows("laundry"));
        let one = all.with_category_toggled("pharmacy");
        assert!(one.shows("pharmacy") && !one.shows("laundry"));
        assert_eq!(one.to_query_string(), "?b=7&cat=pharmacy");
        assert_eq!(one.with_category_toggled("pharmacy"), all);
        assert!((parse(&[("pace", "elderly")]).pace().metres_per_second() - 0.9).abs() < 1e-9);
        assert!((all.pace().metres_per_second() - 1.2).abs() < 1e-9);
    }
}
