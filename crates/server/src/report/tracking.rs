//! The reporter's private tracking page: the request, its timeline, rating, reopening and
//! erasing the phone number.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use linli_api::{RatingRequest, ReopenRequest, TrackedRequest};
use linli_core::report::{Actor, Status, check_description, check_transition};
use rusqlite::{Connection, params};

use super::phone_erasure::{PhoneErasure, erase_phone};
use super::{RequestRow, is_overdue, load_row, now, request_id, shown, stored, timeline};
use crate::audit::{self, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// The reporter proves who they are with the secret of their private tracking link.
fn check_tracking_secret(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
) -> Result<(), AppError> {
    let given = headers
        .get(linli_api::TRACKING_SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if state.secrets.tracking_secret_matches(token, given) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "这个跟踪链接不正确。This tracking link is not valid.".into(),
        ))
    }
}

fn tracked(
    c: &Connection,
    id: i64,
    erasure: PhoneErasure,
    gateway: bool,
) -> Result<TrackedRequest, AppError> {
    let phone_erased_after_days = erasure.after_days;
    let mut request = c.query_row(
        "SELECT service_code, component_code, status, description, address, requested_at,
                expected_at, supporters, phone_masked, rating, times_reopened
         FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            let status: String = r.get(2)?;
            let status_value = Status::parse(&status).unwrap_or(Status::Open);
            let expected_at: String = r.get(6)?;
            let rating: Option<u8> = r.get(9)?;
            let times_reopened: u32 = r.get(10)?;
            Ok(TrackedRequest {
                id: id.to_string(),
                service_code: r.get(0)?,
                component_code: r.get(1)?,
                overdue: is_overdue(status_value, &expected_at),
                status,
                description: r.get(3)?,
                address: r.get(4)?,
                requested_at: shown(&r.get::<_, String>(5)?),
                expected_at: shown(&expected_at),
                supporters: r.get(7)?,
                phone_masked: r.get(8)?,
                phone_erased_after_days,
                can_rate: status_value.is_finished() && rating.is_none(),
                can_reopen: check_transition(
                    status_value,
                    Status::Open,
                    Actor::Reporter,
                    times_reopened,
                )
                .is_ok(),
                rating,
                photos: Vec::new(),
                timeline: Vec::new(),
                hidden: Vec::new(),
                duplicate_of: None,
                messages_on: false,
            })
        },
    )?;
    request.timeline = timeline(c, id, false)?;
    request.photos = super::photos::photo_paths(c, id)?;
    request.hidden = super::hidden::hidden_parts(c, id)?;
    request.duplicate_of = super::duplicates::original_of(c, id)?;
    request.messages_on = gateway && crate::gateway::messages_on(c, id)?;
    Ok(request)
}

/// Runs `change` for the request's reporter — the holder of its tracking secret — and answers the
/// request as the reporter then sees it.
async fn as_reporter(
    state: &AppState,
    id: i64,
    headers: HeaderMap,
    change: impl FnOnce(&mut Connection, &RequestRow) -> Result<(), AppError> + Send + 'static,
) -> Result<Json<TrackedRequest>, AppError> {
    let checker = state.clone();
    state
        .db
        .run(move |c| {
            let row = load_row(c, id)?;
            check_tracking_secret(&checker, &headers, &row.token)?;
            change(c, &row)?;
            tracked(c, id, checker.phone_erasure, checker.gateway.is_some())
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/requests/{id}.json", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, body = TrackedRequest), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn tracked_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TrackedRequest>, AppError> {
    as_reporter(&state, request_id(&file)?, headers, |_, _| Ok(())).await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/rating", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    request_body = RatingRequest,
    responses(
        (status = 429, description = "Too many of these from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 200, body = TrackedRequest),
        (status = 400, description = "Malformed id or body", body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such request", body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn rating_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<RatingRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(rating) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请给出 1 到 5 的评分。Please give a rating from 1 to 5.".into(),
    })?;
    if !(1..=5).contains(&rating.rating) {
        return Err(AppError::Unprocessable {
            code: "rating_out_of_range",
            message: "评分是 1 到 5。A rating is 1 to 5.".into(),
        });
    }
    let comment = if rating.comment.trim().is_empty() {
        String::new()
    } else {
        check_description(&rating.comment).map_err(|e| AppError::Unprocessable {
            code: "bad_comment",
            message: e.bilingual(),
        })?
    };
    as_reporter(&state, id, headers, move |c, _| {
        let changed = c.execute(
            "UPDATE service_requests SET rating = ?2, rating_comment = ?3
             WHERE id = ?1 AND rating IS NULL AND status IN ('fixed', 'closed')",
            params![id, rating.rating, comment],
        )?;
        if changed == 0 {
            return Err(AppError::Conflict(
                "只能在处理完成后评价一次。A report can be rated once, after it is fixed.".into(),
            ));
        }
        Ok(())
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/reopen", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    request_body = ReopenRequest,
    responses(
        (status = 429, description = "Too many of these from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 200, body = TrackedRequest),
        (status = 400, description = "Malformed id or body", body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such request", body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError),
        (status = 422, description = "The reason is empty or too long", body = linli_api::ApiError)))]
pub(crate) async fn reopen_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<ReopenRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(reopen) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请说明为什么问题没有解决。Please say why the problem is not solved.".into(),
    })?;
    let reason = check_description(&reopen.reason).map_err(|e| AppError::Unprocessable {
        code: "bad_reason",
        message: e.bilingual(),
    })?;
    let forwarding = state.case_forwarding.clone();
    as_reporter(&state, id, headers, move |c, row| {
        check_transition(row.status, Status::Open, Actor::Reporter, row.times_reopened)
            .map_err(|_| {
                AppError::Conflict(
                    "处理完成后只能重新打开一次。A finished report can be reopened once.".into(),
                )
            })?;
        let tx = crate::db::write_transaction(c)?;
        let at = stored(now());
        tx.execute(
            "UPDATE service_requests SET status = 'open', times_reopened = times_reopened + 1,
                rating = NULL, rating_comment = NULL, updated_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        tx.execute(
            "INSERT INTO request_updates (request_id, status, description, public, actor, updated_at)
             VALUES (?1, 'open', ?2, 1, 'reporter', ?3)",
            params![id, reason, at],
        )?;
        let update = tx.last_insert_rowid();
        crate::case_forwarding::enqueue_update(&tx, forwarding.as_ref(), id, update)?;
        tx.commit()?;
        Ok(())
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/phone/erase", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses(
        (status = 429, description = "Too many of these from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 200, description = "The phone number is erased (or there was none)", body = TrackedRequest),
        (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such request", body = linli_api::ApiError)))]
pub(crate) async fn phone_erase_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    address: ClientAddress,
    headers: HeaderMap,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    as_reporter(&state, id, headers, move |c, row| {
        let tx = crate::db::write_transaction(c)?;
        // Asked again, there is nothing left to erase and nothing to record.
        if erase_phone(&tx, id)? {
            Entry::new("report.phone_erased")
                .community(row.community_id.as_deref())
                .subject(id.to_string())
                .detail(serde_json::json!({ "asked_by": "reporter" }))
                .append(&tx, &audit::Actor::reporter(address))?;
        }
        tx.commit()?;
        Ok(())
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/messages/stop", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses(
        (status = 429, description = "Too many of these from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 200, description = "No more text messages about this report: pending ones are \
            removed and none are enqueued after (also when they were already stopped)",
            body = TrackedRequest),
        (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such request", body = linli_api::ApiError)))]
pub(crate) async fn messages_stop_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    address: ClientAddress,
    headers: HeaderMap,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    as_reporter(&state, id, headers, move |c, row| {
        let tx = crate::db::write_transaction(c)?;
        // Asked again, there is nothing left to stop and nothing to record.
        if crate::gateway::stop_messages(&tx, id)? {
            Entry::new("report.messages_stopped")
                .community(row.community_id.as_deref())
                .subject(id.to_string())
                .detail(serde_json::json!({ "asked_by": "reporter" }))
                .append(&tx, &audit::Actor::reporter(address))?;
        }
        tx.commit()?;
        Ok(())
    })
    .await
}
