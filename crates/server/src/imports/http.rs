//! The committee's upload page talks to these: `POST admin/imports/{kind}` with the file as the
//! body (a dry run unless `apply=true`), and `GET admin/exports/{kind}.{csv,xlsx,geojson,zip}`.
//! Both are the district role's.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_api::{ImportKind, ImportSummary, WalkingNetworkSummary};
use linli_core::datum::Datum;
use linli_tables::{Format, TextEncoding};
use serde::Deserialize;

use super::{ImportRequest, MAX_IMPORT_BYTES, import_table, parse_encoding, read, too_large};
use crate::admin::CommitteeSession;
use crate::audit::Actor;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

fn require_district_admin(session: &CommitteeSession) -> Result<(), AppError> {
    if session.is_district_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "只有区级管理员可以导入和导出区里的数据。\
             Only district administrators import and export the district's data."
                .into(),
        ))
    }
}

fn kind(name: &str) -> Result<ImportKind, AppError> {
    ImportKind::parse(name).ok_or_else(|| {
        AppError::not_found(format!(
            "没有“{name}”这种导入：可导入 streets、communities、units、components、buildings、services。\
             There is no {name} import: streets, communities, units, components, buildings and services are."
        ))
    })
}

fn datum(name: Option<&str>) -> Result<Datum, AppError> {
    let name = name.unwrap_or("wgs84");
    Datum::parse(name).ok_or_else(|| AppError::BadRequest {
        code: "bad_datum",
        message: format!(
            "坐标系“{name}”应为 wgs84（含 CGCS2000）、gcj02（高德、腾讯）或 bd09（百度）。\
             The datum “{name}” should be wgs84 (or cgcs2000), gcj02 (Amap, Tencent) or bd09 (Baidu)."
        ),
    })
}

/// An uploaded file as the body, described as bytes (a `Vec<u8>` would read as a JSON array of
/// integers).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub(crate) struct FileBody(#[allow(dead_code)] Vec<u8>);

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    /// The file's name, whose extension says its format: `.csv`, `.xlsx`, `.geojson`, `.zip`.
    file: String,
    /// `auto` (the default), `utf-8` or `gbk`.
    encoding: Option<String>,
    /// `wgs84` (the default; CGCS2000 too), `gcj02` or `bd09`.
    datum: Option<String>,
    /// Store, all or nothing; otherwise a dry run.
    #[serde(default)]
    apply: bool,
    /// Retire stored components of the file's communities that it no longer lists.
    #[serde(default)]
    retire_missing: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/imports/{kind}", tag = "admin",
    params(("kind" = String, Path, description = "streets, communities, units, components, buildings or services"), ImportQuery),
    request_body(content = FileBody, description = "The file itself", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportSummary), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 413, body = linli_api::ApiError),
        (status = 422, description = "Rows refused: nothing stored", body = ImportSummary)))]
pub(crate) async fn import_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(kind_name): Path<String>,
    query: Result<Query<ImportQuery>, axum::extract::rejection::QueryRejection>,
    body: Body,
) -> Result<Response, AppError> {
    require_district_admin(&session)?;
    let Query(query) = query?;
    let request = ImportRequest {
        kind: kind(&kind_name)?,
        file_name: query.file.clone(),
        encoding: parse_encoding(query.encoding.as_deref().unwrap_or("auto")).ok_or_else(|| {
            AppError::BadRequest {
                code: "bad_encoding",
                message: "编码应为 auto、utf-8 或 gbk。The encoding is auto, utf-8 or gbk.".into(),
            }
        })?,
        datum: datum(query.datum.as_deref())?,
        apply: query.apply,
        retire_missing: query.retire_missing,
        community: None,
    };
    let bytes = axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map_err(|_| too_large())?;
    // Reading a large file is work for a blocking thread, not for the async workers.
    let reading = request.clone();
    let table = tokio::task::spawn_blocking(move || read(&reading, &bytes))
        .await
        .map_err(AppError::internal)??;
    let apply = request.apply;
    let actor = Actor::member(&session, address);
    let summary = state
        .db
        .write(move |c| import_table(c, &request, &table, &actor))
        .await?;
    let status = if apply && !summary.applied {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(summary)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct WalkingQuery {
    /// For a community without a boundary: metres around its buildings (default 1000).
    around_metres: Option<f64>,
    /// Store the graph in place of the community's; otherwise a dry run.
    #[serde(default)]
    apply: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/walking-graphs/{community}", tag = "admin",
    params(("community" = String, Path), WalkingQuery),
    request_body(content = FileBody, description = "An .osm.pbf extract", content_type = "application/octet-stream"),
    responses((status = 200, body = WalkingNetworkSummary), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 413, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn walking_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(community): Path<String>,
    query: Result<Query<WalkingQuery>, axum::extract::rejection::QueryRejection>,
    body: Body,
) -> Result<Json<WalkingNetworkSummary>, AppError> {
    require_district_admin(&session)?;
    let Query(query) = query?;
    let bytes = axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map_err(|_| too_large())?;
    let around = query.around_metres.unwrap_or(super::DEFAULT_AROUND_METRES);
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            super::walking::import_walking(c, &community, &bytes, around, query.apply, &actor)
        })
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExportQuery {
    /// The datum to write positions in: `wgs84` (the default), `gcj02` or `bd09`.
    datum: Option<String>,
    /// For CSV: `utf-8` (the default, with a BOM so Excel opens it) or `gbk`.
    encoding: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/exports/{file}", tag = "admin",
    params(("file" = String, Path, description = "e.g. components.csv, buildings.xlsx, communities.geojson, components.zip (a shapefile)"), ExportQuery),
    responses((status = 200, description = "The file"), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn export_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    require_district_admin(&session)?;
    let Query(query) = query?;
    let (name, extension) = file.rsplit_once('.').unwrap_or((&file, ""));
    let kind = kind(name)?;
    let format = Format::from_file_name(&file)
        .filter(|_| ["csv", "xlsx", "geojson", "zip"].contains(&extension))
        .ok_or_else(|| {
            AppError::not_found(
                "导出格式为 .csv、.xlsx、.geojson 或 .zip（shapefile）。\
                 An export is .csv, .xlsx, .geojson or .zip (a shapefile).",
            )
        })?;
    let datum = datum(query.datum.as_deref())?;
    let encoding = match query.encoding.as_deref().map(parse_encoding) {
        None => TextEncoding::Utf8,
        Some(Some(linli_tables::EncodingChoice::Gb18030)) => TextEncoding::Gb18030,
        Some(Some(_)) => TextEncoding::Utf8,
        Some(None) => {
            return Err(AppError::BadRequest {
                code: "bad_encoding",
                message: "编码应为 utf-8 或 gbk。The encoding is utf-8 or gbk.".into(),
            });
        }
    };
    let bytes = state
        .db
        .run(move |c| super::export::export(c, kind, format, encoding, datum))
        .await?;
    let content_type = match (format, encoding) {
        (Format::Csv, TextEncoding::Gb18030) => "text/csv; charset=gb18030",
        (Format::Csv, _) => "text/csv; charset=utf-8",
        (Format::Xlsx, _) => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (Format::GeoJson, _) => "application/geo+json",
        (Format::Shapefile, _) => "application/zip",
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
