//! Kiosks (community-centre screens): pairing with a one-time code, the screen's own settings,
//! and the committee's list with revoke and settings.
//!
//! An unpaired screen asks for a pairing: it gets a short code to show and a secret to keep; the
//! database keeps only their hashes, and the code expires after [`PAIRING_MINUTES`]. A committee
//! member confirms the code with a community and a place. The screen's next poll with its secret
//! receives the device token, once; only its hash is stored. A revoked token answers 401
//! `kiosk_unpaired` everywhere, which sends the screen back to pairing.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use linli_api::{
    KIOSK_IDLE_MAX, KIOSK_IDLE_MIN, KIOSK_TOKEN_HEADER, KioskConfig, KioskInfo, KioskPairRequest,
    KioskPairing, KioskPoll, KioskPollAnswer, KioskSettings,
};
use rand::{Rng, RngCore};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// How long a pairing code shown on a screen stays valid.
pub(crate) const PAIRING_MINUTES: i64 = 15;
/// Characters that cannot be mistaken for one another when read off a screen (no 0/O, 1/I/L,
/// 2/Z, 5/S, 6/G, 8/B).
const PAIRING_ALPHABET: &[u8] = b"ACDEFHJKMNPRTUVWXY3479";
const PAIRING_LENGTH: usize = 6;

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

/// A code as typed: case and separators do not matter.
pub(crate) fn normalise_pairing_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Beijing time, RFC 3339, whole seconds: how kiosk times are stored and shown, like ballots'.
fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .map(|t| t.to_offset(time::macros::offset!(+8)))
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// A paired kiosk, from its token header. As an extractor it answers 401 `kiosk_unpaired`.
#[derive(Debug, Clone)]
pub(crate) struct KioskDevice {
    pub id: i64,
    pub community_id: String,
}

/// The kiosk whose (unrevoked) token this is.
pub(crate) fn kiosk_by_token(c: &Connection, token: &str) -> Result<KioskDevice, AppError> {
    c.query_row(
        "SELECT id, community_id FROM kiosks
         WHERE token_sha256 = ?1 AND revoked_at IS NULL AND community_id IS NOT NULL",
        [sha256(token)],
        |r| {
            Ok(KioskDevice {
                id: r.get(0)?,
                community_id: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or(AppError::KioskUnpaired)
}

pub(crate) fn token_header(parts: &axum::http::HeaderMap) -> Option<String> {
    parts
        .get(KIOSK_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .map(str::to_owned)
}

impl FromRequestParts<AppState> for KioskDevice {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = token_header(&parts.headers).ok_or(AppError::KioskUnpaired)?;
        state.db.run(move |c| kiosk_by_token(c, &token)).await
    }
}

/// Pairs a kiosk directly (for the command line and tests): returns its device token.
pub fn pair_kiosk(
    db: &crate::Db,
    community_id: &str,
    place_label: &str,
    lat: f64,
    lon: f64,
) -> Result<String, AppError> {
    db.run_blocking(|c| {
        let token = random_hex(32);
        c.execute(
            "INSERT INTO kiosks (community_id, place_label, lat, lon, token_sha256, token_collected,
                created_at, paired_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
            params![community_id, place_label, lat, lon, sha256(&token), rfc3339(now_unix())],
        )?;
        Ok(token)
    })
}

#[utoipa::path(post, path = "/api/v1/kiosk/pairing", tag = "kiosk",
    responses(
        (status = 429, description = "Too many pairing attempts from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 201, description = "A new one-time pairing code", body = KioskPairing)))]
pub(crate) async fn pairing_post(
    State(state): State<AppState>,
) -> Result<(StatusCode, Json<KioskPairing>), AppError> {
    let secrets = state.secrets.clone();
    state
        .db
        .run(move |c| {
            let now = now_unix();
            // Unconfirmed codes that expired are of no use to anyone.
            c.execute(
                "DELETE FROM kiosks WHERE community_id IS NULL AND pairing_expires_at <= ?1",
                [now],
            )?;
            let expires = now + PAIRING_MINUTES * 60;
            // A collision with a waiting code is unlikely (22^6 codes); try again when it happens.
            for _ in 0..8 {
                let code: String = {
                    let mut rng = rand::rng();
                    (0..PAIRING_LENGTH)
                        .map(|_| {
                            PAIRING_ALPHABET[rng.random_range(0..PAIRING_ALPHABET.len())] as char
                        })
                        .collect()
                };
                let secret = random_hex(32);
                let inserted = c.execute(
                    "INSERT OR IGNORE INTO kiosks (pairing_code_sha256, pairing_secret_sha256,
                        pairing_expires_at, created_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![
                        secrets.kiosk_pairing_hash(&code),
                        sha256(&secret),
                        expires,
                        rfc3339(now)
                    ],
                )?;
                if inserted == 1 {
                    return Ok((
                        StatusCode::CREATED,
                        Json(KioskPairing {
                            code,
                            secret,
                            expires_at: rfc3339(expires),
                        }),
                    ));
                }
            }
            Err(AppError::internal("no free pairing code after 8 tries"))
        })
        .await
}

#[utoipa::path(post, path = "/api/v1/kiosk/pairing/poll", tag = "kiosk", request_body = KioskPoll,
    responses(
        (status = 200, description = "Waiting, or paired with the device token (given once)", body = KioskPollAnswer),
        (status = 400, body = linli_api::ApiError),
        (status = 404, description = "Unknown or expired pairing: ask for a new code", body = linli_api::ApiError)))]
pub(crate) async fn pairing_poll(
    State(state): State<AppState>,
    body: Result<Json<KioskPoll>, JsonRejection>,
) -> Result<Json<KioskPollAnswer>, AppError> {
    let Json(poll) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "需要配对密钥。A pairing secret is needed.".into(),
    })?;
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let row: Option<(i64, Option<String>, i64)> = tx
                .query_row(
                    "SELECT id, community_id, pairing_expires_at FROM kiosks
                     WHERE pairing_secret_sha256 = ?1 AND revoked_at IS NULL",
                    [sha256(&poll.secret)],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let gone = || {
                AppError::not_found(
                    "配对码已过期，请重新获取。The pairing code has expired; ask for a new one.",
                )
            };
            let Some((id, community, expires)) = row else {
                return Err(gone());
            };
            if community.is_none() {
                if expires <= now_unix() {
                    return Err(gone());
                }
                return Ok(Json(KioskPollAnswer {
                    paired: false,
                    token: None,
                }));
            }
            // Paired: hand out the token once and forget the pairing secret.
            let token = random_hex(32);
            tx.execute(
                "UPDATE kiosks SET token_sha256 = ?1, token_collected = 1,
                    pairing_secret_sha256 = NULL, pairing_expires_at = NULL
                 WHERE id = ?2",
                params![sha256(&token), id],
            )?;
            tx.commit()?;
            Ok(Json(KioskPollAnswer {
                paired: true,
                token: Some(token),
            }))
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/kiosk/config.json", tag = "kiosk",
    params(("x-linli-kiosk" = String, Header, description = "The kiosk's device token")),
    responses((status = 200, body = KioskConfig),
        (status = 401, description = "Not paired or revoked", body = linli_api::ApiError)))]
pub(crate) async fn config_get(
    State(state): State<AppState>,
    device: KioskDevice,
) -> Result<Json<KioskConfig>, AppError> {
    state
        .db
        .run(move |c| {
            Ok(Json(c.query_row(
                "SELECT id, community_id, place_label, lat, lon, idle_seconds, notice
                 FROM kiosks WHERE id = ?1",
                [device.id],
                |r| {
                    Ok(KioskConfig {
                        id: r.get(0)?,
                        community_id: r.get(1)?,
                        place_label: r.get(2)?,
                        lat: r.get(3)?,
                        lon: r.get(4)?,
                        idle_seconds: r.get(5)?,
                        notice: r.get(6)?,
                    })
                },
            )?))
        })
        .await
}

fn kiosk_info(r: &rusqlite::Row) -> rusqlite::Result<KioskInfo> {
    Ok(KioskInfo {
        id: r.get(0)?,
        community_id: r.get(1)?,
        place_label: r.get(2)?,
        place_code: r.get(3)?,
        lat: r.get(4)?,
        lon: r.get(5)?,
        idle_seconds: r.get(6)?,
        notice: r.get(7)?,
        paired_at: r.get(8)?,
        revoked_at: r.get(9)?,
    })
}

const INFO_COLUMNS: &str = "id, community_id, place_label, place_code, lat, lon, idle_seconds, \
     notice, paired_at, revoked_at";

#[utoipa::path(get, path = "/api/v1/admin/kiosks.json", tag = "admin",
    responses((status = 200, body = [KioskInfo]), (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn admin_kiosks_get(
    State(state): State<AppState>,
    session: CommitteeSession,
) -> Result<Json<Vec<KioskInfo>>, AppError> {
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {INFO_COLUMNS} FROM kiosks WHERE community_id IS NOT NULL
                 ORDER BY revoked_at IS NOT NULL, community_id, place_label, id"
            ))?;
            let rows = stmt.query_map([], kiosk_info)?;
            let mut list = Vec::new();
            for row in rows {
                let row = row?;
                if session.covers(&row.community_id) {
                    list.push(row);
                }
            }
            Ok(Json(list))
        })
        .await
}

fn unprocessable(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable {
        code,
        message: message.to_owned(),
    }
}

#[utoipa::path(post, path = "/api/v1/admin/kiosks/pair", tag = "admin", request_body = KioskPairRequest,
    responses(
        (status = 429, description = "Too many pairing attempts from this client address; see Retry-After", body = linli_api::ApiError),
        (status = 201, body = KioskInfo), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 422, description = "Unknown or expired code, unknown place, bad label", body = linli_api::ApiError)))]
pub(crate) async fn admin_kiosk_pair(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    body: Result<Json<KioskPairRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<KioskInfo>), AppError> {
    let Json(request) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "配对需要屏幕上的配对码、社区和地点。\
                  Pairing needs the code on the screen, a community and a place."
            .into(),
    })?;
    let code = normalise_pairing_code(&request.code);
    if code.len() != PAIRING_LENGTH {
        return Err(unprocessable(
            "bad_pairing_code",
            "配对码是屏幕上显示的 6 个字符。The pairing code is the 6 characters on the screen.",
        ));
    }
    let label = request.place_label.trim().to_owned();
    if label.is_empty() || label.chars().count() > 60 {
        return Err(unprocessable(
            "bad_place_label",
            "请写明地点（1 到 60 个字），例如「社区服务中心一楼」。\
             Name the place in 1 to 60 characters, e.g. “community centre, ground floor”.",
        ));
    }
    if !session.covers(&request.community_id) {
        return Err(AppError::Forbidden(
            "这不是您负责的社区。This is not a community you look after.".into(),
        ));
    }
    let place_code = request
        .place_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let position = match (request.lat, request.lon) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            Some((lat, lon))
        }
        (None, None) => None,
        _ => {
            return Err(unprocessable(
                "bad_position",
                "位置需要有效的纬度和经度。A position needs a valid latitude and longitude.",
            ));
        }
    };
    if place_code.is_none() && position.is_none() {
        return Err(unprocessable(
            "missing_place",
            "请填写部件或楼栋编码，或者经纬度。Give a component or building code, or a position.",
        ));
    }
    let code_hash = state.secrets.kiosk_pairing_hash(&code);
    let username = session.0.username.clone();
    let community = request.community_id.clone();
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let exists: bool = tx
                .query_row("SELECT 1 FROM communities WHERE id = ?1", [&community], |_| {
                    Ok(true)
                })
                .optional()?
                .unwrap_or(false);
            if !exists {
                return Err(unprocessable(
                    "unknown_community",
                    "没有这个社区。There is no such community.",
                ));
            }
            let (lat, lon) = match (&place_code, position) {
                (Some(code), _) => tx
                    .query_row(
                        "SELECT lat, lon FROM components WHERE code = ?1 AND community_id = ?2
                         UNION ALL
                         SELECT lat, lon FROM buildings WHERE code = ?1 AND community_id = ?2",
                        params![code, community],
                        |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)),
                    )
                    .optional()?
                    .ok_or_else(|| {
                        unprocessable(
                            "unknown_place",
                            "这个社区没有这个部件或楼栋编码。\
                             This community has no component or building with that code.",
                        )
                    })?,
                (None, Some(position)) => position,
                (None, None) => unreachable!("checked above"),
            };
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM kiosks WHERE pairing_code_sha256 = ?1
                     AND community_id IS NULL AND pairing_expires_at > ?2",
                    params![code_hash, now_unix()],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else {
                return Err(unprocessable(
                    "unknown_pairing_code",
                    "没有这个配对码，或已过期。请核对屏幕上的字符，或在屏幕上重新获取。\
                     No such pairing code, or it has expired: check the screen, or get a new code there.",
                ));
            };
            tx.execute(
                "UPDATE kiosks SET community_id = ?1, place_label = ?2, place_code = ?3,
                    lat = ?4, lon = ?5, paired_at = ?8, paired_by = ?6,
                    pairing_code_sha256 = NULL
                 WHERE id = ?7",
                params![
                    community,
                    label,
                    place_code,
                    lat,
                    lon,
                    username,
                    id,
                    rfc3339(now_unix())
                ],
            )?;
            let info = tx.query_row(
                &format!("SELECT {INFO_COLUMNS} FROM kiosks WHERE id = ?1"),
                [id],
                kiosk_info,
            )?;
            Entry::new("kiosk.pair")
                .community(Some(&community))
                .subject(id.to_string())
                .detail(serde_json::json!({ "place": label, "place_code": place_code }))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(info)))
        })
        .await
}

/// The kiosk with this id, 404 when unknown and 403 when another community's.
fn load_for(c: &Connection, session: &CommitteeSession, id: i64) -> Result<KioskInfo, AppError> {
    let info = c
        .query_row(
            &format!(
                "SELECT {INFO_COLUMNS} FROM kiosks WHERE id = ?1 AND community_id IS NOT NULL"
            ),
            [id],
            kiosk_info,
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("没有这台自助屏。No such kiosk."))?;
    if !session.covers(&info.community_id) {
        return Err(AppError::Forbidden(
            "这台自助屏属于其他社区。This kiosk belongs to another community.".into(),
        ));
    }
    Ok(info)
}

#[utoipa::path(put, path = "/api/v1/admin/kiosks/{id}", tag = "admin",
    params(("id" = i64, Path)), request_body = KioskSettings,
    responses((status = 200, body = KioskInfo), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn admin_kiosk_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<KioskSettings>, JsonRejection>,
) -> Result<Json<KioskInfo>, AppError> {
    let Path(id) = id?;
    let Json(settings) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "设置需要空闲秒数。Settings need the idle time in seconds.".into(),
    })?;
    if !(KIOSK_IDLE_MIN..=KIOSK_IDLE_MAX).contains(&settings.idle_seconds) {
        return Err(AppError::Unprocessable {
            code: "bad_idle_seconds",
            message: format!(
                "空闲时间须在 {KIOSK_IDLE_MIN} 到 {KIOSK_IDLE_MAX} 秒之间。\
                 The idle time is between {KIOSK_IDLE_MIN} and {KIOSK_IDLE_MAX} seconds."
            ),
        });
    }
    let notice = settings.notice.trim().to_owned();
    if notice.chars().count() > 280 {
        return Err(unprocessable(
            "notice_too_long",
            "通知最多 280 个字。A notice is at most 280 characters.",
        ));
    }
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let info = load_for(&tx, &session, id)?;
            tx.execute(
                "UPDATE kiosks SET idle_seconds = ?1, notice = ?2 WHERE id = ?3",
                params![settings.idle_seconds, notice, id],
            )?;
            Entry::new("kiosk.settings")
                .community(Some(&info.community_id))
                .subject(id.to_string())
                .detail(serde_json::json!({
                    "idle_seconds": settings.idle_seconds,
                    "notice": notice,
                }))
                .append(&tx, &actor)?;
            let info = load_for(&tx, &session, id)?;
            tx.commit()?;
            Ok(Json(info))
        })
        .await
}

#[utoipa::path(post, path = "/api/v1/admin/kiosks/{id}/revoke", tag = "admin",
    params(("id" = i64, Path)),
    responses((status = 200, body = KioskInfo),
        (status = 400, description = "Not a kiosk number", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Already revoked", body = linli_api::ApiError)))]
pub(crate) async fn admin_kiosk_revoke(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<KioskInfo>, AppError> {
    let Path(id) = id?;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let info = load_for(&tx, &session, id)?;
            if info.revoked_at.is_some() {
                return Err(AppError::Conflict(
                    "这台自助屏已被撤销。This kiosk is already revoked.".into(),
                ));
            }
            tx.execute(
                "UPDATE kiosks SET revoked_at = ?2, token_sha256 = NULL,
                    pairing_secret_sha256 = NULL WHERE id = ?1",
                params![id, rfc3339(now_unix())],
            )?;
            Entry::new("kiosk.revoke")
                .community(Some(&info.community_id))
                .subject(id.to_string())
                .detail(serde_json::json!({ "place": info.place_label }))
                .append(&tx, &actor)?;
            let info = load_for(&tx, &session, id)?;
            tx.commit()?;
            Ok(Json(info))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_ignore_case_and_separators() {
        assert_eq!(normalise_pairing_code(" ac-d 3e7 "), "ACD3E7");
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for c in b"0O1IL2Z5S6G8B" {
            assert!(!PAIRING_ALPHABET.contains(c), "{}", *c as char);
        }
    }
}
