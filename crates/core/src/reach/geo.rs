//! Positions on the Earth, checked once, and the great-circle distance between them.

use std::fmt;

/// Mean Earth radius (IUGG), the usual choice for haversine; the sample data uses the same.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS-84 position known to be in range, so every distance computed from it is a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

/// A latitude or longitude that is not finite or is outside ±90° / ±180°.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PositionError {
    pub lat: f64,
    pub lon: f64,
}

impl fmt::Display for PositionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}, {}) is not a WGS-84 position: latitude must lie within ±90°, longitude within ±180°",
            self.lat, self.lon
        )
    }
}

impl std::error::Error for PositionError {}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<GeoPoint, PositionError> {
        let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
        let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
        if lat_ok && lon_ok {
            Ok(GeoPoint { lat, lon })
        } else {
            Err(PositionError { lat, lon })
        }
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle distance in metres (haversine).
    pub fn metres_to(self, other: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        // `min` guards asin against a rounding step past 1 for antipodal points.
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }

    /// The point on the unit sphere. The straight chord between two such vectors grows with the
    /// great-circle distance, so comparing squared chords finds the nearest point with no
    /// trigonometry per candidate.
    pub(super) fn unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lat: f64, lon: f64, expected: Result<(), PositionError>) {
        assert_eq!(
            GeoPoint::new(lat, lon).map(|_| ()),
            expected,
            "({lat}, {lon})"
        );
    }

    #[test]
    fn accepts_positions_on_the_globe_and_nothing_else() {
        check(39.9, 116.65, Ok(()));
        check(-90.0, -180.0, Ok(()));
        check(90.0, 180.0, Ok(()));
        check(
            90.5,
            0.0,
            Err(PositionError {
                lat: 90.5,
                lon: 0.0,
            }),
        );
        check(
            0.0,
            -181.0,
            Err(PositionError {
                lat: 0.0,
                lon: -181.0,
            }),
        );
        check(
            f64::INFINITY,
            0.0,
            Err(PositionError {
                lat: f64::INFINITY,
                lon: 0.0,
            }),
        );
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
    }

    #[test]
    fn one_degree_of_latitude_is_the_radius_times_pi_over_180() {
        let south = GeoPoint::new(39.0, 116.65).unwrap();
        let north = GeoPoint::new(40.0, 116.65).unwrap();
        let expected = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
        assert!((south.metres_to(north) - expected).abs() < 1e-6);
        assert_eq!(south.metres_to(south), 0.0);
        assert!((south.metres_to(north) - north.metres_to(south)).abs() < 1e-9);
    }

    #[test]
    fn a_degree_of_longitude_shrinks_with_the_cosine_of_latitude() {
        let west = GeoPoint::new(60.0, 24.0).unwrap();
        let east = GeoPoint::new(60.0, 24.001).unwrap();
        let expected = EARTH_RADIUS_M * 0.001_f64.to_radians() * 60.0_f64.to_radians().cos();
        assert!((west.metres_to(east) - expected).abs() < 1e-3);
    }
}
