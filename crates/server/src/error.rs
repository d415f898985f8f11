//! The one error type of the JSON API: 4xx carry a safe sentence for people and a stable code for
//! the client; 5xx are logged with their detail and sent without it. Open311 paths answer the
//! same errors in the spec's shape ([`Open311Errors`]), kept here so that the protocol module and
//! the report modules it calls both use it without importing each other.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_api::{ApiError, Open311Error};

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
}

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

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> AppError {
        AppError::internal(error)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, body) = self.parts();
        let mut response = (status, Json(body)).into_response();
        if let AppError::TooManyAttempts {
            retry_after_secs, ..
        } = self
        {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs),
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
    /// For a 429: the seconds to wait, sent as `Retry-After`.
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

impl IntoResponse for Open311Errors {
    fn into_response(self) -> Response {
        let code = self.status.as_u16();
        let body: Vec<Open311Error> = self
            .descriptions
            .into_iter()
            .map(|description| Open311Error { code, description })
            .collect();
        let mut response = (self.status, Json(body)).into_response();
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
        if let AppError::Internal(detail) = &error {
            tracing::error!(%detail, "internal error");
        }
        let (status, body) = error.parts();
        let mut errors = Open311Errors::one(status, body.message);
        if let AppError::TooManyAttempts {
            retry_after_secs, ..
        } = error
        {
            errors.retry_after_secs = Some(retry_after_secs);
        }
        errors
    }
}
