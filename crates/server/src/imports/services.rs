//! A district-wide service points file (the 15-minute circle's everyday services) against the
//! stored points, keyed by id. A community's own import on the circle page
//! (`map/import.rs`) checks rows by the same rules.

use std::collections::HashMap;

use linli_api::RefusedRow;
use linli_core::inventory::service::{FIELDS, check};
use linli_core::inventory::{Field, Layout};
use linli_tables::Table;
use rusqlite::{Transaction, params};

use super::references::Named;
use super::{Counts, ImportRequest, SeenKeys, bad_file, duplicate, point_of};
use crate::AppError;
use crate::district::District;

struct Stored {
    community_id: String,
    name: String,
    category: String,
    lat: f64,
    lon: f64,
    address: String,
    phone: Option<String>,
    opening_hours: Option<String>,
    step_free: bool,
}

/// Equal when every field is, positions to within a centimetre (see `same_place`).
impl PartialEq for Stored {
    fn eq(&self, other: &Stored) -> bool {
        self.community_id == other.community_id
            && self.name == other.name
            && self.category == other.category
            && self.address == other.address
            && self.phone == other.phone
            && self.opening_hours == other.opening_hours
            && self.step_free == other.step_free
            && super::same_place((self.lat, self.lon), (other.lat, other.lon))
    }
}

pub(super) fn run(
    tx: &Transaction<'_>,
    table: &Table,
    district: &District,
    request: &ImportRequest,
) -> Result<Counts, AppError> {
    // A community's own file needs no community column.
    let fields: Vec<Field> = FIELDS
        .iter()
        .map(|f| Field {
            required: f.required && !(f.key == "community" && request.community.is_some()),
            ..*f
        })
        .collect();
    let layout = Layout::find(&fields, &table.columns).map_err(|p| bad_file(p.join(" ")))?;
    let communities = Named::communities(tx)?;
    let mut counts = Counts::default();
    let mut seen = SeenKeys::new();
    let mut wanted = Vec::new();
    for row in &table.rows {
        let mut reasons = Vec::new();
        match check(
            &layout,
            &row.cells,
            point_of(row),
            &district.bounds,
            request.datum,
        ) {
            Err(problems) => reasons = problems,
            Ok((service, community)) => {
                if let Some(first) = seen.first_line(&service.id, row.line) {
                    reasons.push(duplicate(&service.id, first));
                }
                let community = match (community, &request.community) {
                    (Some(named), _) => communities.resolve(&named),
                    (None, Some(own)) => Ok(own.clone()),
                    (None, None) => Err("缺少所属社区。The community is missing.".to_owned()),
                };
                match community {
                    Err(p) => reasons.push(p),
                    Ok(other) if request.community.as_ref().is_some_and(|own| *own != other) => {
                        reasons.push(format!(
                            "这一行属于社区 {other}，而这次导入是本社区的。\
                             This row is community {other}'s; this import is for your own community only."
                        ))
                    }
                    Ok(community_id) if reasons.is_empty() => wanted.push((
                        row.line,
                        service.id.clone(),
                        Stored {
                            community_id,
                            name: service.name,
                            category: service.category.to_owned(),
                            lat: service.lat,
                            lon: service.lon,
                            address: service.address,
                            phone: service.phone,
                            opening_hours: service.opening_hours,
                            step_free: service.step_free,
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
    if let Some(own) = &request.community {
        for (line, id, _) in &wanted {
            if stored.get(id).is_some_and(|s| s.community_id != *own) {
                counts.refused.push(RefusedRow {
                    line: *line,
                    reasons: vec![format!(
                        "服务点 {id} 属于另一个社区。The service point {id} belongs to another community."
                    )],
                });
            }
        }
    }
    let mut writes = Vec::new();
    for (_, id, service) in &wanted {
        match stored.get(id) {
            None => {
                counts.add += 1;
                writes.push((id, service));
            }
            Some(before) if before == service => counts.leave += 1,
            Some(_) => {
                counts.change += 1;
                writes.push((id, service));
            }
        }
    }
    if request.apply && counts.refused.is_empty() {
        let mut upsert = tx.prepare(
            "INSERT INTO service_points (id, community_id, name, category, lat, lon, address,
                 phone, opening_hours, step_free, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)
             ON CONFLICT (id) DO UPDATE SET community_id = ?2, name = ?3, category = ?4,
                 lat = ?5, lon = ?6, address = ?7, phone = ?8, opening_hours = ?9,
                 step_free = ?10, sample_data = 0",
        )?;
        for (id, s) in writes {
            upsert.execute(params![
                id,
                s.community_id,
                s.name,
                s.category,
                s.lat,
                s.lon,
                s.address,
                s.phone,
                s.opening_hours,
                s.step_free
            ])?;
        }
    }
    Ok(counts)
}

fn stored(tx: &Transaction<'_>) -> Result<HashMap<String, Stored>, AppError> {
    let mut stmt = tx.prepare(
        "SELECT id, community_id, name, category, lat, lon, address, phone, opening_hours,
                step_free
         FROM service_points",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                community_id: r.get(1)?,
                name: r.get(2)?,
                category: r.get(3)?,
                lat: r.get(4)?,
                lon: r.get(5)?,
                address: r.get(6)?,
                phone: r.get(7)?,
                opening_hours: r.get(8)?,
                step_free: r.get(9)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
