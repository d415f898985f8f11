//! Geometry rules every reader applies: rings closed and oriented as RFC 7946 asks, holes put
//! in the outer ring that holds them, and coordinates that must be longitude and latitude.

use crate::error::{Place, ReadError};
use crate::table::Geometry;

type Ring = Vec<[f64; 2]>;

/// Refuses coordinates outside longitude ±180 and latitude ±90: they are metres of a
/// projection, whatever a `.prj` or the GeoJSON spec promised.
pub(crate) fn check_lon_lat(geometry: &Geometry, place: Place) -> Result<(), ReadError> {
    let mut positions: Box<dyn Iterator<Item = [f64; 2]> + '_> = match geometry {
        Geometry::Point { lon, lat } => Box::new(std::iter::once([*lon, *lat])),
        Geometry::Polygon(rings) => Box::new(rings.iter().flatten().copied()),
        Geometry::MultiPolygon(polygons) => Box::new(polygons.iter().flatten().flatten().copied()),
        Geometry::Other(_) => Box::new(std::iter::empty()),
    };
    match positions.find(|[x, y]| !(x.abs() <= 180.0 && y.abs() <= 90.0)) {
        Some([x, y]) => Err(ReadError::NotLonLat { place, x, y }),
        None => Ok(()),
    }
}

/// A polygon's rings closed, its first ring counter-clockwise and the others clockwise.
pub(crate) fn oriented(rings: Vec<Ring>) -> Vec<Ring> {
    rings
        .into_iter()
        .enumerate()
        .map(|(index, ring)| {
            let mut ring = closed(ring);
            let counter_clockwise = signed_area(&ring) > 0.0;
            if counter_clockwise != (index == 0) {
                ring.reverse();
            }
            ring
        })
        .collect()
}

fn closed(mut ring: Ring) -> Ring {
    if let (Some(first), Some(last)) = (ring.first().copied(), ring.last())
        && first != *last
    {
        ring.push(first);
    }
    ring
}

/// Twice the ring's area, positive when it runs counter-clockwise (the shoelace formula).
fn signed_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|pair| pair[0][0] * pair[1][1] - pair[1][0] * pair[0][1])
        .sum()
}

/// Shapefile rings (outer or hole, by the file's orientation) grouped into polygons: each hole
/// goes to the outer ring containing its first point, or, if none does, to the outer ring before
/// it. A hole before any outer ring is taken as an outer ring, since its writer got the
/// orientation wrong rather than meant a hole in nothing.
pub(crate) fn polygons_of(rings: Vec<(bool, Ring)>) -> Vec<Vec<Ring>> {
    let mut polygons: Vec<Vec<Ring>> = Vec::new();
    for (is_outer, ring) in rings {
        if is_outer || polygons.is_empty() {
            polygons.push(vec![ring]);
            continue;
        }
        let inside = ring.first().and_then(|point| {
            polygons
                .iter()
                .position(|polygon| contains(&polygon[0], *point))
        });
        let owner = inside.unwrap_or(polygons.len() - 1);
        polygons[owner].push(ring);
    }
    polygons.into_iter().map(oriented).collect()
}

/// Whether a point lies inside a ring (ray casting).
fn contains(ring: &[[f64; 2]], [x, y]: [f64; 2]) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

/// One polygon as `Polygon`, several as `MultiPolygon`.
pub(crate) fn from_polygons(mut polygons: Vec<Vec<Ring>>) -> Option<Geometry> {
    match polygons.len() {
        0 => None,
        1 => polygons.pop().map(Geometry::Polygon),
        _ => Some(Geometry::MultiPolygon(polygons)),
    }
}

#[cfg(test)]
mod tests {
    use super::{oriented, polygons_of};

    const SQUARE_CCW: [[f64; 2]; 5] = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]];
    const HOLE_CW: [[f64; 2]; 5] = [[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0], [1.0, 1.0]];

    fn reversed(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
        ring.iter().rev().copied().collect()
    }

    #[test]
    fn rings_are_closed_and_oriented() {
        let clockwise_open = vec![[0.0, 0.0], [0.0, 4.0], [4.0, 4.0], [4.0, 0.0]];
        let hole_counter_clockwise = reversed(&HOLE_CW);
        assert_eq!(
            oriented(vec![clockwise_open, hole_counter_clockwise]),
            vec![SQUARE_CCW.to_vec(), HOLE_CW.to_vec()]
        );
        assert_eq!(
            oriented(vec![SQUARE_CCW.to_vec()]),
            vec![SQUARE_CCW.to_vec()]
        );
    }

    #[test]
    fn holes_go_to_the_outer_ring_that_holds_them() {
        let far: Vec<[f64; 2]> = SQUARE_CCW.iter().map(|[x, y]| [x + 10.0, *y]).collect();
        let polygons = polygons_of(vec![
            (true, SQUARE_CCW.to_vec()),
            (true, far.clone()),
            (false, HOLE_CW.to_vec()),
        ]);
        assert_eq!(
            polygons,
            vec![vec![SQUARE_CCW.to_vec(), HOLE_CW.to_vec()], vec![far]]
        );
    }
}
