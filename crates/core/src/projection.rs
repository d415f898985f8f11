//! The flat projection the map page draws a community in: local metres around one point. It is
//! shared by the page's drawing of the streets and the tile worker that places licensed tiles
//! under it, so both put a position at the same spot.

use crate::reach::{EARTH_RADIUS_M, GeoPoint};

/// Metres per degree of latitude on the mean Earth sphere.
const METRES_PER_DEGREE: f64 = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// A flat projection around one point, good to centimetres over a community: x metres east,
/// y metres south (SVG's y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    origin: GeoPoint,
    metres_per_degree_lon: f64,
}

impl Projection {
    pub fn around(origin: GeoPoint) -> Projection {
        Projection {
            origin,
            metres_per_degree_lon: METRES_PER_DEGREE * origin.lat().to_radians().cos(),
        }
    }

    /// The point the projection is centred on (x = y = 0).
    pub fn origin(self) -> GeoPoint {
        self.origin
    }

    pub fn project(self, point: GeoPoint) -> (f64, f64) {
        (
            (point.lon() - self.origin.lon()) * self.metres_per_degree_lon,
            (self.origin.lat() - point.lat()) * METRES_PER_DEGREE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_degree_north_is_some_111_km_and_a_degree_east_shrinks_with_latitude() {
        let origin = GeoPoint::new(39.9, 116.65).unwrap();
        let projection = Projection::around(origin);
        assert_eq!(projection.project(origin), (0.0, 0.0));
        let (x, y) = projection.project(GeoPoint::new(39.91, 116.66).unwrap());
        // 0.01° north is about 1,112 m, drawn upwards (negative y); 0.01° east at 40° N is
        // about 852 m.
        assert!((y + 1111.9).abs() < 1.0, "{y}");
        assert!((x - 852.6).abs() < 1.0, "{x}");
        assert_eq!(projection.origin(), origin);
    }
}
