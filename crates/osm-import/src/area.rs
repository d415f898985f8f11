//! The part of an extract a community walks in: its boundary, or a buffer around its buildings
//! when it has no boundary. A district-wide extract is cut to it before the graph is made, so a
//! community's graph holds its own streets and not the district's.
//!
//! [`Area`] is plain data, as an option or the server gives it; [`PreparedArea`] is the same area
//! checked once and laid out for a quick `contains` test on every way node.

mod around_points;
mod polygons;

use std::fmt;

use linli_core::reach::GeoPoint;

use around_points::PointBuffer;
use polygons::PolygonSet;

/// Positions are `[lon, lat]` in degrees, in GeoJSON's order, so a boundary can be passed on
/// from a GeoJSON document as it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Area {
    /// Polygons of rings, as the `coordinates` of a GeoJSON MultiPolygon: in each polygon the
    /// first ring is the outline and any others are holes. Rings may run either way round and
    /// may or may not repeat their first position at the end.
    Polygons(Vec<Vec<Vec<[f64; 2]>>>),
    /// Everything within `metres` (great-circle distance) of any of `points`.
    AroundPoints { points: Vec<[f64; 2]>, metres: f64 },
}

/// Why an [`Area`] cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum AreaError {
    NoPolygons,
    /// A polygon needs an outline.
    NoRings {
        polygon: usize,
    },
    /// Fewer than three distinct positions enclose nothing.
    RingTooShort {
        polygon: usize,
        ring: usize,
    },
    NoPoints,
    BadMetres(f64),
    BadPosition([f64; 2]),
}

impl fmt::Display for AreaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AreaError::NoPolygons => {
                write!(f, "社区边界里没有多边形。The boundary has no polygon.")
            }
            AreaError::NoRings { polygon } => write!(
                f,
                "社区边界的第 {n} 个多边形没有外环。Polygon {n} of the boundary has no outline.",
                n = polygon + 1
            ),
            AreaError::RingTooShort { polygon, ring } => write!(
                f,
                "社区边界第 {p} 个多边形的第 {r} 个环不足三个不同的点。\
                 Ring {r} of polygon {p} of the boundary has fewer than three distinct positions.",
                p = polygon + 1,
                r = ring + 1
            ),
            AreaError::NoPoints => write!(
                f,
                "没有楼栋位置，无法划定范围。No building position was given to draw the area around."
            ),
            AreaError::BadMetres(metres) => write!(
                f,
                "楼栋周围的距离必须是正数（现在是 {metres}）。\
                 The distance around the buildings must be a positive number of metres, not {metres}."
            ),
            AreaError::BadPosition([lon, lat]) => write!(
                f,
                "[{lon}, {lat}] 不是经纬度位置（应为 [经度, 纬度]）。\
                 [{lon}, {lat}] is not a [longitude, latitude] position."
            ),
        }
    }
}

impl std::error::Error for AreaError {}

/// An [`Area`] known to be usable, ready to test positions against.
#[derive(Clone, Debug)]
pub struct PreparedArea(Shape);

#[derive(Clone, Debug)]
enum Shape {
    Polygons(PolygonSet),
    AroundPoints(PointBuffer),
}

impl PreparedArea {
    pub fn new(area: &Area) -> Result<PreparedArea, AreaError> {
        let shape = match area {
            Area::Polygons(polygons) => Shape::Polygons(PolygonSet::new(polygons)?),
            Area::AroundPoints { points, metres } => {
                Shape::AroundPoints(PointBuffer::new(points, *metres)?)
            }
        };
        Ok(PreparedArea(shape))
    }

    pub fn contains(&self, point: GeoPoint) -> bool {
        match &self.0 {
            Shape::Polygons(polygons) => polygons.contains(point),
            Shape::AroundPoints(buffer) => buffer.contains(point),
        }
    }
}

/// The checked position of a `[lon, lat]` pair.
fn geo_point([lon, lat]: [f64; 2]) -> Result<GeoPoint, AreaError> {
    GeoPoint::new(lat, lon).map_err(|_| AreaError::BadPosition([lon, lat]))
}
