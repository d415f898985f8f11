//! A shapefile in a zip: its parts found (in a folder or not), its coordinate system checked,
//! its `.dbf` text decoded, its shapes turned into points and polygons; and the same written
//! back as a zip of `.shp`, `.shx`, `.dbf`, `.prj` (WGS 84) and `.cpg` (UTF-8).

use std::io::{Cursor, Write};

use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape, ShapeReader, ShapeWriter};

use crate::archive::{self, ArchiveError, Entry, Limits};
use crate::dbf::{self, Attributes};
use crate::error::{Place, ReadError, WriteError};
use crate::format::{self, Format};
use crate::geometry;
use crate::grid;
use crate::prj;
use crate::table::{Geometry, ReadOptions, Row, Table};
use crate::text;

/// One shapefile is five or six files; a hundred entries means something else was zipped.
const MAX_ENTRIES: usize = 100;
/// The parts read; anything else in the zip is only checked for size.
const PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];
/// A `.shp` file's first four bytes: the big-endian file code 9994.
const SHP_FILE_CODE: [u8; 4] = [0x00, 0x00, 0x27, 0x0A];
/// The name the written parts share.
const WRITTEN_NAME: &str = "linli";

pub(crate) fn read(bytes: &[u8], options: &ReadOptions) -> Result<Table, ReadError> {
    if !format::is_zip(bytes) {
        return Err(if bytes.starts_with(&SHP_FILE_CODE) {
            ReadError::ShapefileNotZipped
        } else {
            ReadError::UnreadableShapefile {
                detail: "it is not a zip".to_owned(),
            }
        });
    }
    let limits = Limits {
        max_total_bytes: options.max_uncompressed_bytes,
        max_entries: MAX_ENTRIES,
    };
    let entries =
        archive::unpack(bytes, limits, |path| part_extension(path).is_some()).map_err(|error| {
            match error {
                ArchiveError::Bomb => ReadError::ZipBomb {
                    limit: options.max_uncompressed_bytes,
                },
                ArchiveError::TooManyEntries { count, limit } => {
                    ReadError::TooManyEntries { count, limit }
                }
                ArchiveError::Unreadable(detail) => ReadError::UnreadableShapefile { detail },
            }
        })?;
    let parts = Parts::find(&entries)?;
    prj::check(parts.prj)?;

    // A clerk's explicit choice beats the .cpg, so that a wrong .cpg can be overruled.
    let wanted = text::wanted(options.encoding).or_else(|| parts.cpg.and_then(dbf::cpg_encoding));
    let (attributes, encoding) = text::choose(
        wanted,
        |encoding| dbf::read(parts.dbf, encoding),
        Attributes::first_non_ascii,
    )?;
    let positions: Vec<usize> = (0..attributes.columns.len()).collect();
    grid::check_unique(&attributes.columns, &positions, Place::FieldNames)?;

    let geometries = read_shapes(parts.shp, parts.shx)?;
    if geometries.len() != attributes.records.len() {
        return Err(ReadError::UnreadableShapefile {
            detail: format!(
                "the .shp has {} shapes but the .dbf {} records",
                geometries.len(),
                attributes.records.len()
            ),
        });
    }
    let mut rows = Vec::new();
    for ((line, cells), geometry) in attributes.records.into_iter().zip(geometries) {
        if let Some(geometry) = &geometry {
            geometry::check_lon_lat(geometry, Place::Record(line))?;
        }
        if geometry.is_some() || cells.iter().any(|cell| !cell.is_empty()) {
            rows.push(Row {
                line,
                cells,
                geometry,
            });
        }
    }
    Ok(Table {
        format: Format::Shapefile,
        encoding: Some(encoding),
        columns: attributes.columns,
        rows,
    })
}

/// The lower-case extension of a shapefile part, leaving out the `._name` copies and the
/// `__MACOSX/` folder a Mac adds to every zip it makes.
fn part_extension(path: &str) -> Option<String> {
    if path.split('/').any(|folder| folder == "__MACOSX") {
        return None;
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if file_name.starts_with("._") {
        return None;
    }
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    PARTS.contains(&extension.as_str()).then_some(extension)
}

/// The parts of the one shapefile in the zip: those beside its `.shp` with the same name.
struct Parts<'a> {
    shp: &'a [u8],
    shx: Option<&'a [u8]>,
    dbf: &'a [u8],
    prj: &'a [u8],
    cpg: Option<&'a [u8]>,
}

impl<'a> Parts<'a> {
    fn find(entries: &'a [Entry]) -> Result<Parts<'a>, ReadError> {
        let shps: Vec<&Entry> = entries
            .iter()
            .filter(|entry| part_extension(&entry.path).as_deref() == Some("shp"))
            .collect();
        let shp = match shps.as_slice() {
            [] => return Err(ReadError::MissingPart { extension: "shp" }),
            [shp] => shp,
            several => {
                return Err(ReadError::SeveralShapefiles {
                    names: several.iter().map(|entry| entry.path.clone()).collect(),
                });
            }
        };
        let stem = shp.path[..shp.path.len() - ".shp".len()].to_lowercase();
        let part = |extension: &str| {
            entries
                .iter()
                .find(|entry| entry.path.to_lowercase() == format!("{stem}.{extension}"))
                .map(|entry| entry.bytes.as_slice())
        };
        Ok(Parts {
            shp: &shp.bytes,
            shx: part("shx"),
            dbf: part("dbf").ok_or(ReadError::MissingPart { extension: "dbf" })?,
            prj: part("prj").ok_or(ReadError::NoPrj)?,
            cpg: part("cpg"),
        })
    }
}

/// Every shape in record order; the `.shx`, when there, is the index the reader follows.
fn read_shapes(shp: &[u8], shx: Option<&[u8]>) -> Result<Vec<Option<Geometry>>, ReadError> {
    let unreadable = |error: shapefile::Error| ReadError::UnreadableShapefile {
        detail: format!("the .shp: {error}"),
    };
    let mut reader = match shx {
        Some(shx) => ShapeReader::with_shx(Cursor::new(shp), Cursor::new(shx)),
        None => ShapeReader::new(Cursor::new(shp)),
    }
    .map_err(unreadable)?;
    reader
        .iter_shapes()
        .map(|shape| shape.map(geometry_of).map_err(unreadable))
        .collect()
}

/// Heights and measures are dropped; lines, multipoints and multipatches are kept by name.
fn geometry_of(shape: Shape) -> Option<Geometry> {
    match shape {
        Shape::NullShape => None,
        Shape::Point(point) => Some(point_of(&point)),
        Shape::PointM(point) => Some(point_of(&point)),
        Shape::PointZ(point) => Some(point_of(&point)),
        Shape::Polygon(polygon) => polygon_of(polygon.rings()),
        Shape::PolygonM(polygon) => polygon_of(polygon.rings()),
        Shape::PolygonZ(polygon) => polygon_of(polygon.rings()),
        Shape::Polyline(line) => Some(line_of(line.parts().len())),
        Shape::PolylineM(line) => Some(line_of(line.parts().len())),
        Shape::PolylineZ(line) => Some(line_of(line.parts().len())),
        Shape::Multipoint(_) | Shape::MultipointM(_) | Shape::MultipointZ(_) => {
            Some(Geometry::Other("MultiPoint".to_owned()))
        }
        Shape::Multipatch(_) => Some(Geometry::Other("MultiPatch".to_owned())),
    }
}

fn point_of(point: &impl HasXY) -> Geometry {
    Geometry::Point {
        lon: point.x(),
        lat: point.y(),
    }
}

fn polygon_of<P: HasXY>(rings: &[PolygonRing<P>]) -> Option<Geometry> {
    let rings = rings
        .iter()
        .map(|ring| {
            let points = ring
                .points()
                .iter()
                .map(|point| [point.x(), point.y()])
                .collect();
            (matches!(ring, PolygonRing::Outer(_)), points)
        })
        .collect();
    geometry::from_polygons(geometry::polygons_of(rings))
}

fn line_of(parts: usize) -> Geometry {
    let name = if parts == 1 {
        "LineString"
    } else {
        "MultiLineString"
    };
    Geometry::Other(name.to_owned())
}

/// What kind of shapefile the rows make: one kind only, as the format allows.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Point,
    Polygon,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Point => "Point",
            Kind::Polygon => "Polygon",
        }
    }
}

pub(crate) fn write(table: &Table) -> Result<Vec<u8>, WriteError> {
    let kind = kind_of(&table.rows)?;
    let dbf = dbf::write(&table.columns, &table.rows)?;
    let (shp, shx) = write_shapes(&table.rows, kind)?;

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let library = |detail: String| WriteError::Library { detail };
    for (extension, bytes) in [
        ("shp", shp.as_slice()),
        ("shx", &shx),
        ("dbf", &dbf),
        ("prj", prj::WGS84_WKT.as_bytes()),
        ("cpg", b"UTF-8"),
    ] {
        zip.start_file(format!("{WRITTEN_NAME}.{extension}"), options)
            .map_err(|error| library(error.to_string()))?;
        zip.write_all(bytes)
            .map_err(|error| library(error.to_string()))?;
    }
    let zip = zip.finish().map_err(|error| library(error.to_string()))?;
    Ok(zip.into_inner())
}

/// `None` for a table without rows, which is written as an empty shapefile.
fn kind_of(rows: &[Row]) -> Result<Option<Kind>, WriteError> {
    let mut found: Option<Kind> = None;
    for row in rows {
        let kind = match &row.geometry {
            None => return Err(WriteError::MissingGeometry { line: row.line }),
            Some(Geometry::Point { .. }) => Kind::Point,
            Some(Geometry::Polygon(_) | Geometry::MultiPolygon(_)) => Kind::Polygon,
            Some(Geometry::Other(kind)) => {
                return Err(WriteError::UnsupportedGeometry {
                    line: row.line,
                    kind: kind.clone(),
                });
            }
        };
        match found {
            Some(first) if first != kind => {
                return Err(WriteError::MixedGeometry {
                    line: row.line,
                    first: first.name().to_owned(),
                    this: row
                        .geometry
                        .as_ref()
                        .map_or("", Geometry::type_name)
                        .to_owned(),
                });
            }
            _ => found = Some(kind),
        }
    }
    Ok(found)
}

/// The `.shp` and its `.shx`. The shapefile crate orders each ring as the format wants (outer
/// rings clockwise), whichever way the table's ran.
fn write_shapes(rows: &[Row], kind: Option<Kind>) -> Result<(Vec<u8>, Vec<u8>), WriteError> {
    let library = |error: shapefile::Error| WriteError::Library {
        detail: error.to_string(),
    };
    let mut shp = Cursor::new(Vec::new());
    let mut shx = Cursor::new(Vec::new());
    let mut writer = ShapeWriter::with_shx(&mut shp, &mut shx);
    for row in rows {
        match (&row.geometry, kind) {
            (Some(Geometry::Point { lon, lat }), Some(Kind::Point)) => {
                writer
                    .write_shape(&shapefile::Point::new(*lon, *lat))
                    .map_err(library)?;
            }
            (Some(Geometry::Polygon(rings)), Some(Kind::Polygon)) => {
                writer
                    .write_shape(&shape_polygon(std::slice::from_ref(rings)))
                    .map_err(library)?;
            }
            (Some(Geometry::MultiPolygon(polygons)), Some(Kind::Polygon)) => {
                writer
                    .write_shape(&shape_polygon(polygons))
                    .map_err(library)?;
            }
            // `kind_of` has refused every other combination.
            _ => {}
        }
    }
    writer.finalize().map_err(library)?;
    drop(writer);
    Ok((shp.into_inner(), shx.into_inner()))
}

fn shape_polygon(polygons: &[Vec<Vec<[f64; 2]>>]) -> shapefile::Polygon {
    let mut rings = Vec::new();
    for polygon in polygons {
        for (index, ring) in polygon.iter().enumerate() {
            let points = ring
                .iter()
                .map(|[x, y]| shapefile::Point::new(*x, *y))
                .collect();
            rings.push(if index == 0 {
                PolygonRing::Outer(points)
            } else {
                PolygonRing::Inner(points)
            });
        }
    }
    shapefile::Polygon::with_rings(rings)
}

#[cfg(test)]
mod tests {
    use super::part_extension;

    #[test]
    fn parts_are_found_in_folders_and_mac_copies_are_not() {
        assert_eq!(part_extension("道路/Roads.SHP").as_deref(), Some("shp"));
        assert_eq!(part_extension("roads.cpg").as_deref(), Some("cpg"));
        assert_eq!(part_extension("__MACOSX/道路/._Roads.shp"), None);
        assert_eq!(part_extension("道路/._Roads.shp"), None);
        assert_eq!(part_extension("readme.txt"), None);
    }
}
