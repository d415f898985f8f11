//! Committee sessions (login, logout, who am I) and the committee dashboard.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database keeps
//! only its SHA-256, so a copy of the database opens no session.

use argon2::{Argon2, PasswordHash, PasswordVerifier};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_api::{
    ApiKeyCreated, ApiKeyInfo, CommunityFigures, CommunityRole, Dashboard, LoginRequest, NewApiKey,
    Role, SessionInfo,
};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension};

use crate::accounts::{create_api_key, key_id};
use crate::audit::{Actor, Entry};
use crate::district::is_sample;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

const COOKIE_NAME: &str = "linli_session";

/// How long a committee session lasts: it ends after `idle` without a request, and at the latest
/// `lifetime` after sign-in, whatever happens in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionRules {
    pub idle: std::time::Duration,
    pub lifetime: std::time::Duration,
}

impl Default for SessionRules {
    /// A working day at the desk, with an hour's leave for residents at the counter or a
    /// meeting; a desk left for longer asks for the password again.
    fn default() -> SessionRules {
        SessionRules {
            idle: std::time::Duration::from_secs(60 * 60),
            lifetime: std::time::Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// A session's last use is written again only when it is older than this: a member clicking
/// through pages does not write on every request.
const LAST_SEEN_EVERY_SECONDS: i64 = 60;

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn token_hash(token: &str) -> String {
    crate::accounts::sha256_hex(token)
}

pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

fn load_session_info(c: &Connection, username: &str) -> Result<SessionInfo, AppError> {
    let display_name: String = c.query_row(
        "SELECT display_name FROM users WHERE username = ?1",
        [username],
        |r| r.get(0),
    )?;
    let mut stmt = c.prepare(
        "SELECT community_id, role FROM user_roles WHERE username = ?1 ORDER BY community_id",
    )?;
    let roles = stmt
        .query_map([username], |r| {
            let role: String = r.get(1)?;
            Ok(CommunityRole {
                community_id: r.get(0)?,
                role: if role == "district_admin" {
                    Role::DistrictAdmin
                } else {
                    Role::Committee
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SessionInfo {
        username: username.to_owned(),
        display_name,
        roles,
    })
}

impl Actor {
    /// A signed-in committee member, at the address the request came from.
    pub(crate) fn member(session: &CommitteeSession, address: ClientAddress) -> Actor {
        Actor {
            username: session.0.username.clone(),
            address: address.0,
        }
    }
}

/// A signed-in committee member. As an extractor it answers 401 when there is no live session.
#[derive(Debug, Clone)]
pub(crate) struct CommitteeSession(pub SessionInfo);

impl CommitteeSession {
    /// Whether this session may act for `community_id`.
    pub(crate) fn covers(&self, community_id: &str) -> bool {
        self.0
            .roles
            .iter()
            .any(|r| r.community_id == "*" || r.community_id == community_id)
    }
}

impl CommitteeSession {
    /// The communities this session acts for as a JSON array, for SQLite's `json_each` in an
    /// `id IN (SELECT value FROM json_each(?))` that an index answers; `None` when it covers
    /// every community.
    pub(crate) fn own_communities(&self) -> Option<String> {
        let roles = &self.0.roles;
        if roles.iter().any(|r| r.community_id == "*") {
            return None;
        }
        let own: Vec<&str> = roles.iter().map(|r| r.community_id.as_str()).collect();
        Some(serde_json::to_string(&own).expect("strings serialise"))
    }

    /// The SQL condition on `column` that keeps this session's communities, with its parameter
    /// (`?1`): `column IN (SELECT value FROM json_each(?1))` for a member, which the community
    /// index answers, and `?1 IS NULL` (with no value) for one who covers every community. Two
    /// texts rather than `(?1 IS NULL OR …)`: SQLite plans a statement before values are bound.
    pub(crate) fn community_condition(&self, column: &str) -> (String, Option<String>) {
        match self.own_communities() {
            Some(own) => (
                format!("{column} IN (SELECT value FROM json_each(?1))"),
                Some(own),
            ),
            None => ("?1 IS NULL".to_owned(), None),
        }
    }

    /// Whether this session sees a report; one without a community is the district's.
    pub(crate) fn covers_request(&self, community_id: Option<&str>) -> bool {
        match community_id {
            Some(id) => self.covers(id),
            None => self.is_district_admin(),
        }
    }

    /// 403 unless the session covers this report's community.
    pub(crate) fn require_request(&self, community_id: Option<&str>) -> Result<(), AppError> {
        if self.covers_request(community_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "这不是您负责的社区。This report belongs to another community.".into(),
            ))
        }
    }

    pub(crate) fn is_district_admin(&self) -> bool {
        self.0.is_district_admin()
    }
}

impl FromRequestParts<AppState> for CommitteeSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = session_token(&parts.headers).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(&token);
        let idle = state.sessions.idle.as_secs() as i64;
        state
            .db
            .run(move |c| {
                let now = now_unix();
                let found: Option<(String, i64)> = c
                    .query_row(
                        "SELECT username, last_seen_at FROM sessions
                         WHERE token_sha256 = ?1 AND expires_at > ?2 AND last_seen_at > ?2 - ?3",
                        rusqlite::params![hash, now, idle],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let (username, last_seen) = found.ok_or(AppError::Unauthorized)?;
                if now - last_seen >= LAST_SEEN_EVERY_SECONDS {
                    c.execute(
                        "UPDATE sessions SET last_seen_at = ?2 WHERE token_sha256 = ?1",
                        rusqlite::params![hash, now],
                    )?;
                }
                Ok(CommitteeSession(load_session_info(c, &username)?))
            })
            .await
    }
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .expect("cookie text is ASCII")
}

#[utoipa::path(get, path = "/api/v1/session.json", tag = "admin",
    responses((status = 200, body = SessionInfo), (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn session_get(session: CommitteeSession) -> Json<SessionInfo> {
    Json(session.0)
}

#[utoipa::path(post, path = "/api/v1/session/login", tag = "admin", request_body = LoginRequest,
    responses(
        (status = 429, description = "Too many sign-in attempts from this address or for this username; see Retry-After", body = linli_api::ApiError),
        (status = 200, description = "Signed in; sets the session cookie", body = SessionInfo),
        (status = 400, body = linli_api::ApiError),
        (status = 422, description = "Wrong username or password", body = linli_api::ApiError)))]
pub(crate) async fn session_login(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    body: Result<Json<LoginRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, AppError> {
    let Json(login) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请填写用户名和密码。Please give a username and a password.".into(),
    })?;
    if login.username.trim().is_empty() || login.password.is_empty() {
        return Err(AppError::BadRequest {
            code: "missing_credentials",
            message: "请填写用户名和密码。Please give a username and a password.".into(),
        });
    }
    let secure = state.secure_cookies;
    let lifetime = state.sessions.lifetime.as_secs() as i64;
    let username = login.username.trim().to_owned();
    state.rate_limits.sign_in_for_account(&username)?;
    // The permit is taken before the hash is read, so logins never hold more pooled connections
    // than there are checks running, whatever the number waiting.
    let permit = PASSWORD_CHECKS
        .acquire()
        .await
        .map_err(AppError::internal)?;
    let lookup = username.clone();
    let stored: Option<String> = state
        .db
        .run(move |c| {
            Ok(c.query_row(
                "SELECT password_hash FROM users WHERE username = ?1",
                [&lookup],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await?;
    // The connection is back in the pool before argon2 runs: a flood of wrong passwords takes
    // CPU from the checks' own permits, not connections from every reader.
    let valid = tokio::task::spawn_blocking(move || password_matches(stored, &login.password))
        .await
        .map_err(AppError::internal)??;
    if !valid {
        // Still under the permit: a flood of wrong passwords writes its trail with no more
        // connections than its checks use.
        state
            .db
            .run(move |c| {
                let tx = crate::db::write_transaction(c)?;
                failed_sign_in(&tx, &username, address)?;
                tx.commit()?;
                Ok(())
            })
            .await?;
        drop(permit);
        return Err(AppError::Unprocessable {
            code: "wrong_credentials",
            message: "用户名或密码不正确。The username or password is not right.".into(),
        });
    }
    drop(permit);
    // A session the browser already had is ended: the new token replaces it, so a token someone
    // planted before sign-in (session fixation) is worth nothing after it.
    let previous = session_token(&headers).map(|t| token_hash(&t));
    // Queued with the residents' writes rather than against them in SQLite's busy handler: under
    // a flood of reports, each writer handed the lock as the last one commits, a sign-in that
    // only retries can lose until the busy timeout and answer 500.
    let (info, token) = state
        .db
        .write(move |c| {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            let token = hex::encode(bytes);
            let tx = crate::db::write_transaction(c)?;
            tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now_unix()])?;
            if let Some(previous) = previous {
                tx.execute("DELETE FROM sessions WHERE token_sha256 = ?1", [previous])?;
            }
            let now = now_unix();
            tx.execute(
                "INSERT INTO sessions (token_sha256, username, expires_at, last_seen_at)
                 VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![token_hash(&token), username, now + lifetime, now],
            )?;
            let actor = Actor {
                username: username.clone(),
                address: address.0,
            };
            Entry::new("session.sign_in").append(&tx, &actor)?;
            let info = load_session_info(&tx, &username)?;
            tx.commit()?;
            Ok((info, token))
        })
        .await?;
    let mut response = Json(info).into_response();
    response
        .headers_mut()
        .insert(SET_COOKIE, session_cookie(&token, lifetime, secure));
    Ok(response)
}

/// Records a failed sign-in. The name typed is kept only when it is an account's: a password
/// typed into the username box by mistake must not end up in the trail.
fn failed_sign_in(c: &Connection, typed: &str, address: ClientAddress) -> rusqlite::Result<()> {
    let known = c
        .query_row("SELECT 1 FROM users WHERE username = ?1", [typed], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    let actor = Actor {
        username: if known { typed } else { "(unknown account)" }.to_owned(),
        address: address.0,
    };
    Entry::new("session.sign_in_failed").append(c, &actor)?;
    Ok(())
}

/// Whether `password` matches the stored hash. An unknown user (`None`) is checked against a fixed
/// hash all the same, so that the answer's timing does not reveal which usernames exist.
fn password_matches(stored: Option<String>, password: &str) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| UNKNOWN_USER_HASH.to_owned());
    let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Ok(matches && known)
}

/// How many password checks run at once. Each is argon2id with 19 MiB of memory and most of a
/// core for tens of milliseconds; more at once than the machine has cores to spare only queue
/// inside the CPU, and each one running used to hold a pooled database connection.
pub const PASSWORD_CHECKS_AT_ONCE: usize = 2;
static PASSWORD_CHECKS: tokio::sync::Semaphore =
    tokio::sync::Semaphore::const_new(PASSWORD_CHECKS_AT_ONCE);

/// An argon2 hash of a random password nobody knows, checked when the username is unknown.
const UNKNOWN_USER_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Rk9a5rHq1I2zE0CtbQ0p9p7xGmX0e2b7g0F3Qm1yZ5k";

#[utoipa::path(post, path = "/api/v1/session/logout", tag = "admin",
    responses((status = 204, description = "Signed out; clears the cookie")))]
pub(crate) async fn session_logout(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = session_token(&headers) {
        let hash = token_hash(&token);
        state
            .db
            .run(move |c| {
                let tx = crate::db::write_transaction(c)?;
                let username: Option<String> = tx
                    .query_row(
                        "DELETE FROM sessions WHERE token_sha256 = ?1 RETURNING username",
                        [hash],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(username) = username {
                    let actor = Actor {
                        username,
                        address: address.0,
                    };
                    Entry::new("session.sign_out").append(&tx, &actor)?;
                }
                tx.commit()?;
                Ok(())
            })
            .await?;
    }
    Ok(signed_out(state.secure_cookies))
}

/// 204, and the browser's session cookie cleared.
fn signed_out(secure: bool) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(SET_COOKIE, session_cookie("", 0, secure));
    response
}

/// Ends every session of the signed-in member, on every browser (a lost phone, a shared desk).
#[utoipa::path(post, path = "/api/v1/session/logout-everywhere", tag = "admin",
    responses((status = 204, description = "Every session of this account ended; clears the cookie"),
        (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn session_logout_everywhere(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
) -> Result<Response, AppError> {
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let ended = tx.execute(
                "DELETE FROM sessions WHERE username = ?1",
                [&actor.username],
            )?;
            Entry::new("session.sign_out_everywhere")
                .detail(serde_json::json!({ "sessions": ended }))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(signed_out(state.secure_cookies))
}

/// A request that changes something and carries a session cookie must come from Linli's own
/// pages: when the browser names its `Origin`, that must be this site (the address the request
/// came to, or the public URL). SameSite=Strict keeps the cookie off other sites' requests in
/// today's browsers; this holds for any that do not. A request without `Origin` (a script, an
/// old browser) has only SameSite to go by.
pub(crate) async fn same_origin(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let changes = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let foreign = changes
        && session_token(request.headers()).is_some()
        && request
            .headers()
            .get(axum::http::header::ORIGIN)
            .is_some_and(|origin| {
                !is_own_origin(origin, request.headers(), state.public_url.as_deref())
            });
    if foreign {
        return AppError::Forbidden(
            "请在邻里自己的页面上操作。This request came from another site; please use \
             Linli's own pages."
                .into(),
        )
        .into_response();
    }
    next.run(request).await
}

fn is_own_origin(origin: &HeaderValue, headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let same_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|rest| Some(rest) == host);
    let public = public_url.is_some_and(|url| url.trim_end_matches('/') == origin);
    same_host || public
}

#[utoipa::path(get, path = "/api/v1/admin/dashboard.json", tag = "admin",
    responses((status = 200, body = Dashboard), (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn dashboard_get(
    State(state): State<AppState>,
    session: CommitteeSession,
) -> Result<Json<Dashboard>, AppError> {
    state
        .db
        .run(move |c| {
            // A member's communities found by their ids; the district's, one row each.
            let (covered, own) = session.community_condition("c.id");
            let mut stmt = c.prepare(&format!(
                "SELECT id, name_zh, name_en,
                   (SELECT count(*) FROM components WHERE community_id = c.id),
                   (SELECT count(*) FROM components WHERE community_id = c.id AND state = 'being_repaired'),
                   (SELECT count(*) FROM buildings WHERE community_id = c.id),
                   (SELECT coalesce(sum(households), 0) FROM buildings WHERE community_id = c.id),
                   (SELECT count(*) FROM service_points WHERE community_id = c.id),
                   (SELECT count(*) FROM ballots WHERE community_id = c.id AND status = 'open')
                 FROM communities c WHERE c.archived_at IS NULL AND {covered} ORDER BY id"
            ))?;
            let communities = stmt
                .query_map([&own], |r| {
                    Ok(CommunityFigures {
                        community_id: r.get(0)?,
                        name_zh: r.get(1)?,
                        name_en: r.get(2)?,
                        components: r.get(3)?,
                        components_being_repaired: r.get(4)?,
                        buildings: r.get(5)?,
                        households: r.get(6)?,
                        service_points: r.get(7)?,
                        open_ballots: r.get(8)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Dashboard {
                sample_data: is_sample(c)?,
                communities,
            })
        })
        .await
        .map(Json)
}

fn require_district_admin(session: &CommitteeSession) -> Result<(), AppError> {
    if session.is_district_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "只有区级管理员可以管理 API 密钥。Only district administrators manage API keys.".into(),
        ))
    }
}

#[utoipa::path(get, path = "/api/v1/admin/api-keys.json", tag = "admin",
    responses((status = 200, body = [ApiKeyInfo]), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn api_keys_get(
    State(state): State<AppState>,
    session: CommitteeSession,
) -> Result<Json<Vec<ApiKeyInfo>>, AppError> {
    require_district_admin(&session)?;
    state
        .db
        .run(|c| {
            let mut stmt = c.prepare(
                "SELECT key_sha256, label, created_at, revoked_at, scope FROM api_keys
                 ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ApiKeyInfo {
                    id: key_id(&r.get::<_, String>(0)?),
                    label: r.get(1)?,
                    created_at: r.get(2)?,
                    revoked_at: r.get(3)?,
                    scope: linli_api::ApiKeyScope::parse(&r.get::<_, String>(4)?)
                        .unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/api-keys", tag = "admin", request_body = NewApiKey,
    responses((status = 200, body = ApiKeyCreated),
        (status = 400, description = "Malformed body", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn api_keys_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    body: Result<Json<NewApiKey>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ApiKeyCreated>, AppError> {
    require_district_admin(&session)?;
    let Json(new_key) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请给密钥起个名字。Please name the key.".into(),
    })?;
    let label = new_key.label.trim().to_owned();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(AppError::Unprocessable {
            code: "bad_label",
            message: "密钥名称为 1 到 100 个字。A key's name is 1 to 100 characters.".into(),
        });
    }
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let created = create_api_key(&tx, &label, new_key.scope)?;
            Entry::new("api_key.create")
                .subject(created.id.clone())
                .detail(serde_json::json!({ "label": label, "scope": new_key.scope.as_str() }))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok(created)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/api-keys/{id}/revoke", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn api_key_revoke(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<StatusCode, AppError> {
    require_district_admin(&session)?;
    if id.len() != 12 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::not_found("没有这个密钥。No such key."));
    }
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let changed = tx.execute(
                "UPDATE api_keys SET revoked_at = datetime('now')
                 WHERE substr(key_sha256, 1, 12) = ?1 AND revoked_at IS NULL",
                [&id],
            )?;
            if changed == 0 {
                return Err(AppError::not_found(
                    "没有这个有效的密钥。No such active key.",
                ));
            }
            Entry::new("api_key.revoke")
                .subject(id)
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok(StatusCode::NO_CONTENT)
        })
        .await
}
