//! Moderation of what residents publish on a report: a committee member hides or restores its
//! description, each photo, or a reopening's reason, always with a reason, and can blur a region
//! of a photo (a face, a phone number). Hidden parts leave every public view — Open311's lists,
//! the photo URLs, kiosks, the static export — and stay for the committee; the reporter reads the
//! reason on the private tracking page.
//!
//! A blurred photo replaces the original, which is not kept: what is blurred is personal data
//! the committee does not need to handle the report, and a kept original would go on needing the
//! protection the blurring was for.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{BlurRegion, CommitteeRequest, Moderation, ReportPart};
use rusqlite::{Connection, OptionalExtension, params};

use super::{load_row, now, random_hex, request_id, stored};
use crate::admin::CommitteeSession;
use crate::audit;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// The longest reason a member may give (the reporter reads it on a phone).
pub(crate) const MAX_REASON_CHARS: usize = 200;

fn checked_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Unprocessable {
            code: "reason_missing",
            message:
                "请写明原因，居民会在跟踪页看到。Please give the reason; the reporter sees it \
                      on the tracking page."
                    .into(),
        });
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::Unprocessable {
            code: "reason_too_long",
            message: format!(
                "原因最多 {MAX_REASON_CHARS} 个字。A reason is at most {MAX_REASON_CHARS} characters."
            ),
        });
    }
    Ok(reason.to_owned())
}

fn no_such_part(part: ReportPart) -> AppError {
    AppError::NotFound(match part {
        ReportPart::Description => "这个报告没有描述。This report has no description.".into(),
        ReportPart::Photo(n) => format!("这个报告没有第 {n} 张照片。This report has no photo {n}."),
        ReportPart::Update(n) => format!(
            "这个报告没有居民写的第 {n} 条更新。This report has no update {n} written by its reporter."
        ),
    })
}

/// Sets or clears the part's hidden reason; `false` when the report has no such part. Only the
/// reporter's own words can be hidden among the updates: the committee's notes are its own.
fn set_hidden(
    c: &Connection,
    id: i64,
    part: ReportPart,
    reason: Option<&str>,
    at: &str,
) -> rusqlite::Result<bool> {
    let at = reason.map(|_| at);
    let changed = match part {
        ReportPart::Description => c.execute(
            "UPDATE service_requests SET description_hidden_reason = ?2, description_hidden_at = ?3
             WHERE id = ?1 AND description != ''",
            params![id, reason, at],
        )?,
        ReportPart::Photo(n) => c.execute(
            "UPDATE request_photos SET hidden_reason = ?3, hidden_at = ?4
             WHERE request_id = ?1 AND position = ?2",
            params![id, i64::from(n) - 1, reason, at],
        )?,
        ReportPart::Update(update) => c.execute(
            "UPDATE request_updates SET hidden_reason = ?3, hidden_at = ?4
             WHERE request_id = ?1 AND id = ?2 AND actor = 'reporter' AND description != ''",
            params![id, update, reason, at],
        )?,
    };
    Ok(changed == 1)
}

fn part_detail(part: ReportPart) -> serde_json::Value {
    match part {
        ReportPart::Description => serde_json::json!({ "part": "description" }),
        ReportPart::Photo(n) => serde_json::json!({ "part": "photo", "photo": n }),
        ReportPart::Update(n) => serde_json::json!({ "part": "update", "update": n }),
    }
}

#[utoipa::path(post, path = "/api/v1/admin/requests/{id}/moderation", tag = "admin",
    params(("id" = String, Path)), request_body = Moderation,
    responses((status = 200, body = CommitteeRequest),
        (status = 400, description = "Malformed body", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such report or part", body = linli_api::ApiError),
        (status = 422, description = "The reason is missing or too long", body = linli_api::ApiError)))]
pub(crate) async fn moderation_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<Moderation>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(change) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请选择要隐藏或恢复的内容并写明原因。Please choose what to hide or restore, and \
                  give the reason."
            .into(),
    })?;
    let reason = checked_reason(&change.reason)?;
    let reader = state.clone();
    let actor = audit::Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let row = load_row(&tx, id)?;
            session.require_request(row.community_id.as_deref())?;
            let hidden_reason = change.hidden.then_some(reason.as_str());
            if !set_hidden(&tx, id, change.part, hidden_reason, &stored(now()))? {
                return Err(no_such_part(change.part));
            }
            let mut detail = part_detail(change.part);
            detail["reason"] = reason.clone().into();
            audit::Entry::new(if change.hidden {
                "report.hide"
            } else {
                "report.restore"
            })
            .community(row.community_id.as_deref())
            .subject(id.to_string())
            .detail(detail)
            .append(&tx, &actor)?;
            tx.commit()?;
            super::committee::committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/requests/{id}/photos/{position}/blur", tag = "admin",
    params(("id" = String, Path), ("position" = u32, Path, description = "From 1")),
    request_body = BlurRegion,
    responses((status = 200, body = CommitteeRequest),
        (status = 400, description = "Malformed body", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such report or photo", body = linli_api::ApiError),
        (status = 422, description = "The region is outside the photo or too small", body = linli_api::ApiError)))]
pub(crate) async fn blur_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path((id, position)): Path<(String, u32)>,
    body: Result<Json<BlurRegion>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(region) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请在照片上框出要打码的区域。Please mark the region of the photo to blur.".into(),
    })?;
    let part = ReportPart::Photo(position);
    let reader = state.clone();
    let actor = audit::Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let row = load_row(&tx, id)?;
            session.require_request(row.community_id.as_deref())?;
            let index = i64::from(position) - 1;
            let original: Vec<u8> = tx
                .query_row(
                    "SELECT jpeg FROM request_photos WHERE request_id = ?1 AND position = ?2",
                    params![id, index],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| no_such_part(part))?;
            let blurred = crate::report::blur::blur_region(&original, region)?;
            // A new address, so that no cache goes on answering the old photo under it.
            tx.execute(
                "UPDATE request_photos SET jpeg = ?3, token = ?4, blurred = 1
                 WHERE request_id = ?1 AND position = ?2",
                params![id, index, blurred, random_hex(16)],
            )?;
            let mut detail = part_detail(part);
            detail["region"] = serde_json::json!([region.x, region.y, region.width, region.height]);
            audit::Entry::new("report.blur")
                .community(row.community_id.as_deref())
                .subject(id.to_string())
                .detail(detail)
                .append(&tx, &actor)?;
            tx.commit()?;
            super::committee::committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}
