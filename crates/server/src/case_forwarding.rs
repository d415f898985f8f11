//! The city's systems (issue #26): Beijing's 12345 hotline and the district's 数字城管 case
//! system take Linli's reports as cases, and answer with updates.
//!
//! Outbound, when configured: each new report and each public change of one is written to
//! `case_outbox` in the same transaction as the report or the change (`outbox.rs`), and a worker
//! posts the rows, oldest first and one report's in order, to the district's endpoint as
//! GeoReport v2 (Linli as an Open311 client) or as a JSON webhook (`formats.rs`, `delivery.rs`),
//! through the same webhook machinery as text messages (`webhook.rs`): an `Idempotency-Key` per
//! row, doubling waits, given up only on a refusal or after the last try. What leaves is what the
//! public sees of a report; never the reporter's phone number, a member's name or an internal
//! note. The case number the endpoint answers with is kept on the report (`external_id`).
//!
//! Inbound: the city's system posts updates to `POST /open311/v2/servicerequestupdates.json`
//! (FixMyStreet's extension) with a key of the `case_intake` scope (`inbound.rs`). An update it
//! made is never forwarded back to it.

mod delivery;
mod formats;
pub(crate) mod inbound;
mod outbox;

pub use self::delivery::{Round, deliver_due, spawn_worker};
pub(crate) use self::outbox::{enqueue_created, enqueue_update};

pub use crate::webhook::Retry;

/// Cases waiting to be forwarded, forwarded, and given up on (gauges set by [`deliver_due`]).
pub const CASES_PENDING: &str = "linli_cases_pending";
pub const CASES_DELIVERED: &str = "linli_cases_delivered";
pub const CASES_FAILED: &str = "linli_cases_failed";

/// How a case is written for the district's endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseFormat {
    /// GeoReport v2: `POST {url}/requests.json` for a new report, FixMyStreet's
    /// `POST {url}/servicerequestupdates.json` for a change, form-encoded with `api_key`.
    Open311,
    /// One JSON document per event, `POST {url}`, with `Authorization: Bearer`.
    Json,
}

impl std::str::FromStr for CaseFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<CaseFormat, String> {
        match text {
            "open311" => Ok(CaseFormat::Open311),
            "json" => Ok(CaseFormat::Json),
            _ => Err(format!("“{text}” is not a case format: open311 or json")),
        }
    }
}

/// The format is named in logs by its setting's word.
impl std::fmt::Display for CaseFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CaseFormat::Open311 => "open311",
            CaseFormat::Json => "json",
        })
    }
}

/// Where and how cases are forwarded (only `http://` endpoints, as for the message gateway).
#[derive(Clone)]
pub struct CaseForwarding {
    /// The endpoint: GeoReport v2's root (`http://…/open311/v2`) or the JSON webhook itself.
    pub url: hyper::Uri,
    pub format: CaseFormat,
    /// The `api_key` of an Open311 endpoint, or the webhook's bearer token; never logged.
    pub token: String,
    pub retry: Retry,
}

/// The token is left out, so that a logged setting never shows it.
impl std::fmt::Debug for CaseForwarding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseForwarding")
            .field("url", &self.url)
            .field("format", &self.format)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
