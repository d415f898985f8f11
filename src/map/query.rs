//! The page's state as it lives in the URL, so a link, a reload or the back button shows the
//! same circle: where the walk starts (`b` building code, `c` component code or `at` position),
//! which categories are shown (`cat`, comma-separated ids; none means all) and the pace
//! (`pace=elderly`, otherwise standard).

use linli_core::reach::{ELDERLY_PACE, GeoPoint, Pace, STANDARD_PACE};

/// Where the walk starts, as the URL names it.
#[derive(Clone, Debug, PartialEq)]
pub enum StartParam {
    Building(String),
    /// A scanned plate's component code.
    Component(String),
    /// The phone's position (WGS-84 from the Geolocation API).
    Position(GeoPoint),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapQuery {
    pub start: Option<StartParam>,
    /// Category ids in the order they were chosen; empty shows every category.
    pub categories: Vec<String>,
    pub elderly: bool,
}

impl MapQuery {
    /// Reads the query parameters; anything malformed is left out rather than guessed.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> MapQuery {
        let non_empty = |key: &str| get(key).filter(|v| !v.is_empty());
        let start = non_empty("b")
            .map(StartParam::Building)
            .or_else(|| non_empty("c").map(StartParam::Component))
            .or_else(|| non_empty("at").and_then(|at| parse_position(&at)));
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

    pub fn pace(&self) -> Pace {
        if self.elderly {
            ELDERLY_PACE
        } else {
            STANDARD_PACE
        }
    }

    /// Whether a service of `category` is shown.
    pub fn shows(&self, category: &str) -> bool {
        self.categories.is_empty() || self.categories.iter().any(|c| c == category)
    }

    pub fn with_category_toggled(&self, category: &str) -> MapQuery {
        let mut next = self.clone();
        if let Some(at) = next.categories.iter().position(|c| c == category) {
            next.categories.remove(at);
        } else {
            next.categories.push(category.to_owned());
        }
        next
    }

    /// `?b=…&cat=…&pace=elderly`, or an empty string when there is nothing to say.
    pub fn to_query_string(&self) -> String {
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
    format!("{:.4},{:.4}", point.lat(), point.lon())
}

fn parse_position(text: &str) -> Option<StartParam> {
    let (lat, lon) = text.split_once(',')?;
    let point = GeoPoint::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?).ok()?;
    Some(StartParam::Position(point))
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
