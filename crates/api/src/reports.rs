//! Reports as the resident's tracking page and the committee's queue see them (the Open311
//! documents themselves are defined by the spec and live with the server).

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The header that carries a report's tracking secret (from the fragment of its private
/// tracking link): the server checks it, and keeps no copy of an answer asked with it.
pub const TRACKING_SECRET_HEADER: &str = "x-tracking-secret";

/// One public step of a request's life: `status` is an Open311 status name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TimelineEntry {
    pub status: String,
    pub note: String,
    /// RFC 3339, Beijing time.
    pub at: String,
    /// Only the committee sees internal notes.
    pub public: bool,
    /// The update's number, which a committee member names to hide a reporter's words.
    #[serde(default)]
    pub id: String,
    /// Written by the reporter (a reopening's reason), not by the committee: such words can be
    /// hidden from the public.
    #[serde(default)]
    pub by_reporter: bool,
    /// Written by a city system through its key (`POST servicerequestupdates`): the key's
    /// label, e.g. `12345`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_system: Option<String>,
}

/// A part of a report that residents wrote or took and that a committee member can hide from
/// every public view: its description, one photo (by position, from 1), or a public update the
/// reporter wrote (by its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportPart {
    Description,
    Photo(u32),
    Update(i64),
}

/// A part hidden from the public, and the reason the reporter is shown on the tracking page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HiddenPart {
    pub part: ReportPart,
    pub reason: String,
    /// RFC 3339, Beijing time.
    pub at: String,
}

/// A committee member hides (`hidden`) or restores a part, with the reason either way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Moderation {
    pub part: ReportPart,
    pub hidden: bool,
    pub reason: String,
}

/// The rectangle of a photo to blur (a face, a phone number, a licence plate), in fractions of
/// the photo's width and height from its top left corner.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BlurRegion {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A photo as the committee sees it: hidden or not (see [`CommitteeRequest::hidden`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommitteePhoto {
    pub position: u32,
    /// Under `/api/v1/admin/photos/`: it answers for hidden photos too, to a committee session.
    pub path: String,
    /// A region of it has been blurred (the original is not kept).
    pub blurred: bool,
}

/// `requests/{id}.json` with the `X-Tracking-Secret` header: what the reporter follows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrackedRequest {
    pub id: String,
    pub service_code: String,
    pub component_code: Option<String>,
    pub status: String,
    pub description: String,
    pub address: String,
    pub requested_at: String,
    pub expected_at: String,
    pub overdue: bool,
    pub supporters: u32,
    /// Masked (`138****8000`) in every view but the committee's.
    pub phone_masked: Option<String>,
    /// Days after the report is finished (fixed or closed) at which the phone number is erased.
    pub phone_erased_after_days: u32,
    pub rating: Option<u8>,
    pub can_rate: bool,
    pub can_reopen: bool,
    /// Paths of the report's photos (`/api/v1/photos/{token}.jpg`), at most three; a hidden
    /// photo is left out and named in `hidden`.
    pub photos: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    /// What the committee hid from the public, and why.
    #[serde(default)]
    pub hidden: Vec<HiddenPart>,
    /// The original this report was merged into (status `duplicate`): its public page is
    /// `/r/{duplicate_of}`.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// Whether the reporter is sent a text message of each public change: the report has a phone
    /// number, the district a message gateway, and the reporter has not stopped them.
    #[serde(default)]
    pub messages_on: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RatingRequest {
    pub rating: u8,
    #[serde(default)]
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReopenRequest {
    pub reason: String,
}

/// A line of the committee's queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QueueEntry {
    pub id: String,
    pub service_code: String,
    pub component_code: Option<String>,
    pub community_id: Option<String>,
    pub status: String,
    pub description: String,
    pub requested_at: String,
    pub expected_at: String,
    pub overdue: bool,
    pub supporters: u32,
}

/// `admin/requests/{id}.json`: everything, including the reporter's phone and internal notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommitteeRequest {
    #[serde(flatten)]
    pub entry: QueueEntry,
    pub phone: Option<String>,
    pub maintainer_unit: Option<String>,
    pub maintainer_phone: Option<String>,
    pub rating: Option<u8>,
    pub rating_comment: Option<String>,
    pub photos: Vec<CommitteePhoto>,
    pub timeline: Vec<TimelineEntry>,
    /// Where the report was filed, exactly: the public views round it (to about 20 m).
    pub location: crate::LatLon,
    /// What is hidden from the public, and why.
    #[serde(default)]
    pub hidden: Vec<HiddenPart>,
    /// The original this report was merged into, while it is a duplicate.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// The reports merged into this one, oldest first.
    #[serde(default)]
    pub duplicates: Vec<String>,
    /// The case number the city's system (12345 / 数字城管) gave this report, once forwarded.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// A committee's change of status, with a note that the reporter sees when `public`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StatusChange {
    pub status: String,
    #[serde(default)]
    pub note: String,
    #[serde(default = "yes")]
    pub public: bool,
    /// With status `duplicate`, and only then: the number of the original report (`12` or
    /// `#12`). Merging moves the duplicate's supporters there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewApiKey {
    pub label: String,
    /// What the key may do; a resident client's by default.
    #[serde(default)]
    pub scope: ApiKeyScope,
}

/// What an Open311 key may do. A secret is scoped to whoever it belongs to: a resident client's
/// key files reports and cannot change one, a city system's key posts updates to reports
/// (`POST servicerequestupdates`) and cannot file them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyScope {
    #[default]
    Client,
    /// Beijing's 12345 or 数字城管 case system, taking Linli's cases and answering with updates.
    CaseIntake,
}

impl ApiKeyScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyScope::Client => "client",
            ApiKeyScope::CaseIntake => "case_intake",
        }
    }

    pub fn parse(text: &str) -> Option<ApiKeyScope> {
        match text {
            "client" => Some(ApiKeyScope::Client),
            "case_intake" => Some(ApiKeyScope::CaseIntake),
            _ => None,
        }
    }
}

/// The key is shown once, when it is made; the server keeps only its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiKeyCreated {
    pub id: String,
    pub label: String,
    pub key: String,
    #[serde(default)]
    pub scope: ApiKeyScope,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiKeyInfo {
    /// The first 12 hex digits of the key's SHA-256.
    pub id: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
    #[serde(default)]
    pub scope: ApiKeyScope,
}

/// Open311's answer to a new request, one element of the array it returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatedRequest {
    pub service_request_id: String,
    pub token: String,
    pub service_notice: String,
    pub account_id: Option<String>,
    /// Linli's extension: the secret of the private tracking link `/r/{id}#{secret}`.
    pub tracking_secret: String,
}

/// One element of an Open311 error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

/// A request as Open311's public list shows it: never the reporter's contact details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublicRequest {
    pub service_request_id: String,
    pub status: String,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: String,
    pub address: String,
    pub lat: f64,
    #[serde(rename = "long")]
    pub lon: f64,
    /// The first photo, as a URL on this site's address (the public one when configured); a path
    /// when the request named no address; empty without photos.
    pub media_url: String,
    /// Linli's extensions.
    pub component_code: Option<String>,
    pub supporters: u32,
    /// The original a duplicate was merged into (its `service_request_id`); `service_notice`
    /// names it too, for clients that know only the spec's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// The case number the city's system (12345 / 数字城管) gave this report, once forwarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// One community's 接诉即办 figures for a month: counts, and the three rates in whole per cent
/// (absent when nothing was counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityRates {
    pub community_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub filed: u32,
    pub responded: u32,
    pub resolved: u32,
    pub resolvable: u32,
    pub rated: u32,
    pub satisfied: u32,
    pub response_rate: Option<u32>,
    pub resolution_rate: Option<u32>,
    pub satisfaction_rate: Option<u32>,
}

/// `admin/rates.json?month=YYYY-MM`: the month's rates for the communities the session covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthlyRates {
    pub month: String,
    pub communities: Vec<CommunityRates>,
}

/// "Me too": a resident with the same problem supports an open report instead of filing another.
/// `device` is a random id this browser keeps, so one phone counts once; only its hash is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportRequest {
    pub device: String,
}
