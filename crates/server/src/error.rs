//! The one error type of the JSON API: 4xx carry a safe sentence for people and a stable code for
//! the client; 5xx are logged with their detail and sent without it. Open311 paths answer the
//! same errors in the spec's shape ([`Open311Errors`]), in JSON or XML as the path asks, kept here
//! so that the protocol module and the report modules it calls both use it without importing each
//! other.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_api::{ApiError, Open311Error};

use crate::open311::format::Format;

#[derive(Debug)]
pub enum AppError {
    /// 400: the request itself is malformed.
    BadRequest { code: &'static str, message: String },
    /// 401: no valid committee session.
    Unauthorized,
    /// 401: no valid kiosk device token (never paired, or revoked).
    KioskUnpaired,
    /// 403: signed in, but not for this community or action.
    Forbidden(String),
    /// 404: nothing at this path.
    NotFound(String),
    /// 408: the client sent its request too slowly.
    RequestTimeout(String),
    /// 429: too many failed attempts from this client; it may try again after this many seconds.
    TooManyAttempts {
        retry_after_secs: u64,
        message: String,
    },
    /// 409: refused because of the current state (a finished vote, a spent code, a closed report).
    Conflict(String),
    /// 413: a body over the limit its endpoint takes (the sentence says the limit).
    PayloadTooLarge(String),
    /// 422: well-formed but refused by a rule.
    Unprocessable { code: &'static str, message: String },
    /// 500: our fault; the detail is logged, never sent.
    Internal(String),
    /// 503: the disk the database is on is full, so nothing of the request was stored; reads go
    /// on. The operator is told in the log ([`crate::disk_full`]).
    DiskFull,
}

/// How long a client waits before it tries a write again on a full disk: freeing space is a
/// person's work, not a moment's.
pub(crate) const DISK_FULL_RETRY_AFTER_SECS: u64 = 300;

impl AppError {
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        AppError::Internal(detail.to_string())
    }

    pub(crate) fn not_found(what: impl Into<String>) -> AppError {
        AppError::NotFound(what.into())
    }

    /// Status and body, shared by the HTTP response and the static export.
    pub fn parts(&self) -> (StatusCode, ApiError) {
        let body = |code: &str, message: &str| ApiError {
            code: code.to_owned(),
            message: message.to_owned(),
        };
        match self {
            AppError::BadRequest { code, message } => {
                (StatusCode::BAD_REQUEST, body(code, message))
            }
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                body(
                    "unauthorized",
                    "请先登录居委会账号。Please sign in with a committee account.",
                ),
            ),
            AppError::KioskUnpaired => (
                StatusCode::UNAUTHORIZED,
                body(
                    "kiosk_unpaired",
                    "这台自助屏尚未配对或已被撤销，请联系居委会。\
                     This screen is not paired, or its pairing was revoked; please ask the committee.",
                ),
            ),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, body("forbidden", message)),
            AppError::NotFound(message) => (StatusCode::NOT_FOUND, body("not_found", message)),
            AppError::RequestTimeout(message) => (
                StatusCode::REQUEST_TIMEOUT,
                body("request_timeout", message),
            ),
            AppError::Conflict(message) => (StatusCode::CONFLICT, body("conflict", message)),
            AppError::TooManyAttempts { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                body("too_many_attempts", message),
            ),
            AppError::PayloadTooLarge(message) => {
                (StatusCode::PAYLOAD_TOO_LARGE, body("too_large", message))
            }
            AppError::Unprocessable { code, message } => {
                (StatusCode::UNPROCESSABLE_ENTITY, body(code, message))
            }
            AppError::DiskFull => (
                StatusCode::SERVICE_UNAVAILABLE,
                body(
                    "disk_full",
                    "服务器存储空间已满，这次什么都没有保存；请稍后再试。\
                     The server's disk is full; nothing was saved. Please try again later.",
                ),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                body(
                    "internal",
                    "服务器出错，请稍后再试。Something went wrong on our side; please try again later.",
                ),
            ),
        }
    }
}

/// A query string that does not fit its handler (a missing field, `dry_run=maybe`): a 400 with
/// the usual JSON body, never axum's plain-text rejection.
impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> AppError {
        AppError::BadRequest {
            code: "malformed_query",
            message: format!(
                "查询参数不正确。The query parameters are not right: {}",
                rejection.body_text()
            ),
        }
    }
}

/// A path segment that cannot be what the handler needs (an id too big for a number).
impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> AppError {
        AppError::BadRequest {
            code: "malformed_path",
            message: format!(
                "网址不正确。The address is not right: {}",
                rejection.body_text()
            ),
        }
    }
}

/// SQLite's "database or disk is full" is the one database error a client is told about (a
/// 503): it is not our code's fault, and it passes once the operator frees space.
impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> AppError {
        if crate::disk_full::is_sqlite_disk_full(&error) {
            AppError::DiskFull
        } else {
            AppError::internal(error)
        }
    }
}

/// A file the server writes (a backup, an export) on a disk with no room left: the same 503.
impl From<std::io::Error> for AppError {
    fn from(error: std::io::Error) -> AppError {
        if crate::disk_full::is_io_disk_full(&error) {
            AppError::DiskFull
        } else {
            AppError::internal(error)
        }
    }
}

impl AppError {
    /// The seconds a client should wait before trying again, for the errors that pass.
    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            AppError::DiskFull => Some(DISK_FULL_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    /// Tells the operator about the errors that are theirs to act on: ours (with the detail) and
    /// a full disk.
    fn log(&self) {
        match self {
            AppError::Internal(detail) => tracing::error!(%detail, "internal error"),
            AppError::DiskFull => crate::disk_full::tell_the_operator(),
            _ => {}
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (status, body) = self.parts();
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_secs() {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// An Open311 error answer: always an array, even for one error.
#[derive(Debug)]
pub(crate) struct Open311Errors {
    pub status: StatusCode,
    pub descriptions: Vec<String>,
    /// For a 429 or 503: the seconds to wait, sent as `Retry-After`.
    pub retry_after_secs: Option<u64>,
}

impl Open311Errors {
    pub(crate) fn one(status: StatusCode, description: impl Into<String>) -> Open311Errors {
        Open311Errors {
            status,
            descriptions: vec![description.into()],
            retry_after_secs: None,
        }
    }
}

impl Open311Errors {
    /// The answer in the format the request asked for: the spec's JSON array, or its
    /// `<errors>` document. There is deliberately no `IntoResponse`, so that no producer (a
    /// handler, a limit layer) can answer without choosing.
    pub(crate) fn answer(self, format: Format) -> Response {
        let code = self.status.as_u16();
        let body: Vec<Open311Error> = self
            .descriptions
            .into_iter()
            .map(|description| Open311Error { code, description })
            .collect();
        let mut response = format.answer(self.status, body.as_slice());
        if let Some(seconds) = self.retry_after_secs {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// The JSON API's errors, re-shaped for Open311 clients.
impl From<AppError> for Open311Errors {
    fn from(error: AppError) -> Open311Errors {
        error.log();
        let (status, body) = error.parts();
        let mut errors = Open311Errors::one(status, body.message);
        errors.retry_after_secs = error.retry_after_secs();
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::{AppError, DISK_FULL_RETRY_AFTER_SECS, Open311Errors};
    use axum::http::StatusCode;
    use axum::http::header::RETRY_AFTER;
    use axum::response::IntoResponse;

    /// A real SQLITE_FULL: the database may not grow past its pages, as on a disk with no room.
    fn sqlite_full() -> rusqlite::Error {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (b BLOB); PRAGMA max_page_count = 4;")
            .unwrap();
        (0..100)
            .find_map(|_| c.execute("INSERT INTO t VALUES (zeroblob(4000))", []).err())
            .expect("the database filled up")
    }

    #[test]
    fn a_full_disk_is_a_503_that_says_nothing_was_saved() {
        let from_sqlite = AppError::from(sqlite_full());
        assert!(matches!(from_sqlite, AppError::DiskFull), "{from_sqlite:?}");
        let from_io = AppError::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(matches!(from_io, AppError::DiskFull), "{from_io:?}");

        let (status, body) = from_sqlite.parts();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body.code, "disk_full");
        assert!(
            body.message.starts_with("服务器存储空间已满"),
            "{}",
            body.message
        );
        assert!(
            body.message.contains("nothing was saved"),
            "{}",
            body.message
        );
        let response = from_sqlite.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers()[RETRY_AFTER],
            DISK_FULL_RETRY_AFTER_SECS.to_string().as_str()
        );

        let open311 = Open311Errors::from(AppError::DiskFull);
        assert_eq!(open311.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(open311.retry_after_secs, Some(DISK_FULL_RETRY_AFTER_SECS));
        assert!(open311.descriptions[0].contains("disk is full"));
    }

    #[test]
    fn other_database_errors_stay_internal() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let missing = c.execute("INSERT INTO nowhere VALUES (1)", []).unwrap_err();
        assert!(matches!(AppError::from(missing), AppError::Internal(_)));
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(matches!(AppError::from(denied), AppError::Internal(_)));
    }
}

/// Why a command-line step (a backup, a restore, a key rotation) did not do its work, as one
/// sentence for the operator, printed as it is.
#[derive(Debug)]
pub struct CommandRefused(String);

impl CommandRefused {
    pub(crate) fn new(message: impl Into<String>) -> CommandRefused {
        CommandRefused(message.into())
    }
}

impl std::fmt::Display for CommandRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandRefused {}
