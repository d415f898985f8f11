//! Prometheus metrics at `GET /metrics`, off unless the operator sets a token
//! (`serve --metrics-token`, `LINLI_METRICS_TOKEN`): requests by route template and status with
//! their latency, the database's size, and the counters features bump through [`count`].
//!
//! A route is labelled by its template (`/api/v1/ballots/{id}/votes`, axum's `MatchedPath`),
//! never by the path asked for: paths carry receipts, tracking ids and component codes, and
//! every distinct path would be a new series. The endpoint needs `Authorization: Bearer
//! <token>`: what a district's traffic looks like (how many vote, when) is not for everyone,
//! and a monitor on another machine must pass the reverse proxy.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// Requests answered, by `method`, `route` and `status`.
pub const REQUESTS: &str = "linli_http_requests_total";
/// Seconds from a request's arrival to its answer's head, by `method`, `route` and `status`.
pub const REQUEST_SECONDS: &str = "linli_http_request_duration_seconds";
/// The database file's pages in bytes, at the last scrape.
pub const DATABASE_BYTES: &str = "linli_database_bytes";
/// Votes stored (each accepted ballot, on any channel).
pub const VOTES_WRITTEN: &str = "linli_votes_written_total";
/// Reports (Open311 service requests) stored.
pub const REPORTS_WRITTEN: &str = "linli_reports_written_total";
/// Requests refused by a rate limit (429).
pub const RATE_LIMIT_REFUSALS: &str = "linli_rate_limit_refusals_total";

/// From 5 ms (a document from the page cache) to 10 s (an import); a vote is ~10–100 ms.
const SECONDS_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

struct Endpoint {
    handle: PrometheusHandle,
    token_hash: [u8; 32],
}

static ENDPOINT: OnceLock<Endpoint> = OnceLock::new();

/// Starts collecting, and serves `/metrics` to whoever sends `token`. Once per process (the
/// recorder is global); a second call keeps the first token.
pub fn enable(token: &str) -> Result<(), String> {
    if token.len() < 16 {
        return Err("the metrics token must be at least 16 characters long".to_owned());
    }
    if ENDPOINT.get().is_some() {
        return Ok(());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.to_owned()), SECONDS_BUCKETS)
        .and_then(|builder| builder.install_recorder())
        .map_err(|e| format!("cannot start the metrics: {e}"))?;
    ::metrics::describe_counter!(REQUESTS, "Requests answered, by route template and status");
    ::metrics::describe_histogram!(
        REQUEST_SECONDS,
        ::metrics::Unit::Seconds,
        "Time to answer, by route template and status"
    );
    ::metrics::describe_gauge!(
        DATABASE_BYTES,
        ::metrics::Unit::Bytes,
        "The database's size"
    );
    ::metrics::describe_counter!(VOTES_WRITTEN, "Votes stored");
    ::metrics::describe_counter!(REPORTS_WRITTEN, "Reports stored");
    ::metrics::describe_counter!(RATE_LIMIT_REFUSALS, "Requests refused by a rate limit");
    let _ = ENDPOINT.set(Endpoint {
        handle,
        token_hash: Sha256::digest(token.as_bytes()).into(),
    });
    Ok(())
}

/// Adds one to the counter `name` (one of the constants above, e.g. [`VOTES_WRITTEN`]). Costs
/// nothing when metrics are off.
pub fn count(name: &'static str) {
    ::metrics::counter!(name).increment(1);
}

/// The same, with labels, e.g. `count_with(RATE_LIMIT_REFUSALS, &[("limit", "login")])`. Label
/// values must come from a small fixed set: never a code, an address or a path.
pub fn count_with(name: &'static str, labels: &[(&'static str, &'static str)]) {
    let labels: Vec<::metrics::Label> = labels
        .iter()
        .map(|(key, value)| ::metrics::Label::new(*key, *value))
        .collect();
    ::metrics::counter!(name, labels).increment(1);
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics_get))
}

/// Counts and times every request, labelled by its route template.
pub(crate) async fn track(request: Request, next: Next) -> Response {
    if ENDPOINT.get().is_none() {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = route_label(&request);
    let response = next.run(request).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    ::metrics::counter!(REQUESTS, &labels).increment(1);
    ::metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The matched route's template; a path no route matched is named by its kind only.
fn route_label(request: &Request) -> String {
    if let Some(matched) = request.extensions().get::<MatchedPath>() {
        return matched.as_str().to_owned();
    }
    let path = request.uri().path();
    if path.starts_with("/api/") || path.starts_with("/open311/") {
        "(no route)".to_owned()
    } else {
        "(spa)".to_owned()
    }
}

async fn metrics_get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(endpoint) = ENDPOINT.get() else {
        return AppError::not_found("这里没有这个页面。Nothing at this path.").into_response();
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| <[u8; 32]>::from(Sha256::digest(token.trim().as_bytes())));
    // Comparing hashes keeps the comparison's time from telling how much of a guess was right.
    if given != Some(endpoint.token_hash) {
        let mut refused = (
            StatusCode::UNAUTHORIZED,
            "需要指标令牌。The metrics need their token: Authorization: Bearer <token>.",
        )
            .into_response();
        refused.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer"),
        );
        return refused;
    }
    let size = state
        .db
        .run(|c| {
            Ok(c.query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .await;
    match size {
        Ok(bytes) => ::metrics::gauge!(DATABASE_BYTES).set(bytes as f64),
        Err(error) => tracing::warn!(?error, "metrics: cannot read the database's size"),
    }
    endpoint.handle.run_upkeep();
    let mut response = endpoint.handle.render().into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
