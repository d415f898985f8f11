//! "Me too" (我也遇到): a resident with the same problem supports an open report instead of
//! filing a second one. One browser counts once; its random id is stored only as a hash.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{PublicRequest, SupportRequest};
use rusqlite::params;

use super::public::{RequestFilter, list_public};
use super::{load_row, now, request_id, sha256_hex, stored};
use crate::{AppError, AppState};

#[utoipa::path(post, path = "/api/v1/requests/{id}/supporters", tag = "report",
    params(("id" = String, Path)), request_body = SupportRequest,
    responses(
        (status = 429, description = "Too many of these from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 200, body = PublicRequest), (status = 400, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError)))]
pub(crate) async fn support_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<SupportRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<PublicRequest>, AppError> {
    let id = request_id(&id)?;
    let device = body
        .ok()
        .map(|Json(b)| b.device.trim().to_owned())
        .filter(|d| (16..=128).contains(&d.len()))
        .ok_or_else(|| AppError::BadRequest {
            code: "malformed_request",
            message: "请求格式不正确：缺少设备标识。The request lacks this browser's id.".into(),
        })?;
    state
        .db
        .write(move |c| {
            let row = load_row(c, id)?;
            if !row.status.is_open() {
                return Err(AppError::Conflict(
                    "这个问题已经处理完毕，请重新报告。This report is finished; please file a new one."
                        .into(),
                ));
            }
            let tx = crate::db::write_transaction(c)?;
            let added = tx.execute(
                "INSERT OR IGNORE INTO request_supporters (request_id, device_sha256, supported_at)
                 VALUES (?1, ?2, ?3)",
                params![id, sha256_hex(&device), stored(now())],
            )?;
            if added == 1 {
                tx.execute(
                    "UPDATE service_requests SET supporters = supporters + 1 WHERE id = ?1",
                    [id],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await?;
    let filter = RequestFilter {
        ids: Some(vec![id]),
        ..RequestFilter::default()
    };
    list_public(&state, filter)
        .await?
        .pop()
        .map(Json)
        .ok_or_else(|| AppError::internal("a supported request vanished"))
}
