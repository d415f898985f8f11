//! Open311 GeoReport v2 at `/open311/v2/`: discovery and the service list. Errors are the spec's
//! JSON array of `{code, description}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_core::problem_type::PROBLEM_TYPES;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

/// Open311's error shape: always an array, even for one error.
pub fn open311_error(status: StatusCode, description: &str) -> Response {
    (
        status,
        Json(vec![Open311Error {
            code: status.as_u16(),
            description: description.to_owned(),
        }]),
    )
        .into_response()
}

#[derive(Serialize, ToSchema)]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[utoipa::path(get, path = "/open311/v2/discovery.json", tag = "open311",
    responses((status = 200, body = Discovery)))]
pub async fn discovery_get() -> Json<Discovery> {
    Json(Discovery {
        changeset: "2026-11-27T00:00:00+08:00".into(),
        contact: "通州区 12345 市民服务热线 / Tongzhou 12345 citizen hotline".into(),
        key_service: "API keys are issued by the district's committee administrators.".into(),
        endpoints: vec![Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: "/open311/v2".into(),
            changeset: "2026-11-27T00:00:00+08:00".into(),
            kind: "production".into(),
            formats: vec!["application/json".into()],
        }],
    })
}

#[derive(Serialize, ToSchema)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    pub group: String,
}

#[utoipa::path(get, path = "/open311/v2/services.json", tag = "open311",
    responses((status = 200, body = [Service])))]
pub async fn services_get() -> Json<Vec<Service>> {
    Json(
        PROBLEM_TYPES
            .iter()
            .map(|p| Service {
                service_code: p.service_code.into(),
                service_name: p.name_zh.into(),
                description: format!("{} / {}", p.name_zh, p.name_en),
                // Every service carries the component code as an attribute.
                metadata: true,
                kind: "realtime".into(),
                keywords: p.keywords.into(),
                group: p.group.name_zh().into(),
            })
            .collect(),
    )
}

pub async fn not_found() -> Response {
    open311_error(
        StatusCode::NOT_FOUND,
        "No such Open311 resource. 没有这个 Open311 资源。",
    )
}
