//! Open311 GeoReport v2 at `/open311/v2/`, with FixMyStreet's common extensions: discovery, the
//! service list and definitions, requests (POST form-urlencoded or JSON, GET with filters and
//! `page`/`page_size`), tokens and `servicerequestupdates`. Every document is answered in the
//! format its path's extension asks for, `.xml` (the spec's required one) or `.json`, errors
//! included: `[{code, description}]` or `<errors><error>…`.

pub(crate) mod format;
mod xml;

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use linli_core::problem_type::{PROBLEM_TYPES, ProblemType};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use linli_api::{CreatedRequest, Open311Error, PublicRequest};

use linli_core::report::NewRequestForm;

use crate::AppState;
use crate::error::Open311Errors;
use crate::report::{self, PublicUpdate, RequestFilter, RequestsQuery};
use crate::vote::attempts::ClientAddress;

use self::format::{Format, XML_MEDIA_TYPE, XmlDocument};

/// A handler's outcome in the format asked for: the document with `status`, or the errors.
fn answer<D>(format: Format, status: StatusCode, outcome: Result<D, Open311Errors>) -> Response
where
    D: Serialize + XmlDocument,
{
    match outcome {
        Ok(document) => format.answer(status, &document),
        Err(errors) => errors.answer(format),
    }
}

/// The name in a `{file}` segment (`7.xml`, `streetlight_out.json`), or the 404 of a path that
/// names no document.
fn file_name(format: Format, file: &str) -> Result<&str, Open311Errors> {
    format.name_in(file).ok_or_else(|| {
        Open311Errors::one(
            StatusCode::NOT_FOUND,
            "这里没有这个文档。No document at this path.",
        )
    })
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

const CHANGESET: &str = "2026-11-27T00:00:00+08:00";

#[utoipa::path(get, path = "/open311/v2/discovery.json", tag = "open311",
    responses((status = 200, body = Discovery)))]
pub(crate) async fn discovery_get(format: Format) -> Response {
    format.answer(StatusCode::OK, &discovery())
}

fn discovery() -> Discovery {
    Discovery {
        changeset: CHANGESET.into(),
        contact: "通州区 12345 市民服务热线 / Tongzhou 12345 citizen hotline".into(),
        key_service: "API keys are issued and revoked by the district's committee administrators."
            .into(),
        endpoints: vec![Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: "/open311/v2".into(),
            changeset: CHANGESET.into(),
            kind: "production".into(),
            formats: vec![XML_MEDIA_TYPE.into(), "application/json".into()],
        }],
    }
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: String,
    pub keywords: String,
    pub group: String,
}

fn service(p: &ProblemType) -> Service {
    Service {
        service_code: p.service_code.into(),
        service_name: p.name_zh.into(),
        description: format!("{} / {}", p.name_zh, p.name_en),
        // Every service has a definition: the component code attribute.
        metadata: true,
        kind: "realtime".into(),
        keywords: p.keywords.into(),
        group: p.group.name_zh().into(),
    }
}

#[utoipa::path(get, path = "/open311/v2/services.json", tag = "open311",
    responses((status = 200, body = [Service])))]
pub(crate) async fn services_get(format: Format) -> Response {
    let services: Vec<Service> = PROBLEM_TYPES.iter().map(service).collect();
    format.answer(StatusCode::OK, &services)
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ServiceAttribute {
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    /// FixMyStreet's extension: filled in by the client, never shown as a question.
    pub automated: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<ServiceAttribute>,
}

#[utoipa::path(get, path = "/open311/v2/services/{service_code}.json", tag = "open311",
    params(("service_code" = String, Path)),
    responses((status = 200, body = ServiceDefinition), (status = 404, body = [Open311Error])))]
pub(crate) async fn service_definition_get(format: Format, Path(file): Path<String>) -> Response {
    answer(format, StatusCode::OK, service_definition(format, &file))
}

fn service_definition(format: Format, file: &str) -> Result<ServiceDefinition, Open311Errors> {
    let code = file_name(format, file)?;
    let problem = PROBLEM_TYPES
        .iter()
        .find(|p| p.service_code == code)
        .ok_or_else(|| {
            Open311Errors::one(
                StatusCode::NOT_FOUND,
                format!("service_code {code} not found"),
            )
        })?;
    Ok(ServiceDefinition {
        service_code: problem.service_code.into(),
        attributes: vec![ServiceAttribute {
            variable: false,
            code: "component_code".into(),
            datatype: "string".into(),
            required: false,
            datatype_description: "16-digit component code (部件标识码), from the QR plate".into(),
            order: 1,
            description: "部件编码 / Component code".into(),
            automated: "hidden_field".into(),
        }],
    })
}

/// The form body as Open311 specifies it (`application/x-www-form-urlencoded`), or the same
/// fields as a JSON object.
fn parse_form(headers: &HeaderMap, body: &Bytes) -> Result<NewRequestForm, Open311Errors> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    NewRequestForm::from_body(body, is_json)
        .map_err(|message| Open311Errors::one(StatusCode::BAD_REQUEST, message))
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

fn too_large() -> Open311Errors {
    Open311Errors::one(
        StatusCode::PAYLOAD_TOO_LARGE,
        "照片太大：最多 3 张，每张不超过 500 KB。The request is too large: at most 3 photos of 500 KB each.",
    )
}

/// FixMyStreet's photo upload: the same fields as the form encoding, plus up to three `media`
/// (or `photo`) file parts. The text fields go through the form decoder so both paths agree.
async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(NewRequestForm, Vec<Vec<u8>>), Open311Errors> {
    let failed = |error: MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            Open311Errors::one(
                StatusCode::BAD_REQUEST,
                "The multipart body is malformed. 请求格式不正确。",
            )
        }
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut photos = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "media" || name == "photo" {
            photos.push(field.bytes().await.map_err(failed)?.to_vec());
        } else {
            let value = field.text().await.map_err(failed)?;
            fields.push((name, value));
        }
    }
    let form = serde_urlencoded::to_string(&fields)
        .ok()
        .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
        .ok_or_else(|| {
            Open311Errors::one(
                StatusCode::BAD_REQUEST,
                "The form fields are malformed. 请求格式不正确。",
            )
        })?;
    Ok((form, photos))
}

#[utoipa::path(post, path = "/open311/v2/requests.json", tag = "open311",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "api_key, service_code, lat, long or attribute[component_code], description, \
            phone; or multipart/form-data with the same fields and up to 3 `media` JPEG files"),
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Resending the same body with the same key and api_key answers the same \
            request; another body under a key already used is refused (422)")),
    responses(
        (status = 429, description = "Too many reports or photos from this client address; see Retry-After", body = [Open311Error]),
        (status = 201, body = [CreatedRequest]),
        (status = 400, body = [Open311Error]),
        (status = 403, body = [Open311Error]),
        (status = 422, description = "The Idempotency-Key was used for a different body",
            body = [Open311Error]),
        (status = 413, body = [Open311Error])))]
pub(crate) async fn requests_post(
    State(state): State<AppState>,
    format: Format,
    request: Request,
) -> Response {
    answer(format, StatusCode::CREATED, create(state, request).await)
}

async fn create(state: AppState, request: Request) -> Result<Vec<CreatedRequest>, Open311Errors> {
    let headers = request.headers().clone();
    let address = request
        .extensions()
        .get::<ClientAddress>()
        .copied()
        .unwrap_or(ClientAddress(None));
    let idempotency_key = headers
        .get("idempotency-key")
        .map(|v| {
            v.to_str()
                .ok()
                .filter(|k| !k.is_empty() && k.len() <= 128)
                .map(str::to_owned)
                .ok_or_else(|| {
                    Open311Errors::one(
                        StatusCode::BAD_REQUEST,
                        "Idempotency-Key must be 1 to 128 visible ASCII characters.",
                    )
                })
        })
        .transpose()?;
    let (form, photos) = if is_multipart(&headers) {
        let multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|_| {
                Open311Errors::one(
                    StatusCode::BAD_REQUEST,
                    "The multipart body has no boundary. 请求格式不正确。",
                )
            })?;
        read_multipart(multipart).await?
    } else {
        let body = Bytes::from_request(request, &state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                Open311Errors::one(
                    StatusCode::BAD_REQUEST,
                    "The request body could not be read.",
                )
            }
        })?;
        (parse_form(&headers, &body)?, Vec::new())
    };
    // Each photo counts against the address's photo limit, besides the report itself.
    state
        .rate_limits
        .photos(address, u32::try_from(photos.len()).unwrap_or(u32::MAX))?;
    let created = report::create_request(&state, form, photos, idempotency_key).await?;
    Ok(vec![created])
}

#[utoipa::path(get, path = "/open311/v2/requests.json", tag = "open311",
    params(RequestsQuery),
    responses((status = 200, body = [PublicRequest]), (status = 400, body = [Open311Error])))]
pub(crate) async fn requests_get(
    State(state): State<AppState>,
    format: Format,
    headers: HeaderMap,
    query: Result<Query<RequestsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    answer(
        format,
        StatusCode::OK,
        requests(&state, &headers, query).await,
    )
}

async fn requests(
    state: &AppState,
    headers: &HeaderMap,
    query: Result<Query<RequestsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Vec<PublicRequest>, Open311Errors> {
    let Query(query) = query.map_err(|_| {
        Open311Errors::one(
            StatusCode::BAD_REQUEST,
            "Query parameters are malformed (page and page_size are whole numbers).",
        )
    })?;
    let filter = RequestFilter::from_query(query)?;
    let found = report::list_public(state, filter).await?;
    Ok(with_absolute_media(found, state, headers))
}

/// Open311's `media_url` is "a URL to media": other clients (dashboards, FixMyStreet-style apps)
/// fetch it as it stands, so the photo's path gets this site's address in front — the public URL
/// when configured, else the address the client used. Without either it stays a path, which is
/// still right against the address the document came from.
fn with_absolute_media(
    mut found: Vec<PublicRequest>,
    state: &AppState,
    headers: &HeaderMap,
) -> Vec<PublicRequest> {
    if let Some(site) = crate::plates::known_site(state, headers) {
        for request in &mut found {
            if request.media_url.starts_with('/') {
                request.media_url = format!("{site}{}", request.media_url);
            }
        }
    }
    found
}

#[utoipa::path(get, path = "/open311/v2/requests/{id}.json", tag = "open311",
    params(("id" = String, Path)),
    responses((status = 200, body = [PublicRequest]), (status = 404, body = [Open311Error])))]
pub(crate) async fn request_get(
    State(state): State<AppState>,
    format: Format,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let found = one_request(&state, &headers, file_name(format, &file)).await;
    answer(format, StatusCode::OK, found)
}

async fn one_request(
    state: &AppState,
    headers: &HeaderMap,
    id: Result<&str, Open311Errors>,
) -> Result<Vec<PublicRequest>, Open311Errors> {
    let id = id?;
    let not_found = || {
        Open311Errors::one(
            StatusCode::NOT_FOUND,
            format!("service_request_id {id} not found"),
        )
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let filter = RequestFilter {
        ids: Some(vec![id]),
        ..RequestFilter::default()
    };
    let found = report::list_public(state, filter).await?;
    if found.is_empty() {
        Err(not_found())
    } else {
        Ok(with_absolute_media(found, state, headers))
    }
}

#[derive(Serialize, ToSchema)]
pub(crate) struct TokenAnswer {
    pub service_request_id: String,
    pub token: String,
}

#[utoipa::path(get, path = "/open311/v2/tokens/{token}.json", tag = "open311",
    params(("token" = String, Path)),
    responses((status = 200, body = [TokenAnswer]), (status = 404, body = [Open311Error])))]
pub(crate) async fn token_get(
    State(state): State<AppState>,
    format: Format,
    Path(file): Path<String>,
) -> Response {
    let found = token_answer(&state, file_name(format, &file).map(str::to_owned)).await;
    answer(format, StatusCode::OK, found)
}

async fn token_answer(
    state: &AppState,
    token: Result<String, Open311Errors>,
) -> Result<Vec<TokenAnswer>, Open311Errors> {
    let token = token?;
    let id = report::id_for_token(state, token.clone()).await?;
    match id {
        Some(id) => Ok(vec![TokenAnswer {
            service_request_id: id.to_string(),
            token,
        }]),
        None => Err(Open311Errors::one(
            StatusCode::NOT_FOUND,
            format!("token {token} not found"),
        )),
    }
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct UpdatesQuery {
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// 1 for the first `page_size` updates (the oldest), 2 for the next, and so on.
    pub page: Option<u32>,
    /// Updates per page: 1 to 1,000 (the default).
    pub page_size: Option<u32>,
}

#[utoipa::path(get, path = "/open311/v2/servicerequestupdates.json", tag = "open311",
    params(UpdatesQuery),
    responses((status = 200, body = [PublicUpdate]), (status = 400, body = [Open311Error])))]
pub(crate) async fn updates_get(
    State(state): State<AppState>,
    format: Format,
    query: Result<Query<UpdatesQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    answer(format, StatusCode::OK, updates(&state, query).await)
}

async fn updates(
    state: &AppState,
    query: Result<Query<UpdatesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Vec<PublicUpdate>, Open311Errors> {
    let Query(query) = query.map_err(|_| {
        Open311Errors::one(
            StatusCode::BAD_REQUEST,
            "Query parameters are malformed. 查询参数格式不正确。",
        )
    })?;
    let start = query
        .start_date
        .as_deref()
        .map(|d| report::parse_datetime("start_date", d))
        .transpose()?;
    let end = query
        .end_date
        .as_deref()
        .map(|d| report::parse_datetime("end_date", d))
        .transpose()?;
    let bad = |text: &str| Open311Errors::one(StatusCode::BAD_REQUEST, text);
    let page_size = query.page_size.unwrap_or(report::MAX_UPDATES_PAGE);
    if !(1..=report::MAX_UPDATES_PAGE).contains(&page_size) {
        return Err(bad("page_size must be between 1 and 1000"));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(bad("page starts at 1"));
    }
    Ok(report::public_updates(state, start, end, page, page_size).await?)
}

pub(crate) async fn not_found(format: Format) -> Response {
    Open311Errors::one(
        StatusCode::NOT_FOUND,
        "No such Open311 resource. 没有这个 Open311 资源。",
    )
    .answer(format)
}
