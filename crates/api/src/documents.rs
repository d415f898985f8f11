//! The documents themselves. Field names are the JSON names; tests in `tests/wire.rs` pin the
//! shapes against literal JSON so a rename on one side cannot pass unnoticed.

use linli_core::component_code::{ComponentCode, MajorClass};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A point in WGS-84, as stored and as sent. Chinese base maps need GCJ-02: the map converts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// Every error body of the JSON API: a code the client branches on and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    /// Machine-readable, stable: e.g. `not_found`, `malformed_code`, `read_only`, `unauthorized`.
    pub code: String,
    /// A sentence a person understands.
    pub message: String,
}

/// `meta.json`: what this backend is and can do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Meta {
    /// False on a static export: every write path then says the site is read-only.
    pub writable: bool,
    /// True while the data is the generated Tongzhou sample (示例数据).
    pub sample_data: bool,
    pub district_code: String,
    pub district_name_zh: String,
    pub district_name_en: String,
    /// The city hotline residents can always call (Beijing: 12345).
    pub hotline: String,
    pub version: String,
    /// The SPA's own Open311 `api_key`: public by nature, revocable by the district.
    pub client_api_key: Option<String>,
    /// Where residents' phones reach Linli (`LINLI_PUBLIC_URL`), for the QR codes a committee
    /// prints or a kiosk shows; absent when not configured (the page's own address is used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Community {
    /// Stable ASCII slug used in paths.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The street or town (街道/乡镇) it belongs to.
    pub street_id: String,
    pub street_zh: String,
    pub street_en: String,
}

/// `communities.json` (the district's whole list, for the committee pages and open data) and
/// `communities/by-street/{street}.json` (one street's, for residents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Communities {
    pub sample_data: bool,
    pub communities: Vec<Community>,
}

/// A street or town (街道/乡镇) with communities, as residents choose one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StreetSummary {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub community_count: u32,
}

/// `streets.json`: the district's streets and towns that have communities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Streets {
    pub sample_data: bool,
    pub streets: Vec<StreetSummary>,
}

/// A community with those of its buildings that are near one square of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NearbyCommunity {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub buildings: Vec<LatLon>,
}

/// `communities/near/{square}.json`: every community with a building within the "my position"
/// limit of the square (`linli_core::reach::NearTile`), so a phone finds its community without
/// sending its position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NearbyCommunities {
    pub sample_data: bool,
    pub square: String,
    pub communities: Vec<NearbyCommunity>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    Normal,
    BeingRepaired,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Maintainer {
    pub unit: String,
    pub phone: String,
}

/// `components/{code}.json`: what a QR plate points at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Component {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1101120110000001"))]
    pub code: ComponentCode,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub major_class: MajorClass,
    pub subclass_zh: String,
    pub subclass_en: String,
    pub location: LatLon,
    pub address: String,
    pub community_id: String,
    pub maintainer: Maintainer,
    pub state: ComponentState,
    pub sample_data: bool,
    /// When the plate was removed (RFC 3339), for a retired component: its page says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<String>,
}

/// One line of `components.json` or a community's component index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ComponentSummary {
    pub code: String,
    pub name: String,
    pub community_id: String,
}

/// One page of components in code order: `components.json` (searched and paged, so that it does
/// not grow with the district) or a community's whole index
/// (`components/by-community/{id}.json`, one page holding them all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ComponentIndex {
    pub sample_data: bool,
    pub components: Vec<ComponentSummary>,
    /// This page's number, from 1.
    pub page: u32,
    /// The most components a page holds.
    pub page_size: u32,
    /// The next page's number, when there are more components than this page shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Building {
    pub code: String,
    pub name: String,
    pub community_id: String,
    pub location: LatLon,
    pub address: String,
    pub households: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Buildings {
    pub sample_data: bool,
    pub community_id: String,
    pub buildings: Vec<Building>,
}

/// One everyday service point of the 15-minute circle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServicePoint {
    pub id: String,
    pub name: String,
    /// An id from `linli_core::service_category::CATEGORIES`.
    pub category: String,
    pub location: LatLon,
    pub address: String,
    pub phone: Option<String>,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Mo-Su 06:30-20:00`.
    pub opening_hours: Option<String>,
    pub step_free: bool,
}

/// `services/{community}.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Services {
    pub sample_data: bool,
    pub community_id: String,
    pub services: Vec<ServicePoint>,
}

/// A walking graph: nodes with positions, undirected edges with lengths in metres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WalkingGraph {
    pub sample_data: bool,
    pub community_id: String,
    pub nodes: Vec<LatLon>,
    /// `[from, to, metres]`.
    pub edges: Vec<(u32, u32, f64)>,
}

/// `map-tiles.json`: the licensed map tiles the map page draws under its streets, as the
/// server's operator configured them. Off by default: then `tiles` is `null`, the page draws the
/// streets alone and no request leaves the site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MapTiles {
    pub tiles: Option<TileSource>,
}

/// One provider's tiles (see `linli_core::tiles`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TileSource {
    /// `tianditu`, `gaode`, …
    pub provider: String,
    /// URL templates with `{s}`, `{z}`, `{x}`, `{y}`, drawn in order (base map, then labels);
    /// any key is already filled in.
    pub layers: Vec<String>,
    /// What `{s}` takes, chosen per tile.
    pub subdomains: Vec<String>,
    /// True when the tiles are drawn in GCJ-02: the page converts WGS-84 before placing data.
    pub gcj02: bool,
    pub max_zoom: u8,
    /// The notice the provider's licence asks for (copyright, 审图号), shown on the map.
    pub notice_zh: String,
    pub notice_en: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BallotStatus {
    Draft,
    Open,
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BallotKind {
    /// Choose between `min_choices` and `max_choices` projects.
    Approval,
    /// The chosen projects' costs must fit the budget.
    Budget,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BallotSummary {
    pub id: String,
    pub community_id: String,
    pub title: String,
    pub status: BallotStatus,
    pub kind: BallotKind,
    /// RFC 3339.
    pub opens_at: String,
    pub closes_at: String,
    pub project_count: u32,
}

/// `ballots.json`: the district's open and closed ballots (open data); residents read their
/// community's, [`CommunityBallots`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ballots {
    pub sample_data: bool,
    pub ballots: Vec<BallotSummary>,
}

/// `ballots/by-community/{community}.json`: one community's open and closed ballots, open first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityBallots {
    pub sample_data: bool,
    pub community: Community,
    pub ballots: Vec<BallotSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Project {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// 邻里和谐 · 文化创意 · 运动健康 · 绿色生态
    pub theme: String,
    pub cost_yuan: u64,
    /// Where it would be built, in words.
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub photo_url: Option<String>,
    /// The longer text shown when a card is expanded.
    #[serde(default)]
    pub description: String,
}

/// `ballots/{id}.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ballot {
    #[serde(flatten)]
    pub summary: BallotSummary,
    pub explanation: String,
    pub budget_yuan: Option<u64>,
    pub min_choices: u32,
    pub max_choices: u32,
    /// Pabulib rule name: `greedy`, `greedy-no-skip`, `greedy-threshold`, `equalshares/add1`.
    pub rule: String,
    /// Budget ballots: the least share (0–100) of the budget a selection must use.
    #[serde(default)]
    pub min_budget_share_percent: u32,
    /// `greedy-threshold`: the least number of votes a funded project needs.
    #[serde(default)]
    pub min_project_score: Option<u64>,
    /// An open poll (非约束性意见征集): no voting codes, one vote per device, non-binding. Here
    /// and not in [`BallotSummary`], so the residents' list (in their first load) stays as it was.
    #[serde(default)]
    pub open_poll: bool,
    pub projects: Vec<Project>,
    pub sample_data: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs votes and handles reports for one community.
    Committee,
    /// District staff: every community.
    DistrictAdmin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityRole {
    /// `*` for every community.
    pub community_id: String,
    pub role: Role,
}

/// `session.json`: who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfo {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<CommunityRole>,
}

impl SessionInfo {
    /// Whether this account acts for the whole district (places, imports, keys, the whole audit
    /// trail).
    pub fn is_district_admin(&self) -> bool {
        self.roles.iter().any(|r| r.role == Role::DistrictAdmin)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityFigures {
    pub community_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub components: u32,
    pub components_being_repaired: u32,
    pub buildings: u32,
    pub households: u32,
    pub service_points: u32,
    pub open_ballots: u32,
}

/// `admin/dashboard.json`: the committee's first page, for the communities the session covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Dashboard {
    pub sample_data: bool,
    pub communities: Vec<CommunityFigures>,
}

/// One building's row of the committee's gap matrix (`admin/gaps/{community}.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GapRow {
    pub building_code: String,
    pub building_name: String,
    /// Basic category ids with no service within 15 minutes.
    pub missing: Vec<String>,
    /// Basic category ids within 15 minutes but beyond their closer walk level.
    pub beyond_walk_level: Vec<String>,
}
