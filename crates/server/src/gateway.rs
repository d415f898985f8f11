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

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::webhook::{Outcome, Post, stored};
use crate::{AppError, AppState};

pub use crate::webhook::Retry;

/// Messages waiting to be sent, sent, and given up on (a gauge each, set by [`deliver_due`]).
pub const MESSAGES_PENDING: &str = "linli_messages_pending";
pub const MESSAGES_DELIVERED: &str = "linli_messages_delivered";
pub const MESSAGES_FAILED: &str = "linli_messages_failed";

/// Where and how messages are sent (only `http://` gateways: see `webhook.rs`).
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
    let client = crate::webhook::client();
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
        let outcome = post(&gateway, &message, &phone, &link).send(&client).await;
        let attempts = message.attempts + 1;
        match &outcome {
            Outcome::Delivered(_) => round.delivered += 1,
            Outcome::Retry(_) if attempts < gateway.retry.max_attempts => round.retried += 1,
            Outcome::Retry(_) | Outcome::Permanent(_) => round.failed += 1,
        }
        let settled = gateway.retry.settle(&outcome, attempts);
        let error = settled.error.clone();
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
                    params![
                        id,
                        attempts,
                        settled.delivered_at,
                        settled.failed_at,
                        settled.next_attempt_at,
                        settled.error
                    ],
                )?)
            })
            .await?;
    }
    crate::webhook::record_backlog(
        state,
        "message_outbox",
        [MESSAGES_PENDING, MESSAGES_DELIVERED, MESSAGES_FAILED],
    )
    .await;
    Ok(round)
}

/// The gateway's post of one message: the number, the text and the link as JSON.
fn post<'a>(gateway: &'a Gateway, message: &'a Due, phone: &str, link: &str) -> Post<'a> {
    let body = serde_json::json!({
        "to": phone,
        "text": message.text,
        "link": link,
        "message_id": message.dedupe_key,
    });
    Post {
        url: gateway.url.clone(),
        what: "the gateway",
        content_type: "application/json",
        bearer: Some(&gateway.token),
        idempotency_key: &message.dedupe_key,
        body: body.to_string(),
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
