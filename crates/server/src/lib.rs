//! Linli's server: one axum router over one SQLite file. Reads are plain JSON documents at
//! stable `.json` paths (and can be exported as files); writes validate, answer 4xx with a
//! sentence people understand, and never half-store.

pub mod backup;
pub mod case_forwarding;
pub mod db;
pub mod district;
pub mod error;
pub mod export;
pub mod gateway;
pub mod generate;
pub mod key_rotation;
pub mod secrets;
pub mod seed;
pub mod serve;

mod accounts;
mod admin;
pub mod audit;
mod caching;
mod csv_cell;
mod disk_full;
mod health;
pub mod imports;
mod kiosk;
mod map;
mod meta;
pub mod metrics;
mod open311;
mod openapi;
mod places;
mod plates;
mod qr;
pub mod rate_limits;
mod report;
mod request_limits;
mod sample;
mod scan;
pub mod vote;
mod web;
mod webhook;

use std::sync::Arc;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{get, post, put};
use linli_api::paths;

use crate::rate_limits::Limited;
use crate::request_limits::WriteClass;

pub use crate::accounts::{FirstRunAccount, create_committee_account};
pub use crate::admin::{PASSWORD_CHECKS_AT_ONCE, SessionRules};
pub use crate::db::Db;
pub use crate::error::AppError;
pub use crate::kiosk::pair_kiosk;
pub use crate::map::import::{ImportReport, import_file as import_services_file};
pub use crate::map::tiles::{MapTilesSetting, TileOptions};
pub use crate::openapi::openapi_document;
pub use crate::report::phone_erasure::{PhoneErasure, erase_expired_phones, spawn_phone_erasure};
pub use crate::sample::load_sample_if_empty;
pub use crate::vote::attempts::ClientAddress;
pub use crate::web::Spa;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The built SPA, when this server serves it (tests of the API alone leave it out).
    pub spa: Option<Arc<Spa>>,
    /// Whether to mark the session cookie `Secure`: true when served over TLS (directly or behind
    /// a proxy that terminates it).
    pub secure_cookies: bool,
    /// Encrypts reporters' phone numbers and derives tracking secrets.
    pub secrets: Arc<secrets::Secrets>,
    /// The address residents' phones use (`https://linli.example.cn`), put in printed QR codes
    /// instead of whatever address the committee's desktop reached the server by.
    pub public_url: Option<String>,
    /// The map page's licensed tiles, off unless the operator chose a provider.
    pub map_tiles: Arc<MapTilesSetting>,
    /// How long a slow client is waited for.
    pub limits: serve::ServeLimits,
    /// Recent failed voting-code attempts, per address and per ballot.
    pub code_attempts: Arc<vote::attempts::FailedCodeAttempts>,
    /// How fast a client may sign in, report, add "me too" and pair kiosks.
    pub rate_limits: Arc<rate_limits::RateLimits>,
    /// The header a trusted reverse proxy passes the client's address in; `None` takes the
    /// address of the connection.
    pub client_address_header: Option<axum::http::HeaderName>,
    /// How long committee sessions last.
    pub sessions: admin::SessionRules,
    /// How long a finished report keeps its reporter's phone number.
    pub phone_erasure: PhoneErasure,
    /// The district's message gateway; `None` sends (and enqueues) no message.
    pub gateway: Option<gateway::Gateway>,
    /// The city's case system that new reports and public changes are forwarded to; `None`
    /// forwards (and enqueues) nothing.
    pub case_forwarding: Option<case_forwarding::CaseForwarding>,
}

/// The whole HTTP surface. Tests call `app(state).oneshot(request)` without a socket.
///
/// Every write route says what it takes with `within(WriteClass::…)`: the most its body may weigh
/// and how long it may take (src/request_limits.rs). axum's own body limit is off there, so that
/// the class's is the only one, and answered in the project's words.
pub fn app(state: AppState) -> Router {
    let limited =
        |kind| axum::middleware::from_fn_with_state((state.clone(), kind), rate_limits::limit);
    let within = |class| {
        (
            axum::middleware::from_fn_with_state(
                (state.clone(), class),
                request_limits::within_class,
            ),
            axum::extract::DefaultBodyLimit::disable(),
        )
    };
    let api = Router::new()
        .route("/meta.json", get(meta::meta_get))
        .route("/communities.json", get(meta::communities_get))
        .route("/streets.json", get(meta::streets_get))
        .route(
            "/communities/by-street/{file}",
            get(meta::street_communities_get),
        )
        .route(
            "/communities/near/{file}",
            get(meta::nearby_communities_get),
        )
        .route(
            "/performance/community/{file}",
            get(report::figures::community_performance_get),
        )
        .route(
            "/performance/street/{file}",
            get(report::figures::street_performance_get),
        )
        .route(
            "/components.json",
            get(scan::component_index::components_index_get),
        )
        .route(
            "/components/by-community/{file}",
            get(scan::component_index::community_components_get),
        )
        .route("/components/{file}", get(scan::component_get))
        .route(
            "/components/{code}/map.svg",
            get(map::minimap::component_map_get),
        )
        .route("/buildings/{file}", get(scan::building_get))
        .route("/buildings/by-community/{file}", get(map::buildings_get))
        .route("/services/{file}", get(map::services_get))
        .route("/walking-graphs/{file}", get(map::walking_graph_get))
        .route("/map-tiles.json", get(map::tiles::map_tiles_get))
        .route("/ballots.json", get(vote::ballots_get))
        .route(
            "/ballots/by-community/{file}",
            get(vote::community_ballots_get),
        )
        .route("/ballots/{file}", get(vote::ballot_get))
        .route(
            "/ballots/{id}/votes",
            post(vote::vote_post).layer(within(WriteClass::Form)),
        )
        .route("/ballots/{id}/turnout.json", get(vote::turnout_get))
        .route("/ballots/{id}/results.json", get(vote::results_get))
        .route("/ballots/{id}/published.json", get(vote::published_get))
        .route("/ballots/{id}/events.json", get(vote::events_get))
        .route("/ballots/{id}/receipts/{file}", get(vote::receipt_get))
        .route(
            "/ballots/{id}/receipts/{file}/qr.svg",
            get(vote::receipt_qr_get),
        )
        .route("/ballots/{id}/export.pb", get(vote::export_pb_get))
        .route("/ballots/{id}/export.csv", get(vote::export_csv_get))
        .route("/admin/library.json", get(vote::library_get))
        .route(
            "/admin/library",
            post(vote::library_post).layer(within(WriteClass::Document)),
        )
        .route(
            "/admin/library/{id}",
            put(vote::library_put).layer(within(WriteClass::Document)),
        )
        .route("/admin/ballots.json", get(vote::admin_ballots_get))
        .route(
            "/admin/ballots",
            post(vote::admin_ballots_post).layer(within(WriteClass::Document)),
        )
        .route(
            "/admin/ballots/{file}",
            get(vote::admin_ballot_get)
                .put(vote::admin_ballot_put.layer(within(WriteClass::Document))),
        )
        .route(
            "/admin/ballots/{id}/definition.json",
            get(vote::admin_ballot_definition_get),
        )
        .route(
            "/admin/ballots/{id}/open",
            post(vote::ballot_open_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/close",
            post(vote::ballot_close_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/codes",
            post(vote::codes_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/code-requests",
            post(vote::code_requests_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/code-requests.json",
            get(vote::code_requests_get),
        )
        .route(
            "/admin/ballots/{id}/code-requests/{request}/confirm",
            post(vote::code_request_confirm_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/qr",
            post(vote::qr_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/paper",
            post(vote::paper_post).layer(within(WriteClass::Form)),
        )
        .route("/admin/ballots/{id}/paper.json", get(vote::paper_get))
        .route(
            "/admin/ballots/{id}/paper/{paper}/reject",
            post(vote::paper_reject_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/ballots/{id}/paper/import",
            post(vote::paper_import_post).layer(within(WriteClass::Import)),
        )
        .route("/session.json", get(admin::session_get))
        .route(
            "/session/login",
            post(admin::session_login)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::SignIn)),
        )
        .route(
            "/session/logout",
            post(admin::session_logout).layer(within(WriteClass::Form)),
        )
        .route(
            "/session/logout-everywhere",
            post(admin::session_logout_everywhere).layer(within(WriteClass::Form)),
        )
        .route("/admin/dashboard.json", get(admin::dashboard_get))
        .route("/admin/requests.json", get(report::queue_get))
        .route("/admin/rates.json", get(report::rates_get))
        .route("/admin/figures.json", get(report::figures::figures_get))
        .route(
            "/admin/requests.csv",
            get(report::figures::requests_csv_get),
        )
        .route("/admin/requests/{file}", get(report::committee_request_get))
        .route(
            "/admin/requests/{id}/status",
            post(report::status_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/requests/{id}/moderation",
            post(report::moderation::moderation_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/requests/{id}/photos/{position}/blur",
            post(report::moderation::blur_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/photos/{file}",
            get(report::photos::committee_photo_get),
        )
        .route("/admin/plates/{file}", get(plates::plate_get))
        .route("/admin/plate-sheet.svg", get(plates::sheet_get))
        .route("/admin/gaps/{file}", get(map::gaps::gaps_get))
        .route(
            "/admin/services/{community}/import",
            post(map::import::import_post).layer(within(WriteClass::Import)),
        )
        .route("/admin/places.json", get(places::places_get))
        .route(
            "/admin/streets",
            post(places::street_post).layer(within(WriteClass::Document)),
        )
        .route(
            "/admin/streets/{id}",
            put(places::street_put).layer(within(WriteClass::Document)),
        )
        .route(
            "/admin/communities",
            post(places::community_post).layer(within(WriteClass::Document)),
        )
        .route(
            "/admin/communities/{id}",
            put(places::community_put).layer(within(WriteClass::Document)),
        )
        .route("/admin/units.json", get(places::units_get))
        .route(
            "/admin/units",
            post(places::unit_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/units/{id}",
            put(places::unit_put).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/components/{file}",
            get(places::component_record_get)
                .put(places::component_put.layer(within(WriteClass::Form))),
        )
        .route(
            "/admin/components/{file}/retire",
            post(places::component_retire_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/imports/{kind}",
            post(imports::http::import_post).layer(within(WriteClass::Import)),
        )
        .route("/admin/exports/{file}", get(imports::http::export_get))
        .route(
            "/admin/walking-graphs/{community}",
            post(imports::http::walking_post).layer(within(WriteClass::Import)),
        )
        .route("/admin/audit.json", get(audit::http::audit_get))
        .route("/admin/audit.csv", get(audit::http::audit_csv_get))
        .route("/admin/api-keys.json", get(admin::api_keys_get))
        .route(
            "/admin/api-keys",
            post(admin::api_keys_post).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/api-keys/{id}/revoke",
            post(admin::api_key_revoke).layer(within(WriteClass::Form)),
        )
        .route("/requests/{file}", get(report::tracked_get))
        .route(
            "/requests/{id}/rating",
            post(report::rating_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Support)),
        )
        .route(
            "/requests/{id}/reopen",
            post(report::reopen_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Support)),
        )
        .route(
            "/requests/{id}/phone/erase",
            post(report::phone_erase_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Support)),
        )
        .route(
            "/requests/{id}/messages/stop",
            post(report::messages_stop_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Support)),
        )
        .route(
            "/requests/{id}/supporters",
            post(report::support::support_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Support)),
        )
        .route("/photos/{file}", get(report::photos::photo_get))
        .route(
            "/kiosk/pairing",
            post(kiosk::pairing_post)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Pairing)),
        )
        .route(
            "/kiosk/pairing/poll",
            post(kiosk::pairing_poll).layer(within(WriteClass::Form)),
        )
        .route("/kiosk/config.json", get(kiosk::config_get))
        .route("/admin/kiosks.json", get(kiosk::admin_kiosks_get))
        .route(
            "/admin/kiosks/pair",
            post(kiosk::admin_kiosk_pair)
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::Pairing)),
        )
        .route(
            "/admin/kiosks/{id}",
            put(kiosk::admin_kiosk_put).layer(within(WriteClass::Form)),
        )
        .route(
            "/admin/kiosks/{id}/revoke",
            post(kiosk::admin_kiosk_revoke).layer(within(WriteClass::Form)),
        )
        .route("/openapi.json", get(openapi::openapi_get))
        .fallback(meta::api_not_found);
    // Each document in both of GeoReport v2's formats: the `{file}` handlers read theirs from
    // the segment's extension, the others are two literal paths to one handler.
    let requests = || {
        get(open311::requests_get)
            .post(open311::requests_post)
            .layer(within(WriteClass::Report))
            .layer(limited(Limited::Reports))
    };
    // A city system's updates (FixMyStreet's POST), beside the public list of updates.
    let updates = || {
        get(open311::updates_get).post(
            case_forwarding::inbound::updates_post
                .layer(within(WriteClass::Form))
                .layer(limited(Limited::CaseUpdates)),
        )
    };
    let open311 = Router::new()
        .route("/discovery.json", get(open311::discovery_get))
        .route("/discovery.xml", get(open311::discovery_get))
        .route("/services.json", get(open311::services_get))
        .route("/services.xml", get(open311::services_get))
        .route("/services/{file}", get(open311::service_definition_get))
        .route("/requests.json", requests())
        .route("/requests.xml", requests())
        .route("/requests/{file}", get(open311::request_get))
        .route("/tokens/{file}", get(open311::token_get))
        .route("/servicerequestupdates.json", updates())
        .route("/servicerequestupdates.xml", updates())
        .fallback(open311::not_found);
    Router::new()
        .nest(paths::API_ROOT, api)
        .nest(paths::OPEN311_ROOT, open311)
        .merge(health::routes())
        .merge(metrics::routes())
        .fallback(web::spa_get)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            serve::slow_client_limits,
        ))
        .layer(axum::middleware::from_fn(caching::api_caching))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            admin::same_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::security_headers,
        ))
        .layer(web::trace_layer())
        .layer(axum::middleware::from_fn(metrics::track))
        .with_state(state)
}

/// Strips the `.json` of a path segment such as `1101120110000001.json`. The router cannot match
/// a parameter followed by a suffix, so each document handler calls this.
fn json_name(file: &str) -> Result<&str, AppError> {
    file.strip_suffix(".json")
        .filter(|name| !name.is_empty())
        .ok_or_else(|| AppError::not_found("这里没有这个文档。No document at this path."))
}
