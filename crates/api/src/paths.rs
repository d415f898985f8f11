//! The stable paths of the API, written once for both sides.
//!
//! Every read ends in `.json` so that a static export of the same documents is served with the
//! right type by any static host.

pub const API_ROOT: &str = "/api/v1";
pub const META: &str = "/api/v1/meta.json";
pub const COMMUNITIES: &str = "/api/v1/communities.json";
pub const COMPONENTS: &str = "/api/v1/components.json";
pub const BALLOTS: &str = "/api/v1/ballots.json";
pub const OPENAPI: &str = "/api/v1/openapi.json";
pub const SESSION: &str = "/api/v1/session.json";
pub const LOGIN: &str = "/api/v1/session/login";
pub const LOGOUT: &str = "/api/v1/session/logout";
pub const DASHBOARD: &str = "/api/v1/admin/dashboard.json";
pub const OPEN311_ROOT: &str = "/open311/v2";
pub const OPEN311_REQUESTS: &str = "/open311/v2/requests.json";
pub const ADMIN_REQUESTS: &str = "/api/v1/admin/requests.json";
pub const ADMIN_RATES: &str = "/api/v1/admin/rates.json";

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

/// "Me too" on an open report.
pub fn support(id: &str) -> String {
    format!("{API_ROOT}/requests/{id}/supporters")
}
