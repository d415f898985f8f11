//! 扫码即诉 — reports of problems: creating them (through Open311), the public list, the
//! reporter's private tracking page, and the committee's queue and status changes. Every status
//! change goes through `linli_core::report::check_transition`.
//!
//! This file holds what the parts share: times, row lookups and the public timeline.

mod blur;
pub(crate) mod committee;
mod create;
mod duplicates;
pub(crate) mod external_update;
pub(crate) mod figures;
mod hidden;
pub(crate) mod moderation;
pub(crate) mod phone_erasure;
pub(crate) mod photos;
mod public;
pub(crate) mod rates;
pub(crate) mod support;
pub(crate) mod tracking;

pub(crate) use committee::{committee_request_get, queue_get, status_post};
pub(crate) use create::create_request;
pub(crate) use public::{
    MAX_UPDATES_PAGE, PublicUpdate, RequestFilter, RequestsQuery, id_for_token, list_public,
    public_degrees, public_updates,
};
pub(crate) use rates::rates_get;
pub(crate) use tracking::{
    messages_stop_post, phone_erase_post, rating_post, reopen_post, tracked_get,
};

use linli_api::TimelineEntry;
use linli_core::problem_type::{PROBLEM_TYPES, ProblemType};
use linli_core::report::Status;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::offset;

use crate::error::Open311Errors;
use crate::{AppError, json_name};
use axum::http::StatusCode;

// ---- time ----

/// Stored times are UTC RFC 3339 (they sort as text); shown times are Beijing time.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn stored(at: OffsetDateTime) -> String {
    at.to_offset(offset!(UTC))
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any UTC time")
}

pub(crate) fn shown(stored_text: &str) -> String {
    OffsetDateTime::parse(stored_text, &Rfc3339)
        .map(|t| {
            t.to_offset(offset!(+8))
                .format(&Rfc3339)
                .unwrap_or_else(|_| stored_text.to_owned())
        })
        .unwrap_or_else(|_| stored_text.to_owned())
}

/// Accepts RFC 3339 (`2026-11-01T08:00:00+08:00`) or a plain date, read as Beijing midnight.
pub(crate) fn parse_datetime(field: &str, text: &str) -> Result<String, Open311Errors> {
    let parsed = OffsetDateTime::parse(text, &Rfc3339).or_else(|_| {
        time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(|d| d.midnight().assume_offset(offset!(+8)))
    });
    parsed.map(stored).map_err(|_| {
        Open311Errors::one(
            StatusCode::BAD_REQUEST,
            format!("{field} is not an ISO 8601 date or time, e.g. 2026-11-01T08:00:00+08:00"),
        )
    })
}

fn is_overdue(status: Status, expected_at: &str) -> bool {
    status.is_open() && expected_at < stored(now()).as_str()
}

/// A list's `status` filter, an Open311 status name, or a 400 that names it.
fn status_filter(text: Option<&str>) -> Result<Option<Status>, AppError> {
    text.map(|s| {
        Status::parse(s).ok_or_else(|| AppError::BadRequest {
            code: "bad_status",
            message: format!("没有这个状态：{s}。Unknown status {s}."),
        })
    })
    .transpose()
}

fn problem(service_code: &str) -> Option<&'static ProblemType> {
    PROBLEM_TYPES
        .iter()
        .find(|p| p.service_code == service_code)
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

fn timeline(
    c: &Connection,
    id: i64,
    include_internal: bool,
) -> Result<Vec<TimelineEntry>, AppError> {
    let mut stmt = c.prepare(
        "SELECT status, description, updated_at, public, id, actor = 'reporter',
                iif(external_key IS NULL, NULL, actor)
         FROM request_updates WHERE request_id = ?1 AND (public = 1 OR ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id, include_internal], |r| {
        Ok(TimelineEntry {
            status: r.get(0)?,
            note: r.get(1)?,
            at: shown(&r.get::<_, String>(2)?),
            public: r.get(3)?,
            id: r.get::<_, i64>(4)?.to_string(),
            by_reporter: r.get(5)?,
            by_system: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

struct RequestRow {
    token: String,
    status: Status,
    times_reopened: u32,
    community_id: Option<String>,
}

fn load_row(c: &Connection, id: i64) -> Result<RequestRow, AppError> {
    c.query_row(
        "SELECT token, status, times_reopened, community_id FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            Ok(RequestRow {
                token: r.get(0)?,
                status: Status::parse(&r.get::<_, String>(1)?).unwrap_or(Status::Open),
                times_reopened: r.get(2)?,
                community_id: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        AppError::NotFound(format!(
            "没有编号为 {id} 的报告。No report has the number {id}."
        ))
    })
}

fn request_id(file: &str) -> Result<i64, AppError> {
    let id = json_name(file).unwrap_or(file);
    id.parse()
        .map_err(|_| AppError::NotFound("没有这个报告。No such report.".into()))
}
