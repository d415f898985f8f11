//! A report's photos: listed by path with the report, served as JPEG with their metadata already
//! removed (see `linli_core::photo`).

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension};

use crate::{AppError, AppState};

/// The paths of a report's photos, in the order the reporter chose them.
pub(crate) fn photo_paths(c: &Connection, request_id: i64) -> Result<Vec<String>, AppError> {
    let mut stmt = c.prepare_cached(
        "SELECT token FROM request_photos WHERE request_id = ?1 ORDER BY position",
    )?;
    let tokens = stmt.query_map([request_id], |r| r.get::<_, String>(0))?;
    Ok(tokens
        .map(|t| t.map(|t| linli_api::paths::photo(&t)))
        .collect::<Result<_, _>>()?)
}

#[utoipa::path(get, path = "/api/v1/photos/{token}.jpg", tag = "report",
    params(("token" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn photo_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let missing = || AppError::not_found("没有这张照片。No such photo.");
    let token = file.strip_suffix(".jpg").ok_or_else(missing)?.to_owned();
    let jpeg: Vec<u8> = state
        .db
        .run(move |c| {
            Ok(c.query_row(
                "SELECT jpeg FROM request_photos WHERE token = ?1",
                [token],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await?
        .ok_or_else(missing)?;
    // A photo never changes under its token.
    Ok((
        [
            (CONTENT_TYPE, "image/jpeg"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        jpeg,
    )
        .into_response())
}
