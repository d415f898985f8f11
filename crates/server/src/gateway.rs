//! The district's message gateway: the outbox of text messages to residents, and the worker that
//! posts them to the gateway's webhook (issue #26 tells reporters of public changes; issue #21
//! reuses it).
//!
//! A message is written to `message_outbox` in the same transaction as the change it tells of,
//! and only when a gateway is configured, the report has a phone number and its reporter has not
//! stopped messages: without a gateway nothing is enqueued, so that configuring one later does not
//! send a backlog of old news. A row names its report, never the number: the worker opens the
//! report's sealed phone at send time, so a number erased meanwhile is never sent to, and its
//! messages are dropped. The phone number is never logged, stored in an error, audited or counted.

use std::time::Duration;

use axum::body::Bytes;
use http_body_util::Full;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{AppError, AppState};

/// Messages waiting to be sent, sent, and given up on (a gauge each, set by [`deliver_due`]).
pub const MESSAGES_PENDING: &str = "linli_messages_pending";
pub const MESSAGES_DELIVERED: &str = "linli_messages_delivered";
pub const MESSAGES_FAILED: &str = "linli_messages_failed";

/// Where and how messages are sent.
///
/// Only `http://` gateways are reached: the client has no TLS connector. An `https://` gateway
/// would need `hyper-rustls` (or `hyper-tls`) wrapping the [`HttpConnector`] and a set of root
/// certificates; until then run a TLS-terminating proxy on loopback in front of it.
#[derive(Clone)]
pub struct Gateway {
    /// The webhook, e.g. `http://127.0.0.1:9000/send`.
    pub url: hyper::Uri,
    /// Sent as `Authorization: Bearer <token>`; never logged.
    pub token: String,
    /// The address residents' phones use, for the absolute tracking link.
    pub public_url: String,
    pub retry: Retry,
}

/// How failed sends are retried: after `first`, then twice as long each time up to `cap`, and
/// given up (a permanent failure) after `max_attempts`.
#[derive(Clone, Copy, Debug)]
pub struct Retry {
    pub first: Duration,
    pub cap: Duration,
    pub max_attempts: u32,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            first: Duration::from_secs(30),
            cap: Duration::from_secs(3600),
            max_attempts: 12,
        }
    }
}

impl Retry {
    /// The wait after the `attempts`th failed attempt (1 for the first).
    pub fn after(&self, attempts: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(30));
        self.first.saturating_mul(factor).min(self.cap)
    }
}

/// The token is left out, so that a logged setting never shows it.
impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("url", &self.url)
            .field("public_url", &self.public_url)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

fn stored(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("UTC times format")
}

/// Enqueues a message about `request_id` keyed by `dedupe_key`, inside the caller's transaction.
/// Nothing is enqueued without a gateway, without a phone number, when the reporter stopped
/// messages, or when the key was already used (one change, one message).
pub(crate) fn enqueue(
    c: &Connection,
    gateway: Option<&Gateway>,
    request_id: i64,
    dedupe_key: &str,
    kind: &str,
    text: &str,
) -> rusqlite::Result<bool> {
    if gateway.is_none() {
        return Ok(false);
    }
    let at = stored(OffsetDateTime::now_utc());
    let added = c.execute(
        "INSERT OR IGNORE INTO message_outbox
             (dedupe_key, kind, request_id, text, next_attempt_at, created_at)
         SELECT ?1, ?2, id, ?3, ?4, ?4 FROM service_requests
         WHERE id = ?5 AND phone_cipher IS NOT NULL AND messages_stopped = 0",
        params![dedupe_key, kind, text, at, request_id],
    )?;
    Ok(added > 0)
}

/// Stops messages about `request_id`: pending ones are removed and none are enqueued after.
/// Whether messages were on.
pub(crate) fn stop_messages(c: &Connection, request_id: i64) -> rusqlite::Result<bool> {
    let changed = c.execute(
        "UPDATE service_requests SET messages_stopped = 1 WHERE id = ?1 AND messages_stopped = 0",
        [request_id],
    )?;
    c.execute(
        "DELETE FROM message_outbox
         WHERE request_id = ?1 AND delivered_at IS NULL AND failed_at IS NULL",
        [request_id],
    )?;
    Ok(changed > 0)
}

/// Whether the reporter of `request_id` would be told of changes: a phone number, not stopped.
pub(crate) fn messages_on(c: &Connection, request_id: i64) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT phone_cipher IS NOT NULL AND messages_stopped = 0
         FROM service_requests WHERE id = ?1",
        [request_id],
        |r| r.get(0),
    )
}

/// What one round of [`deliver_due`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
    /// Dropped because the phone number was erased before it was sent.
    pub dropped: usize,
}

struct Due {
    id: i64,
    dedupe_key: String,
    request_id: i64,
    text: String,
    attempts: u32,
}

/// The answer of one attempt, in words that never hold the phone number.
enum Outcome {
    Delivered,
    Retry(String),
    Permanent(String),
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Sends every message that is due, one after the other, and records each outcome. The worker
/// calls it on a timer; tests call it to deliver deterministically.
pub async fn deliver_due(state: &AppState) -> Result<Round, AppError> {
    let Some(gateway) = state.gateway.clone() else {
        return Ok(Round::default());
    };
    let now = stored(OffsetDateTime::now_utc());
    let due = state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT id, dedupe_key, request_id, text, attempts FROM message_outbox
                 WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?1
                 ORDER BY id LIMIT 100",
            )?;
            let rows = stmt.query_map([now], |r| {
                Ok(Due {
                    id: r.get(0)?,
                    dedupe_key: r.get(1)?,
                    request_id: r.get(2)?,
                    text: r.get(3)?,
                    attempts: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    let client = client();
    let mut round = Round::default();
    for message in due {
        let request_id = message.request_id;
        let report = state
            .db
            .run(move |c| {
                Ok(c.query_row(
                    "SELECT phone_cipher, token, messages_stopped FROM service_requests
                     WHERE id = ?1",
                    [request_id],
                    |r| {
                        Ok((
                            r.get::<_, Option<Vec<u8>>>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, bool>(2)?,
                        ))
                    },
                )
                .optional()?)
            })
            .await?;
        let phone = match report {
            Some((Some(sealed), token, false)) => state
                .secrets
                .open(&sealed)
                .map(|phone| (phone, state.secrets.tracking_secret(&token))),
            _ => None,
        };
        let Some((phone, secret)) = phone else {
            let id = message.id;
            state
                .db
                .run(move |c| Ok(c.execute("DELETE FROM message_outbox WHERE id = ?1", [id])?))
                .await?;
            round.dropped += 1;
            continue;
        };
        let link = format!(
            "{}/r/{}#{secret}",
            gateway.public_url.trim_end_matches('/'),
            message.request_id
        );
        let outcome = post(&client, &gateway, &message, &phone, &link).await;
        let attempts = message.attempts + 1;
        let at = OffsetDateTime::now_utc();
        let (delivered_at, failed_at, next, error) = match outcome {
            Outcome::Delivered => {
                round.delivered += 1;
                (Some(stored(at)), None, stored(at), None)
            }
            Outcome::Retry(reason) if attempts < gateway.retry.max_attempts => {
                round.retried += 1;
                let wait = gateway.retry.after(attempts);
                (None, None, stored(at + wait), Some(reason))
            }
            Outcome::Retry(reason) => {
                round.failed += 1;
                let reason = format!("gave up after {attempts} attempts: {reason}");
                (None, Some(stored(at)), stored(at), Some(reason))
            }
            Outcome::Permanent(reason) => {
                round.failed += 1;
                (None, Some(stored(at)), stored(at), Some(reason))
            }
        };
        if let Some(reason) = &error {
            tracing::warn!(message = %message.dedupe_key, attempts, %reason, "message not delivered");
        }
        let id = message.id;
        state
            .db
            .run(move |c| {
                Ok(c.execute(
                    "UPDATE message_outbox SET attempts = ?2, delivered_at = ?3, failed_at = ?4,
                         next_attempt_at = ?5, last_error = ?6 WHERE id = ?1",
                    params![id, attempts, delivered_at, failed_at, next, error],
                )?)
            })
            .await?;
    }
    record_backlog(state).await;
    Ok(round)
}

/// How long one post may take before it counts as a failure to retry.
const POST_TIMEOUT: Duration = Duration::from_secs(10);

async fn post(
    client: &HttpClient,
    gateway: &Gateway,
    message: &Due,
    phone: &str,
    link: &str,
) -> Outcome {
    let body = serde_json::json!({
        "to": phone,
        "text": message.text,
        "link": link,
        "message_id": message.dedupe_key,
    });
    let Ok(bearer) = HeaderValue::from_str(&format!("Bearer {}", gateway.token)) else {
        return Outcome::Permanent("the gateway token is not a valid header value".into());
    };
    let Ok(key) = HeaderValue::from_str(&message.dedupe_key) else {
        return Outcome::Permanent("the message key is not a valid header value".into());
    };
    let request = hyper::Request::post(gateway.url.clone())
        .header(CONTENT_TYPE, "application/json")
        .header(AUTHORIZATION, bearer)
        .header("Idempotency-Key", key)
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a request of valid parts");
    match tokio::time::timeout(POST_TIMEOUT, client.request(request)).await {
        Err(_) => Outcome::Retry("the gateway did not answer in time".into()),
        // The error names the kind of failure (connect, closed), never the body it carried.
        Ok(Err(error)) => Outcome::Retry(format!("cannot reach the gateway: {error}")),
        Ok(Ok(response)) => {
            let status = response.status();
            if status.is_success() {
                Outcome::Delivered
            } else if status.is_server_error() || status == 408 || status == 429 {
                Outcome::Retry(format!("the gateway answered {status}"))
            } else {
                // Only the status is kept: a receiver's body may echo the number back.
                Outcome::Permanent(format!("the gateway refused the message: {status}"))
            }
        }
    }
}

/// Sets the backlog gauges from the outbox.
async fn record_backlog(state: &AppState) {
    let counts = state
        .db
        .run(|c| {
            Ok(c.query_row(
                "SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL),
                        count(*) FILTER (WHERE delivered_at IS NOT NULL),
                        count(*) FILTER (WHERE failed_at IS NOT NULL)
                 FROM message_outbox",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )?)
        })
        .await;
    match counts {
        Ok((pending, delivered, failed)) => {
            ::metrics::gauge!(MESSAGES_PENDING).set(pending as f64);
            ::metrics::gauge!(MESSAGES_DELIVERED).set(delivered as f64);
            ::metrics::gauge!(MESSAGES_FAILED).set(failed as f64);
        }
        Err(error) => tracing::warn!(?error, "metrics: cannot count the message outbox"),
    }
}

/// The worker: delivers what is due every `every`, for as long as the server runs.
pub fn spawn_worker(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = deliver_due(&state).await {
                tracing::error!(error = %error.parts().1.message, "delivering messages failed");
            }
        }
    })
}
