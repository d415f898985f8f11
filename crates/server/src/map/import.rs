//! A community's own service points, imported from the circle page or `linli-server
//! import-services`: the district's services import (`crate::imports`, any of its formats) for
//! one community, whose rows need no community column and may not touch another community's
//! points. Answered in this endpoint's own report shape: `rows`, `valid`, `new`, `replacing`,
//! `stored` and each wrong row's `problems`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_api::{ImportKind, ImportSummary};
use linli_core::datum::Datum;
use linli_tables::EncodingChoice;
use serde::{Deserialize, Serialize};

use super::known_community;
use crate::admin::CommitteeSession;
use crate::audit::Actor;
use crate::imports::{ImportRequest, MAX_IMPORT_BYTES, import_table, read, too_large};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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

impl From<ImportSummary> for ImportReport {
    fn from(summary: ImportSummary) -> ImportReport {
        ImportReport {
            rows: summary.rows,
            valid: summary.rows - summary.refused.len(),
            new: summary.add,
            replacing: summary.change + summary.leave,
            stored: summary.applied,
            errors: summary
                .refused
                .into_iter()
                .map(|r| RowProblems {
                    row: r.line,
                    problems: r.reasons,
                })
                .collect(),
        }
    }
}

/// The request for one community's file, named by the format it is in.
fn request(community: &str, file_name: &str, dry_run: bool) -> ImportRequest {
    ImportRequest {
        kind: ImportKind::Services,
        file_name: file_name.to_owned(),
        encoding: EncodingChoice::Detect,
        datum: Datum::Wgs84,
        apply: !dry_run,
        retire_missing: false,
        community: Some(community.to_owned()),
    }
}

#[utoipa::path(post, path = "/api/v1/admin/services/{community}/import", tag = "admin",
    params(("community" = String, Path), ImportQuery),
    request_body(content = String, description = "GeoJSON (application/geo+json), CSV (text/csv) or XLSX"),
    responses((status = 200, body = ImportReport), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 413, body = linli_api::ApiError),
        (status = 422, body = ImportReport)))]
pub(crate) async fn import_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(community): Path<String>,
    query: Result<Query<ImportQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
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
        .unwrap_or("");
    let file_name = if content_type.starts_with("text/csv") {
        "services.csv"
    } else if content_type.contains("spreadsheetml") {
        "services.xlsx"
    } else {
        "services.geojson"
    };
    let bytes = axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map_err(|_| too_large())?;
    let request = request(&community, file_name, query.dry_run);
    let table = read(&request, &bytes)?;
    let actor = Actor::member(&session, address);
    let summary = state
        .db
        .write(move |c| {
            known_community(c, &community)?;
            import_table(c, &request, &table, &actor)
        })
        .await?;
    let status = if summary.refused.is_empty() || query.dry_run {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(ImportReport::from(summary))).into_response())
}

/// The command line's import (`linli-server import-services`): the same checks and report; the
/// format follows the file's extension.
pub fn import_file(
    db: &crate::Db,
    community: &str,
    path: &std::path::Path,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let request = request(community, &path.display().to_string(), dry_run);
    db.run_blocking(|c| known_community(c, community))?;
    crate::imports::import_file(db, &request, path).map(ImportReport::from)
}
