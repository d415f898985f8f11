//! The OpenAPI 3.1 description, generated from the handlers' `#[utoipa::path]` attributes.

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::{Operation, PathItem};

use crate::open311::format::XML_MEDIA_TYPE;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linli 邻里 API",
        description = "Tongzhou neighbourhood governance: components, ballots, the 15-minute circle. Every read is a plain JSON document at a stable path.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        crate::meta::meta_get,
        crate::meta::communities_get,
        crate::meta::streets_get,
        crate::meta::street_communities_get,
        crate::meta::nearby_communities_get,
        crate::scan::component_index::components_index_get,
        crate::scan::component_index::community_components_get,
        crate::scan::component_get,
        crate::scan::building_get,
        crate::map::buildings_get,
        crate::map::services_get,
        crate::map::walking_graph_get,
        crate::map::tiles::map_tiles_get,
        crate::vote::documents::ballots_get,
        crate::vote::documents::community_ballots_get,
        crate::vote::documents::ballot_get,
        crate::vote::cast::vote_post,
        crate::vote::results::turnout_get,
        crate::vote::results::results_get,
        crate::vote::results::published_get,
        crate::vote::events::events_get,
        crate::vote::code_requests::code_requests_get,
        crate::vote::code_requests::code_requests_post,
        crate::vote::code_requests::code_request_confirm_post,
        crate::vote::results::receipt_get,
        crate::vote::results::receipt_qr_get,
        crate::vote::results::export_pb_get,
        crate::vote::results::export_csv_get,
        crate::vote::library::library_get,
        crate::vote::library::library_post,
        crate::vote::library::library_put,
        crate::vote::committee::admin_ballots_get,
        crate::vote::committee::admin_ballots_post,
        crate::vote::committee::admin_ballot_get,
        crate::vote::committee::admin_ballot_put,
        crate::vote::committee::admin_ballot_definition_get,
        crate::vote::committee::ballot_open_post,
        crate::vote::committee::ballot_close_post,
        crate::vote::committee::codes_post,
        crate::vote::sheet::qr_post,
        crate::vote::paper::paper_post,
        crate::vote::paper::paper_get,
        crate::vote::paper::paper_reject_post,
        crate::vote::paper::paper_import_post,
        crate::admin::session_get,
        crate::admin::session_login,
        crate::admin::session_logout,
        crate::admin::dashboard_get,
        crate::open311::discovery_get,
        crate::open311::services_get,
        crate::open311::service_definition_get,
        crate::open311::requests_post,
        crate::open311::requests_get,
        crate::open311::request_get,
        crate::open311::token_get,
        crate::open311::updates_get,
        crate::case_forwarding::inbound::updates_post,
        crate::report::tracking::tracked_get,
        crate::report::tracking::rating_post,
        crate::report::tracking::reopen_post,
        crate::report::tracking::phone_erase_post,
        crate::report::tracking::messages_stop_post,
        crate::report::support::support_post,
        crate::plates::plate_get,
        crate::plates::sheet_get,
        crate::map::gaps::gaps_get,
        crate::map::minimap::component_map_get,
        crate::map::import::import_post,
        crate::report::photos::photo_get,
        crate::report::photos::committee_photo_get,
        crate::report::moderation::moderation_post,
        crate::report::moderation::blur_post,
        crate::report::committee::queue_get,
        crate::report::rates::rates_get,
        crate::report::figures::figures_get,
        crate::report::figures::requests_csv_get,
        crate::report::figures::community_performance_get,
        crate::report::figures::street_performance_get,
        crate::report::committee::committee_request_get,
        crate::report::committee::status_post,
        crate::places::streets::places_get,
        crate::places::streets::street_post,
        crate::places::streets::street_put,
        crate::places::communities::community_post,
        crate::places::communities::community_put,
        crate::places::units::units_get,
        crate::places::units::unit_post,
        crate::places::units::unit_put,
        crate::places::components::component_record_get,
        crate::places::components::component_put,
        crate::places::components::component_retire_post,
        crate::imports::http::import_post,
        crate::imports::http::export_get,
        crate::imports::http::walking_post,
        crate::admin::api_keys_get,
        crate::admin::api_keys_post,
        crate::admin::api_key_revoke,
        crate::admin::session_logout_everywhere,
        crate::audit::http::audit_get,
        crate::audit::http::audit_csv_get,
        crate::kiosk::pairing_post,
        crate::kiosk::pairing_poll,
        crate::kiosk::config_get,
        crate::kiosk::admin_kiosks_get,
        crate::kiosk::admin_kiosk_pair,
        crate::kiosk::admin_kiosk_put,
        crate::kiosk::admin_kiosk_revoke,
        openapi_get,
        crate::health::healthz_get,
        crate::health::readyz_get,
    ),
    tags(
        (name = "meta"), (name = "scan"), (name = "map"), (name = "vote"),
        (name = "report", description = "The reporter's private tracking page"),
        (name = "kiosk", description = "Community-centre screens: pairing and their own settings; paired screens send their token in the x-linli-kiosk header"),
        (name = "admin", description = "Committee endpoints: need a session cookie"),
        (name = "open311", description = "Open311 GeoReport v2")
    )
)]
struct ApiDoc;

pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    add_open311_xml_twins(&mut document.paths);
    document
}

/// GeoReport v2 answers every document in XML too, at the same path with `.xml`: each Open311
/// operation is described again there, answering `text/xml` with the same schema (the XML
/// carries the JSON's fields under the spec's element names), under its own `operationId`.
fn add_open311_xml_twins(paths: &mut utoipa::openapi::Paths) {
    let twins: Vec<(String, PathItem)> = paths
        .paths
        .iter()
        .filter_map(|(path, item)| {
            let stem = path
                .strip_prefix(linli_api::paths::OPEN311_ROOT)?
                .strip_suffix(".json")?;
            let mut twin = item.clone();
            for operation in [&mut twin.get, &mut twin.post].into_iter().flatten() {
                as_xml(operation);
            }
            Some((
                format!("{}{stem}.xml", linli_api::paths::OPEN311_ROOT),
                twin,
            ))
        })
        .collect();
    paths.paths.extend(twins);
}

fn as_xml(operation: &mut Operation) {
    if let Some(id) = &mut operation.operation_id {
        id.push_str("_xml");
    }
    for response in operation.responses.responses.values_mut() {
        if let RefOr::T(response) = response
            && let Some(json) = response.content.shift_remove("application/json")
        {
            response.content.insert(XML_MEDIA_TYPE.into(), json);
        }
    }
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "This document")))]
pub(crate) async fn openapi_get() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}
