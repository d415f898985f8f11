//! A communities file (社区/村, with their street or town and optionally their boundary) against
//! the stored communities, keyed by id. Streets are not imported: a district has a few dozen and
//! creates them on the places page; a row naming an unknown one is refused.

use std::collections::HashMap;

use linli_api::RefusedRow;
use linli_core::inventory::Layout;
use linli_core::inventory::community::{FIELDS, check};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::references::Named;
use super::{Counts, ImportRequest, SeenKeys, bad_file, boundary_json, duplicate, outline};
use crate::AppError;
use crate::district::District;

#[derive(PartialEq)]
struct Stored {
    street_id: Option<String>,
    name_zh: String,
    name_en: String,
    /// The boundary as stored JSON text.
    boundary: Option<String>,
}

pub(super) fn run(
    tx: &Transaction<'_>,
    table: &Table,
    district: &District,
    request: &ImportRequest,
) -> Result<Counts, AppError> {
    let layout = Layout::find(FIELDS, &table.columns).map_err(|p| bad_file(p.join(" ")))?;
    let streets = Named::streets(tx)?;
    let mut counts = Counts::default();
    let mut seen = SeenKeys::new();
    let mut wanted = Vec::new();
    for row in &table.rows {
        let mut reasons = Vec::new();
        match check(
            &layout,
            &row.cells,
            outline(row),
            &district.code,
            &district.bounds,
            request.datum,
        ) {
            Err(problems) => reasons = problems,
            Ok(community) => {
                if let Some(first) = seen.first_line(&community.id, row.line) {
                    reasons.push(duplicate(&community.id, first));
                }
                match streets.resolve(&community.street) {
                    Err(p) => reasons.push(p),
                    Ok(street_id) if reasons.is_empty() => {
                        let boundary = boundary_json(community.boundary)?;
                        wanted.push((
                            community.id,
                            Stored {
                                street_id: Some(street_id),
                                name_zh: community.name_zh,
                                name_en: community.name_en,
                                boundary,
                            },
                        ));
                    }
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
    for (id, community) in &wanted {
        match stored.get(id) {
            None => {
                counts.add += 1;
                writes.push((id, community));
            }
            // A file without boundaries leaves the ones drawn on the places page.
            Some(before)
                if before.street_id == community.street_id
                    && before.name_zh == community.name_zh
                    && before.name_en == community.name_en
                    && (community.boundary.is_none() || before.boundary == community.boundary) =>
            {
                counts.leave += 1
            }
            Some(_) => {
                counts.change += 1;
                writes.push((id, community));
            }
        }
    }
    if request.apply && counts.refused.is_empty() {
        let mut upsert = tx.prepare(
            "INSERT INTO communities (id, street_id, name_zh, name_en, boundary, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)
             ON CONFLICT (id) DO UPDATE SET street_id = ?2, name_zh = ?3, name_en = ?4,
                 boundary = coalesce(?5, boundary), sample_data = 0",
        )?;
        for (id, c) in writes {
            upsert.execute(params![id, c.street_id, c.name_zh, c.name_en, c.boundary])?;
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt =
        tx.prepare("SELECT id, street_id, name_zh, name_en, boundary FROM communities")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                street_id: r.get(1)?,
                name_zh: r.get(2)?,
                name_en: r.get(3)?,
                boundary: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
