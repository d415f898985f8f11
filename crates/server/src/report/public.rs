//! The public list of requests and their public updates (Open311 `GET requests.json`).

use axum::http::StatusCode;
use linli_api::PublicRequest;
use linli_core::report::Status;
use rusqlite::{OptionalExtension, params};

use super::{parse_datetime, problem, shown};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::Open311Errors;
use crate::{AppError, AppState};

/// The most ids one `service_request_id` list may name (as many as the largest page holds).
pub(crate) const MAX_REQUEST_IDS: usize = 200;

/// A report's position as the public sees it: rounded to a grid of 1/5,000 of a degree (about
/// 22 m north–south and 17 m east–west in Tongzhou), so a report filed at the phone's position
/// does not publish the doorway it was filed from. The committee's view keeps the exact one.
pub(crate) fn public_degrees(degrees: f64) -> f64 {
    (degrees * 5000.0).round() / 5000.0
}

/// Open311's `service_notice` of a request whose description the committee hid (moderation).
pub(crate) const HIDDEN_DESCRIPTION_NOTICE: &str =
    "描述已由居委会隐藏。The committee has hidden this report's description.";

/// Open311's `GET requests.json` query, as given.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct RequestsQuery {
    /// Comma-separated ids.
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    /// Linli's extension: the reports on one component (its 16-digit code).
    pub component_code: Option<String>,
    /// ISO 8601; requests made at or after.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// One public update of `servicerequestupdates.json`.
#[derive(Serialize, ToSchema)]
pub(crate) struct PublicUpdate {
    pub update_id: String,
    pub service_request_id: String,
    pub status: String,
    pub updated_datetime: String,
    pub description: String,
    pub media_url: String,
}

/// The days Open311's request list covers when a client names no dates (the specification's
/// default).
pub(crate) const DEFAULT_WINDOW_DAYS: i64 = 90;

#[derive(Debug)]
pub(crate) struct RequestFilter {
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
    pub(crate) fn from_query(q: RequestsQuery) -> Result<RequestFilter, Open311Errors> {
        let bad = |text: String| Open311Errors::one(StatusCode::BAD_REQUEST, text);
        let ids = q
            .service_request_id
            .map(|list| {
                if list.split(',').count() > MAX_REQUEST_IDS {
                    return Err(bad(format!(
                        "service_request_id lists at most {MAX_REQUEST_IDS} ids; ask in several requests"
                    )));
                }
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
        let start = q
            .start_date
            .as_deref()
            .map(|d| parse_datetime("start_date", d))
            .transpose()?;
        // GeoReport v2: without ids or dates, the list is of the most recent 90 days, so that
        // its cost is a page's, not a district's years of reports.
        let start = match (&ids, &start, &q.end_date) {
            (None, None, None) => Some(super::stored(
                super::now() - time::Duration::days(DEFAULT_WINDOW_DAYS),
            )),
            _ => start,
        };
        Ok(RequestFilter {
            ids,
            service_code: q.service_code,
            component_code: q.component_code,
            start,
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

pub(crate) async fn list_public(
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
                "SELECT r.id, r.status, r.service_code,
                        iif(r.description_hidden_reason IS NULL, r.description, ''),
                        r.requested_at, r.updated_at,
                        r.expected_at, r.address, r.lat, r.lon, r.component_code, r.supporters,
                        coalesce(u.name, ''),
                        coalesce((SELECT iif(u.hidden_reason IS NULL, u.description, '')
                                  FROM request_updates u
                                  WHERE u.request_id = r.id AND u.public = 1
                                  ORDER BY u.id DESC LIMIT 1), ''),
                        (SELECT p.token FROM request_photos p
                         WHERE p.request_id = r.id AND p.hidden_reason IS NULL
                         ORDER BY p.position LIMIT 1),
                        r.description_hidden_reason IS NOT NULL, r.duplicate_of, r.external_id
                 FROM service_requests r LEFT JOIN components k ON k.code = r.component_code
                      LEFT JOIN maintainer_units u ON u.id = k.unit_id
                 WHERE {clauses}
                 ORDER BY r.id DESC LIMIT ? OFFSET ?"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
                let service_code: String = r.get(2)?;
                let service_name = problem(&service_code).map_or("", |p| p.name_zh).to_owned();
                let duplicate_of = r.get::<_, Option<i64>>(16)?.map(|o| o.to_string());
                let notices: Vec<String> = [
                    r.get::<_, bool>(15)?
                        .then(|| HIDDEN_DESCRIPTION_NOTICE.to_owned()),
                    duplicate_of
                        .as_deref()
                        .map(super::duplicates::merged_notice),
                ]
                .into_iter()
                .flatten()
                .collect();
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
                    lat: public_degrees(r.get(8)?),
                    lon: public_degrees(r.get(9)?),
                    component_code: r.get(10)?,
                    supporters: r.get(11)?,
                    agency_responsible: r.get(12)?,
                    status_notes: r.get(13)?,
                    service_notice: notices.join(" "),
                    duplicate_of,
                    external_id: r.get(17)?,
                    media_url: r
                        .get::<_, Option<String>>(14)?
                        .map_or_else(String::new, |t| linli_api::paths::photo(&t)),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
}

pub(crate) async fn id_for_token(state: &AppState, token: String) -> Result<Option<i64>, AppError> {
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

/// The most updates `servicerequestupdates.json` answers at once (and its default page).
pub(crate) const MAX_UPDATES_PAGE: u32 = 1000;

pub(crate) async fn public_updates(
    state: &AppState,
    start: Option<String>,
    end: Option<String>,
    page: u32,
    page_size: u32,
) -> Result<Vec<PublicUpdate>, AppError> {
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT id, request_id, status, updated_at, iif(hidden_reason IS NULL, description, '')
                 FROM request_updates
                 WHERE public = 1 AND (?1 IS NULL OR updated_at >= ?1) AND (?2 IS NULL OR updated_at <= ?2)
                 ORDER BY id LIMIT ?3 OFFSET ?4",
            )?;
            let offset = i64::from(page - 1) * i64::from(page_size);
            let rows = stmt.query_map(params![start, end, page_size, offset], |r| {
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
