//! Reading an `.osm.pbf` extract, from a file or from bytes: the walkable ways, then the
//! positions of the nodes they use.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use linli_core::reach::GeoPoint;
use osmpbf::{BlobDecode, BlobReader, BlobType, Element};

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

/// Features a reader must understand to read a file that lists them as required; a file that
/// requires anything else (history, say, where a node appears once per version) would be
/// misread, so it is refused.
const UNDERSTOOD_FEATURES: &[&str] = &["OsmSchema-V0.6", "DenseNodes"];

/// [`read_ways_from`] on a file.
pub fn read_ways(pbf_path: &Path) -> Result<Ways, ImportError> {
    let file = File::open(pbf_path).map_err(ImportError::Io)?;
    read_ways_from(BufReader::new(file))
}

/// Reads the data twice, ways first, so that only the nodes of walkable ways are ever kept: a
/// district extract has millions of nodes that no footpath touches, and holding them all would
/// take several times the memory of the compressed file. Hence `Seek`: an upload held in memory
/// is read through a `Cursor` (a plain stream would have to be read into memory first), and the
/// second reading starts where the first one did.
pub fn read_ways_from<R: Read + Seek + Send>(mut reader: R) -> Result<Ways, ImportError> {
    let start = reader.stream_position().map_err(ImportError::Io)?;

    let mut ways = Vec::new();
    for_each_element(&mut reader, |element| {
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
    })?;

    let wanted: HashSet<i64> = ways
        .iter()
        .flat_map(|way| way.node_ids.iter().copied())
        .collect();
    let mut positions = HashMap::with_capacity(wanted.len());
    // The visitor cannot fail, so the first bad position waits here.
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
    reader
        .seek(SeekFrom::Start(start))
        .map_err(ImportError::Io)?;
    for_each_element(&mut reader, |element| match element {
        Element::DenseNode(node) => {
            keep(node.id(), node.decimicro_lat(), node.decimicro_lon());
        }
        Element::Node(node) => {
            keep(node.id(), node.decimicro_lat(), node.decimicro_lon());
        }
        Element::Way(_) | Element::Relation(_) => {}
    })?;
    if let Some(error) = bad_position {
        return Err(error);
    }
    Ok(Ways { ways, positions })
}

/// Calls `visit` on every element, once the data has shown it is an extract this reader
/// understands: a PBF file opens with an OSM header block, which anything else (an XML `.osm`,
/// a zip, a GeoJSON file, random bytes) will not.
fn for_each_element<R: Read + Send>(
    reader: R,
    mut visit: impl FnMut(Element<'_>),
) -> Result<(), ImportError> {
    let bytes_read = AtomicU64::new(0);
    let mut blobs = BlobReader::new(Counted {
        inner: reader,
        bytes: &bytes_read,
    });
    let header = match blobs.next() {
        None if bytes_read.load(Ordering::Relaxed) == 0 => return Err(ImportError::Empty),
        // Bytes that do not even read as a block (a length, then a small header naming its
        // kind) are not PBF at all, as is a first block of any other kind.
        None | Some(Err(_)) => return Err(ImportError::NotPbf),
        Some(Ok(blob)) if !matches!(blob.get_type(), BlobType::OsmHeader) => {
            return Err(ImportError::NotPbf);
        }
        Some(Ok(blob)) => blob.to_headerblock().map_err(ImportError::Damaged)?,
    };
    if let Some(feature) = header
        .required_features()
        .iter()
        .find(|feature| !UNDERSTOOD_FEATURES.contains(&feature.as_str()))
    {
        return Err(ImportError::UnsupportedFeature(feature.clone()));
    }
    let mut whole_blocks = bytes_read.load(Ordering::Relaxed);
    for blob in blobs {
        let blob = blob.map_err(ImportError::Damaged)?;
        whole_blocks = bytes_read.load(Ordering::Relaxed);
        match blob.decode() {
            Ok(BlobDecode::OsmData(block)) => block.for_each_element(&mut visit),
            // A second header or a block of a kind this reader does not know: the format says
            // to skip it.
            Ok(BlobDecode::OsmHeader(_) | BlobDecode::Unknown(_)) => {}
            Err(source) => return Err(ImportError::Damaged(source)),
        }
    }
    // osmpbf takes data that ends one to three bytes into a block's length for a clean end.
    let left_over = bytes_read.load(Ordering::Relaxed) - whole_blocks;
    if left_over > 0 {
        let cut_short = io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("the data ends {left_over} bytes into a block"),
        );
        return Err(ImportError::Damaged(cut_short.into()));
    }
    Ok(())
}

/// Counts the bytes the block reader takes, so that [`for_each_element`] can tell a clean end
/// from bytes left over after the last whole block. Atomic only because the block reader must be
/// `Send`; nothing else reads the count while the reader runs.
struct Counted<'a, R> {
    inner: R,
    bytes: &'a AtomicU64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.bytes.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}
