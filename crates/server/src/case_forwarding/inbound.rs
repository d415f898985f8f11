//! `POST /open311/v2/servicerequestupdates.json` (and `.xml`), FixMyStreet's extension through
//! which a city system updates a report: the key (a `case_intake` one), the fields checked all
//! at once, then the update applied in one write transaction (`report::external_update`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use linli_api::ApiKeyScope;
use linli_core::report::{MAX_DESCRIPTION_CHARS, Status};
use rusqlite::OptionalExtension;
use serde::Deserialize;

use crate::accounts::{key_id, sha256_hex};
use crate::error::Open311Errors;
use crate::open311::format::Format;
use crate::report::external_update::{self, ExternalUpdate, System};
use crate::report::{PublicUpdate, parse_datetime};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// The form as FixMyStreet's Open311 back end posts it (other fields it sends, such as a
/// member's name or email, are not read).
#[derive(Deserialize, Default)]
struct UpdateForm {
    api_key: Option<String>,
    service_request_id: Option<String>,
    status: Option<String>,
    description: Option<String>,
    updated_datetime: Option<String>,
    update_id: Option<String>,
}

/// The statuses an update may name: GeoReport's two and Linli's own (FixMyStreet's), in any case.
const STATUSES: &str =
    "open, closed, action_scheduled, in_progress, fixed, not_councils_responsibility";

/// The longest `update_id` kept.
const MAX_UPDATE_ID_CHARS: usize = 100;

fn parse(headers: &HeaderMap, body: &Bytes) -> Result<UpdateForm, Open311Errors> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let form = if is_json {
        serde_json::from_slice(body).ok()
    } else {
        serde_urlencoded::from_bytes(body).ok()
    };
    form.ok_or_else(|| {
        Open311Errors::one(
            StatusCode::BAD_REQUEST,
            "The form fields are malformed (each field once, as text). 请求格式不正确。",
        )
    })
}

/// The key's system, or the 403 of a key that is missing, revoked or a resident client's.
fn system(
    c: &rusqlite::Connection,
    key: &str,
    address: ClientAddress,
) -> Result<System, Open311Errors> {
    let hash = sha256_hex(key);
    let found: Option<(String, String)> = c
        .query_row(
            "SELECT label, scope FROM api_keys WHERE key_sha256 = ?1 AND revoked_at IS NULL",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(AppError::from)?;
    match found {
        None => Err(Open311Errors::one(
            StatusCode::FORBIDDEN,
            "api_key is missing or not valid. 缺少有效的 api_key。",
        )),
        Some((label, scope)) if ApiKeyScope::parse(&scope) == Some(ApiKeyScope::CaseIntake) => {
            Ok(System {
                label,
                key_id: key_id(&hash),
                address: address.0,
            })
        }
        Some(_) => Err(Open311Errors::one(
            StatusCode::FORBIDDEN,
            "This api_key belongs to a client that files reports; only a case system's key \
             (scope case_intake) may post updates. 这个 api_key 只能提交报告，只有办件系统的密钥才能提交更新。",
        )),
    }
}

/// Every field's problem at once, as Open311's 400.
fn check(form: UpdateForm) -> Result<ExternalUpdate, Open311Errors> {
    let mut problems = Vec::new();
    let request_id = match form.service_request_id.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push("service_request_id is required. 缺少 service_request_id。".to_owned());
            None
        }
        Some(id) => match id.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                problems.push(format!(
                    "service_request_id {id} is not a Linli report number. service_request_id 不是报告编号。"
                ));
                None
            }
        },
    };
    let status = match form.status.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push(format!(
                "status is required: one of {STATUSES}. 缺少 status。"
            ));
            None
        }
        Some(given) => {
            let status =
                Status::parse(&given.to_ascii_lowercase()).filter(|s| *s != Status::Duplicate);
            if status.is_none() {
                problems.push(format!(
                    "status {given} is not one of {STATUSES} (a duplicate is marked by the \
                     committee, naming the original). status 的值不正确。"
                ));
            }
            status
        }
    };
    let description = form.description.unwrap_or_default().trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        problems.push(format!(
            "description is longer than {MAX_DESCRIPTION_CHARS} characters. 说明太长了。"
        ));
    }
    let updated_datetime = match form.updated_datetime.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push("updated_datetime is required, e.g. 2026-11-01T08:00:00+08:00. 缺少 updated_datetime。".to_owned());
            None
        }
        Some(given) => match parse_datetime("updated_datetime", given) {
            Ok(_) => Some(given.to_owned()),
            Err(errors) => {
                problems.extend(errors.descriptions);
                None
            }
        },
    };
    let update_id = form.update_id.unwrap_or_default().trim().to_owned();
    if update_id.is_empty()
        || update_id.chars().count() > MAX_UPDATE_ID_CHARS
        || update_id.chars().any(char::is_control)
    {
        problems.push(format!(
            "update_id is required: the system's own id of this update, 1 to \
             {MAX_UPDATE_ID_CHARS} characters. 缺少 update_id 或格式不正确。"
        ));
    }
    match (request_id, status, updated_datetime) {
        (Some(request_id), Some(status), Some(updated_datetime)) if problems.is_empty() => {
            Ok(ExternalUpdate {
                request_id,
                status,
                description,
                updated_datetime,
                update_id,
            })
        }
        _ => Err(Open311Errors {
            status: StatusCode::BAD_REQUEST,
            descriptions: problems,
            retry_after_secs: None,
        }),
    }
}

#[utoipa::path(post, path = "/open311/v2/servicerequestupdates.json", tag = "open311",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "FixMyStreet's update: api_key (a case_intake key), service_request_id \
            (Linli's report number), status (open, closed, or one of Linli's statuses), \
            description (a public note), updated_datetime, update_id (the system's own id: \
            a repeated one is answered with the update stored the first time). The same fields \
            as a JSON object are accepted too."),
    responses(
        (status = 200, description = "The update as stored", body = [PublicUpdate]),
        (status = 400, description = "A field missing or malformed", body = [linli_api::Open311Error]),
        (status = 403, description = "No valid key, or a resident client's key", body = [linli_api::Open311Error]),
        (status = 404, description = "No such report", body = [linli_api::Open311Error]),
        (status = 422, description = "The status cannot follow the report's, or the update_id \
            was used for another update", body = [linli_api::Open311Error]),
        (status = 429, description = "Too many updates from this client address; see Retry-After",
            body = [linli_api::Open311Error])))]
pub(crate) async fn updates_post(
    State(state): State<AppState>,
    format: Format,
    address: ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match post(state, address, &headers, body).await {
        Ok(update) => format.answer(StatusCode::OK, std::slice::from_ref(&update)),
        Err(errors) => errors.answer(format),
    }
}

async fn post(
    state: AppState,
    address: ClientAddress,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<PublicUpdate, Open311Errors> {
    let mut form = parse(headers, &body)?;
    let key = form.api_key.take().unwrap_or_default();
    let gateway = state.gateway.clone();
    state
        .db
        .run(
            move |c| -> Result<Result<PublicUpdate, Open311Errors>, AppError> {
                // The key before the fields: a stranger learns nothing of what a good form is.
                let system = match system(c, &key, address) {
                    Ok(system) => system,
                    Err(refused) => return Ok(Err(refused)),
                };
                let update = match check(form) {
                    Ok(update) => update,
                    Err(refused) => return Ok(Err(refused)),
                };
                let tx = crate::db::write_transaction(c)?;
                match external_update::apply(&tx, gateway.as_ref(), &system, &update) {
                    Ok(stored) => {
                        tx.commit()?;
                        Ok(Ok(stored))
                    }
                    // Dropped unfinished, the transaction stores nothing.
                    Err(refused) => Ok(Err(refused)),
                }
            },
        )
        .await?
}
