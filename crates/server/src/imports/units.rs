//! A maintainer units file against the stored units, keyed by id; the communities a unit looks
//! after may be named by id or name.

use std::collections::HashMap;

use linli_api::RefusedRow;
use linli_core::inventory::Layout;
use linli_core::inventory::unit::{FIELDS, check};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::references::Named;
use super::{Counts, ImportRequest, SeenKeys, bad_file, duplicate};
use crate::AppError;
use crate::district::District;

#[derive(PartialEq)]
struct Stored {
    name: String,
    phone: String,
    /// JSON arrays, as stored.
    classes: String,
    communities: String,
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
    let mut wanted = Vec::new();
    for row in &table.rows {
        let mut reasons = Vec::new();
        match check(&layout, &row.cells, &district.code) {
            Err(problems) => reasons = problems,
            Ok(unit) => {
                if let Some(first) = seen.first_line(&unit.id, row.line) {
                    reasons.push(duplicate(&unit.id, first));
                }
                let mut ids = Vec::new();
                for named in &unit.communities {
                    match communities.resolve(named) {
                        Ok(id) => ids.push(id),
                        Err(p) => reasons.push(p),
                    }
                }
                if reasons.is_empty() {
                    let json =
                        |v: &Vec<String>| serde_json::to_string(v).map_err(AppError::internal);
                    wanted.push((
                        unit.id,
                        Stored {
                            name: unit.name,
                            phone: unit.phone,
                            classes: json(&unit.classes)?,
                            communities: json(&ids)?,
                        },
                    ));
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
    for (id, unit) in &wanted {
        match stored.get(id) {
            None => {
                counts.add += 1;
                writes.push((id, unit));
            }
            Some(before) if before == unit => counts.leave += 1,
            Some(_) => {
                counts.change += 1;
                writes.push((id, unit));
            }
        }
    }
    if request.apply && counts.refused.is_empty() {
        let mut upsert = tx.prepare(
            "INSERT INTO maintainer_units (id, name, phone, classes, communities, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)
             ON CONFLICT (id) DO UPDATE SET name = ?2, phone = ?3, classes = ?4,
                 communities = ?5, sample_data = 0",
        )?;
        for (id, u) in writes {
            upsert.execute(params![id, u.name, u.phone, u.classes, u.communities])?;
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt =
        tx.prepare("SELECT id, name, phone, classes, communities FROM maintainer_units")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                name: r.get(1)?,
                phone: r.get(2)?,
                classes: r.get(3)?,
                communities: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
