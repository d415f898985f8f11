//! Reading the trail: the district account reads all of it, a community's members the entries
//! about their community; both as JSON pages or one CSV file.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::{Json, extract::rejection::QueryRejection};
use linli_api::{AuditEntry, AuditPage};
use rusqlite::Connection;
use serde::Deserialize;

use super::Fields;
use crate::admin::CommitteeSession;
use crate::csv_cell::csv_cell;
use crate::{AppError, AppState};

/// Entries on one page, unless `limit` asks for fewer.
const PAGE_SIZE: u32 = 200;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditQuery {
    /// Only this community's entries.
    pub community: Option<String>,
    /// Only entries older than this `seq` (the previous page's `next_before`).
    pub before: Option<i64>,
    /// At most this many entries (1–200; 200 when not given).
    pub limit: Option<u32>,
}

/// Which entries a session may read: `None` for all (the district account), or its communities.
fn readable_communities(
    session: &CommitteeSession,
    asked: Option<&str>,
) -> Result<Option<Vec<String>>, AppError> {
    if let Some(community) = asked {
        if !session.covers(community) {
            return Err(AppError::Forbidden(
                "这不是您负责的社区。This community is not one you look after.".into(),
            ));
        }
        return Ok(Some(vec![community.to_owned()]));
    }
    if session.is_district_admin() {
        return Ok(None);
    }
    Ok(Some(
        session
            .0
            .roles
            .iter()
            .map(|r| r.community_id.clone())
            .collect(),
    ))
}

fn entries(
    c: &Connection,
    communities: Option<&[String]>,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEntry>, AppError> {
    let scope = match communities {
        None => "1".to_owned(),
        Some(ids) => format!(
            "community_id IN ({})",
            (0..ids.len())
                .map(|n| format!("?{}", n + 2))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    let mut stmt = c.prepare(&format!(
        "SELECT {}, prev_hash, hash FROM audit_log
         WHERE seq < ?1 AND {scope} ORDER BY seq DESC LIMIT {limit}",
        Fields::COLUMNS
    ))?;
    let mut values: Vec<rusqlite::types::Value> = vec![before.unwrap_or(i64::MAX).into()];
    values.extend(
        communities
            .unwrap_or(&[])
            .iter()
            .map(|id| id.clone().into()),
    );
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        let fields = Fields::read(r)?;
        Ok(AuditEntry {
            seq: fields.seq,
            at: fields.at,
            actor: fields.actor,
            address: fields.address,
            community_id: fields.community_id,
            action: fields.action,
            subject: fields.subject,
            detail: fields.detail,
            prev_hash: r.get(8)?,
            hash: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[utoipa::path(get, path = "/api/v1/admin/audit.json", tag = "admin", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn audit_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, AppError> {
    let Query(query) = query?;
    let communities = readable_communities(&session, query.community.as_deref())?;
    let limit = query.limit.unwrap_or(PAGE_SIZE).clamp(1, PAGE_SIZE);
    let page = state
        .db
        .run(move |c| entries(c, communities.as_deref(), query.before, limit))
        .await?;
    let next_before = page
        .last()
        .filter(|last| last.seq > 1 && page.len() == limit as usize)
        .map(|last| last.seq);
    Ok(Json(AuditPage {
        entries: page,
        next_before,
    }))
}

#[utoipa::path(get, path = "/api/v1/admin/audit.csv", tag = "admin", params(AuditQuery),
    responses((status = 200, description = "The readable trail, oldest first", content_type = "text/csv"),
        (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn audit_csv_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let communities = readable_communities(&session, query.community.as_deref())?;
    let all = state
        .db
        .run(move |c| entries(c, communities.as_deref(), query.before, u32::MAX))
        .await?;
    // Excel in China opens UTF-8 CSV as GBK unless it starts with a byte-order mark.
    let mut csv = String::from(
        "\u{feff}seq,at,actor,address,community_id,action,subject,detail,prev_hash,hash\n",
    );
    for e in all.iter().rev() {
        let cells = [
            e.seq.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.address.clone().unwrap_or_default(),
            e.community_id.clone().unwrap_or_default(),
            e.action.clone(),
            e.subject.clone().unwrap_or_default(),
            e.detail.clone(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        let row: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        csv += &row.join(",");
        csv.push('\n');
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"linli-audit.csv\"".to_owned(),
            ),
        ],
        csv,
    )
        .into_response())
}
