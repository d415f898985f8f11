//! Codes for a ballot that is already open take two committee members: one asks for a number of
//! them, and a second, named member confirms, at which point the codes are made and shown once,
//! to the member who confirmed. While a ballot is a draft, codes are made at once
//! (`committee::codes_post`), as sheets are printed before the vote opens.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_api::{CodeRequest, GenerateCodes, GeneratedCodes};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::ballot::{BallotRow, Phase, beijing, malformed, now, require_codes};
use super::committee::{MAX_CODES_PER_REQUEST, make_codes, require_second_person};
use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// The ballot, if `session` may ask for or confirm codes for it now: open, not a poll.
fn open_ballot_for_codes(
    c: &Connection,
    session: &CommitteeSession,
    id: &str,
) -> Result<BallotRow, AppError> {
    let row = BallotRow::load(c, id, true)?;
    row.require_committee(session)?;
    require_codes(&row)?;
    match row.phase(now())? {
        Phase::Closed => Err(AppError::Conflict(
            "投票已结束，不能再生成投票码。The ballot has closed; no more codes can be made.".into(),
        )),
        Phase::Draft => Err(AppError::Conflict(
            "草稿的投票码可以直接生成，无需申请。A draft's codes are made directly, without asking."
                .into(),
        )),
        Phase::NotYetOpen | Phase::Open => Ok(row),
    }
}

fn pending(
    c: &Connection,
    ballot_id: &str,
    session: &CommitteeSession,
) -> Result<Vec<CodeRequest>, AppError> {
    let mut stmt = c.prepare(
        "SELECT id, count, requested_by, requested_at FROM code_requests
         WHERE ballot_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([ballot_id], |r| {
        let requested_by: String = r.get(2)?;
        Ok(CodeRequest {
            id: r.get(0)?,
            count: r.get(1)?,
            mine: requested_by == session.0.username,
            requested_by,
            requested_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

#[utoipa::path(get, path = "/api/v1/admin/ballots/{id}/code-requests.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = [CodeRequest]), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn code_requests_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
) -> Result<Json<Vec<CodeRequest>>, AppError> {
    state
        .db
        .run(move |c| {
            let row = BallotRow::load(c, &id, true)?;
            row.require_committee(&session)?;
            pending(c, &row.id, &session)
        })
        .await
        .map(Json)
}

/// Asks for `count` codes for an open ballot; they are made when a second member confirms.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/code-requests", tag = "admin",
    params(("id" = String, Path)), request_body = GenerateCodes,
    responses((status = 202, description = "Asked; waits for a second member", body = CodeRequest),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 409, description = "A draft (make them directly) or closed", body = linli_api::ApiError),
        (status = 422, description = "More than the ballot's households", body = linli_api::ApiError)))]
pub(crate) async fn code_requests_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<GenerateCodes>, JsonRejection>,
) -> Result<(StatusCode, Json<CodeRequest>), AppError> {
    let Json(request) = body
        .map_err(|_| malformed("请给出要生成的投票码数量。Please give how many codes to make."))?;
    if request.count == 0 || request.count > MAX_CODES_PER_REQUEST {
        return Err(AppError::Unprocessable {
            code: "bad_count",
            message: format!(
                "每次申请 1 到 {MAX_CODES_PER_REQUEST} 个投票码。Ask for 1 to {MAX_CODES_PER_REQUEST} codes at a time."
            ),
        });
    }
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = open_ballot_for_codes(&tx, &session, &id)?;
            // Asked-for codes count against the electorate too, so two requests cannot together
            // pass it; the count is checked again when the codes are made.
            let waiting: u64 = tx.query_row(
                "SELECT coalesce(sum(count), 0) FROM code_requests WHERE ballot_id = ?1",
                [&row.id],
                |r| r.get(0),
            )?;
            super::committee::require_within_electorate(&tx, &row, waiting, request.count)?;
            tx.execute(
                "INSERT INTO code_requests (ballot_id, count, requested_by, requested_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![row.id, request.count, session.0.username, beijing(now())],
            )?;
            let asked = tx.last_insert_rowid();
            Entry::new("ballot.codes_asked")
                .community(Some(&row.community_id))
                .subject(row.id.clone())
                .detail(serde_json::json!({ "count": request.count, "request": asked }))
                .append(&tx, &actor)?;
            let made = pending(&tx, &row.id, &session)?
                .into_iter()
                .find(|r| r.id == asked)
                .ok_or_else(|| AppError::internal("the request just stored"))?;
            tx.commit()?;
            Ok((StatusCode::ACCEPTED, Json(made)))
        })
        .await
}

/// A second, named member confirms a request: the codes are made and shown once, to them.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/code-requests/{request}/confirm",
    tag = "admin", params(("id" = String, Path), ("request" = String, Path)),
    responses((status = 201, body = GeneratedCodes), (status = 401, body = linli_api::ApiError),
        (status = 403, description = "The member who asked, the shared account or another community",
            body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn code_request_confirm_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path((id, request)): Path<(String, String)>,
) -> Result<(StatusCode, Json<GeneratedCodes>), AppError> {
    let no_such = |request: &str| {
        AppError::not_found(format!(
            "没有待确认的投票码申请 {request}。No request for codes {request} is waiting."
        ))
    };
    let request: i64 = request.parse().map_err(|_| no_such(&request))?;
    let secrets = state.secrets.clone();
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = open_ballot_for_codes(&tx, &session, &id)?;
            let found: Option<(u32, String)> = tx
                .query_row(
                    "SELECT count, requested_by FROM code_requests WHERE id = ?1 AND ballot_id = ?2",
                    params![request, row.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (count, requested_by) = found.ok_or_else(|| no_such(&request.to_string()))?;
            require_second_person(&tx, &session, &requested_by)?;
            tx.execute("DELETE FROM code_requests WHERE id = ?1", [request])?;
            let actors = format!("{requested_by}, {}", session.0.username);
            let made = make_codes(&tx, &secrets, &row, count, &actors)?;
            super::committee::codes_made_entry(&row, count, Some(&requested_by))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(made)))
        })
        .await
}
