//! 扫码即诉 — reports of problems: creating them (through Open311), the public list, the
//! reporter's private tracking page, and the committee's queue and status changes. Every status
//! change goes through `linli_core::report::check_transition`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use linli_api::{
    CommitteeRequest, CommunityRates, CreatedRequest, MonthlyRates, PublicRequest, QueueEntry,
    RatingRequest, ReopenRequest, StatusChange, TimelineEntry, TrackedRequest,
};
use linli_core::component_code::ComponentCode;
use linli_core::problem_type::{PROBLEM_TYPES, ProblemType, problem_types_for};
use linli_core::report::{
    Actor, FieldError, Rates, RequestFacts, Status, check_description, check_location, check_phone,
    check_transition, mask_phone,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::offset;

use crate::admin::CommitteeSession;
use crate::open311::{Open311Errors, PublicUpdate, RequestsQuery};
use crate::{AppError, AppState, json_name};

// ---- time ----

/// Stored times are UTC RFC 3339 (they sort as text); shown times are Beijing time.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn stored(at: OffsetDateTime) -> String {
    at.to_offset(offset!(UTC))
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any UTC time")
}

fn shown(stored_text: &str) -> String {
    OffsetDateTime::parse(stored_text, &Rfc3339)
        .map(|t| {
            t.to_offset(offset!(+8))
                .format(&Rfc3339)
                .unwrap_or_else(|_| stored_text.to_owned())
        })
        .unwrap_or_else(|_| stored_text.to_owned())
}

/// Accepts RFC 3339 (`2026-11-01T08:00:00+08:00`) or a plain date, read as Beijing midnight.
pub fn parse_datetime(field: &str, text: &str) -> Result<String, Open311Errors> {
    let parsed = OffsetDateTime::parse(text, &Rfc3339).or_else(|_| {
        time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(|d| d.midnight().assume_offset(offset!(+8)))
    });
    parsed.map(stored).map_err(|_| {
        Open311Errors::one(
            StatusCode::BAD_REQUEST,
            format!("{field} is not an ISO 8601 date or time, e.g. 2026-11-01T08:00:00+08:00"),
        )
    })
}

fn is_overdue(status: Status, expected_at: &str) -> bool {
    status.is_open() && expected_at < stored(now()).as_str()
}

fn problem(service_code: &str) -> Option<&'static ProblemType> {
    PROBLEM_TYPES
        .iter()
        .find(|p| p.service_code == service_code)
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

// ---- creating ----

/// The fields of a new request, as Open311 names them.
#[derive(Debug, Default, Deserialize)]
pub struct NewRequestForm {
    pub api_key: Option<String>,
    pub service_code: Option<String>,
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub description: Option<String>,
    pub phone: Option<String>,
    #[serde(rename = "attribute[component_code]")]
    pub component_code: Option<String>,
}

impl NewRequestForm {
    /// The same fields from a JSON object; numbers are accepted where the form has text, and
    /// attributes may come as `{"attribute": {"component_code": …}}`.
    pub fn from_json(value: serde_json::Value) -> Option<NewRequestForm> {
        let object = value.as_object()?;
        let text = |key: &str| -> Option<String> {
            match object.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let component_code = text("attribute[component_code]").or_else(|| {
            object
                .get("attribute")?
                .get("component_code")?
                .as_str()
                .map(str::to_owned)
        });
        Some(NewRequestForm {
            api_key: text("api_key"),
            service_code: text("service_code"),
            lat: text("lat"),
            long: text("long"),
            address_string: text("address_string"),
            description: text("description"),
            phone: text("phone"),
            component_code,
        })
    }
}

fn field_error_text(error: &FieldError) -> String {
    let field = error.field;
    let zh = match error.problem {
        linli_core::report::FieldProblem::Missing => "必须填写",
        linli_core::report::FieldProblem::TooLong { .. } => "太长了",
        linli_core::report::FieldProblem::ContainsMarkup => "不能包含 HTML",
        linli_core::report::FieldProblem::NotAPhoneNumber => "不是有效的手机或固定电话号码",
        linli_core::report::FieldProblem::OutOfRange => "不是有效的坐标",
    };
    format!("{error}. {field}：{zh}。")
}

struct ValidRequest {
    problem: &'static ProblemType,
    component: Option<ComponentCode>,
    location: Option<(f64, f64)>,
    address: String,
    description: String,
    phone: Option<String>,
}

/// Checks every field and reports every problem at once, so a client fixes them in one go.
fn validate(form: NewRequestForm) -> Result<ValidRequest, Open311Errors> {
    let mut errors = Vec::new();
    let problem = match form.service_code.as_deref().map(str::trim) {
        None | Some("") => {
            errors.push("service_code is required. 请选择问题类型。".to_owned());
            None
        }
        Some(code) => {
            let found = problem(code);
            if found.is_none() {
                errors.push(format!(
                    "service_code {code} not found; see services.json. 没有这个问题类型。"
                ));
            }
            found
        }
    };
    let description = check_description(form.description.as_deref().unwrap_or(""))
        .map_err(|e| errors.push(field_error_text(&e)))
        .ok();
    let phone = match form
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(text) => check_phone(text)
            .map_err(|e| errors.push(field_error_text(&e)))
            .ok(),
    };
    let component = match form
        .component_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(text) => ComponentCode::parse(text)
            .map_err(|e| {
                errors.push(format!(
                    "attribute[component_code] is malformed: {e}. 部件编码应为16位数字。"
                ))
            })
            .ok(),
    };
    let location = match (form.lat.as_deref(), form.long.as_deref()) {
        (None, None) => None,
        (Some(lat), Some(lon)) => match (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) {
            (Ok(lat), Ok(lon)) => check_location(lat, lon)
                .map_err(|e| errors.push(field_error_text(&e)))
                .ok(),
            _ => {
                errors
                    .push("lat and long must be decimal degrees (WGS-84). 坐标格式不正确。".into());
                None
            }
        },
        _ => {
            errors.push("lat and long go together. 坐标需要同时提供纬度和经度。".into());
            None
        }
    };
    if location.is_none() && component.is_none() && errors.is_empty() {
        errors.push(
            "A location is required: lat and long, or attribute[component_code]. 请提供位置或部件编码。"
                .into(),
        );
    }
    match (problem, description) {
        (Some(problem), Some(description)) if errors.is_empty() => Ok(ValidRequest {
            problem,
            component,
            location,
            address: form.address_string.unwrap_or_default().trim().to_owned(),
            description,
            phone,
        }),
        _ => Err(Open311Errors {
            status: StatusCode::BAD_REQUEST,
            descriptions: errors,
        }),
    }
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
    idempotency_key: Option<String>,
) -> Result<CreatedRequest, Open311Errors> {
    let api_key = form.api_key.clone().unwrap_or_default();
    let valid = validate(form);
    let secrets_state = state.clone();
    let phone_cipher = valid
        .as_ref()
        .ok()
        .and_then(|v| v.phone.as_ref())
        .map(|p| state.secrets.seal(p));
    let outcome = state
        .db
        .run(move |c| -> Result<Result<(i64, String, String), Open311Errors>, AppError> {
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
            tx.commit()?;
            Ok(Ok((id, token, expected_at)))
        })
        .await?;
    let (id, token, expected_at) = outcome?;
    Ok(created_answer(&secrets_state, id, token, &expected_at))
}

// ---- the public list ----

#[derive(Debug)]
pub struct RequestFilter {
    pub ids: Option<Vec<i64>>,
    pub service_code: Option<String>,
    pub component_code: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub statuses: Option<Vec<Status>>,
    pub page: u32,
    pub page_size: u32,
}

impl Default for RequestFilter {
    fn default() -> RequestFilter {
        RequestFilter {
            ids: None,
            service_code: None,
            component_code: None,
            start: None,
            end: None,
            statuses: None,
            page: 1,
            page_size: 50,
        }
    }
}

impl RequestFilter {
    pub fn from_query(q: RequestsQuery) -> Result<RequestFilter, Open311Errors> {
        let bad = |text: String| Open311Errors::one(StatusCode::BAD_REQUEST, text);
        let ids = q
            .service_request_id
            .map(|list| {
                list.split(',')
                    .map(|id| {
                        id.trim()
                            .parse::<i64>()
                            .map_err(|_| bad(format!("service_request_id {id} is not a number")))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let statuses = q
            .status
            .map(|list| {
                list.split(',')
                    .map(|s| {
                        Status::parse(s.trim()).ok_or_else(|| {
                            bad(format!(
                                "status {s} is not one of open, action_scheduled, in_progress, fixed, closed, duplicate, not_councils_responsibility"
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let page_size = q.page_size.unwrap_or(50);
        if !(1..=200).contains(&page_size) {
            return Err(bad("page_size must be between 1 and 200".into()));
        }
        let page = q.page.unwrap_or(1);
        if page == 0 {
            return Err(bad("page starts at 1".into()));
        }
        Ok(RequestFilter {
            ids,
            service_code: q.service_code,
            component_code: q.component_code,
            start: q
                .start_date
                .as_deref()
                .map(|d| parse_datetime("start_date", d))
                .transpose()?,
            end: q
                .end_date
                .as_deref()
                .map(|d| parse_datetime("end_date", d))
                .transpose()?,
            statuses,
            page,
            page_size,
        })
    }
}

/// `WHERE` clauses and their values for a filter; values are bound, never spliced.
fn filter_sql(filter: &RequestFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses = vec!["1 = 1".to_owned()];
    let mut values: Vec<Value> = Vec::new();
    if let Some(ids) = &filter.ids {
        let marks = vec!["?"; ids.len()].join(", ");
        clauses.push(format!("r.id IN ({marks})"));
        values.extend(ids.iter().map(|id| Value::Integer(*id)));
    }
    if let Some(code) = &filter.service_code {
        clauses.push("r.service_code = ?".into());
        values.push(Value::Text(code.clone()));
    }
    if let Some(code) = &filter.component_code {
        clauses.push("r.component_code = ?".into());
        values.push(Value::Text(code.clone()));
    }
    if let Some(start) = &filter.start {
        clauses.push("r.requested_at >= ?".into());
        values.push(Value::Text(start.clone()));
    }
    if let Some(end) = &filter.end {
        clauses.push("r.requested_at <= ?".into());
        values.push(Value::Text(end.clone()));
    }
    if let Some(statuses) = &filter.statuses {
        let marks = vec!["?"; statuses.len()].join(", ");
        clauses.push(format!("r.status IN ({marks})"));
        values.extend(statuses.iter().map(|s| Value::Text(s.as_str().to_owned())));
    }
    (clauses.join(" AND "), values)
}

pub async fn list_public(
    state: &AppState,
    filter: RequestFilter,
) -> Result<Vec<PublicRequest>, AppError> {
    state
        .db
        .run(move |c| {
            let (clauses, mut values) = filter_sql(&filter);
            values.push(rusqlite::types::Value::Integer(i64::from(filter.page_size)));
            values.push(rusqlite::types::Value::Integer(
                i64::from(filter.page - 1) * i64::from(filter.page_size),
            ));
            let mut stmt = c.prepare(&format!(
                "SELECT r.id, r.status, r.service_code, r.description, r.requested_at, r.updated_at,
                        r.expected_at, r.address, r.lat, r.lon, r.component_code, r.supporters,
                        coalesce(k.maintainer_unit, ''),
                        coalesce((SELECT u.description FROM request_updates u
                                  WHERE u.request_id = r.id AND u.public = 1
                                  ORDER BY u.id DESC LIMIT 1), '')
                 FROM service_requests r LEFT JOIN components k ON k.code = r.component_code
                 WHERE {clauses}
                 ORDER BY r.id DESC LIMIT ? OFFSET ?"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
                let service_code: String = r.get(2)?;
                let service_name = problem(&service_code).map_or("", |p| p.name_zh).to_owned();
                Ok(PublicRequest {
                    service_request_id: r.get::<_, i64>(0)?.to_string(),
                    status: r.get(1)?,
                    service_name,
                    service_code,
                    description: r.get(3)?,
                    requested_datetime: shown(&r.get::<_, String>(4)?),
                    updated_datetime: shown(&r.get::<_, String>(5)?),
                    expected_datetime: shown(&r.get::<_, String>(6)?),
                    address: r.get(7)?,
                    lat: r.get(8)?,
                    lon: r.get(9)?,
                    component_code: r.get(10)?,
                    supporters: r.get(11)?,
                    agency_responsible: r.get(12)?,
                    status_notes: r.get(13)?,
                    service_notice: String::new(),
                    media_url: String::new(),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
}

pub async fn id_for_token(state: &AppState, token: String) -> Result<Option<i64>, AppError> {
    state
        .db
        .run(move |c| {
            Ok(c.query_row(
                "SELECT id FROM service_requests WHERE token = ?1",
                [token],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
}

pub async fn public_updates(
    state: &AppState,
    start: Option<String>,
    end: Option<String>,
) -> Result<Vec<PublicUpdate>, AppError> {
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT id, request_id, status, updated_at, description FROM request_updates
                 WHERE public = 1 AND (?1 IS NULL OR updated_at >= ?1) AND (?2 IS NULL OR updated_at <= ?2)
                 ORDER BY id LIMIT 1000",
            )?;
            let rows = stmt.query_map(params![start, end], |r| {
                Ok(PublicUpdate {
                    update_id: r.get::<_, i64>(0)?.to_string(),
                    service_request_id: r.get::<_, i64>(1)?.to_string(),
                    status: r.get(2)?,
                    updated_datetime: shown(&r.get::<_, String>(3)?),
                    description: r.get(4)?,
                    media_url: String::new(),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
}

// ---- the reporter's tracking page ----

fn timeline(
    c: &Connection,
    id: i64,
    include_internal: bool,
) -> Result<Vec<TimelineEntry>, AppError> {
    let mut stmt = c.prepare(
        "SELECT status, description, updated_at, public FROM request_updates
         WHERE request_id = ?1 AND (public = 1 OR ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id, include_internal], |r| {
        Ok(TimelineEntry {
            status: r.get(0)?,
            note: r.get(1)?,
            at: shown(&r.get::<_, String>(2)?),
            public: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

struct RequestRow {
    token: String,
    status: Status,
    times_reopened: u32,
    community_id: Option<String>,
}

fn load_row(c: &Connection, id: i64) -> Result<RequestRow, AppError> {
    c.query_row(
        "SELECT token, status, times_reopened, community_id FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            Ok(RequestRow {
                token: r.get(0)?,
                status: Status::parse(&r.get::<_, String>(1)?).unwrap_or(Status::Open),
                times_reopened: r.get(2)?,
                community_id: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        AppError::NotFound(format!(
            "没有编号为 {id} 的报告。No report has the number {id}."
        ))
    })
}

fn request_id(file: &str) -> Result<i64, AppError> {
    let id = json_name(file).unwrap_or(file);
    id.parse()
        .map_err(|_| AppError::NotFound("没有这个报告。No such report.".into()))
}

/// The reporter proves who they are with the secret of their private tracking link.
fn check_tracking_secret(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
) -> Result<(), AppError> {
    let given = headers
        .get("x-tracking-secret")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if state.secrets.tracking_secret_matches(token, given) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "这个跟踪链接不正确。This tracking link is not valid.".into(),
        ))
    }
}

fn tracked(c: &Connection, id: i64) -> Result<TrackedRequest, AppError> {
    let mut request = c.query_row(
        "SELECT service_code, component_code, status, description, address, requested_at,
                expected_at, supporters, phone_masked, rating, times_reopened
         FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            let status: String = r.get(2)?;
            let status_value = Status::parse(&status).unwrap_or(Status::Open);
            let expected_at: String = r.get(6)?;
            let rating: Option<u8> = r.get(9)?;
            let times_reopened: u32 = r.get(10)?;
            Ok(TrackedRequest {
                id: id.to_string(),
                service_code: r.get(0)?,
                component_code: r.get(1)?,
                overdue: is_overdue(status_value, &expected_at),
                status,
                description: r.get(3)?,
                address: r.get(4)?,
                requested_at: shown(&r.get::<_, String>(5)?),
                expected_at: shown(&expected_at),
                supporters: r.get(7)?,
                phone_masked: r.get(8)?,
                can_rate: status_value.is_finished() && rating.is_none(),
                can_reopen: check_transition(
                    status_value,
                    Status::Open,
                    Actor::Reporter,
                    times_reopened,
                )
                .is_ok(),
                rating,
                timeline: Vec::new(),
            })
        },
    )?;
    request.timeline = timeline(c, id, false)?;
    Ok(request)
}

/// Runs `change` for the request's reporter — the holder of its tracking secret — and answers the
/// request as the reporter then sees it.
async fn as_reporter(
    state: &AppState,
    id: i64,
    headers: HeaderMap,
    change: impl FnOnce(&mut Connection, &RequestRow) -> Result<(), AppError> + Send + 'static,
) -> Result<Json<TrackedRequest>, AppError> {
    let checker = state.clone();
    state
        .db
        .run(move |c| {
            let row = load_row(c, id)?;
            check_tracking_secret(&checker, &headers, &row.token)?;
            change(c, &row)?;
            tracked(c, id)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/requests/{id}.json", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, body = TrackedRequest), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError)))]
pub async fn tracked_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TrackedRequest>, AppError> {
    as_reporter(&state, request_id(&file)?, headers, |_, _| Ok(())).await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/rating", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    request_body = RatingRequest,
    responses((status = 200, body = TrackedRequest), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub async fn rating_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<RatingRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(rating) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请给出 1 到 5 的评分。Please give a rating from 1 to 5.".into(),
    })?;
    if !(1..=5).contains(&rating.rating) {
        return Err(AppError::Unprocessable {
            code: "rating_out_of_range",
            message: "评分是 1 到 5。A rating is 1 to 5.".into(),
        });
    }
    let comment = if rating.comment.trim().is_empty() {
        String::new()
    } else {
        check_description(&rating.comment).map_err(|e| AppError::Unprocessable {
            code: "bad_comment",
            message: field_error_text(&e),
        })?
    };
    as_reporter(&state, id, headers, move |c, _| {
        let changed = c.execute(
            "UPDATE service_requests SET rating = ?2, rating_comment = ?3
             WHERE id = ?1 AND rating IS NULL AND status IN ('fixed', 'closed')",
            params![id, rating.rating, comment],
        )?;
        if changed == 0 {
            return Err(AppError::Conflict(
                "只能在处理完成后评价一次。A report can be rated once, after it is fixed.".into(),
            ));
        }
        Ok(())
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/reopen", tag = "report",
    params(("id" = String, Path), ("X-Tracking-Secret" = String, Header)),
    request_body = ReopenRequest,
    responses((status = 200, body = TrackedRequest), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError)))]
pub async fn reopen_post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<ReopenRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<TrackedRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(reopen) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请说明为什么问题没有解决。Please say why the problem is not solved.".into(),
    })?;
    let reason = check_description(&reopen.reason).map_err(|e| AppError::Unprocessable {
        code: "bad_reason",
        message: field_error_text(&e),
    })?;
    as_reporter(&state, id, headers, move |c, row| {
        check_transition(row.status, Status::Open, Actor::Reporter, row.times_reopened)
            .map_err(|_| {
                AppError::Conflict(
                    "处理完成后只能重新打开一次。A finished report can be reopened once.".into(),
                )
            })?;
        let tx = c.transaction()?;
        let at = stored(now());
        tx.execute(
            "UPDATE service_requests SET status = 'open', times_reopened = times_reopened + 1,
                rating = NULL, rating_comment = NULL, updated_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        tx.execute(
            "INSERT INTO request_updates (request_id, status, description, public, actor, updated_at)
             VALUES (?1, 'open', ?2, 1, 'reporter', ?3)",
            params![id, reason, at],
        )?;
        tx.commit()?;
        Ok(())
    })
    .await
}

// ---- the committee's queue ----

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub community: Option<String>,
    #[serde(default)]
    pub overdue: bool,
}

fn queue_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueEntry> {
    let status: String = r.get(4)?;
    let expected_at: String = r.get(7)?;
    Ok(QueueEntry {
        id: r.get::<_, i64>(0)?.to_string(),
        service_code: r.get(1)?,
        component_code: r.get(2)?,
        community_id: r.get(3)?,
        overdue: is_overdue(Status::parse(&status).unwrap_or(Status::Open), &expected_at),
        status,
        description: r.get(5)?,
        requested_at: shown(&r.get::<_, String>(6)?),
        expected_at: shown(&expected_at),
        supporters: r.get(8)?,
    })
}

const QUEUE_COLUMNS: &str = "id, service_code, component_code, community_id, status, description,
    requested_at, expected_at, supporters";

#[utoipa::path(get, path = "/api/v1/admin/requests.json", tag = "admin", params(QueueQuery),
    responses((status = 200, body = [QueueEntry]), (status = 401, body = linli_api::ApiError)))]
pub async fn queue_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Query(query): Query<QueueQuery>,
) -> Result<Json<Vec<QueueEntry>>, AppError> {
    let status = query
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| AppError::BadRequest {
                code: "bad_status",
                message: format!("没有这个状态：{s}。Unknown status {s}."),
            })
        })
        .transpose()?;
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {QUEUE_COLUMNS} FROM service_requests
                 WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR community_id = ?2)
                 ORDER BY expected_at, id LIMIT 500"
            ))?;
            let rows = stmt.query_map(
                params![status.map(Status::as_str), query.community],
                queue_entry,
            )?;
            let entries = rows
                .filter(|e| {
                    e.as_ref().map_or(true, |e| {
                        session.covers_request(e.community_id.as_deref())
                            && (!query.overdue || e.overdue)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(entries)
        })
        .await
        .map(Json)
}

fn committee_request(
    state: &AppState,
    c: &Connection,
    id: i64,
) -> Result<CommitteeRequest, AppError> {
    let (entry, phone_cipher, maintainer_unit, maintainer_phone, rating, rating_comment) = c.query_row(
        &format!(
            "SELECT {}, r.phone_cipher, k.maintainer_unit, k.maintainer_phone, r.rating, r.rating_comment
             FROM service_requests r LEFT JOIN components k ON k.code = r.component_code
             WHERE r.id = ?1",
            QUEUE_COLUMNS
                .split(',')
                .map(|col| format!("r.{}", col.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [id],
        |r| {
            Ok((
                queue_entry(r)?,
                r.get::<_, Option<Vec<u8>>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<u8>>(12)?,
                r.get::<_, Option<String>>(13)?,
            ))
        },
    )?;
    Ok(CommitteeRequest {
        entry,
        phone: phone_cipher.and_then(|sealed| state.secrets.open(&sealed)),
        maintainer_unit,
        maintainer_phone,
        rating,
        rating_comment,
        timeline: timeline(c, id, true)?,
    })
}

#[utoipa::path(get, path = "/api/v1/admin/requests/{id}.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = CommitteeRequest), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub async fn committee_request_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&file)?;
    let reader = state.clone();
    state
        .db
        .run(move |c| {
            let row = load_row(c, id)?;
            session.require_request(row.community_id.as_deref())?;
            committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/requests/{id}/status", tag = "admin",
    params(("id" = String, Path)), request_body = StatusChange,
    responses((status = 200, body = CommitteeRequest), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError)))]
pub async fn status_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
    body: Result<Json<StatusChange>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(change) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请选择新的状态。Please choose the new status.".into(),
    })?;
    let to = Status::parse(&change.status).ok_or_else(|| AppError::BadRequest {
        code: "bad_status",
        message: format!(
            "没有这个状态：{}。Unknown status {}.",
            change.status, change.status
        ),
    })?;
    let note = change.note.trim().to_owned();
    if note.chars().count() > linli_core::report::MAX_DESCRIPTION_CHARS {
        return Err(AppError::Unprocessable {
            code: "note_too_long",
            message: "备注太长了。The note is too long.".into(),
        });
    }
    let reader = state.clone();
    state
        .db
        .run(move |c| {
            let row = load_row(c, id)?;
            session.require_request(row.community_id.as_deref())?;
            check_transition(row.status, to, Actor::Committee, row.times_reopened).map_err(|e| {
                AppError::Conflict(format!(
                    "不能从“{}”改为“{}”。{e}.",
                    row.status.name_zh(),
                    to.name_zh()
                ))
            })?;
            let tx = c.transaction()?;
            let at = stored(now());
            tx.execute(
                "UPDATE service_requests SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, to.as_str(), at],
            )?;
            tx.execute(
                "INSERT INTO request_updates (request_id, status, description, public, actor, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, to.as_str(), note, change.public, session.0.username, at],
            )?;
            tx.commit()?;
            committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}

// ---- the 接诉即办 rates ----

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RatesQuery {
    /// `YYYY-MM`, Beijing time; the current month when absent.
    pub month: Option<String>,
}

/// The month's bounds as stored (UTC) strings, from a `YYYY-MM` in Beijing time.
fn month_bounds(month: &str) -> Option<(String, String)> {
    let (year, month_number) = month.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month_number: u8 = month_number.parse().ok()?;
    let first =
        time::Date::from_calendar_date(year, time::Month::try_from(month_number).ok()?, 1).ok()?;
    let next = if month_number == 12 {
        time::Date::from_calendar_date(year + 1, time::Month::January, 1).ok()?
    } else {
        time::Date::from_calendar_date(year, time::Month::try_from(month_number + 1).ok()?, 1)
            .ok()?
    };
    let at = |d: time::Date| stored(d.midnight().assume_offset(offset!(+8)));
    Some((at(first), at(next)))
}

#[utoipa::path(get, path = "/api/v1/admin/rates.json", tag = "admin", params(RatesQuery),
    responses((status = 200, body = MonthlyRates), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError)))]
pub async fn rates_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Query(query): Query<RatesQuery>,
) -> Result<Json<MonthlyRates>, AppError> {
    let month = query.month.unwrap_or_else(|| {
        let today = now().to_offset(offset!(+8));
        format!("{:04}-{:02}", today.year(), u8::from(today.month()))
    });
    let (start, end) = month_bounds(&month).ok_or_else(|| AppError::BadRequest {
        code: "bad_month",
        message: format!("月份格式应为 2026-11。A month is written 2026-11, not {month}."),
    })?;
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT r.community_id, r.status, r.rating,
                    (SELECT (julianday(min(u.updated_at)) - julianday(r.requested_at)) * 24
                     FROM request_updates u WHERE u.request_id = r.id AND u.actor != 'reporter')
                 FROM service_requests r
                 WHERE r.requested_at >= ?1 AND r.requested_at < ?2 AND r.community_id IS NOT NULL",
            )?;
            let mut by_community: std::collections::BTreeMap<String, Vec<RequestFacts>> =
                std::collections::BTreeMap::new();
            for row in stmt.query_map(params![start, end], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u8>>(2)?,
                    r.get::<_, Option<f64>>(3)?,
                ))
            })? {
                let (community, status, rating, hours) = row?;
                by_community
                    .entry(community)
                    .or_default()
                    .push(RequestFacts {
                        status: Status::parse(&status).unwrap_or(Status::Open),
                        hours_to_first_response: hours,
                        rating,
                    });
            }
            let mut names =
                c.prepare("SELECT id, name_zh, name_en FROM communities ORDER BY id")?;
            let communities = names
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|(id, _, _)| session.covers(id))
                .map(|(id, name_zh, name_en)| {
                    let rates = Rates::of(by_community.get(&id).map_or(&[][..], Vec::as_slice));
                    CommunityRates {
                        community_id: id,
                        name_zh,
                        name_en,
                        response_rate: Rates::percent(rates.responded, rates.filed),
                        resolution_rate: Rates::percent(rates.resolved, rates.resolvable),
                        satisfaction_rate: Rates::percent(rates.satisfied, rates.rated),
                        filed: rates.filed,
                        responded: rates.responded,
                        resolved: rates.resolved,
                        resolvable: rates.resolvable,
                        rated: rates.rated,
                        satisfied: rates.satisfied,
                    }
                })
                .collect();
            Ok(MonthlyRates { month, communities })
        })
        .await
        .map(Json)
}
