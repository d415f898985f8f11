//! An update a city system (12345, 数字城管) posted to a report through its key: the status it
//! names, applied by the committee's rules, one public timeline entry written as that system's,
//! the reporter told by text message as for any public change, and an audit entry. It is never
//! forwarded back to the system it came from.

use axum::http::StatusCode;
use linli_core::report::{Actor, Status, check_transition};
use rusqlite::{Connection, OptionalExtension, params};

use super::{PublicUpdate, load_row, now, shown, stored};
use crate::audit;
use crate::error::Open311Errors;
use crate::gateway::Gateway;

/// The status a system's word moves a report to. GeoReport knows only `open` and `closed`:
/// `open` on a report still being worked on changes nothing (the update is a note), and on a
/// fixed one means work resumes; `closed` on a report still being worked on is 结案, which Linli
/// calls `fixed` (the committee closes a fixed report). Linli's own names mean themselves.
pub(crate) fn status_for(current: Status, asked: Status) -> Status {
    match asked {
        Status::Open if current.is_open() => current,
        Status::Open if current == Status::Fixed => Status::InProgress,
        Status::Closed if current.is_open() => Status::Fixed,
        _ => asked,
    }
}

/// Who sent an update: the key's label (the system's name, e.g. `12345`) and its id.
pub(crate) struct System {
    pub label: String,
    pub key_id: String,
    pub address: Option<std::net::IpAddr>,
}

/// A checked update, as the system sent it.
pub(crate) struct ExternalUpdate {
    pub request_id: i64,
    pub status: Status,
    pub description: String,
    /// The system's own time of the update, kept in the audit entry (the timeline shows when
    /// Linli received it, so that its order is the order things happened here).
    pub updated_datetime: String,
    pub update_id: String,
}

fn public_update(c: &Connection, id: i64) -> rusqlite::Result<PublicUpdate> {
    c.query_row(
        "SELECT id, request_id, status, updated_at, iif(hidden_reason IS NULL, description, '')
         FROM request_updates WHERE id = ?1",
        [id],
        |r| {
            Ok(PublicUpdate {
                update_id: r.get::<_, i64>(0)?.to_string(),
                service_request_id: r.get::<_, i64>(1)?.to_string(),
                status: r.get(2)?,
                updated_datetime: shown(&r.get::<_, String>(3)?),
                description: r.get(4)?,
                media_url: String::new(),
            })
        },
    )
}

/// Applies `update` inside the caller's write transaction, or says why not (storing nothing).
/// A repeated `update_id` from the same key answers the update it stored the first time.
pub(crate) fn apply(
    tx: &Connection,
    gateway: Option<&Gateway>,
    system: &System,
    update: &ExternalUpdate,
) -> Result<PublicUpdate, Open311Errors> {
    let earlier: Option<(i64, i64, String)> = tx
        .query_row(
            "SELECT id, request_id, description FROM request_updates
             WHERE external_key = ?1 AND external_update_id = ?2",
            params![system.key_id, update.update_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(crate::AppError::from)?;
    if let Some((id, request_id, description)) = earlier {
        if request_id != update.request_id || description != update.description {
            return Err(Open311Errors::one(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "update_id {} was already used for a different update; send a new update \
                     with a new update_id. 这个 update_id 已用于另一条不同的更新，请换一个。",
                    update.update_id
                ),
            ));
        }
        return Ok(public_update(tx, id).map_err(crate::AppError::from)?);
    }
    let id = update.request_id;
    let row = load_row(tx, id).map_err(|_| {
        Open311Errors::one(
            StatusCode::NOT_FOUND,
            format!("service_request_id {id} not found. 没有编号为 {id} 的报告。"),
        )
    })?;
    let to = status_for(row.status, update.status);
    if to != row.status {
        check_transition(row.status, to, Actor::Committee, row.times_reopened).map_err(|e| {
            Open311Errors::one(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "status {} cannot follow the report's {}: {e}. 这份报告现在是“{}”，不能改为“{}”。",
                    update.status.as_str(),
                    row.status.as_str(),
                    row.status.name_zh(),
                    to.name_zh()
                ),
            )
        })?;
    }
    let write = || -> rusqlite::Result<i64> {
        let at = stored(now());
        tx.execute(
            "UPDATE service_requests SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, to.as_str(), at],
        )?;
        tx.execute(
            "INSERT INTO request_updates (request_id, status, description, public, actor,
                 updated_at, external_key, external_update_id)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7)",
            params![
                id,
                to.as_str(),
                update.description,
                system.label,
                at,
                system.key_id,
                update.update_id
            ],
        )?;
        let event = tx.last_insert_rowid();
        let (kind, text) = super::committee::message_text(id, to, &update.description, None);
        crate::gateway::enqueue(
            tx,
            gateway,
            id,
            &format!("report:{id}:event:{event}"),
            kind,
            &text,
        )?;
        audit::Entry::new("report.external_update")
            .community(row.community_id.as_deref())
            .subject(id.to_string())
            .detail(serde_json::json!({
                "from": row.status.as_str(),
                "to": to.as_str(),
                "asked": update.status.as_str(),
                "key": system.key_id,
                "update_id": update.update_id,
                "updated_datetime": update.updated_datetime,
            }))
            .append(
                tx,
                &audit::Actor {
                    username: system.label.clone(),
                    address: system.address,
                },
            )?;
        Ok(event)
    };
    let event = write().map_err(crate::AppError::from)?;
    Ok(public_update(tx, event).map_err(crate::AppError::from)?)
}

#[cfg(test)]
mod tests {
    use super::status_for;
    use linli_core::report::Status::*;

    #[test]
    fn georeports_two_words_map_onto_linlis_statuses() {
        assert_eq!(status_for(InProgress, Open), InProgress);
        assert_eq!(status_for(Fixed, Open), InProgress);
        assert_eq!(status_for(ActionScheduled, Closed), Fixed);
        assert_eq!(status_for(Fixed, Closed), Closed);
        assert_eq!(
            status_for(Open, NotCouncilsResponsibility),
            NotCouncilsResponsibility
        );
        assert_eq!(status_for(Duplicate, Open), Open);
    }
}
