//! Whether a position lies within some metres of any of a community's buildings. The buildings
//! are sorted into square cells as wide as the distance, so a node is measured only against the
//! buildings of its own cell and the eight around it, not against every building: thousands of
//! buildings times a district's hundreds of thousands of nodes stays quick.

use std::collections::HashMap;

use linli_core::projection::Projection;
use linli_core::reach::{EARTH_RADIUS_M, GeoPoint};

use super::{AreaError, geo_point};

#[derive(Clone, Debug)]
pub(super) struct PointBuffer {
    metres: f64,
    /// Local metres in which no distance comes out longer than on the Earth, so that a point
    /// within `metres` is never more than one cell away (see [`PointBuffer::new`]).
    projection: Projection,
    cells: HashMap<(i64, i64), Vec<GeoPoint>>,
}

impl PointBuffer {
    pub(super) fn new(points: &[[f64; 2]], metres: f64) -> Result<PointBuffer, AreaError> {
        if !(metres.is_finite() && metres > 0.0) {
            return Err(AreaError::BadMetres(metres));
        }
        let points = points
            .iter()
            .map(|&position| geo_point(position))
            .collect::<Result<Vec<_>, _>>()?;
        // The flat projection measures east–west at its origin's latitude. Centred as far from
        // the equator as any position within `metres` of a point can be, it shortens east–west
        // distances everywhere else and keeps north–south ones, so it never puts a point that is
        // within `metres` on the Earth more than `metres` away on the grid.
        let Some(farthest) = points
            .iter()
            .copied()
            .max_by(|a, b| a.lat().abs().total_cmp(&b.lat().abs()))
        else {
            return Err(AreaError::NoPoints);
        };
        let metres_in_degrees = (metres / EARTH_RADIUS_M).to_degrees();
        let origin_lat =
            (farthest.lat().abs() + metres_in_degrees).min(89.999) * farthest.lat().signum();
        // In range: within ±89.999°, at the longitude of a checked point.
        let origin = GeoPoint::new(origin_lat, farthest.lon()).unwrap_or(farthest);
        let mut buffer = PointBuffer {
            metres,
            projection: Projection::around(origin),
            cells: HashMap::new(),
        };
        for point in points {
            let cell = buffer.cell_of(point);
            buffer.cells.entry(cell).or_default().push(point);
        }
        Ok(buffer)
    }

    pub(super) fn contains(&self, point: GeoPoint) -> bool {
        let (column, row) = self.cell_of(point);
        (column - 1..=column + 1)
            .flat_map(|column| (row - 1..=row + 1).map(move |row| (column, row)))
            .filter_map(|cell| self.cells.get(&cell))
            .flatten()
            .any(|&building| building.metres_to(point) <= self.metres)
    }

    fn cell_of(&self, point: GeoPoint) -> (i64, i64) {
        let (x, y) = self.projection.project(point);
        // Saturating casts: a node half a world away lands in an edge cell with no buildings.
        (
            (x / self.metres).floor() as i64,
            (y / self.metres).floor() as i64,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares with measuring every building, for nodes on a fine lattice around them.
    fn check(points: &[[f64; 2]], metres: f64) {
        let buffer = PointBuffer::new(points, metres).unwrap_or_else(|error| panic!("{error}"));
        let buildings: Vec<GeoPoint> = points
            .iter()
            .map(|&position| geo_point(position).expect("a position"))
            .collect();
        let (lat_step, lon_step) = (0.0007, 0.0011);
        let mut inside = 0;
        for [lon, lat] in points {
            for row in -20..=20 {
                for column in -20..=20 {
                    let node = GeoPoint::new(
                        lat + f64::from(row) * lat_step,
                        lon + f64::from(column) * lon_step,
                    )
                    .expect("a position");
                    let expected = buildings.iter().any(|b| b.metres_to(node) <= metres);
                    assert_eq!(buffer.contains(node), expected, "{node:?}, {metres} m");
                    inside += usize::from(expected);
                }
            }
        }
        assert!(inside > 0);
    }

    #[test]
    fn the_grid_finds_every_building_a_full_scan_finds() {
        // Near Tongzhou, in Helsinki (where a degree east is half a degree north), in the far
        // south, and a cluster across the equator.
        check(&[[116.65, 39.9], [116.655, 39.902], [116.7, 39.95]], 300.0);
        check(&[[24.94, 60.17], [24.95, 60.172]], 500.0);
        check(&[[-68.3, -54.8]], 150.0);
        check(&[[10.0, -0.001], [10.001, 0.001]], 120.0);
    }

    #[test]
    fn refuses_a_buffer_of_nothing() {
        let refused = |points: &[[f64; 2]], metres| PointBuffer::new(points, metres).err();
        assert_eq!(refused(&[], 100.0), Some(AreaError::NoPoints));
        assert_eq!(refused(&[[0.0, 0.0]], 0.0), Some(AreaError::BadMetres(0.0)));
        assert!(matches!(
            refused(&[[0.0, 0.0]], f64::NAN),
            Some(AreaError::BadMetres(_))
        ));
        assert_eq!(
            refused(&[[0.0, 95.0]], 100.0),
            Some(AreaError::BadPosition([0.0, 95.0]))
        );
    }
}
