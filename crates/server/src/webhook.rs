//! What the two outboxes share (text messages in `gateway.rs`, cases for the city's systems in
//! `case_forwarding.rs`): the HTTP client that posts one row to a webhook with its
//! `Idempotency-Key`, how an answer is judged (delivered, tried again later, given up), and the
//! doubling waits between tries. Each outbox keeps its own table and body; this module knows
//! neither.

use std::time::Duration;

use axum::body::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

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

    /// What to write on the row after its `attempts`th attempt ended in `outcome`.
    pub(crate) fn settle(&self, outcome: &Outcome, attempts: u32) -> Settled {
        let at = OffsetDateTime::now_utc();
        match outcome {
            Outcome::Delivered(_) => Settled {
                delivered_at: Some(stored(at)),
                failed_at: None,
                next_attempt_at: stored(at),
                error: None,
            },
            Outcome::Retry(reason) if attempts < self.max_attempts => Settled {
                delivered_at: None,
                failed_at: None,
                next_attempt_at: stored(at + self.after(attempts)),
                error: Some(reason.clone()),
            },
            Outcome::Retry(reason) => Settled {
                delivered_at: None,
                failed_at: Some(stored(at)),
                next_attempt_at: stored(at),
                error: Some(format!("gave up after {attempts} attempts: {reason}")),
            },
            Outcome::Permanent(reason) => Settled {
                delivered_at: None,
                failed_at: Some(stored(at)),
                next_attempt_at: stored(at),
                error: Some(reason.clone()),
            },
        }
    }
}

/// An outbox row's columns after one attempt.
pub(crate) struct Settled {
    pub delivered_at: Option<String>,
    pub failed_at: Option<String>,
    pub next_attempt_at: String,
    pub error: Option<String>,
}

/// Outbox times are UTC RFC 3339 to the second, so that they sort as text.
pub(crate) fn stored(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("UTC times format")
}

/// The answer of one attempt, in words that never hold what the body carried.
pub(crate) enum Outcome {
    /// A 2xx, with the start of its body (for an answer that carries an id).
    Delivered(Bytes),
    Retry(String),
    Permanent(String),
}

pub(crate) type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// Only `http://` webhooks are reached: the client has no TLS connector. An `https://` one would
/// need `hyper-rustls` wrapping the [`HttpConnector`] and root certificates; until then run a
/// TLS-terminating proxy on loopback in front of it.
pub(crate) fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// How long one post may take, answer included, before it counts as a failure to retry.
const POST_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of an answer's body that is read: enough for an id, never a whole page.
const ANSWER_BYTES: usize = 64 * 1024;

/// One POST of `body` to `url`. `what` names the receiver in the reasons ("the gateway").
pub(crate) struct Post<'a> {
    pub url: hyper::Uri,
    pub what: &'a str,
    pub content_type: &'static str,
    /// Sent as `Authorization: Bearer …` when there is one.
    pub bearer: Option<&'a str>,
    pub idempotency_key: &'a str,
    pub body: String,
}

impl Post<'_> {
    pub(crate) async fn send(self, client: &HttpClient) -> Outcome {
        let what = self.what;
        let Ok(key) = HeaderValue::from_str(self.idempotency_key) else {
            return Outcome::Permanent("the row's key is not a valid header value".into());
        };
        let mut request = hyper::Request::post(self.url)
            .header(CONTENT_TYPE, self.content_type)
            .header("Idempotency-Key", key);
        if let Some(token) = self.bearer {
            let Ok(bearer) = HeaderValue::from_str(&format!("Bearer {token}")) else {
                return Outcome::Permanent(format!("the token for {what} is not a header value"));
            };
            request = request.header(AUTHORIZATION, bearer);
        }
        let request = request
            .body(Full::new(Bytes::from(self.body)))
            .expect("a request of valid parts");
        let exchange = async {
            let response = client.request(request).await?;
            let status = response.status();
            // A body cut at the limit or broken off still leaves the status to judge by.
            let body = Limited::new(response.into_body(), ANSWER_BYTES)
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            Ok::<_, hyper_util::client::legacy::Error>((status, body))
        };
        match tokio::time::timeout(POST_TIMEOUT, exchange).await {
            Err(_) => Outcome::Retry(format!("{what} did not answer in time")),
            // The error names the kind of failure (connect, closed), never the body it carried.
            Ok(Err(error)) => Outcome::Retry(format!("cannot reach {what}: {error}")),
            Ok(Ok((status, body))) => {
                if status.is_success() {
                    Outcome::Delivered(body)
                } else if status.is_server_error() || status == 408 || status == 429 {
                    Outcome::Retry(format!("{what} answered {status}"))
                } else {
                    // Only the status is kept: a receiver's body may echo what it was sent.
                    Outcome::Permanent(format!("{what} refused it: {status}"))
                }
            }
        }
    }
}

/// Sets an outbox's three gauges (waiting, delivered, given up) from its table, which has the
/// `delivered_at` and `failed_at` columns both outboxes keep.
pub(crate) async fn record_backlog(
    state: &crate::AppState,
    table: &'static str,
    [pending, delivered, failed]: [&'static str; 3],
) {
    let counts = state
        .db
        .run(move |c| {
            Ok(c.query_row(
                &format!(
                    "SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL),
                            count(*) FILTER (WHERE delivered_at IS NOT NULL),
                            count(*) FILTER (WHERE failed_at IS NOT NULL)
                     FROM {table}"
                ),
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
        Ok((waiting, sent, given_up)) => {
            ::metrics::gauge!(pending).set(waiting as f64);
            ::metrics::gauge!(delivered).set(sent as f64);
            ::metrics::gauge!(failed).set(given_up as f64);
        }
        Err(error) => tracing::warn!(?error, table, "metrics: cannot count the outbox"),
    }
}

#[cfg(test)]
mod tests {
    use super::Retry;
    use std::time::Duration;

    #[test]
    fn waits_double_up_to_the_cap() {
        let retry = Retry {
            first: Duration::from_secs(30),
            cap: Duration::from_secs(100),
            max_attempts: 5,
        };
        let waits: Vec<u64> = (1..=4).map(|n| retry.after(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 100, 100]);
    }
}
