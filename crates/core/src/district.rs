//! The district a deployment serves: its county-level code after GB/T 2260 (通州区 is `110112`)
//! and the box its places must lie in. Both come from the deployment (`linli-server init`), never
//! from the code, so another district runs Linli by its own `init`.

use std::fmt;

/// A county-level division code after GB/T 2260: six digits, a province 11–82, a county part
/// that is not `00` (`110100` is a city, not a county).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DistrictCode(String);

impl DistrictCode {
    pub fn parse(text: &str) -> Result<DistrictCode, String> {
        let text = text.trim();
        let digits = text.len() == 6 && text.chars().all(|c| c.is_ascii_digit());
        let province: u8 = if digits {
            text[0..2].parse().unwrap_or(0)
        } else {
            0
        };
        if !digits || !(11..=82).contains(&province) || &text[4..6] == "00" {
            return Err(format!(
                "{text} 不是县级行政区划代码（GB/T 2260，6 位，如通州区 110112）。\
                 {text} is not a county-level code after GB/T 2260 (six digits, e.g. 110112 for Tongzhou)."
            ));
        }
        Ok(DistrictCode(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A box in WGS-84 degrees. Every imported place must lie in the district's: a row with its
/// latitude and longitude swapped, or in the wrong datum's idea of the country, is refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bounds {
    /// `west,south,east,north` in degrees, as `init --bounds` takes it (the order of GeoJSON's
    /// `bbox`).
    pub fn parse(text: &str) -> Result<Bounds, String> {
        let numbers: Vec<f64> = text
            .trim_matches(['[', ']', ' '])
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        let refuse = || {
            format!(
                "范围应为“西,南,东,北”四个经纬度（如 116.5,39.58,116.97,40.06），读到的是 {text}。\
                 Bounds are west,south,east,north in degrees (e.g. 116.5,39.58,116.97,40.06), not {text}."
            )
        };
        let [west, south, east, north] = numbers[..] else {
            return Err(refuse());
        };
        let bounds = Bounds {
            west,
            south,
            east,
            north,
        };
        let in_range = (-180.0..=180.0).contains(&west)
            && (-180.0..=180.0).contains(&east)
            && (-90.0..=90.0).contains(&south)
            && (-90.0..=90.0).contains(&north);
        if !in_range || west >= east || south >= north {
            return Err(refuse());
        }
        Ok(bounds)
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }

    /// The same text [`Bounds::parse`] reads.
    pub fn to_text(&self) -> String {
        format!(
            "[{},{},{},{}]",
            self.west, self.south, self.east, self.north
        )
    }
}

/// 通州区 and a margin of a kilometre or two: the sample's district, and the default for an `init`
/// of 110112 that gives no `--bounds`.
pub const TONGZHOU_BOUNDS: Bounds = Bounds {
    west: 116.5,
    south: 39.58,
    east: 116.97,
    north: 40.06,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_code_is_six_digits_of_a_province_and_a_county() {
        assert_eq!(DistrictCode::parse(" 110112 ").unwrap().as_str(), "110112");
        for wrong in ["11011", "1101120", "110100", "990112", "11o112", ""] {
            let message = DistrictCode::parse(wrong).unwrap_err();
            assert!(message.contains("GB/T 2260"), "{wrong}: {message}");
        }
    }

    #[test]
    fn bounds_are_read_west_south_east_north_and_hold_what_lies_inside() {
        let bounds = Bounds::parse("116.5, 39.58, 116.97, 40.06").unwrap();
        assert_eq!(bounds, TONGZHOU_BOUNDS);
        assert_eq!(Bounds::parse(&bounds.to_text()).unwrap(), bounds);
        assert!(bounds.contains(39.9087, 116.6572));
        assert!(
            !bounds.contains(116.6572, 39.9087),
            "latitude and longitude swapped"
        );
        for wrong in [
            "116.5,39.58,116.97",
            "116.97,39.58,116.5,40.06",
            "a,b,c,d",
            "0,0,0,0",
        ] {
            assert!(Bounds::parse(wrong).is_err(), "{wrong}");
        }
    }
}
