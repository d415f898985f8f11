//! Whether a position lies inside a community's boundary: polygons with holes, tested by
//! counting edge crossings, which gives the same answer whichever way round a ring runs.

use std::collections::HashSet;

use linli_core::reach::GeoPoint;

use super::{AreaError, geo_point};

/// Polygons checked and given bounding boxes, so most of a district's nodes are turned away by
/// four comparisons instead of a walk round every ring.
#[derive(Clone, Debug)]
pub(super) struct PolygonSet {
    polygons: Vec<Polygon>,
}

#[derive(Clone, Debug)]
struct Polygon {
    /// The outline first, then the holes; `[lon, lat]` as given.
    rings: Vec<Vec<[f64; 2]>>,
    /// `[west, south, east, north]` of the outline.
    bounds: [f64; 4],
}

impl PolygonSet {
    pub(super) fn new(polygons: &[Vec<Vec<[f64; 2]>>]) -> Result<PolygonSet, AreaError> {
        if polygons.is_empty() {
            return Err(AreaError::NoPolygons);
        }
        let polygons = polygons
            .iter()
            .enumerate()
            .map(|(polygon, rings)| Polygon::new(polygon, rings))
            .collect::<Result<_, _>>()?;
        Ok(PolygonSet { polygons })
    }

    pub(super) fn contains(&self, point: GeoPoint) -> bool {
        let position = [point.lon(), point.lat()];
        self.polygons
            .iter()
            .any(|polygon| polygon.contains(position))
    }
}

impl Polygon {
    fn new(polygon: usize, rings: &[Vec<[f64; 2]>]) -> Result<Polygon, AreaError> {
        let Some(outline) = rings.first() else {
            return Err(AreaError::NoRings { polygon });
        };
        for (ring, positions) in rings.iter().enumerate() {
            for &position in positions {
                geo_point(position)?;
            }
            let distinct: HashSet<[u64; 2]> = positions
                .iter()
                .map(|[lon, lat]| [lon.to_bits(), lat.to_bits()])
                .collect();
            if distinct.len() < 3 {
                return Err(AreaError::RingTooShort { polygon, ring });
            }
        }
        let mut bounds = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for &[lon, lat] in outline {
            bounds = [
                bounds[0].min(lon),
                bounds[1].min(lat),
                bounds[2].max(lon),
                bounds[3].max(lat),
            ];
        }
        Ok(Polygon {
            rings: rings.to_vec(),
            bounds,
        })
    }

    /// Inside the outline and in none of the holes.
    fn contains(&self, position: [f64; 2]) -> bool {
        let [lon, lat] = position;
        let [west, south, east, north] = self.bounds;
        if lon < west || lon > east || lat < south || lat > north {
            return false;
        }
        let mut rings = self.rings.iter();
        rings
            .next()
            .is_some_and(|outline| ring_contains(outline, position))
            && !rings.any(|hole| ring_contains(hole, position))
    }
}

/// Even-odd rule: a ray running east from the position crosses the ring an odd number of times
/// when the position is inside. Each edge counts whatever its direction, so orientation does
/// not matter, and a closing position equal to the first adds an edge of no length that no ray
/// crosses. Degrees are treated as flat, which is exact enough at a community's scale.
fn ring_contains(ring: &[[f64; 2]], [x, y]: [f64; 2]) -> bool {
    let mut inside = false;
    let mut previous = ring[ring.len() - 1];
    for &here in ring {
        let ([x1, y1], [x2, y2]) = (previous, here);
        // Half-open in y, so a ray through a vertex counts the two edges meeting there once.
        if (y1 > y) != (y2 > y) {
            let crossing_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1);
            if x < crossing_x {
                inside = !inside;
            }
        }
        previous = here;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square from (lon, lat) `low` to `high`, counter-clockwise and closed as GeoJSON writes it.
    fn square(low: f64, high: f64) -> Vec<[f64; 2]> {
        vec![
            [low, low],
            [high, low],
            [high, high],
            [low, high],
            [low, low],
        ]
    }

    fn reversed(mut ring: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
        ring.reverse();
        ring
    }

    fn check(polygons: &[Vec<Vec<[f64; 2]>>], inside: &[[f64; 2]], outside: &[[f64; 2]]) {
        let set = PolygonSet::new(polygons).unwrap_or_else(|error| panic!("{error}"));
        let at = |[lon, lat]: [f64; 2]| GeoPoint::new(lat, lon).expect("a position");
        for &position in inside {
            assert!(set.contains(at(position)), "{position:?} in {polygons:?}");
        }
        for &position in outside {
            assert!(
                !set.contains(at(position)),
                "{position:?} not in {polygons:?}"
            );
        }
    }

    #[test]
    fn a_square_with_a_hole_either_way_round() {
        let (inside, outside) = (
            [[1.0, 1.0], [9.5, 5.0], [5.0, 2.0]],
            [
                [5.0, 5.0],
                [4.0, 6.0],
                [11.0, 5.0],
                [-1.0, 5.0],
                [5.0, 10.5],
            ],
        );
        for outline in [square(0.0, 10.0), reversed(square(0.0, 10.0))] {
            for hole in [square(3.0, 7.0), reversed(square(3.0, 7.0))] {
                check(&[vec![outline.clone(), hole]], &inside, &outside);
            }
        }
        // Without the closing position the ring is the same.
        let mut open = square(0.0, 10.0);
        open.pop();
        check(&[vec![open]], &[[5.0, 5.0]], &[[11.0, 5.0]]);
    }

    #[test]
    fn several_polygons_are_one_area() {
        check(
            &[vec![square(0.0, 1.0)], vec![square(2.0, 3.0)]],
            &[[0.5, 0.5], [2.5, 2.5]],
            &[[1.5, 1.5], [0.5, 2.5]],
        );
    }

    #[test]
    fn a_concave_outline_and_a_ray_through_a_vertex() {
        // A "U": the notch between its arms is outside. A ray from (1, 2) runs east through the
        // vertices (2, 2) and (3, 2) at the foot of the notch.
        let u = vec![
            [0.0, 0.0],
            [5.0, 0.0],
            [5.0, 4.0],
            [3.0, 4.0],
            [3.0, 2.0],
            [2.0, 2.0],
            [2.0, 4.0],
            [0.0, 4.0],
        ];
        check(
            &[vec![u]],
            &[[1.0, 2.0], [1.0, 3.0], [4.0, 3.0], [2.5, 1.0]],
            &[[2.5, 3.0], [6.0, 2.0]],
        );
    }

    #[test]
    fn refuses_what_encloses_nothing() {
        let refused = |polygons: &[Vec<Vec<[f64; 2]>>]| PolygonSet::new(polygons).err();
        assert_eq!(refused(&[]), Some(AreaError::NoPolygons));
        assert_eq!(refused(&[vec![]]), Some(AreaError::NoRings { polygon: 0 }));
        assert_eq!(
            refused(&[
                vec![square(0.0, 1.0)],
                vec![square(0.0, 1.0), vec![[0.2, 0.2], [0.4, 0.4], [0.2, 0.2]]]
            ]),
            Some(AreaError::RingTooShort {
                polygon: 1,
                ring: 1
            })
        );
        assert_eq!(
            refused(&[vec![vec![[0.0, 0.0], [200.0, 0.0], [0.0, 1.0]]]]),
            Some(AreaError::BadPosition([200.0, 0.0]))
        );
    }
}
