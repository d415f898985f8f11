//! What of a report the committee has hidden from the public, and why: read by the committee's
//! view, the reporter's tracking page and moderation itself.

use linli_api::{HiddenPart, ReportPart};
use rusqlite::Connection;

use super::shown;
use crate::AppError;

/// The part a row's number names.
type PartOf = fn(i64) -> ReportPart;

/// Every part of the report hidden from the public, in the order description, photos, updates.
pub(crate) fn hidden_parts(c: &Connection, id: i64) -> Result<Vec<HiddenPart>, AppError> {
    // Each query names the part's number (0 for the description), its reason and when.
    let sources: [(&str, PartOf); 3] = [
        (
            "SELECT 0, description_hidden_reason, description_hidden_at FROM service_requests
             WHERE id = ?1 AND description_hidden_reason IS NOT NULL",
            |_| ReportPart::Description,
        ),
        (
            "SELECT position, hidden_reason, hidden_at FROM request_photos
             WHERE request_id = ?1 AND hidden_reason IS NOT NULL ORDER BY position",
            |position| ReportPart::Photo(u32::try_from(position + 1).unwrap_or(u32::MAX)),
        ),
        (
            "SELECT id, hidden_reason, hidden_at FROM request_updates
             WHERE request_id = ?1 AND hidden_reason IS NOT NULL ORDER BY id",
            ReportPart::Update,
        ),
    ];
    let mut hidden = Vec::new();
    for (sql, part) in sources {
        let mut stmt = c.prepare_cached(sql)?;
        let rows = stmt.query_map([id], |r| {
            Ok(HiddenPart {
                part: part(r.get(0)?),
                reason: r.get(1)?,
                at: shown(&r.get::<_, String>(2)?),
            })
        })?;
        for row in rows {
            hidden.push(row?);
        }
    }
    Ok(hidden)
}
