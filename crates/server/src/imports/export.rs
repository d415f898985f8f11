//! What is stored, written back as a file an import reads again unchanged: the columns are the
//! imports' own English keys, positions are in the datum asked for, and GeoJSON and shapefiles
//! carry them as geometry (CSV and XLSX as `lat` and `lon` columns).

use linli_api::{Boundary, ImportKind};
use linli_core::datum::Datum;
use linli_tables::{Format, Geometry, Row, Table, TextEncoding};
use rusqlite::Connection;

use crate::AppError;

/// The file of one kind, in `format`.
pub(crate) fn export(
    c: &Connection,
    kind: ImportKind,
    format: Format,
    encoding: TextEncoding,
    datum: Datum,
) -> Result<Vec<u8>, AppError> {
    let geometry = matches!(format, Format::GeoJson | Format::Shapefile);
    let table = match kind {
        ImportKind::Components => points(
            c,
            &["code", "name", "community", "unit", "address", "state"],
            "SELECT code, name, community_id, unit_id, address, state, lat, lon FROM components
             WHERE retired_at IS NULL ORDER BY code",
            format,
            geometry,
            datum,
        )?,
        ImportKind::Buildings => points(
            c,
            &["code", "name", "community", "households", "address"],
            "SELECT code, name, community_id, households, address, lat, lon FROM buildings
             ORDER BY code",
            format,
            geometry,
            datum,
        )?,
        ImportKind::Streets => areas(
            c,
            &["id", "name_zh", "name_en"],
            "SELECT id, name_zh, name_en, boundary FROM streets WHERE archived_at IS NULL
             ORDER BY id",
            format,
            geometry,
            datum,
        )?,
        ImportKind::Communities => areas(
            c,
            &["id", "street", "name_zh", "name_en"],
            "SELECT id, coalesce(street_id, ''), name_zh, name_en, boundary FROM communities
             WHERE archived_at IS NULL ORDER BY id",
            format,
            geometry,
            datum,
        )?,
        ImportKind::Units => units(c, format)?,
        ImportKind::Services => points(
            c,
            &[
                "id",
                "name",
                "category",
                "community",
                "address",
                "phone",
                "opening_hours",
                "step_free",
            ],
            "SELECT id, name, category, community_id, address, coalesce(phone, ''),
                    coalesce(opening_hours, ''), CASE step_free WHEN 1 THEN 'yes' ELSE 'no' END,
                    lat, lon
             FROM service_points ORDER BY id",
            format,
            geometry,
            datum,
        )?,
    };
    linli_tables::write(&table, format, encoding).map_err(|e| AppError::Unprocessable {
        code: e.code(),
        message: e.to_string(),
    })
}

/// A kind whose rows are points: `columns` are the query's first columns, then `lat`, `lon`.
fn points(
    c: &Connection,
    columns: &[&str],
    sql: &str,
    format: Format,
    geometry: bool,
    datum: Datum,
) -> Result<Table, AppError> {
    let mut stmt = c.prepare(sql)?;
    let n = columns.len();
    let mut rows = Vec::new();
    let mut found = stmt.query([])?;
    while let Some(r) = found.next()? {
        let mut cells = Vec::with_capacity(n + 2);
        for i in 0..n {
            let value: rusqlite::types::Value = r.get(i)?;
            cells.push(match value {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            });
        }
        let (lat, lon) = datum.from_wgs84(r.get(n)?, r.get(n + 1)?);
        if geometry {
            rows.push(Row {
                line: rows.len() + 2,
                cells,
                geometry: Some(Geometry::Point { lon, lat }),
            });
        } else {
            cells.push(lat.to_string());
            cells.push(lon.to_string());
            rows.push(Row {
                line: rows.len() + 2,
                cells,
                geometry: None,
            });
        }
    }
    // A shapefile's field names have at most 10 bytes: `hours` is the import's other name for
    // `opening_hours`.
    let mut columns: Vec<String> = columns
        .iter()
        .map(|c| match (*c, format) {
            ("opening_hours", Format::Shapefile) => "hours".to_owned(),
            _ => c.to_string(),
        })
        .collect();
    if !geometry {
        columns.extend(["lat".to_owned(), "lon".to_owned()]);
    }
    Ok(Table {
        format,
        encoding: None,
        columns,
        rows,
    })
}

/// A kind whose rows are areas: `columns` are the query's first columns (text), then its
/// boundary's stored JSON.
fn areas(
    c: &Connection,
    columns: &[&str],
    sql: &str,
    format: Format,
    geometry: bool,
    datum: Datum,
) -> Result<Table, AppError> {
    let mut stmt = c.prepare(sql)?;
    let n = columns.len();
    let mut rows = Vec::new();
    let mut found = stmt.query([])?;
    let moved = |ring: &Vec<[f64; 2]>| -> Vec<[f64; 2]> {
        ring.iter()
            .map(|&[lon, lat]| {
                let (lat, lon) = datum.from_wgs84(lat, lon);
                [lon, lat]
            })
            .collect()
    };
    while let Some(r) = found.next()? {
        let cells = (0..n)
            .map(|i| r.get::<_, String>(i))
            .collect::<Result<Vec<_>, _>>()?;
        let boundary: Option<Boundary> = r
            .get::<_, Option<String>>(n)?
            .map(|text| serde_json::from_str(&text).map_err(AppError::internal))
            .transpose()?;
        let shape = boundary.filter(|_| geometry).map(|b| match b {
            Boundary::Polygon(rings) => Geometry::Polygon(rings.iter().map(moved).collect()),
            Boundary::MultiPolygon(polygons) => Geometry::MultiPolygon(
                polygons
                    .iter()
                    .map(|rings| rings.iter().map(moved).collect())
                    .collect(),
            ),
        });
        rows.push(Row {
            line: rows.len() + 2,
            cells,
            geometry: shape,
        });
    }
    Ok(Table {
        format,
        encoding: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    })
}

/// Units with their lists joined by `;`, as the units import reads them.
fn units(c: &Connection, format: Format) -> Result<Table, AppError> {
    let mut stmt = c.prepare(
        "SELECT id, name, phone, classes, communities FROM maintainer_units
         WHERE archived_at IS NULL ORDER BY id",
    )?;
    let mut rows = Vec::new();
    let mut found = stmt.query([])?;
    while let Some(r) = found.next()? {
        let joined = |i: usize| -> Result<String, AppError> {
            let list: Vec<String> =
                serde_json::from_str(&r.get::<_, String>(i)?).map_err(AppError::internal)?;
            Ok(list.join(";"))
        };
        let cells = vec![r.get(0)?, r.get(1)?, r.get(2)?, joined(3)?, joined(4)?];
        rows.push(Row {
            line: rows.len() + 2,
            cells,
            geometry: None,
        });
    }
    Ok(Table {
        format,
        encoding: None,
        columns: ["id", "name", "phone", "classes", "communities"]
            .map(String::from)
            .to_vec(),
        rows,
    })
}
