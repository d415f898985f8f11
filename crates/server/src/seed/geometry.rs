//! Where things stand: each community is a 1 km square laid out in local metres (x east, y
//! north, from its south-west corner) on a grid of ten roads, then mapped to WGS-84.

use linli_api::LatLon;
use linli_core::reach::EARTH_RADIUS_M;

/// Roads run every 250 m, five each way, so a community is a 4 × 4 grid of blocks.
pub(crate) const BLOCK_M: f64 = 250.0;
pub(crate) const ROADS_PER_DIRECTION: usize = 5;
pub(crate) const BLOCKS_PER_DIRECTION: u32 = 4;

/// Maps local metres (x east, y north, from the community's south-west corner) to WGS-84.
pub(crate) struct Frame {
    origin: LatLon,
    metres_per_degree_lat: f64,
    metres_per_degree_lon: f64,
}

impl Frame {
    pub(crate) fn new((lat, lon): (f64, f64)) -> Frame {
        let metres_per_degree_lat = EARTH_RADIUS_M.to_radians();
        Frame {
            origin: LatLon { lat, lon },
            metres_per_degree_lat,
            metres_per_degree_lon: metres_per_degree_lat * lat.to_radians().cos(),
        }
    }

    /// Rounded to 6 decimals (about 10 cm): tidy JSON, and distances are measured afterwards.
    pub(crate) fn to_lat_lon(&self, x: f64, y: f64) -> LatLon {
        LatLon {
            lat: round_to(self.origin.lat + y / self.metres_per_degree_lat, 1e6),
            lon: round_to(self.origin.lon + x / self.metres_per_degree_lon, 1e6),
        }
    }
}

pub(crate) fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

/// Great-circle distance in metres.
pub(crate) fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat2 - lat1;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// One of a community's ten roads: east–west ones are numbered south to north, north–south ones
/// west to east; road `i` lies `i × 250 m` from the south (or west) edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RoadRef {
    EastWest(usize),
    NorthSouth(usize),
}

use RoadRef::{EastWest as Ew, NorthSouth as Ns};

impl RoadRef {
    /// The point `along` metres down the road (from its west or south end), moved `offset`
    /// metres across it: positive offsets are north of an east–west road, east of a north–south one.
    pub(crate) fn point(self, along: f64, offset: f64) -> (f64, f64) {
        match self {
            Ew(i) => (along, i as f64 * BLOCK_M + offset),
            Ns(i) => (i as f64 * BLOCK_M + offset, along),
        }
    }

    /// The road crossing this one nearest to `along`.
    pub(crate) fn nearest_crossing(self, along: f64) -> RoadRef {
        let index = ((along / BLOCK_M).round() as usize).min(ROADS_PER_DIRECTION - 1);
        match self {
            Ew(_) => Ns(index),
            Ns(_) => Ew(index),
        }
    }
}

/// A side of a block, where a compound's gate may open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Side {
    South,
    North,
    West,
    East,
}

/// A block's south-west corner, from its (column, row).
pub(crate) fn block_origin((column, row): (u32, u32)) -> (f64, f64) {
    (column as f64 * BLOCK_M, row as f64 * BLOCK_M)
}

/// The street a gate opens onto, and how far along that street it is.
pub(crate) fn gate_on_street(block: (u32, u32), side: Side) -> (RoadRef, f64) {
    let (x0, y0) = block_origin(block);
    let (column, row) = (block.0 as usize, block.1 as usize);
    let middle = BLOCK_M / 2.0;
    match side {
        Side::South => (Ew(row), x0 + middle),
        Side::North => (Ew(row + 1), x0 + middle),
        Side::West => (Ns(column), y0 + middle),
        Side::East => (Ns(column + 1), y0 + middle),
    }
}
