//! A report's photos: listed by path with the report, served as JPEG with their metadata already
//! removed (see `linli_core::photo`). A photo the committee hid is answered only to a committee
//! session, at its own path.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use linli_api::CommitteePhoto;
use rusqlite::{Connection, OptionalExtension};

use crate::admin::CommitteeSession;
use crate::{AppError, AppState};

/// How long a browser or a shared cache may keep a photo: an hour, so that a photo the committee
/// hides is gone from every cache soon after (a blurred one gets a new path at once).
const PHOTO_CACHING: &str = "public, max-age=3600";

/// The public paths of a report's photos not hidden, in the order the reporter chose them.
pub(crate) fn photo_paths(c: &Connection, request_id: i64) -> Result<Vec<String>, AppError> {
    let mut stmt = c.prepare_cached(
        "SELECT token FROM request_photos WHERE request_id = ?1 AND hidden_reason IS NULL
         ORDER BY position",
    )?;
    let tokens = stmt.query_map([request_id], |r| r.get::<_, String>(0))?;
    Ok(tokens
        .map(|t| t.map(|t| linli_api::paths::photo(&t)))
        .collect::<Result<_, _>>()?)
}

/// Every photo of a report as the committee sees it, hidden ones too.
pub(crate) fn committee_photos(
    c: &Connection,
    request_id: i64,
) -> Result<Vec<CommitteePhoto>, AppError> {
    let mut stmt = c.prepare_cached(
        "SELECT position, token, blurred FROM request_photos WHERE request_id = ?1
         ORDER BY position",
    )?;
    let photos = stmt.query_map([request_id], |r| {
        Ok(CommitteePhoto {
            position: r.get::<_, u32>(0)? + 1,
            path: linli_api::paths::committee_photo(&r.get::<_, String>(1)?),
            blurred: r.get(2)?,
        })
    })?;
    Ok(photos.collect::<Result<_, _>>()?)
}

fn jpeg_answer(jpeg: Vec<u8>, caching: &'static str) -> Response {
    (
        [(CONTENT_TYPE, "image/jpeg"), (CACHE_CONTROL, caching)],
        jpeg,
    )
        .into_response()
}

fn no_such_photo() -> AppError {
    AppError::not_found("没有这张照片。No such photo.")
}

#[utoipa::path(get, path = "/api/v1/photos/{token}.jpg", tag = "report",
    params(("token" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn photo_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file
        .strip_suffix(".jpg")
        .ok_or_else(no_such_photo)?
        .to_owned();
    let jpeg: Vec<u8> = state
        .db
        .run(move |c| {
            Ok(c.query_row(
                "SELECT jpeg FROM request_photos WHERE token = ?1 AND hidden_reason IS NULL",
                [token],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await?
        .ok_or_else(no_such_photo)?;
    Ok(jpeg_answer(jpeg, PHOTO_CACHING))
}

#[utoipa::path(get, path = "/api/v1/admin/photos/{token}.jpg", tag = "admin",
    params(("token" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn committee_photo_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file
        .strip_suffix(".jpg")
        .ok_or_else(no_such_photo)?
        .to_owned();
    let jpeg = state
        .db
        .run(move |c| {
            let found: Option<(Vec<u8>, Option<String>)> = c
                .query_row(
                    "SELECT p.jpeg, r.community_id FROM request_photos p
                     JOIN service_requests r ON r.id = p.request_id WHERE p.token = ?1",
                    [token],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (jpeg, community_id) = found.ok_or_else(no_such_photo)?;
            session.require_request(community_id.as_deref())?;
            Ok(jpeg)
        })
        .await?;
    Ok(jpeg_answer(jpeg, "private, no-store"))
}
