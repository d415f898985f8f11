//! Serving the router on a socket: clients that stall are answered or hung up on instead of
//! holding a connection for ever, and a stop (SIGTERM or Ctrl-C) lets the requests in flight
//! finish before the process ends.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONNECTION;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt;
use tower_http::timeout::{TimeoutBody, TimeoutError};

use crate::error::Open311Errors;
use crate::open311::format::Format;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState, app};

/// How long the server waits for a client. A phone on a weak network sends a request's headers
/// in well under a second and keeps a photo upload moving; a connection that sends nothing for
/// [`ServeLimits::client_idle`] is a client that went away (or one that holds connections open on
/// purpose), and waiting longer only ties up the server.
#[derive(Clone, Copy, Debug)]
pub struct ServeLimits {
    /// Headers must arrive within this (also how long an idle keep-alive connection is kept),
    /// and a body may pause for at most this between two of its parts.
    pub client_idle: Duration,
    /// A form or a committee document (a write class of `request_limits.rs`, which reads these), body and
    /// answer, takes at most this: its body is a few kB.
    pub form_request: Duration,
    /// A report with photos or an import file, body and answer, takes at most this: enough for
    /// three photos at a few kB/s. No request takes longer.
    pub upload_request: Duration,
    /// After a stop is asked for, requests in flight get this long to finish.
    pub drain: Duration,
}

impl Default for ServeLimits {
    fn default() -> ServeLimits {
        ServeLimits {
            client_idle: Duration::from_secs(30),
            form_request: Duration::from_secs(30),
            upload_request: Duration::from_secs(300),
            drain: Duration::from_secs(10),
        }
    }
}

/// Answers 408 to a request whose body stalls for longer than [`ServeLimits::client_idle`], or
/// which takes longer than [`ServeLimits::upload_request`] in all (a write's own class may allow
/// it less: the write classes in `request_limits.rs`), and closes its connection. Whatever
/// the handler made of the cut-off body (a 400, as a body that cannot be read is) is replaced,
/// since the client did nothing wrong but be slow.
pub(crate) async fn slow_client_limits(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limits = state.limits;
    let stalled = Arc::new(AtomicBool::new(false));
    let open311 = Format::of_open311_path(request.uri().path());
    let noticed = stalled.clone();
    let request = request.map(|body| {
        Body::new(
            TimeoutBody::new(limits.client_idle, body).map_err(move |error| {
                if error.is::<TimeoutError>() {
                    noticed.store(true, Ordering::Relaxed);
                }
                error
            }),
        )
    });
    match tokio::time::timeout(limits.upload_request, next.run(request)).await {
        Ok(response) if !stalled.load(Ordering::Relaxed) => response,
        _ => too_slow(open311),
    }
}

/// `open311`: the format of an Open311 path, `None` for the JSON API's error.
pub(crate) fn too_slow(open311: Option<Format>) -> Response {
    let message = "请求发送得太慢，已中断；请在网络好一些时重试。The request arrived too slowly and was \
                   cut off; please try again when the network is better.";
    let mut response = match open311 {
        Some(format) => Open311Errors::one(StatusCode::REQUEST_TIMEOUT, message).answer(format),
        None => AppError::RequestTimeout(message.into()).into_response(),
    };
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Serves `state`'s router on `listener` until `stop` completes, then lets the requests in flight
/// finish for up to [`ServeLimits::drain`] and returns. Idle keep-alive connections are closed at
/// once; a connection still busy after the drain time is dropped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = state.limits;
    let address_header = state.client_address_header.clone();
    let db = state.db.clone();
    let router = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.client_idle);
    let connections = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Each request knows the address it came from (for the abuse limits and the audit
        // trail): the connection's, or the one a trusted proxy passed on.
        let peer = peer.ip();
        let address_header = address_header.clone();
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                let address = address_header
                    .as_ref()
                    .and_then(|name| forwarded_address(request.headers(), name))
                    .unwrap_or(peer);
                request
                    .extensions_mut()
                    .insert(ClientAddress(Some(address)));
                request
            },
        ));
        let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("stopping: finishing the requests in flight");
    tokio::select! {
        () = connections.shutdown() => tracing::info!("every request in flight has finished"),
        () = tokio::time::sleep(limits.drain) => {
            tracing::warn!(seconds = limits.drain.as_secs(), "stopping with requests still in flight");
        }
    }
    checkpoint(&db).await;
    Ok(())
}

/// The client's address as a trusted proxy passed it in `header`: the last address listed (the
/// one the proxy itself saw; those before it are whatever the client claimed). `None` when the
/// header is missing or its last entry is not an address, and the connection's address counts.
pub(crate) fn forwarded_address(
    headers: &axum::http::HeaderMap,
    header: &axum::http::HeaderName,
) -> Option<std::net::IpAddr> {
    let value = headers.get_all(header).iter().next_back()?.to_str().ok()?;
    let last = value.rsplit(',').next()?.trim();
    last.parse().ok().or_else(|| {
        // `[2001:db8::1]:4711` or `203.0.113.7:4711`, as some proxies write it.
        last.parse::<std::net::SocketAddr>().ok().map(|a| a.ip())
    })
}

/// Folds the WAL into the database file and empties it. Everything acknowledged is in the WAL
/// already (`synchronous = FULL`), so this loses nothing if it cannot finish; it leaves one file
/// that holds it all for whoever copies the database next, and a restart with no WAL to replay.
async fn checkpoint(db: &crate::Db) {
    let done = db
        .run(|c| {
            Ok(c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?)
        })
        .await;
    match done {
        Ok((0, _)) => tracing::info!("the WAL is checkpointed into the database file"),
        // A request cut off by the drain time may still hold a transaction open.
        Ok((_, frames)) => {
            tracing::warn!(
                frames,
                "the WAL could not be checkpointed: a transaction is still open"
            )
        }
        Err(error) => tracing::warn!(?error, "the WAL could not be checkpointed"),
    }
}

/// Completes when the process is asked to stop: SIGTERM (systemd, `kill`, a container runtime)
/// or Ctrl-C. The handlers are installed when this is called, not when the future is first
/// polled, so a signal that comes right after start-up is not left to its default (an abrupt end).
pub fn stop_requested() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut terminate), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                (terminate, interrupt) => {
                    let error = terminate.err().or(interrupt.err());
                    tracing::warn!(
                        ?error,
                        "cannot listen for SIGTERM and SIGINT; stopping on Ctrl-C only"
                    );
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::forwarded_address;
    use axum::http::{HeaderMap, HeaderName, HeaderValue};

    fn from(values: &[&str], header: &str) -> Option<std::net::IpAddr> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                HeaderName::from_bytes(header.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        forwarded_address(&headers, &HeaderName::from_static("x-forwarded-for"))
    }

    #[test]
    fn the_last_forwarded_address_is_the_one_the_proxy_saw() {
        let ip = |text: &str| Some(text.parse().unwrap());
        assert_eq!(from(&["203.0.113.7"], "x-forwarded-for"), ip("203.0.113.7"));
        assert_eq!(
            from(&["1.2.3.4, 203.0.113.7"], "x-forwarded-for"),
            ip("203.0.113.7")
        );
        assert_eq!(
            from(&["1.2.3.4", "2001:db8::1"], "x-forwarded-for"),
            ip("2001:db8::1")
        );
        assert_eq!(
            from(&["203.0.113.7:4711"], "x-forwarded-for"),
            ip("203.0.113.7")
        );
        assert_eq!(
            from(&["[2001:db8::2]:443"], "x-forwarded-for"),
            ip("2001:db8::2")
        );
        assert_eq!(from(&["1.2.3.4, unknown"], "x-forwarded-for"), None);
        assert_eq!(from(&["203.0.113.7"], "x-real-ip"), None, "another header");
    }
}
