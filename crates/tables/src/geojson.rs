//! GeoJSON: a FeatureCollection read into columns (its property names in the order they first
//! appear) and rows (one per feature), and written back the same way.
//!
//! The properties are read through their own visitor, not `serde_json::Map`, because the
//! workspace's `serde_json` keeps maps sorted and the file's column order would be lost.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Place, ReadError, WriteError};
use crate::format::Format;
use crate::geometry;
use crate::grid;
use crate::number::number_text;
use crate::table::{EncodingChoice, Geometry, Row, Table};
use crate::text;

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "type")]
    kind: Option<String>,
    features: Option<Vec<Feature>>,
}

#[derive(Deserialize)]
struct Feature {
    /// RFC 7946's feature identifier, a string or a number beside the properties.
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    properties: Option<Properties>,
    #[serde(default)]
    geometry: Option<Value>,
}

/// A feature's properties in the order the file has them.
struct Properties(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Properties;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("an object of properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
                let mut properties = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    properties.push(entry);
                }
                Ok(Properties(properties))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

pub(crate) fn read(bytes: &[u8], choice: EncodingChoice) -> Result<Table, ReadError> {
    // RFC 7946 says UTF-8, but a GBK file from an old tool is read rather than garbled.
    let (text, encoding) = text::decode(bytes, choice)?;
    let body = text.trim_start_matches('\u{FEFF}').trim_start();
    if body.is_empty() {
        return Err(ReadError::Empty);
    }
    if !body.starts_with('{') {
        let found = if body.starts_with('[') {
            "a JSON array"
        } else {
            "not a JSON object"
        };
        return Err(ReadError::NotFeatureCollection {
            found: found.to_owned(),
        });
    }
    let document: Document = serde_json::from_str(body).map_err(|error| ReadError::BadJson {
        // The body may start after leading blank lines; they count for the clerk.
        line: error.line() + text::line_of(&text, text.len() - body.len()) - 1,
        column: error.column(),
        detail: error.to_string(),
    })?;
    let kind = document.kind.as_deref().unwrap_or("");
    let features = match (kind, document.features) {
        ("FeatureCollection", Some(features)) => features,
        ("FeatureCollection", None) => {
            return Err(ReadError::NotFeatureCollection {
                found: "a FeatureCollection without \"features\"".to_owned(),
            });
        }
        ("", _) => {
            return Err(ReadError::NotFeatureCollection {
                found: "an object without \"type\"".to_owned(),
            });
        }
        (other, _) => {
            return Err(ReadError::NotFeatureCollection {
                found: format!("a {other}"),
            });
        }
    };

    let mut columns: Vec<String> = Vec::new();
    let mut parsed = Vec::with_capacity(features.len());
    for (index, feature) in features.into_iter().enumerate() {
        let place = Place::Feature(index + 1);
        let mut properties: Vec<(String, String)> = feature
            .properties
            .map(|properties| properties.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| (name.trim().to_owned(), value_text(value)))
            .filter(|(name, value)| !(name.is_empty() && value.is_empty()))
            .collect();
        // The feature's own id is its `id` column, unless a property already has that name.
        if let Some(id) = feature.id.filter(|id| !id.is_null())
            && !properties.iter().any(|(name, _)| name == "id")
        {
            properties.insert(0, ("id".to_owned(), value_text(id)));
        }
        check_names(&properties, place)?;
        for (name, _) in &properties {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
        let geometry = match feature.geometry {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                parse_geometry(&value)
                    .map_err(|detail| ReadError::BadGeometry { place, detail })?,
            ),
        };
        if let Some(geometry) = &geometry {
            geometry::check_lon_lat(geometry, place)?;
        }
        parsed.push((index + 1, properties, geometry));
    }

    let rows = parsed
        .into_iter()
        .map(|(line, properties, geometry)| {
            let mut cells = vec![String::new(); columns.len()];
            for (name, value) in properties {
                if let Some(column) = columns.iter().position(|column| *column == name) {
                    cells[column] = value;
                }
            }
            Row {
                line,
                cells,
                geometry,
            }
        })
        .filter(|row| row.geometry.is_some() || row.cells.iter().any(|cell| !cell.is_empty()))
        .collect();
    Ok(Table {
        format: Format::GeoJson,
        encoding: Some(encoding),
        columns,
        rows,
    })
}

/// Refuses a nameless property with a value, and two properties whose names are the same once
/// trimmed (across features, `"名称"` and `"名称 "` are one column).
fn check_names(properties: &[(String, String)], place: Place) -> Result<(), ReadError> {
    if let Some(column) = properties.iter().position(|(name, _)| name.is_empty()) {
        return Err(ReadError::NoHeader {
            place,
            column,
            header: place,
        });
    }
    let names: Vec<String> = properties.iter().map(|(name, _)| name.clone()).collect();
    let positions: Vec<usize> = (0..names.len()).collect();
    grid::check_unique(&names, &positions, place)
}

/// A property as text: strings trimmed, numbers as typed, booleans `true`/`false`, null empty,
/// and an object or array as its compact JSON.
fn value_text(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.trim().to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(integer), _, _) => integer.to_string(),
            (None, Some(integer), _) => integer.to_string(),
            (None, None, Some(float)) => number_text(float),
            (None, None, None) => number.to_string(),
        },
        other => other.to_string(),
    }
}

fn parse_geometry(value: &Value) -> Result<Geometry, String> {
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or("it has no \"type\"")?;
    let coordinates = || {
        value
            .get("coordinates")
            .ok_or(format!("the {kind} has no \"coordinates\""))
    };
    match kind {
        "Point" => {
            let [lon, lat] = position(coordinates()?)?;
            Ok(Geometry::Point { lon, lat })
        }
        "Polygon" => Ok(Geometry::Polygon(polygon(coordinates()?)?)),
        "MultiPolygon" => {
            let polygons = array(coordinates()?)?
                .iter()
                .map(polygon)
                .collect::<Result<_, _>>()?;
            Ok(Geometry::MultiPolygon(polygons))
        }
        other => Ok(Geometry::Other(other.to_owned())),
    }
}

fn polygon(value: &Value) -> Result<Vec<Vec<[f64; 2]>>, String> {
    let rings = array(value)?
        .iter()
        .map(|ring| array(ring)?.iter().map(position).collect())
        .collect::<Result<Vec<Vec<[f64; 2]>>, String>>()?;
    if rings.iter().any(|ring| ring.len() < 3) {
        return Err("a polygon ring has fewer than 3 positions".to_owned());
    }
    Ok(geometry::oriented(rings))
}

fn array(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{value} is not an array of coordinates"))
}

/// The first two numbers of a position; a third (height) is dropped.
fn position(value: &Value) -> Result<[f64; 2], String> {
    match array(value)?.as_slice() {
        [x, y, ..] => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => Ok([x, y]),
            _ => Err(format!("{value} is not a position of numbers")),
        },
        _ => Err(format!("{value} is not a position of two numbers")),
    }
}

/// A FeatureCollection whose features carry every cell as a string property (codes stay text),
/// in column order.
pub(crate) fn write(table: &Table) -> Result<Vec<u8>, WriteError> {
    let features = table
        .rows
        .iter()
        .map(|row| {
            let geometry = match &row.geometry {
                None => None,
                Some(Geometry::Point { lon, lat }) => Some(GeometryOut::Point([*lon, *lat])),
                Some(Geometry::Polygon(rings)) => Some(GeometryOut::Polygon(rings)),
                Some(Geometry::MultiPolygon(polygons)) => Some(GeometryOut::MultiPolygon(polygons)),
                Some(Geometry::Other(kind)) => {
                    return Err(WriteError::UnsupportedGeometry {
                        line: row.line,
                        kind: kind.clone(),
                    });
                }
            };
            Ok(FeatureOut {
                kind: "Feature",
                properties: PropertiesOut {
                    columns: &table.columns,
                    cells: &row.cells,
                },
                geometry,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let collection = CollectionOut {
        kind: "FeatureCollection",
        features,
    };
    serde_json::to_vec(&collection).map_err(|error| WriteError::Library {
        detail: error.to_string(),
    })
}

#[derive(Serialize)]
struct CollectionOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<FeatureOut<'a>>,
}

#[derive(Serialize)]
struct FeatureOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    properties: PropertiesOut<'a>,
    geometry: Option<GeometryOut<'a>>,
}

struct PropertiesOut<'a> {
    columns: &'a [String],
    cells: &'a [String],
}

impl Serialize for PropertiesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (name, cell) in self.columns.iter().zip(self.cells) {
            map.serialize_entry(name, cell)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
#[serde(tag = "type", content = "coordinates")]
enum GeometryOut<'a> {
    Point([f64; 2]),
    Polygon(&'a [Vec<[f64; 2]>]),
    MultiPolygon(&'a [Vec<Vec<[f64; 2]>>]),
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::value_text;

    #[test]
    fn property_values_become_text() {
        for (value, expected) in [
            (json!(null), ""),
            (json!(" 井盖 "), "井盖"),
            (json!(1101120110000001_u64), "1101120110000001"),
            (json!(-3), "-3"),
            (json!(2.5), "2.5"),
            (json!(3.0), "3"),
            (json!(true), "true"),
            (json!({"a": [1, 2]}), "{\"a\":[1,2]}"),
        ] {
            assert_eq!(value_text(value), expected);
        }
    }
}
