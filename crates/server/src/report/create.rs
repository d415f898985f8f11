//! Creating a request: Open311 fields checked all at once, the API key, the Idempotency-Key
//! (scoped to the API key that sent it and bound to the body it came with).

use axum::http::StatusCode;
use linli_api::CreatedRequest;
use linli_core::problem_type::problem_types_for;
use linli_core::reach::{EARTH_RADIUS_M, GeoPoint, NEAREST_LIMIT_M, Nearest, nearest_community};
use linli_core::report::{NewRequestForm, ValidRequest, mask_phone};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{now, random_hex, sha256_hex, shown, stored};
use crate::error::Open311Errors;
use crate::{AppError, AppState};

/// Every field's problem at once (see `NewRequestForm::validate`), as one Open311 answer.
fn validate(form: NewRequestForm, photos: &[Vec<u8>]) -> Result<ValidRequest, Open311Errors> {
    form.validate(photos).map_err(|descriptions| Open311Errors {
        status: StatusCode::BAD_REQUEST,
        descriptions,
        retry_after_secs: None,
    })
}

/// A resident client's key: a city system's key (`case_intake`) posts updates, never reports.
fn api_key_is_valid(c: &Connection, key: &str) -> Result<bool, AppError> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM api_keys
                        WHERE key_sha256 = ?1 AND revoked_at IS NULL AND scope = 'client')",
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

/// An Idempotency-Key as stored: scoped to the API key that sent it, so one client's key never
/// finds another client's report (and with it that report's private tracking secret).
fn scoped_idempotency_key(api_key: &str, key: &str) -> String {
    sha256_hex(&format!("{}\n{key}", sha256_hex(api_key)))
}

/// What the submission said, for telling a resend (the same body) from a different report sent
/// under a key already used: the form's fields and every photo's bytes, each with its length.
fn body_fingerprint(form: &NewRequestForm, photos: &[Vec<u8>]) -> String {
    let mut hasher = Sha256::new();
    let fields = serde_json::to_vec(form).expect("a form of strings serialises");
    for part in std::iter::once(&fields).chain(photos) {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

/// What an earlier submission under the same scoped key created, with its body's fingerprint.
struct EarlierSubmission {
    created: (i64, String, String),
    body_sha256: Option<String>,
}

fn earlier_submission(
    c: &Connection,
    scoped_key: &str,
) -> Result<Option<EarlierSubmission>, AppError> {
    Ok(c.query_row(
        "SELECT id, token, expected_at, idempotency_body_sha256 FROM service_requests
         WHERE idempotency_key = ?1",
        [scoped_key],
        |r| {
            Ok(EarlierSubmission {
                created: (r.get(0)?, r.get(1)?, r.get(2)?),
                body_sha256: r.get(3)?,
            })
        },
    )
    .optional()?)
}

fn key_reused_for_another_body() -> Open311Errors {
    Open311Errors::one(
        StatusCode::UNPROCESSABLE_ENTITY,
        "This Idempotency-Key was already used for a different report; send a new report with a \
         new key. 这个 Idempotency-Key 已用于另一份不同的报告，请用新的键重新提交。",
    )
}

/// The community a report filed at `(lat, lon)` belongs to: the one with the nearest building
/// within [`NEAREST_LIMIT_M`], as the map's "my position" decides; none (the district's) when no
/// building is that close. Only buildings in the square around the point are read.
fn community_at(c: &Connection, (lat, lon): (f64, f64)) -> Result<Option<String>, AppError> {
    let Ok(position) = GeoPoint::new(lat, lon) else {
        return Ok(None);
    };
    // A degree of latitude is the radius in radians' worth of metres; one of longitude shrinks
    // with the latitude's cosine (kept from zero near the poles, where no building is).
    let degrees_lat = NEAREST_LIMIT_M / EARTH_RADIUS_M.to_radians();
    let degrees_lon = degrees_lat / lat.to_radians().cos().max(0.01);
    let mut stmt = c.prepare_cached(
        "SELECT community_id, lat, lon FROM buildings
         WHERE lat BETWEEN ?1 AND ?2 AND lon BETWEEN ?3 AND ?4 ORDER BY community_id",
    )?;
    let rows = stmt.query_map(
        params![
            lat - degrees_lat,
            lat + degrees_lat,
            lon - degrees_lon,
            lon + degrees_lon
        ],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        },
    )?;
    let mut communities: Vec<(String, Vec<GeoPoint>)> = Vec::new();
    for row in rows {
        let (community, lat, lon) = row?;
        let Ok(point) = GeoPoint::new(lat, lon) else {
            continue;
        };
        match communities.last_mut() {
            Some((id, points)) if *id == community => points.push(point),
            _ => communities.push((community, vec![point])),
        }
    }
    let found = nearest_community(
        position,
        communities
            .iter()
            .map(|(id, points)| (id.as_str(), points.as_slice())),
    );
    Ok(match found {
        Nearest::Within { community, .. } => Some(community),
        Nearest::TooFar { .. } | Nearest::Nothing => None,
    })
}

pub(crate) async fn create_request(
    state: &AppState,
    form: NewRequestForm,
    photos: Vec<Vec<u8>>,
    idempotency_key: Option<String>,
) -> Result<CreatedRequest, Open311Errors> {
    let api_key = form.api_key.clone().unwrap_or_default();
    let idempotency = idempotency_key.map(|key| {
        (
            scoped_idempotency_key(&api_key, &key),
            body_fingerprint(&form, &photos),
        )
    });
    let valid = validate(form, &photos);
    let secrets_state = state.clone();
    let forwarding = state.case_forwarding.clone();
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
            if let Some((scoped_key, body_sha256)) = &idempotency
                && let Some(earlier) = earlier_submission(&tx, scoped_key)?
            {
                if earlier.body_sha256.as_ref() != Some(body_sha256) {
                    return Ok(Err(key_reused_for_another_body()));
                }
                return Ok(Ok(earlier.created));
            }
            let valid = match valid {
                Ok(valid) => valid,
                Err(errors) => return Ok(Err(errors)),
            };
            let (location, community_id) = match &valid.component {
                None => {
                    let location = valid.location.expect("validated: location or component");
                    (location, community_at(&tx, location)?)
                }
                Some(code) => {
                    let found: Option<(f64, f64, String, Option<String>)> = tx
                        .query_row(
                            "SELECT lat, lon, community_id, retired_at FROM components WHERE code = ?1",
                            [code.as_str()],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                        )
                        .optional()?;
                    let Some((lat, lon, community, retired)) = found else {
                        return Ok(Err(Open311Errors::one(
                            StatusCode::BAD_REQUEST,
                            format!("attribute[component_code] {code} is not a known component. 没有这个部件。"),
                        )));
                    };
                    if let Some(retired) = retired {
                        return Ok(Err(Open311Errors::one(
                            StatusCode::BAD_REQUEST,
                            format!(
                                "attribute[component_code] {code} was retired on {retired}: report \
                                 the place without a component code. 这个部件已停用，请不带部件编码直接报告位置。"
                            ),
                        )));
                    }
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
                "INSERT INTO service_requests (token, idempotency_key, idempotency_body_sha256,
                    service_code, component_code, community_id, status, description, lat, lon,
                    address, phone_cipher, phone_masked, requested_at, updated_at, expected_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
                params![
                    token,
                    idempotency.as_ref().map(|(key, _)| key),
                    idempotency.as_ref().map(|(_, body)| body),
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
            crate::case_forwarding::enqueue_created(&tx, forwarding.as_ref(), id)?;
            tx.commit()?;
            crate::metrics::count(crate::metrics::REPORTS_WRITTEN);
            Ok(Ok((id, token, expected_at)))
        })
        .await?;
    let (id, token, expected_at) = outcome?;
    Ok(created_answer(&secrets_state, id, token, &expected_at))
}
