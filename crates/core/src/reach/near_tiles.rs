//! "My position" without sending the position: the map is cut into squares of [`TILE_DEGREES`]
//! (about 1.1 km north–south, 0.85 km east–west in Tongzhou), and a square's document lists every
//! community with a building within [`NEAREST_LIMIT_M`] of any point in the square, with those
//! buildings' positions. The phone asks for the square it stands in, and finds the nearest
//! community among them itself; the server learns only the square. Whatever the district's size,
//! the document holds the buildings of one neighbourhood.

use std::fmt;

use super::{EARTH_RADIUS_M, GeoPoint, NEAREST_LIMIT_M};

/// The side of a square, in degrees of latitude and of longitude.
pub const TILE_DEGREES: f64 = 0.01;

/// A square, by the indices of its south-west corner in hundredths of a degree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NearTile {
    lat: i32,
    lon: i32,
}

/// South, west, north and east edges in degrees: the square widened by the limit on every side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchBounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl SearchBounds {
    pub fn contains(&self, point: GeoPoint) -> bool {
        (self.south..=self.north).contains(&point.lat())
            && (self.west..=self.east).contains(&point.lon())
    }
}

/// Degrees of latitude the limit spans, with 5% to spare for the rounding of the Earth's shape.
fn lat_margin() -> f64 {
    let metres_per_degree = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    NEAREST_LIMIT_M / metres_per_degree * 1.05
}

/// Degrees of longitude the limit spans at every latitude up to `abs_lat`.
fn lon_margin(abs_lat: f64) -> f64 {
    let cos = abs_lat.min(89.0).to_radians().cos();
    lat_margin() / cos
}

impl NearTile {
    /// The square `point` stands in.
    pub fn of(point: GeoPoint) -> NearTile {
        let index = |degrees: f64| (degrees / TILE_DEGREES).floor() as i32;
        NearTile {
            lat: index(point.lat()),
            lon: index(point.lon()),
        }
    }

    /// Its name in a path: `3990_11665` is the square from 39.90° N, 116.65° E.
    pub fn name(self) -> String {
        self.to_string()
    }

    /// A name as [`NearTile::name`] writes it; anything else is `None`.
    pub fn parse(name: &str) -> Option<NearTile> {
        let (lat, lon) = name.split_once('_')?;
        let tile = NearTile {
            lat: lat.parse().ok()?,
            lon: lon.parse().ok()?,
        };
        let in_range = (-9000..9000).contains(&tile.lat) && (-18000..18000).contains(&tile.lon);
        (in_range && tile.name() == name).then_some(tile)
    }

    /// Every point within the limit of any point of the square lies within these bounds.
    pub fn search_bounds(self) -> SearchBounds {
        let south = f64::from(self.lat) * TILE_DEGREES;
        let west = f64::from(self.lon) * TILE_DEGREES;
        let (north, east) = (south + TILE_DEGREES, west + TILE_DEGREES);
        let lat_margin = lat_margin();
        let furthest_from_equator = south.abs().max(north.abs()) + lat_margin;
        let lon_margin = lon_margin(furthest_from_equator);
        SearchBounds {
            south: south - lat_margin,
            west: west - lon_margin,
            north: north + lat_margin,
            east: east + lon_margin,
        }
    }

    /// Every square whose document lists a building at `point`.
    pub fn tiles_listing(point: GeoPoint) -> Vec<NearTile> {
        let lat_margin = lat_margin();
        // Wide enough for every candidate square; each is then checked by its own bounds.
        let lon_margin = lon_margin(point.lat().abs() + lat_margin + TILE_DEGREES);
        let index = |degrees: f64| (degrees / TILE_DEGREES).floor() as i32;
        let lats = index(point.lat() - lat_margin)..=index(point.lat() + lat_margin);
        let lons = index(point.lon() - lon_margin)..=index(point.lon() + lon_margin);
        lats.flat_map(|lat| lons.clone().map(move |lon| NearTile { lat, lon }))
            .filter(|tile| tile.search_bounds().contains(point))
            .collect()
    }
}

impl fmt::Display for NearTile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.lat, self.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::{Nearest, nearest_community};

    fn at(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn a_square_is_named_by_its_south_west_corner_and_read_back() {
        let tile = NearTile::of(at(39.9051, 116.6549));
        assert_eq!(tile.name(), "3990_11665");
        assert_eq!(NearTile::parse("3990_11665"), Some(tile));
        assert_eq!(NearTile::of(at(-33.861, -151.2)).name(), "-3387_-15120");
        for bad in [
            "",
            "3990",
            "3990_",
            "39.9_116.6",
            "03990_11665",
            "9000_0",
            "1_2_3",
            "a_b",
        ] {
            assert_eq!(NearTile::parse(bad), None, "{bad}");
        }
    }

    /// Buildings on a grid around Tongzhou; from any position, the nearest community among the
    /// buildings the position's square lists is the nearest among all of them, whenever one is
    /// within the limit.
    #[test]
    fn the_squares_document_finds_the_same_community_as_every_building() {
        let mut buildings: Vec<(String, GeoPoint)> = Vec::new();
        for i in 0..40 {
            for j in 0..40 {
                // Irregular spacing, about 330 m by 260 m, with gaps.
                if (i * 7 + j * 3) % 5 == 0 {
                    continue;
                }
                let point = at(39.80 + f64::from(i) * 0.003, 116.55 + f64::from(j) * 0.0031);
                buildings.push((format!("c{}-{}", i / 6, j / 6), point));
            }
        }
        let whole = |position: GeoPoint, listed: &[&(String, GeoPoint)]| {
            let groups: Vec<(&str, Vec<GeoPoint>)> = listed
                .iter()
                .map(|(id, p)| (id.as_str(), vec![*p]))
                .collect();
            nearest_community(position, groups.iter().map(|(id, p)| (*id, p.as_slice())))
        };
        let all: Vec<&(String, GeoPoint)> = buildings.iter().collect();
        let mut within = 0;
        for step in 0..400 {
            let position = at(
                39.78 + f64::from(step % 20) * 0.0071,
                116.53 + f64::from(step / 20) * 0.0069,
            );
            let bounds = NearTile::of(position).search_bounds();
            let listed: Vec<&(String, GeoPoint)> = buildings
                .iter()
                .filter(|(_, p)| bounds.contains(*p))
                .collect();
            let everywhere = whole(position, &all);
            if let Nearest::Within { .. } = everywhere {
                within += 1;
                assert_eq!(whole(position, &listed), everywhere, "at {position:?}");
            } else {
                assert!(!matches!(whole(position, &listed), Nearest::Within { .. }));
            }
        }
        assert!(within > 200, "only {within} positions had a community near");
    }

    #[test]
    fn a_building_is_listed_by_exactly_the_squares_whose_bounds_hold_it() {
        let building = at(39.9, 116.65);
        let listing = NearTile::tiles_listing(building);
        // About 1 km each way: two or three squares north–south, four or five east–west.
        assert!((8..=15).contains(&listing.len()), "{}", listing.len());
        for lat in 3985..3996 {
            for lon in 11658..11673 {
                let tile = NearTile { lat, lon };
                assert_eq!(
                    listing.contains(&tile),
                    tile.search_bounds().contains(building),
                    "{tile}"
                );
            }
        }
        // The limit fits within the bounds: a point 1 km due east of a square's edge is inside.
        let tile = NearTile::of(building);
        let bounds = tile.search_bounds();
        let edge = at(39.905, 116.66);
        let east = at(39.905, bounds.east);
        assert!(edge.metres_to(east) > NEAREST_LIMIT_M);
    }
}
