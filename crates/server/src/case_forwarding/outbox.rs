//! Writing `case_outbox` rows inside the caller's transaction: one for a new report, one for each
//! public change, each with the event's public fields as they are at that moment.

use rusqlite::{Connection, params};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::CaseForwarding;
use crate::report::{public_degrees, shown};
use crate::webhook::stored;

/// What the public sees of report `id` now: no phone, no exact position (rounded as the public
/// views round it), no hidden description.
fn report_fields(c: &Connection, id: i64) -> rusqlite::Result<Value> {
    c.query_row(
        "SELECT service_code, status, iif(description_hidden_reason IS NULL, description, ''),
                lat, lon, address, component_code, requested_at, expected_at, duplicate_of
         FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            let service_code: String = r.get(0)?;
            let service_name = linli_core::problem_type::PROBLEM_TYPES
                .iter()
                .find(|p| p.service_code == service_code)
                .map_or("", |p| p.name_zh);
            Ok(json!({
                "service_request_id": id.to_string(),
                "service_code": service_code,
                "service_name": service_name,
                "status": r.get::<_, String>(1)?,
                "description": r.get::<_, String>(2)?,
                "lat": public_degrees(r.get(3)?),
                "long": public_degrees(r.get(4)?),
                "address": r.get::<_, String>(5)?,
                "component_code": r.get::<_, Option<String>>(6)?,
                "requested_datetime": shown(&r.get::<_, String>(7)?),
                "expected_datetime": shown(&r.get::<_, String>(8)?),
                "duplicate_of": r.get::<_, Option<i64>>(9)?.map(|o| o.to_string()),
            }))
        },
    )
}

/// A public update as it is sent: who wrote it only as `reporter` or `committee`, never a
/// member's name.
fn change_fields(c: &Connection, update_id: i64) -> rusqlite::Result<Value> {
    c.query_row(
        "SELECT status, iif(hidden_reason IS NULL, description, ''), updated_at,
                iif(actor = 'reporter', 'reporter', 'committee')
         FROM request_updates WHERE id = ?1",
        [update_id],
        |r| {
            Ok(json!({
                "update_id": update_id.to_string(),
                "status": r.get::<_, String>(0)?,
                "description": r.get::<_, String>(1)?,
                "updated_datetime": shown(&r.get::<_, String>(2)?),
                "by": r.get::<_, String>(3)?,
            }))
        },
    )
}

fn insert(
    c: &Connection,
    dedupe_key: &str,
    event: &str,
    request_id: i64,
    update_id: Option<i64>,
    payload: &Value,
) -> rusqlite::Result<()> {
    let at = stored(OffsetDateTime::now_utc());
    c.execute(
        "INSERT OR IGNORE INTO case_outbox
             (dedupe_key, event, request_id, update_id, payload, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            dedupe_key,
            event,
            request_id,
            update_id,
            payload.to_string(),
            at
        ],
    )?;
    Ok(())
}

/// Queues the new report `request_id`, when forwarding is configured (so that configuring it
/// later does not send the district's old reports).
pub(crate) fn enqueue_created(
    c: &Connection,
    forwarding: Option<&CaseForwarding>,
    request_id: i64,
) -> rusqlite::Result<()> {
    if forwarding.is_none() {
        return Ok(());
    }
    let payload = json!({ "report": report_fields(c, request_id)?, "change": null });
    insert(
        c,
        &format!("case:{request_id}:created"),
        "report.created",
        request_id,
        None,
        &payload,
    )
}

/// Queues the public update `update_id` of `request_id` (written just before, in the same
/// transaction). The caller never queues an update the city's own system made.
pub(crate) fn enqueue_update(
    c: &Connection,
    forwarding: Option<&CaseForwarding>,
    request_id: i64,
    update_id: i64,
) -> rusqlite::Result<()> {
    if forwarding.is_none() {
        return Ok(());
    }
    let payload = json!({
        "report": report_fields(c, request_id)?,
        "change": change_fields(c, update_id)?,
    });
    insert(
        c,
        &format!("case:{request_id}:update:{update_id}"),
        "report.updated",
        request_id,
        Some(update_id),
        &payload,
    )
}
