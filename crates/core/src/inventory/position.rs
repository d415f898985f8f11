//! A row's position: from the file's own geometry (GeoJSON, shapefile) or from its latitude and
//! longitude columns, in the datum the file was declared in, stored as WGS-84, and inside the
//! district.

use super::Field;
use crate::datum::Datum;
use crate::district::Bounds;

/// What a row says about where it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Given<'a> {
    /// A point geometry, `[lon, lat]`.
    Point(f64, f64),
    /// A geometry that is not a point (its GeoJSON type): a polygon where a point belongs.
    NotAPoint(&'a str),
    /// Latitude and longitude columns, as text.
    Columns {
        lat: Option<&'a str>,
        lon: Option<&'a str>,
    },
}

/// The WGS-84 `(lat, lon)` of a row, or the sentence saying what is wrong with it.
pub fn position(given: Given<'_>, datum: Datum, bounds: &Bounds) -> Result<(f64, f64), String> {
    let (lat, lon) = match given {
        Given::Point(lon, lat) => (lat, lon),
        Given::NotAPoint(kind) => {
            return Err(format!(
                "这一行的几何是 {kind}，应为点（Point）。This row's geometry is a {kind}; a point is expected."
            ));
        }
        Given::Columns { lat, lon } => {
            let number = |text: Option<&str>, zh: &str, en: &str| -> Result<f64, String> {
                let text = text.ok_or_else(|| format!("缺少{zh}。The {en} is missing."))?;
                text.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| {
                        format!("{zh}“{text}”不是数字。The {en} “{text}” is not a number.")
                    })
            };
            (
                number(lat, "纬度", "latitude")?,
                number(lon, "经度", "longitude")?,
            )
        }
    };
    let (lat, lon) = datum.to_wgs84(lat, lon);
    if !bounds.contains(lat, lon) {
        let swapped = bounds.contains(lon, lat);
        return Err(if swapped {
            format!(
                "位置（纬度 {lat:.6}，经度 {lon:.6}）不在本区：纬度和经度写反了。\
                 The position (lat {lat:.6}, lon {lon:.6}) is outside the district: latitude and longitude are swapped."
            )
        } else {
            format!(
                "位置（纬度 {lat:.6}，经度 {lon:.6}）不在本区范围内：请检查坐标和所选坐标系。\
                 The position (lat {lat:.6}, lon {lon:.6}) is outside the district: check the coordinates and the datum chosen."
            )
        });
    }
    Ok((lat, lon))
}

/// The latitude column, in every kind that has a position.
pub const LAT: Field = Field {
    key: "lat",
    headings: &["latitude", "纬度", "y", "wd"],
    required: false,
};

/// The longitude column.
pub const LON: Field = Field {
    key: "lon",
    headings: &["lng", "longitude", "经度", "x", "jd"],
    required: false,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::district::TONGZHOU_BOUNDS;

    #[test]
    fn a_position_comes_from_the_geometry_or_the_columns_in_the_declared_datum() {
        let wgs = position(Given::Point(116.65, 39.9), Datum::Wgs84, &TONGZHOU_BOUNDS).unwrap();
        assert_eq!(wgs, (39.9, 116.65));
        let columns = Given::Columns {
            lat: Some("39.9"),
            lon: Some("116.65"),
        };
        assert_eq!(
            position(columns, Datum::Wgs84, &TONGZHOU_BOUNDS).unwrap(),
            wgs
        );
        let (lat, lon) = position(columns, Datum::Gcj02, &TONGZHOU_BOUNDS).unwrap();
        assert!(
            (lat - 39.9).abs() > 0.0005 && (lon - 116.65).abs() > 0.0005,
            "GCJ-02 moved it"
        );
    }

    #[test]
    fn a_bad_position_says_what_is_wrong() {
        let cases = [
            (Given::NotAPoint("Polygon"), "a Polygon"),
            (
                Given::Columns {
                    lat: None,
                    lon: Some("116.6"),
                },
                "latitude is missing",
            ),
            (
                Given::Columns {
                    lat: Some("北纬39.9"),
                    lon: Some("116.6"),
                },
                "not a number",
            ),
            (
                Given::Columns {
                    lat: Some("116.65"),
                    lon: Some("39.9"),
                },
                "swapped",
            ),
            (
                Given::Columns {
                    lat: Some("31.23"),
                    lon: Some("121.47"),
                },
                "check the coordinates",
            ),
        ];
        for (given, says) in cases {
            let message = position(given, Datum::Wgs84, &TONGZHOU_BOUNDS).unwrap_err();
            assert!(message.contains(says), "{given:?}: {message}");
        }
    }
}
