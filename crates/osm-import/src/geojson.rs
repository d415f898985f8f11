//! An [`Area`] from GeoJSON, the form a community's boundary or its buildings are exported in
//! from a GIS or drawn in geojson.io: a bare geometry, a Feature, a FeatureCollection or a
//! GeometryCollection, read with no more than `serde_json`.

use std::fmt;

use serde_json::Value;

use crate::area::Area;

#[derive(Debug)]
pub enum GeoJsonError {
    NotJson(serde_json::Error),
    /// A geometry whose `coordinates` are not what its `type` says.
    Malformed {
        geometry_type: String,
    },
    NoPolygon,
    NoPosition,
}

impl fmt::Display for GeoJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoJsonError::NotJson(source) => write!(
                f,
                "这不是 JSON 文件（{source}）。The file is not JSON ({source})."
            ),
            GeoJsonError::Malformed { geometry_type } => write!(
                f,
                "GeoJSON 里的 {geometry_type} 坐标格式不对。\
                 A {geometry_type} in the GeoJSON has malformed coordinates."
            ),
            GeoJsonError::NoPolygon => write!(
                f,
                "GeoJSON 里没有 Polygon 或 MultiPolygon，画不出社区边界。\
                 The GeoJSON holds no Polygon or MultiPolygon to take as the boundary."
            ),
            GeoJsonError::NoPosition => {
                write!(f, "GeoJSON 里没有任何位置。The GeoJSON holds no position.")
            }
        }
    }
}

impl std::error::Error for GeoJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GeoJsonError::NotJson(source) => Some(source),
            _ => None,
        }
    }
}

/// Every Polygon and MultiPolygon in the document, as one area; other geometries (a label's
/// point, say) are passed over.
pub fn boundary(geojson: &str) -> Result<Area, GeoJsonError> {
    let document: Value = serde_json::from_str(geojson).map_err(GeoJsonError::NotJson)?;
    let mut polygons = Vec::new();
    for geometry in geometries(&document) {
        let malformed = || GeoJsonError::Malformed {
            geometry_type: geometry_type(geometry).to_string(),
        };
        let coordinates = &geometry["coordinates"];
        match geometry_type(geometry) {
            "Polygon" => polygons.push(polygon(coordinates).ok_or_else(malformed)?),
            "MultiPolygon" => {
                let many = coordinates.as_array().ok_or_else(malformed)?;
                for one in many {
                    polygons.push(polygon(one).ok_or_else(malformed)?);
                }
            }
            _ => {}
        }
    }
    if polygons.is_empty() {
        return Err(GeoJsonError::NoPolygon);
    }
    Ok(Area::Polygons(polygons))
}

/// Every position of every geometry in the document, `[lon, lat]`: a building's point, or each
/// corner of its outline, so that a buffer around them covers the whole building.
pub fn positions(geojson: &str) -> Result<Vec<[f64; 2]>, GeoJsonError> {
    let document: Value = serde_json::from_str(geojson).map_err(GeoJsonError::NotJson)?;
    let mut found = Vec::new();
    for geometry in geometries(&document) {
        if !all_positions(&geometry["coordinates"], &mut found) {
            return Err(GeoJsonError::Malformed {
                geometry_type: geometry_type(geometry).to_string(),
            });
        }
    }
    if found.is_empty() {
        return Err(GeoJsonError::NoPosition);
    }
    Ok(found)
}

fn geometry_type(value: &Value) -> &str {
    value["type"].as_str().unwrap_or("")
}

/// The geometries of a document, whatever wraps them; a Feature without geometry has none.
fn geometries(value: &Value) -> Vec<&Value> {
    let children = |key: &str| {
        value[key].as_array().map_or_else(Vec::new, |items| {
            items.iter().flat_map(geometries).collect()
        })
    };
    match geometry_type(value) {
        "FeatureCollection" => children("features"),
        "GeometryCollection" => children("geometries"),
        "Feature" => geometries(&value["geometry"]),
        "" => Vec::new(),
        _ => vec![value],
    }
}

/// Adds every position nested in `coordinates`; false if something in it is not a position or
/// an array of them.
fn all_positions(coordinates: &Value, found: &mut Vec<[f64; 2]>) -> bool {
    if let Some(here) = position(coordinates) {
        found.push(here);
        return true;
    }
    match coordinates.as_array() {
        Some(items) => items.iter().all(|item| all_positions(item, found)),
        None => false,
    }
}

/// Longitude and latitude; an altitude after them is allowed and left out.
fn position(value: &Value) -> Option<[f64; 2]> {
    match value.as_array()?.as_slice() {
        [lon, lat, ..] => Some([lon.as_f64()?, lat.as_f64()?]),
        _ => None,
    }
}

fn polygon(value: &Value) -> Option<Vec<Vec<[f64; 2]>>> {
    value
        .as_array()?
        .iter()
        .map(|ring| ring.as_array()?.iter().map(position).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = "[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]";

    #[test]
    fn a_boundary_from_any_wrapping() {
        let ring = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        let one = Area::Polygons(vec![vec![ring.clone()]]);
        let polygon = format!(r#"{{"type": "Polygon", "coordinates": {SQUARE}}}"#);
        let feature = format!(
            r#"{{"type": "Feature", "properties": {{"name": "北苑"}}, "geometry": {polygon}}}"#
        );
        for document in [polygon.clone(), feature.clone()] {
            assert_eq!(boundary(&document).ok(), Some(one.clone()), "{document}");
        }
        // Two features, a label point passed over, and a MultiPolygon of one polygon with a
        // hole given with altitudes.
        let collection = format!(
            r#"{{"type": "FeatureCollection", "features": [
                {feature},
                {{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [5, 5]}}}},
                {{"type": "Feature", "geometry": {{"type": "MultiPolygon", "coordinates": [
                    [[[2, 2, 40], [3, 2, 40], [3, 3, 41], [2, 2, 40]],
                     [[2.6, 2.2], [2.8, 2.2], [2.8, 2.4], [2.6, 2.2]]]
                ]}}}}
            ]}}"#
        );
        let Ok(Area::Polygons(polygons)) = boundary(&collection) else {
            panic!("{collection}");
        };
        assert_eq!(polygons.len(), 2);
        assert_eq!(polygons[0], vec![ring]);
        assert_eq!(polygons[1].len(), 2);
        assert_eq!(polygons[1][0][2], [3.0, 3.0]);
    }

    #[test]
    fn positions_of_points_and_outlines() {
        let document = format!(
            r#"{{"type": "FeatureCollection", "features": [
                {{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [116.65, 39.9]}}}},
                {{"type": "Feature", "geometry": null}},
                {{"type": "Feature", "geometry": {{"type": "Polygon", "coordinates": {SQUARE}}}}}
            ]}}"#
        );
        let found = positions(&document).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(found.len(), 1 + 5);
        assert_eq!(found[0], [116.65, 39.9]);
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(matches!(boundary("<osm>"), Err(GeoJsonError::NotJson(_))));
        assert!(matches!(
            boundary(r#"{"type": "Point", "coordinates": [1, 2]}"#),
            Err(GeoJsonError::NoPolygon)
        ));
        assert!(matches!(
            boundary(r#"{"type": "Polygon", "coordinates": [[1, 2]]}"#),
            Err(GeoJsonError::Malformed { geometry_type }) if geometry_type == "Polygon"
        ));
        assert!(matches!(
            positions(r#"{"type": "FeatureCollection", "features": []}"#),
            Err(GeoJsonError::NoPosition)
        ));
        assert!(matches!(
            positions(r#"{"type": "Point", "coordinates": ["east", "north"]}"#),
            Err(GeoJsonError::Malformed { .. })
        ));
    }
}
