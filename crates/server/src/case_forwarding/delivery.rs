//! The worker that forwards `case_outbox` rows: the due rows oldest first, a report's rows in
//! order (a change waits until the report itself has reached the endpoint, whose answer carries
//! the case number the change is sent under), each outcome recorded on its row.

use std::collections::HashSet;
use std::time::Duration;

use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;

use super::formats::{self, NoCaseNumber};
use super::{CASES_DELIVERED, CASES_FAILED, CASES_PENDING};
use crate::webhook::{Outcome, Post, stored};
use crate::{AppError, AppState};

/// What one round of [`deliver_due`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
    /// Left for a later round: an earlier row of the same report was not delivered in this one.
    pub waiting: usize,
}

struct Due {
    id: i64,
    dedupe_key: String,
    event: String,
    request_id: i64,
    payload: String,
    attempts: u32,
}

/// Forwards every row that is due, one after the other, and records each outcome. The worker
/// calls it on a timer; tests call it to deliver deterministically.
pub async fn deliver_due(state: &AppState) -> Result<Round, AppError> {
    let Some(forwarding) = state.case_forwarding.clone() else {
        return Ok(Round::default());
    };
    let now = stored(OffsetDateTime::now_utc());
    // A row waits for the earlier rows of its report: those not yet due keep it out of the round,
    // those in the round that are not delivered hold it back (`held`).
    let due = state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT o.id, o.dedupe_key, o.event, o.request_id, o.payload, o.attempts
                 FROM case_outbox o
                 WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?1
                   AND NOT EXISTS (SELECT 1 FROM case_outbox e
                                   WHERE e.request_id = o.request_id AND e.id < o.id
                                     AND e.delivered_at IS NULL AND e.failed_at IS NULL
                                     AND e.next_attempt_at > ?1)
                 ORDER BY o.id LIMIT 100",
            )?;
            let rows = stmt.query_map([now], |r| {
                Ok(Due {
                    id: r.get(0)?,
                    dedupe_key: r.get(1)?,
                    event: r.get(2)?,
                    request_id: r.get(3)?,
                    payload: r.get(4)?,
                    attempts: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    let client = crate::webhook::client();
    let mut round = Round::default();
    let mut held: HashSet<i64> = HashSet::new();
    for row in due {
        if held.contains(&row.request_id) {
            round.waiting += 1;
            continue;
        }
        let request_id = row.request_id;
        let external_id = state
            .db
            .run(move |c| {
                Ok(c.query_row(
                    "SELECT external_id FROM service_requests WHERE id = ?1",
                    [request_id],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten())
            })
            .await?;
        let payload: serde_json::Value =
            serde_json::from_str(&row.payload).map_err(AppError::internal)?;
        let written = formats::write(
            &forwarding,
            &row.event,
            &row.dedupe_key,
            &payload,
            external_id.as_deref(),
        );
        let outcome = match written {
            Err(NoCaseNumber) => Outcome::Permanent(
                "the report has no case number from the city's system, so a GeoReport update \
                 cannot name it"
                    .into(),
            ),
            Ok(written) => match written.url.parse::<hyper::Uri>() {
                Err(_) => Outcome::Permanent("the endpoint's address is not a URL".into()),
                Ok(url) => {
                    Post {
                        url,
                        what: "the city's case system",
                        content_type: written.content_type,
                        bearer: written.bearer.then_some(forwarding.token.as_str()),
                        idempotency_key: &row.dedupe_key,
                        body: written.body,
                    }
                    .send(&client)
                    .await
                }
            },
        };
        let attempts = row.attempts + 1;
        match &outcome {
            Outcome::Delivered(_) => round.delivered += 1,
            Outcome::Retry(_) if attempts < forwarding.retry.max_attempts => {
                round.retried += 1;
                held.insert(row.request_id);
            }
            Outcome::Retry(_) | Outcome::Permanent(_) => round.failed += 1,
        }
        let case_number = match &outcome {
            Outcome::Delivered(answer) if external_id.is_none() => {
                formats::case_number(forwarding.format, answer)
            }
            _ => None,
        };
        let settled = forwarding.retry.settle(&outcome, attempts);
        if let Some(reason) = &settled.error {
            tracing::warn!(case = %row.dedupe_key, attempts, %reason, "case not forwarded");
        }
        let id = row.id;
        state
            .db
            .run(move |c| {
                let tx = crate::db::write_transaction(c)?;
                tx.execute(
                    "UPDATE case_outbox SET attempts = ?2, delivered_at = ?3, failed_at = ?4,
                         next_attempt_at = ?5, last_error = ?6 WHERE id = ?1",
                    params![
                        id,
                        attempts,
                        settled.delivered_at,
                        settled.failed_at,
                        settled.next_attempt_at,
                        settled.error
                    ],
                )?;
                if let Some(number) = case_number {
                    tx.execute(
                        "UPDATE service_requests SET external_id = ?2
                         WHERE id = ?1 AND external_id IS NULL",
                        params![request_id, number],
                    )?;
                }
                tx.commit()?;
                Ok(())
            })
            .await?;
    }
    crate::webhook::record_backlog(
        state,
        "case_outbox",
        [CASES_PENDING, CASES_DELIVERED, CASES_FAILED],
    )
    .await;
    Ok(round)
}

/// The worker: forwards what is due every `every`, for as long as the server runs.
pub fn spawn_worker(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = deliver_due(&state).await {
                tracing::error!(error = %error.parts().1.message, "forwarding cases failed");
            }
        }
    })
}
