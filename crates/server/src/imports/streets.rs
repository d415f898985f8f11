//! A streets file (街道/乡镇, optionally with boundaries) against the stored streets, keyed by id:
//! a district's 22 streets and towns from the same file its office keeps, for a deployment set
//! up from the command line alone.

use std::collections::HashMap;

use linli_api::RefusedRow;
use linli_core::inventory::Layout;
use linli_core::inventory::street::{FIELDS, check};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::{Counts, ImportRequest, SeenKeys, bad_file, boundary_json, duplicate, outline};
use crate::AppError;
use crate::district::District;

#[derive(PartialEq)]
struct Stored {
    name_zh: String,
    name_en: String,
    boundary: Option<String>,
}

pub(super) fn run(
    tx: &Transaction<'_>,
    table: &Table,
    district: &District,
    request: &ImportRequest,
) -> Result<Counts, AppError> {
    let layout = Layout::find(FIELDS, &table.columns).map_err(|p| bad_file(p.join(" ")))?;
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
            Ok(street) => match seen.first_line(&street.id, row.line) {
                Some(first) => reasons.push(duplicate(&street.id, first)),
                None => wanted.push((
                    street.id,
                    Stored {
                        name_zh: street.name_zh,
                        name_en: street.name_en,
                        boundary: boundary_json(street.boundary)?,
                    },
                )),
            },
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
    for (id, street) in &wanted {
        match stored.get(id) {
            None => {
                counts.add += 1;
                writes.push((id, street));
            }
            // A file without boundaries leaves the ones drawn on the places page.
            Some(before)
                if before.name_zh == street.name_zh
                    && before.name_en == street.name_en
                    && (street.boundary.is_none() || before.boundary == street.boundary) =>
            {
                counts.leave += 1
            }
            Some(_) => {
                counts.change += 1;
                writes.push((id, street));
            }
        }
    }
    if request.apply && counts.refused.is_empty() {
        let mut upsert = tx.prepare(
            "INSERT INTO streets (id, name_zh, name_en, boundary, sample_data)
             VALUES (?1, ?2, ?3, ?4, 0)
             ON CONFLICT (id) DO UPDATE SET name_zh = ?2, name_en = ?3,
                 boundary = coalesce(?4, boundary), sample_data = 0",
        )?;
        for (id, s) in writes {
            upsert.execute(params![id, s.name_zh, s.name_en, s.boundary])?;
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt = tx.prepare("SELECT id, name_zh, name_en, boundary FROM streets")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                name_zh: r.get(1)?,
                name_en: r.get(2)?,
                boundary: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
