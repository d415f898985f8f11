//! A buildings file (with each building's households) against the stored buildings, keyed by
//! the 16-digit code.

use std::collections::HashMap;

use linli_api::RefusedRow;
use linli_core::inventory::Layout;
use linli_core::inventory::building::{FIELDS, check};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::references::Named;
use super::{Counts, ImportRequest, SeenKeys, bad_file, duplicate, point_of};
use crate::AppError;
use crate::district::District;

struct Stored {
    name: String,
    community_id: String,
    households: u32,
    address: String,
    lat: f64,
    lon: f64,
}

/// Equal when every field is, positions to within a centimetre: a file exported in GCJ-02 or
/// BD-09 comes back through their inverse transforms, exact only to that.
impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.name == other.name
            && self.community_id == other.community_id
            && self.households == other.households
            && self.address == other.address
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
    let mut counts = Counts::default();
    let mut seen = SeenKeys::new();
    let mut wanted = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut reasons = Vec::new();
        match check(
            &layout,
            &row.cells,
            point_of(row),
            &district.code,
            &district.bounds,
            request.datum,
        ) {
            Err(problems) => reasons = problems,
            Ok(building) => {
                if let Some(first) = seen.first_line(building.code.as_str(), row.line) {
                    reasons.push(duplicate(building.code.as_str(), first));
                }
                match communities.resolve(&building.community) {
                    Err(p) => reasons.push(p),
                    Ok(community_id) if reasons.is_empty() => wanted.push((
                        building.code.to_string(),
                        Stored {
                            name: building.name,
                            community_id,
                            households: building.households,
                            address: building.address,
                            lat: building.lat,
                            lon: building.lon,
                        },
                    )),
                    Ok(_) => {}
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
    for (code, building) in &wanted {
        match stored.get(code) {
            None => {
                counts.add += 1;
                writes.push((code, building));
            }
            Some(before) if before == building => counts.leave += 1,
            Some(_) => {
                counts.change += 1;
                writes.push((code, building));
            }
        }
    }
    if request.apply && counts.refused.is_empty() {
        let mut upsert = tx.prepare(
            "INSERT INTO buildings (code, name, community_id, households, address, lat, lon,
                 sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
             ON CONFLICT (code) DO UPDATE SET name = ?2, community_id = ?3, households = ?4,
                 address = ?5, lat = ?6, lon = ?7, sample_data = 0",
        )?;
        for (code, b) in writes {
            upsert.execute(params![
                code,
                b.name,
                b.community_id,
                b.households,
                b.address,
                b.lat,
                b.lon
            ])?;
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt = tx
        .prepare("SELECT code, name, community_id, households, address, lat, lon FROM buildings")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                name: r.get(1)?,
                community_id: r.get(2)?,
                households: r.get(3)?,
                address: r.get(4)?,
                lat: r.get(5)?,
                lon: r.get(6)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
