//! Creating a request: Open311 fields checked all at once, the API key, the Idempotency-Key.

use axum::http::StatusCode;
use linli_api::CreatedRequest;
use linli_core::problem_type::problem_types_for;
use linli_core::report::{NewRequestForm, ValidRequest, mask_phone};
use rusqlite::{Connection, OptionalExtension, params};

use super::{now, random_hex, sha256_hex, shown, stored};
use crate::open311::Open311Errors;
use crate::{AppError, AppState};

/// Every field's problem at once (see `NewRequestForm::validate`), as one Open311 answer.
fn validate(form: NewRequestForm, photos: &[Vec<u8>]) -> Result<ValidRequest, Open311Errors> {
    form.validate(photos).map_err(|descriptions| Open311Errors {
        status: StatusCode::BAD_REQUEST,
        descriptions,
    })
}

fn api_key_is_valid(c: &Connection, key: &str) -> Result<bool, AppError> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_sha256 = ?1 AND revoked_at IS NULL)",
        [sha256_hex(key)],
        |r| r.get(0),
    )?)
}

fn created_answer(state: &AppState, id: i64, token: String, expected_at: &str) -> CreatedRequest {
    CreatedRequest {
        service_request_id: id.to_string(),
        service_notice: format!(
            "已受理，预计 {} 前处理。Received; due by {}.",
            shown(expected_at),
            shown(expected_at)
        ),
        account_id: None,
        tracking_secret: state.secrets.tracking_secret(&token),
        token,
    }
}

/// What an earlier submission with the same Idempotency-Key created, if any.
fn earlier_submission(
    c: &Connection,
    key: &str,
) -> Result<Option<(i64, String, String)>, AppError> {
    Ok(c.query_row(
        "SELECT id, token, expected_at FROM service_requests WHERE idempotency_key = ?1",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?)
}

pub async fn create_request(
    state: &AppState,
    form: NewRequestForm,
    photos: Vec<Vec<u8>>,
    idempotency_key: Option<String>,
) -> Result<CreatedRequest, Open311Errors> {
    let api_key = form.api_key.clone().unwrap_or_default();
    let valid = validate(form, &photos);
    let secrets_state = state.clone();
    let phone_cipher = valid
        .as_ref()
        .ok()
        .and_then(|v| v.phone.as_ref())
        .map(|p| state.secrets.seal(p));
    let outcome = state
        .db
        .write(move |c| -> Result<Result<(i64, String, String), Open311Errors>, AppError> {
            if !api_key_is_valid(c, &api_key)? {
                return Ok(Err(Open311Errors::one(
                    StatusCode::FORBIDDEN,
                    "api_key is missing or not valid. 缺少有效的 api_key。",
                )));
            }
            // IMMEDIATE takes the write lock before the idempotency check, so two resends of one
            // submission cannot both find nothing and both insert.
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if let Some(key) = &idempotency_key
                && let Some(earlier) = earlier_submission(&tx, key)?
            {
                return Ok(Ok(earlier));
            }
            let valid = match valid {
                Ok(valid) => valid,
                Err(errors) => return Ok(Err(errors)),
            };
            let (location, community_id) = match &valid.component {
                None => (valid.location.expect("validated: location or component"), None),
                Some(code) => {
                    let found: Option<(f64, f64, String)> = tx
                        .query_row(
                            "SELECT lat, lon, community_id FROM components WHERE code = ?1",
                            [code.as_str()],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                        )
                        .optional()?;
                    let Some((lat, lon, community)) = found else {
                        return Ok(Err(Open311Errors::one(
                            StatusCode::BAD_REQUEST,
                            format!("attribute[component_code] {code} is not a known component. 没有这个部件。"),
                        )));
                    };
                    let offered = problem_types_for(code.class_key());
                    if !offered.iter().any(|p| p.service_code == valid.problem.service_code) {
                        let subclass = code.subclass().map_or("this component", |s| s.name_en);
                        return Ok(Err(Open311Errors::one(
                            StatusCode::BAD_REQUEST,
                            format!(
                                "service_code {} does not apply to a {subclass}. 这个问题类型不适用于该部件。",
                                valid.problem.service_code
                            ),
                        )));
                    }
                    (valid.location.unwrap_or((lat, lon)), Some(community))
                }
            };
            let token = random_hex(16);
            let requested_at = now();
            let expected_at =
                stored(requested_at + time::Duration::hours(i64::from(valid.problem.due_hours)));
            tx.execute(
                "INSERT INTO service_requests (token, idempotency_key, service_code, component_code,
                    community_id, status, description, lat, lon, address, phone_cipher, phone_masked,
                    requested_at, updated_at, expected_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
                params![
                    token,
                    idempotency_key,
                    valid.problem.service_code,
                    valid.component.as_ref().map(|c| c.as_str().to_owned()),
                    community_id,
                    valid.description,
                    location.0,
                    location.1,
                    valid.address,
                    phone_cipher,
                    valid.phone.as_deref().map(mask_phone),
                    stored(requested_at),
                    expected_at
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO request_updates (request_id, status, description, public, actor, updated_at)
                 VALUES (?1, 'open', '', 1, 'reporter', ?2)",
                params![id, stored(requested_at)],
            )?;
            for (position, photo) in valid.photos.iter().enumerate() {
                tx.execute(
                    "INSERT INTO request_photos (request_id, token, position, width, height, jpeg)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, random_hex(16), position, photo.width, photo.height, photo.bytes],
                )?;
            }
            tx.commit()?;
            Ok(Ok((id, token, expected_at)))
        })
        .await?;
    let (id, token, expected_at) = outcome?;
    Ok(created_answer(&secrets_state, id, token, &expected_at))
}
