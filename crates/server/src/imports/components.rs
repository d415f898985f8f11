//! A components file (部件普查) against the stored components, keyed by the 16-digit code.

use std::collections::{HashMap, HashSet};

use linli_api::RefusedRow;
use linli_core::inventory::Layout;
use linli_core::inventory::component::{ComponentRow, FIELDS, check};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::references::Named;
use super::{Counts, ImportRequest, SeenKeys, bad_file, duplicate, point_of};
use crate::AppError;
use crate::district::District;

/// A checked row with the ids its community and unit resolved to.
struct Resolved {
    row: ComponentRow,
    community_id: String,
    unit_id: String,
}

/// What is stored of a component, as a row would set it.
struct Stored {
    name: String,
    community_id: String,
    unit_id: Option<String>,
    address: String,
    lat: f64,
    lon: f64,
    being_repaired: bool,
    retired: bool,
}

/// Equal when every field is, positions to within a centimetre: a file exported in GCJ-02 or
/// BD-09 comes back through their inverse transforms, exact only to that.
impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.name == other.name
            && self.community_id == other.community_id
            && self.unit_id == other.unit_id
            && self.address == other.address
            && self.being_repaired == other.being_repaired
            && self.retired == other.retired
            && super::same_place((self.lat, self.lon), (other.lat, other.lon))
    }
}

pub(super) fn run(
    tx: &Transaction<'_>,
    table: &Table,
    district: &District,
    request: &ImportRequest,
) -> Result<Counts, AppError> {
    let layout = Layout::find(FIELDS, &table.columns).map_err(|p| bad_file(p.join(" ")))?;
    let communities = Named::communities(tx)?;
    let units = Named::units(tx)?;
    let mut counts = Counts::default();
    let mut seen = SeenKeys::new();
    let mut resolved = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let checked = check(
            &layout,
            &row.cells,
            point_of(row),
            &district.code,
            &district.bounds,
            request.datum,
        );
        let mut reasons = Vec::new();
        match checked {
            Err(problems) => reasons = problems,
            Ok(component) => {
                if let Some(first) = seen.first_line(component.code.as_str(), row.line) {
                    reasons.push(duplicate(component.code.as_str(), first));
                }
                let community = communities
                    .resolve(&component.community)
                    .map_err(|p| reasons.push(p));
                let unit = units.resolve(&component.unit).map_err(|p| reasons.push(p));
                if let (Ok(community_id), Ok(unit_id), true) = (community, unit, reasons.is_empty())
                {
                    resolved.push(Resolved {
                        row: component,
                        community_id,
                        unit_id,
                    });
                }
            }
        }
        if !reasons.is_empty() {
            counts.refused.push(RefusedRow {
                line: row.line,
                reasons,
            });
        }
    }
    let stored = stored(tx)?;
    let mut writes = Vec::new();
    for r in &resolved {
        let wanted = |before: Option<&Stored>| Stored {
            name: r.row.name.clone(),
            community_id: r.community_id.clone(),
            unit_id: Some(r.unit_id.clone()),
            address: r.row.address.clone(),
            lat: r.row.lat,
            lon: r.row.lon,
            // A file without states leaves each component's own.
            being_repaired: r
                .row
                .being_repaired
                .unwrap_or(before.is_some_and(|b| b.being_repaired)),
            retired: false,
        };
        match stored.get(r.row.code.as_str()) {
            None => {
                counts.add += 1;
                writes.push((r.row.code.as_str(), wanted(None)));
            }
            Some(before) if *before == wanted(Some(before)) => counts.leave += 1,
            Some(before) => {
                counts.change += 1;
                writes.push((r.row.code.as_str(), wanted(Some(before))));
            }
        }
    }
    // The file speaks for the communities it names: what they hold and it no longer lists.
    let listed: HashSet<&str> = resolved.iter().map(|r| r.row.code.as_str()).collect();
    let covered: HashSet<&str> = resolved.iter().map(|r| r.community_id.as_str()).collect();
    let missing: Vec<&String> = stored
        .iter()
        .filter(|(code, s)| {
            !s.retired
                && covered.contains(s.community_id.as_str())
                && !listed.contains(code.as_str())
        })
        .map(|(code, _)| code)
        .collect();
    counts.retire = missing.len();
    if request.apply && counts.refused.is_empty() {
        write(tx, &writes)?;
        if request.retire_missing {
            let mut retire = tx.prepare(
                "UPDATE components SET retired_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE code = ?1",
            )?;
            for code in missing {
                retire.execute([code])?;
            }
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt = tx.prepare(
        "SELECT code, name, community_id, unit_id, address, lat, lon, state = 'being_repaired',
                retired_at IS NOT NULL
         FROM components",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                name: r.get(1)?,
                community_id: r.get(2)?,
                unit_id: r.get(3)?,
                address: r.get(4)?,
                lat: r.get(5)?,
                lon: r.get(6)?,
                being_repaired: r.get(7)?,
                retired: r.get(8)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn write(tx: &Transaction<'_>, writes: &[(&str, Stored)]) -> Result<(), AppError> {
    let mut upsert = tx.prepare(
        "INSERT INTO components (code, name, community_id, unit_id, address, lat, lon, state,
             sample_data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)
         ON CONFLICT (code) DO UPDATE SET name = ?2, community_id = ?3, unit_id = ?4,
             address = ?5, lat = ?6, lon = ?7, state = ?8, retired_at = NULL, sample_data = 0",
    )?;
    for (code, s) in writes {
        upsert.execute(params![
            code,
            s.name,
            s.community_id,
            s.unit_id,
            s.address,
            s.lat,
            s.lon,
            if s.being_repaired {
                "being_repaired"
            } else {
                "normal"
            }
        ])?;
    }
    Ok(())
}
