//! Reading an `.osm.pbf` extract: the walkable ways, then the positions of the nodes they use.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use linli_core::reach::GeoPoint;
use osmpbf::{Element, ElementReader};

use crate::ImportError;
use crate::walkable::{is_oneway, is_walkable};

/// One walkable way as the extract gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkableWay {
    pub osm_id: i64,
    pub highway: String,
    /// One-way for vehicles; walkers use it both ways all the same.
    pub oneway: bool,
    pub node_ids: Vec<i64>,
}

/// The walkable ways of an extract and the positions of their nodes.
#[derive(Clone, Debug, Default)]
pub struct Ways {
    pub ways: Vec<WalkableWay>,
    /// Only the nodes the ways use; an extract cut at its boundary may lack some of them.
    pub positions: HashMap<i64, GeoPoint>,
}

/// Reads the file twice, ways first, so that only the nodes of walkable ways are ever kept:
/// a district extract has millions of nodes that no footpath touches.
pub fn read_ways(pbf_path: &Path) -> Result<Ways, ImportError> {
    let read_error = |source| ImportError::Read {
        path: pbf_path.to_path_buf(),
        source,
    };

    let mut ways = Vec::new();
    ElementReader::from_path(pbf_path)
        .and_then(|reader| {
            reader.for_each(|element| {
                if let Element::Way(way) = element
                    && is_walkable(way.tags())
                {
                    ways.push(WalkableWay {
                        osm_id: way.id(),
                        highway: way
                            .tags()
                            .find(|(key, _)| *key == "highway")
                            .map_or_else(String::new, |(_, value)| value.to_string()),
                        oneway: is_oneway(way.tags()),
                        node_ids: way.refs().collect(),
                    });
                }
            })
        })
        .map_err(read_error)?;

    let wanted: HashSet<i64> = ways
        .iter()
        .flat_map(|way| way.node_ids.iter().copied())
        .collect();
    let mut positions = HashMap::with_capacity(wanted.len());
    // `for_each` takes a closure that cannot fail, so the first bad position waits here.
    let mut bad_position = None;
    let mut keep = |osm_id: i64, decimicro_lat: i32, decimicro_lon: i32| {
        if !wanted.contains(&osm_id) {
            return;
        }
        // OpenStreetMap stores positions in 1e-7 degrees; dividing the integer keeps the exact
        // decimal a mapper entered, which also serialises short.
        let lat = f64::from(decimicro_lat) / 1e7;
        let lon = f64::from(decimicro_lon) / 1e7;
        match GeoPoint::new(lat, lon) {
            Ok(point) => {
                positions.insert(osm_id, point);
            }
            Err(source) => {
                bad_position.get_or_insert(ImportError::BadPosition { osm_id, source });
            }
        }
    };
    ElementReader::from_path(pbf_path)
        .and_then(|reader| {
            reader.for_each(|element| match element {
                Element::DenseNode(node) => {
                    keep(node.id(), node.decimicro_lat(), node.decimicro_lon());
                }
                Element::Node(node) => {
                    keep(node.id(), node.decimicro_lat(), node.decimicro_lon());
                }
                Element::Way(_) | Element::Relation(_) => {}
            })
        })
        .map_err(read_error)?;
    if let Some(error) = bad_position {
        return Err(error);
    }
    Ok(Ways { ways, positions })
}
