//! Importing a community's service points from GeoJSON (RFC 7946: a FeatureCollection of Points,
//! properties `name`, `category`, `address`, `phone`, `opening_hours`, `step_free` or OSM's
//! `wheelchair`) or CSV (header `id,name,category,lat,lon[,address,phone,opening_hours,step_free]`).
//! A dry run answers the per-row report; a real import stores every row or, when any row is
//! wrong, none (422 with the same report). Rows with an existing id replace it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_core::service_point::{CheckedService, ServiceRecord, check_service};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::known_community;
use crate::admin::CommitteeSession;
use crate::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub(crate) struct ImportQuery {
    /// Check and report only; store nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RowProblems {
    /// 1-based: the feature's position, or the CSV line (the header is line 1).
    pub row: usize,
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub rows: usize,
    pub valid: usize,
    /// Rows whose id is new to the community / already there (counted in a dry run too).
    pub new: usize,
    pub replacing: usize,
    pub stored: bool,
    pub errors: Vec<RowProblems>,
}

fn yes_no(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "是" => Some(true),
            "no" | "false" | "0" | "limited" | "否" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn bad_file(message: &str) -> AppError {
    AppError::BadRequest {
        code: "bad_import_file",
        message: message.to_owned(),
    }
}

/// GeoJSON features as records (row number, record).
fn from_geojson(body: &[u8]) -> Result<Vec<(usize, ServiceRecord)>, AppError> {
    let document: Value = serde_json::from_slice(body)
        .map_err(|_| bad_file("不是有效的 GeoJSON。The file is not valid GeoJSON."))?;
    let features = document
        .get("features")
        .and_then(Value::as_array)
        .filter(|_| document.get("type").and_then(Value::as_str) == Some("FeatureCollection"))
        .ok_or_else(|| {
            bad_file("GeoJSON 须为 FeatureCollection。The GeoJSON must be a FeatureCollection.")
        })?;
    Ok(features
        .iter()
        .enumerate()
        .map(|(index, feature)| {
            let properties = feature.get("properties").cloned().unwrap_or(Value::Null);
            let text = |key: &str| match properties.get(key) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let coordinates = feature
                .get("geometry")
                .filter(|g| g.get("type").and_then(Value::as_str) == Some("Point"))
                .and_then(|g| g.get("coordinates"))
                .and_then(Value::as_array);
            // RFC 7946 orders a position longitude first.
            let coordinate = |i: usize| coordinates.and_then(|c| c.get(i)).and_then(Value::as_f64);
            let id = match feature.get("id") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => text("id"),
            };
            let step_free = properties
                .get("step_free")
                .or_else(|| properties.get("wheelchair"))
                .and_then(yes_no);
            (
                index + 1,
                ServiceRecord {
                    id,
                    name: text("name"),
                    category: text("category"),
                    lat: coordinate(1),
                    lon: coordinate(0),
                    address: text("address"),
                    phone: text("phone"),
                    opening_hours: text("opening_hours"),
                    step_free,
                },
            )
        })
        .collect())
}

/// CSV rows as records (line number, record).
fn from_csv(body: &[u8]) -> Result<Vec<(usize, ServiceRecord)>, AppError> {
    let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let headers = reader
        .headers()
        .map_err(|_| bad_file("CSV 第一行应为列名。The first CSV line must name the columns."))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    for required in ["id", "name", "category", "lat", "lon"] {
        if column(required).is_none() {
            return Err(bad_file(&format!(
                "CSV 缺少列 {required}。The CSV has no {required} column."
            )));
        }
    }
    let mut records = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row =
            row.map_err(|e| bad_file(&format!("CSV 格式错误：{e}。The CSV is malformed: {e}.")))?;
        let field = |name: &str| {
            column(name)
                .and_then(|i| row.get(i))
                .map(str::to_owned)
                .filter(|v| !v.trim().is_empty())
        };
        let number = |name: &str| field(name).and_then(|v| v.trim().parse::<f64>().ok());
        records.push((
            index + 2,
            ServiceRecord {
                id: field("id"),
                name: field("name"),
                category: field("category"),
                lat: number("lat"),
                lon: number("lon"),
                address: field("address"),
                phone: field("phone"),
                opening_hours: field("opening_hours"),
                step_free: field("step_free").and_then(|v| yes_no(&Value::String(v))),
            },
        ));
    }
    Ok(records)
}

/// Parses and checks a file; the checked rows and the report of every wrong one.
pub(crate) fn read_file(
    content_type: &str,
    body: &[u8],
) -> Result<(Vec<CheckedService>, Vec<RowProblems>, usize), AppError> {
    let records = if content_type.starts_with("text/csv") {
        from_csv(body)?
    } else {
        from_geojson(body)?
    };
    if records.is_empty() {
        return Err(bad_file(
            "文件中没有服务点。The file holds no service points.",
        ));
    }
    let rows = records.len();
    let mut checked = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (row, record) in records {
        match check_service(&record) {
            Ok(service) if !seen.insert(service.id.clone()) => errors.push(RowProblems {
                row,
                problems: vec![format!(
                    "id {} 在文件中重复。The id {} appears twice in the file.",
                    service.id, service.id
                )],
            }),
            Ok(service) => checked.push(service),
            Err(problems) => errors.push(RowProblems { row, problems }),
        }
    }
    Ok((checked, errors, rows))
}

/// Checks and (unless a dry run or any row is wrong) stores in one transaction.
pub(crate) fn import(
    c: &mut rusqlite::Connection,
    community: &str,
    checked: Vec<CheckedService>,
    errors: Vec<RowProblems>,
    rows: usize,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    known_community(c, community)?;
    let tx = c.transaction()?;
    let mut new = 0;
    for service in &checked {
        let exists: Option<String> = tx
            .query_row(
                "SELECT community_id FROM service_points WHERE id = ?1",
                [&service.id],
                |r| r.get(0),
            )
            .ok();
        match exists {
            None => new += 1,
            Some(owner) if owner != community => {
                return Err(AppError::Conflict(format!(
                    "服务点 {} 属于另一个社区。The service point {} belongs to another community.",
                    service.id, service.id
                )));
            }
            Some(_) => {}
        }
    }
    let stored = !dry_run && errors.is_empty();
    if stored {
        for s in &checked {
            tx.execute(
                "INSERT INTO service_points (id, community_id, name, category, lat, lon, address,
                     phone, opening_hours, step_free)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET name = ?3, category = ?4, lat = ?5, lon = ?6,
                     address = ?7, phone = ?8, opening_hours = ?9, step_free = ?10",
                params![
                    s.id,
                    community,
                    s.name,
                    s.category,
                    s.lat,
                    s.lon,
                    s.address,
                    s.phone,
                    s.opening_hours,
                    s.step_free
                ],
            )?;
        }
        tx.commit()?;
    }
    Ok(ImportReport {
        rows,
        valid: checked.len(),
        replacing: checked.len() - new,
        new,
        stored,
        errors,
    })
}

#[utoipa::path(post, path = "/api/v1/admin/services/{community}/import", tag = "admin",
    params(("community" = String, Path), ImportQuery),
    request_body(content = String, description = "GeoJSON (application/geo+json) or CSV (text/csv)"),
    responses((status = 200, body = ImportReport), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 422, body = ImportReport)))]
pub(crate) async fn import_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(community): Path<String>,
    query: Result<Query<ImportQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    if !session.covers(&community) {
        return Err(AppError::Forbidden(
            "这不是您负责的社区。This is another community.".into(),
        ));
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (checked, errors, rows) = read_file(&content_type, &body)?;
    let report = state
        .db
        .run(move |c| import(c, &community, checked, errors, rows, query.dry_run))
        .await?;
    let status = if report.errors.is_empty() || query.dry_run {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)).into_response())
}

/// The command line's import (`linli-server import-services`): the same checks and report; the
/// format follows the file's extension (`.csv`, otherwise GeoJSON).
pub fn import_file(
    db: &crate::Db,
    community: &str,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let body = std::fs::read(path).map_err(|e| {
        bad_file(&format!(
            "无法读取 {}：{e}。Cannot read {}: {e}.",
            path.display(),
            path.display()
        ))
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (checked, errors, rows) = read_file(
        if is_csv {
            "text/csv"
        } else {
            "application/geo+json"
        },
        &body,
    )?;
    let community = community.to_owned();
    db.run_blocking(move |c| import(c, &community, checked, errors, rows, dry_run))
}
