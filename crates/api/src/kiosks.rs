//! Kiosks: community-centre screens paired with a community and a place by a committee member.
//! The kiosk sends its device token in the [`KIOSK_TOKEN_HEADER`] header; the server keeps only
//! the token's hash, and the pairing code's, which expires.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The header a paired kiosk sends its device token in.
pub const KIOSK_TOKEN_HEADER: &str = "x-linli-kiosk";

/// Shortest and longest idle time (seconds) a committee may set before the wipe countdown.
pub const KIOSK_IDLE_MIN: u32 = 5;
pub const KIOSK_IDLE_MAX: u32 = 3600;
pub const KIOSK_IDLE_DEFAULT: u32 = 60;

/// `POST /api/v1/kiosk/pairing`: a fresh one-time code for an unpaired screen to show, and the
/// secret only this screen knows, with which it asks whether the code has been confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskPairing {
    /// Six characters from an alphabet without look-alikes, shown large on the screen.
    pub code: String,
    pub secret: String,
    /// RFC 3339; after it the code is refused and the screen asks for a new one.
    pub expires_at: String,
}

/// `POST /api/v1/kiosk/pairing/poll`: the screen's secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskPoll {
    pub secret: String,
}

/// The answer to a poll: still waiting, or paired with the device token (given once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskPollAnswer {
    pub paired: bool,
    pub token: Option<String>,
}

/// What a paired kiosk shows: `GET /api/v1/kiosk/config.json` with its token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskConfig {
    pub id: i64,
    pub community_id: String,
    pub place_label: String,
    pub lat: f64,
    pub lon: f64,
    pub idle_seconds: u32,
    /// The committee's notice for this screen; empty when there is none.
    pub notice: String,
}

/// `POST /api/v1/admin/kiosks/pair`: a committee member confirms the code a screen shows.
/// The place is a component or building code (its position is looked up) or a position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskPairRequest {
    pub code: String,
    pub community_id: String,
    pub place_label: String,
    #[serde(default)]
    pub place_code: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// One kiosk in the committee's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskInfo {
    pub id: i64,
    pub community_id: String,
    pub place_label: String,
    pub place_code: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub idle_seconds: u32,
    pub notice: String,
    pub paired_at: String,
    pub revoked_at: Option<String>,
}

/// `PUT /api/v1/admin/kiosks/{id}`: the settings a committee can change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KioskSettings {
    pub idle_seconds: u32,
    #[serde(default)]
    pub notice: String,
}
