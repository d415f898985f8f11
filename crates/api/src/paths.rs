//! The stable paths of the API, written once for both sides.
//!
//! Every read ends in `.json` so that a static export of the same documents is served with the
//! right type by any static host.

pub const API_ROOT: &str = "/api/v1";
pub const META: &str = "/api/v1/meta.json";
/// The district's whole list of communities, for the committee pages; residents choose a
/// street ([`STREETS`]), then one of its communities ([`street_communities`]).
pub const COMMUNITIES: &str = "/api/v1/communities.json";
pub const STREETS: &str = "/api/v1/streets.json";
pub const COMPONENTS: &str = "/api/v1/components.json";
/// The district's open and closed ballots; residents read their community's
/// ([`community_ballots`]).
pub const BALLOTS: &str = "/api/v1/ballots.json";
pub const OPENAPI: &str = "/api/v1/openapi.json";
/// The map page's tile setting (off unless the operator configures a provider).
pub const MAP_TILES: &str = "/api/v1/map-tiles.json";
pub const SESSION: &str = "/api/v1/session.json";
pub const LOGIN: &str = "/api/v1/session/login";
pub const LOGOUT: &str = "/api/v1/session/logout";
pub const DASHBOARD: &str = "/api/v1/admin/dashboard.json";
pub const OPEN311_ROOT: &str = "/open311/v2";
pub const OPEN311_REQUESTS: &str = "/open311/v2/requests.json";
pub const ADMIN_REQUESTS: &str = "/api/v1/admin/requests.json";
pub const ADMIN_RATES: &str = "/api/v1/admin/rates.json";
/// `?from=YYYY-MM-DD&to=YYYY-MM-DD&period=week|month&community=`: [`crate::CommitteeFigures`].
pub const ADMIN_FIGURES: &str = "/api/v1/admin/figures.json";
/// The report queue's list with its filters, whole, as CSV.
pub const ADMIN_REQUESTS_CSV: &str = "/api/v1/admin/requests.csv";
pub const ADMIN_LIBRARY: &str = "/api/v1/admin/library.json";
pub const ADMIN_LIBRARY_NEW: &str = "/api/v1/admin/library";
pub const ADMIN_BALLOTS: &str = "/api/v1/admin/ballots.json";
pub const ADMIN_BALLOTS_NEW: &str = "/api/v1/admin/ballots";
/// `POST` a [`crate::QrRequest`]: QR codes as SVG, for print sheets.
pub const ADMIN_QR: &str = "/api/v1/admin/qr";

pub fn component(code: &str) -> String {
    format!("/api/v1/components/{code}.json")
}

pub fn building(code: &str) -> String {
    format!("/api/v1/buildings/{code}.json")
}

pub fn ballot(id: &str) -> String {
    format!("/api/v1/ballots/{id}.json")
}

pub fn services(community: &str) -> String {
    format!("/api/v1/services/{community}.json")
}

/// Every component of one community, in code order.
pub fn components_of(community: &str) -> String {
    format!("/api/v1/components/by-community/{community}.json")
}

/// A community's public performance, [`crate::Performance`].
pub fn community_performance(community: &str) -> String {
    format!("/api/v1/performance/community/{community}.json")
}

pub fn street_performance(street: &str) -> String {
    format!("/api/v1/performance/street/{street}.json")
}

pub fn street_communities(street: &str) -> String {
    format!("/api/v1/communities/by-street/{street}.json")
}

/// The communities near one square of the map, named as `linli_core::reach::NearTile` names it.
pub fn nearby_communities(square: &str) -> String {
    format!("/api/v1/communities/near/{square}.json")
}

pub fn community_ballots(community: &str) -> String {
    format!("/api/v1/ballots/by-community/{community}.json")
}

pub fn buildings(community: &str) -> String {
    format!("/api/v1/buildings/by-community/{community}.json")
}

pub fn walking_graph(community: &str) -> String {
    format!("/api/v1/walking-graphs/{community}.json")
}

/// The reporter's view; needs the `X-Tracking-Secret` header.
pub fn tracked_request(id: &str) -> String {
    format!("/api/v1/requests/{id}.json")
}

pub fn rating(id: &str) -> String {
    format!("/api/v1/requests/{id}/rating")
}

pub fn reopen(id: &str) -> String {
    format!("/api/v1/requests/{id}/reopen")
}

pub fn phone_erase(id: &str) -> String {
    format!("/api/v1/requests/{id}/phone/erase")
}

/// The reporter stops the gateway's text messages; needs the `X-Tracking-Secret` header.
pub fn stop_messages(id: &str) -> String {
    format!("/api/v1/requests/{id}/messages/stop")
}

pub fn committee_request(id: &str) -> String {
    format!("/api/v1/admin/requests/{id}.json")
}

pub fn status_change(id: &str) -> String {
    format!("/api/v1/admin/requests/{id}/status")
}

/// A report's photo; `token` is random, so the path reveals nothing about other photos.
pub fn photo(token: &str) -> String {
    format!("{API_ROOT}/photos/{token}.jpg")
}

/// A report's photo for a committee session, hidden or not.
pub fn committee_photo(token: &str) -> String {
    format!("{API_ROOT}/admin/photos/{token}.jpg")
}

/// Hiding or restoring a part of a report.
pub fn report_moderation(id: &str) -> String {
    format!("{API_ROOT}/admin/requests/{id}/moderation")
}

/// Blurring a region of a report's photo (position from 1).
pub fn photo_blur(id: &str, position: u32) -> String {
    format!("{API_ROOT}/admin/requests/{id}/photos/{position}/blur")
}

/// "Me too" on an open report.
pub fn support(id: &str) -> String {
    format!("{API_ROOT}/requests/{id}/supporters")
}

/// The page a voting-code QR opens; the code rides in the fragment, which browsers never send.
pub fn vote_page(ballot: &str, code: &str) -> String {
    format!("/v/{ballot}#{code}")
}

/// `POST` a [`crate::CastVote`].
pub fn cast_vote(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/votes")
}

pub fn turnout(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/turnout.json")
}

pub fn results(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/results.json")
}

pub fn published_ballots(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/published.json")
}

/// What happened to a ballot, in order: opened, codes issued, closed, paper ballots confirmed.
pub fn ballot_events(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/events.json")
}

pub fn receipt(ballot: &str, receipt: &str) -> String {
    format!("/api/v1/ballots/{ballot}/receipts/{receipt}.json")
}

/// The receipt's QR as SVG: it holds [`receipt_page`] on the server's own address.
pub fn receipt_qr(ballot: &str, receipt: &str) -> String {
    format!("/api/v1/ballots/{ballot}/receipts/{receipt}/qr.svg")
}

/// The ballot page with its "check my receipt" search filled in. A receipt is no secret (the
/// counted receipts are published after close, apart from the choices), so it can travel in the
/// query.
pub fn receipt_page(ballot: &str, receipt: &str) -> String {
    format!("/v/{ballot}?receipt={receipt}")
}

pub fn export_pb(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/export.pb")
}

pub fn export_csv(ballot: &str) -> String {
    format!("/api/v1/ballots/{ballot}/export.csv")
}

pub fn library_project(id: i64) -> String {
    format!("/api/v1/admin/library/{id}")
}

/// `GET` with `.json` for the committee's view (drafts included); `PUT` without to edit a draft.
pub fn admin_ballot(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}")
}

/// `GET`: a ballot as the committee defined it (library project ids), for the draft editor.
pub fn admin_ballot_definition(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/definition.json")
}

pub fn open_ballot(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/open")
}

pub fn close_ballot(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/close")
}

pub fn generate_codes(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/codes")
}

/// Asking for codes for an open ballot (`POST`), and the requests waiting (`.json`).
pub fn code_requests(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/code-requests")
}

/// A second member confirms a request for codes, and gets them.
pub fn confirm_code_request(ballot: &str, request: i64) -> String {
    format!("/api/v1/admin/ballots/{ballot}/code-requests/{request}/confirm")
}

/// `POST` a member's keying of a paper ballot; `GET` with `.json` the ballot's paper ballots.
pub fn paper_ballots(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/paper")
}

/// A member rejects a waiting paper ballot, with a reason.
pub fn reject_paper(ballot: &str, paper: i64) -> String {
    format!("/api/v1/admin/ballots/{ballot}/paper/{paper}/reject")
}

/// `POST` CSV (`code,projects`); `?dry_run=true` previews.
pub fn import_paper(ballot: &str) -> String {
    format!("/api/v1/admin/ballots/{ballot}/paper/import")
}

/// A component's small map of the streets around it (SVG).
pub fn component_map(code: &str) -> String {
    format!("{API_ROOT}/components/{code}/map.svg")
}

/// Kiosks: an unpaired screen's pairing code and poll, a paired one's own settings.
pub const KIOSK_PAIRING: &str = "/api/v1/kiosk/pairing";
pub const KIOSK_PAIRING_POLL: &str = "/api/v1/kiosk/pairing/poll";
pub const KIOSK_CONFIG: &str = "/api/v1/kiosk/config.json";
pub const ADMIN_KIOSKS: &str = "/api/v1/admin/kiosks.json";
pub const ADMIN_KIOSKS_PAIR: &str = "/api/v1/admin/kiosks/pair";

pub fn admin_kiosk(id: i64) -> String {
    format!("/api/v1/admin/kiosks/{id}")
}

pub fn admin_kiosk_revoke(id: i64) -> String {
    format!("/api/v1/admin/kiosks/{id}/revoke")
}
