//! The audit trail as the district and its committees read it: who did what, when, from where.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// One entry of `admin/audit.json`. `hash` is the SHA-256 of the entry before it (`prev_hash`)
/// and this entry's fields, so a copy of the trail can be checked entry by entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditEntry {
    /// 1, 2, 3, … with no gaps.
    pub seq: i64,
    /// RFC 3339, Beijing time.
    pub at: String,
    /// The committee account, or `(command line)` for the server's own commands.
    pub actor: String,
    /// The client address, when the action came over HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The community the action concerns; none for the district's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
    /// What was done, e.g. `session.sign_in`, `ballot.open`, `report.status`.
    pub action: String,
    /// What it was done to: a ballot, a report, a kiosk, an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// What changed: a JSON object, as text exactly as hashed (so a reader can check the hash
    /// without re-encoding it, and the SPA needs no JSON value type).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// `admin/audit.json`: the newest entries first, a page at a time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Ask again with `before` set to this for the next (older) page; none at the first entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
}
