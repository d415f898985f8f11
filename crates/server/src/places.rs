//! The district's places as its administrators manage them from the committee pages: streets
//! and towns with their communities (`streets`, `communities`), the maintainer units components
//! name (`units`), and a component's own record (`components`). Streets, communities and units
//! are the district role's; a component is also its community committee's. Nothing is deleted:
//! a place is archived and a component retired, so their history stays.

pub(crate) mod communities;
pub(crate) mod components;
pub(crate) mod streets;
pub(crate) mod units;

pub(crate) use communities::{community_post, community_put};
pub(crate) use components::{component_put, component_record_get, component_retire_post};
pub(crate) use streets::{places_get, street_post, street_put};
pub(crate) use units::{unit_post, unit_put, units_get};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use linli_api::Boundary;
use linli_core::place::check_boundary;
use rusqlite::{Connection, OptionalExtension};

use crate::AppError;
use crate::admin::CommitteeSession;
use crate::audit::Entry;
use crate::district::District;

fn require_district_admin(session: &CommitteeSession) -> Result<(), AppError> {
    if session.is_district_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "只有区级管理员可以管理街道、社区和养护单位。\
             Only district administrators manage streets, communities and maintainer units."
                .into(),
        ))
    }
}

/// A body that is not the JSON the endpoint takes: 400 with what it takes.
fn body<T>(body: Result<Json<T>, JsonRejection>, takes: &str) -> Result<T, AppError> {
    body.map(|Json(value)| value)
        .map_err(|rejection| AppError::BadRequest {
            code: "malformed_request",
            message: format!(
                "请求应为 {takes}（{rejection}）。The request must be {takes} ({rejection})."
            ),
        })
}

/// A rule broken: 422 with the rule's sentence.
fn refused(message: String) -> AppError {
    AppError::Unprocessable {
        code: "bad_place",
        message,
    }
}

/// A boundary checked against the district's bounds, as the JSON text stored.
fn stored_boundary(
    boundary: Option<&Boundary>,
    district: &District,
) -> Result<Option<String>, AppError> {
    boundary
        .map(|b| {
            check_boundary(&b.polygons(), &district.bounds).map_err(refused)?;
            serde_json::to_string(b).map_err(AppError::internal)
        })
        .transpose()
}

fn read_boundary(text: Option<String>) -> Result<Option<Boundary>, AppError> {
    text.map(|t| serde_json::from_str(&t).map_err(AppError::internal))
        .transpose()
}

/// Whether `table` (streets, communities, maintainer_units) has a row with this id.
fn exists(c: &Connection, table: &str, id: &str) -> Result<bool, AppError> {
    Ok(c.query_row(
        &format!("SELECT 1 FROM {table} WHERE id = ?1"),
        [id],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

/// Now, as archive and retire dates are stored (UTC, RFC 3339, whole seconds).
fn now_text() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("a date formats")
}

/// `archived_at` after an edit: kept when it stays archived, set when newly archived (or created
/// archived).
fn archived_at(
    c: &Connection,
    table: &str,
    id: &str,
    archived: bool,
) -> Result<Option<String>, AppError> {
    if !archived {
        return Ok(None);
    }
    let since: Option<String> = c
        .query_row(
            &format!("SELECT archived_at FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten();
    Ok(Some(since.unwrap_or_else(now_text)))
}

/// The trail's entry for a place or unit saved: the record as sent, its boundary (which can run
/// to megabytes) only as whether it has one.
fn record_entry(action: &'static str, id: &str, record: &impl serde::Serialize) -> Entry {
    let mut detail = serde_json::to_value(record).unwrap_or_default();
    if let Some(boundary) = detail.get_mut("boundary") {
        *boundary = (!boundary.is_null()).into();
    }
    Entry::new(action).subject(id).detail(detail)
}
