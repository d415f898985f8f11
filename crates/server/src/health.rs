//! What a load balancer, systemd or a monitor asks: `/healthz` (the process answers) and
//! `/readyz` (it can do its work: the database takes a write and its disk has room for one, and
//! the built SPA it was given is still on disk). Neither reads or says anything about residents.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::AppState;

/// How long `/readyz` waits for the write lock another process holds before it calls the
/// database unwritable: well under a probe's usual timeout, well over any commit.
const WRITE_WAIT_MS: u32 = 2_000;

/// Below this much free space on the database's disk the server calls itself not ready. The
/// probe's own write is rolled back before it reaches the disk, so it cannot find a full disk;
/// a report with three photos and its WAL frames need a few megabytes, and an operator wants to
/// hear before the last of them is gone.
const MIN_FREE_BYTES: u64 = 16 * 1024 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz_get))
        .route("/readyz", get(readyz_get))
}

/// The answer of `/readyz`.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Readiness {
    pub ready: bool,
    /// Each reason the server is not ready, as a sentence; empty when it is.
    pub reasons: Vec<String>,
}

#[utoipa::path(get, path = "/healthz", tag = "meta",
    responses((status = 200, description = "The process is up: `ok`", content_type = "text/plain", body = String)))]
pub(crate) async fn healthz_get() -> Response {
    not_stored((StatusCode::OK, "ok").into_response())
}

#[utoipa::path(get, path = "/readyz", tag = "meta",
    responses(
        (status = 200, description = "The database takes writes and the built SPA is on disk", body = Readiness),
        (status = 503, description = "Not ready, with the reasons", body = Readiness)))]
pub(crate) async fn readyz_get(State(state): State<AppState>) -> Response {
    let mut reasons = Vec::new();
    match state
        .db
        .write(|c| Ok((try_a_write(c), free_bytes(c))))
        .await
    {
        Ok((Ok(()), free)) => {
            if let Some(free) = free.filter(|free| *free < MIN_FREE_BYTES) {
                reasons.push(format!(
                    "the disk the database is on is full: {} MB free, less than the {} MB writes \
                     need",
                    free / (1024 * 1024),
                    MIN_FREE_BYTES / (1024 * 1024)
                ));
            }
        }
        Ok((Err(error), _)) if crate::disk_full::is_sqlite_disk_full(&error) => {
            reasons.push("the disk the database is on is full".to_owned());
        }
        Ok((Err(error), _)) => reasons.push(format!("the database does not take writes: {error}")),
        Err(error) => {
            tracing::warn!(?error, "readiness: no database connection");
            reasons.push("the database does not take writes: no connection to it".to_owned());
        }
    }
    if let Some(spa) = &state.spa
        && !spa.is_on_disk()
    {
        reasons.push("the built SPA's index.html is no longer on disk".to_owned());
    }
    let status = if reasons.is_empty() {
        StatusCode::OK
    } else {
        tracing::warn!(?reasons, "not ready");
        StatusCode::SERVICE_UNAVAILABLE
    };
    let readiness = Readiness {
        ready: reasons.is_empty(),
        reasons,
    };
    not_stored((status, Json(readiness)).into_response())
}

/// Takes the write lock and changes a row, then rolls back: what a vote needs, short of
/// storing anything.
fn try_a_write(c: &mut rusqlite::Connection) -> rusqlite::Result<()> {
    c.execute_batch(&format!("PRAGMA busy_timeout = {WRITE_WAIT_MS}"))?;
    let tried = crate::db::write_transaction(c).and_then(|tx| {
        tx.execute(
            "UPDATE settings SET value = value WHERE key = 'sample_data'",
            [],
        )?;
        tx.rollback()
    });
    // The pooled connection goes back with the busy timeout every other query expects.
    c.execute_batch("PRAGMA busy_timeout = 10000")?;
    tried
}

/// The bytes an unprivileged writer may still use on the database file's filesystem; `None` for
/// a database in memory, or where the system cannot say.
fn free_bytes(c: &rusqlite::Connection) -> Option<u64> {
    let path = c.path().filter(|path| !path.is_empty())?;
    #[cfg(unix)]
    {
        let stats = rustix::fs::statvfs(path).ok()?;
        Some(stats.f_bavail.saturating_mul(stats.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A probe's answer is about this moment only.
fn not_stored(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
