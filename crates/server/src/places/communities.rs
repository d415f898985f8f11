//! Communities and villages (社区/村): created under a street, renamed, moved, given a boundary,
//! archived. An archived community keeps its components, reports and ballots and leaves the
//! residents' lists.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_api::{CommunityRecord, Places};
use linli_core::place::{PlaceKind, check_id, check_name};
use rusqlite::{Connection, OptionalExtension, params};

use super::streets::places;
use super::{archived_at, body, exists, refused, require_district_admin, stored_boundary};
use crate::admin::CommitteeSession;
use crate::audit::Actor;
use crate::district::{self, District};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

const TAKES: &str = "{id, street_id, name_zh, name_en, boundary?, archived?}";

#[utoipa::path(post, path = "/api/v1/admin/communities", tag = "admin",
    request_body = CommunityRecord,
    responses((status = 201, body = Places), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn community_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    record: Result<Json<CommunityRecord>, JsonRejection>,
) -> Result<(StatusCode, Json<Places>), AppError> {
    require_district_admin(&session)?;
    let record = body(record, TAKES)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let district = district::current(&tx)?;
            check_id(PlaceKind::Community, &record.id, &district.code).map_err(refused)?;
            if exists(&tx, "communities", &record.id)? {
                return Err(AppError::Conflict(format!(
                    "已有编号为 {} 的社区/村。A community or village with the id {} exists.",
                    record.id, record.id
                )));
            }
            store(&tx, &record, &district)?;
            super::record_entry("community.save", &record.id, &record)
                .community(Some(&record.id))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(places(c)?)))
        })
        .await
}

#[utoipa::path(put, path = "/api/v1/admin/communities/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = CommunityRecord,
    responses((status = 200, body = Places), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn community_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    record: Result<Json<CommunityRecord>, JsonRejection>,
) -> Result<Json<Places>, AppError> {
    require_district_admin(&session)?;
    let mut record = body(record, TAKES)?;
    record.id = id;
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let district = district::current(&tx)?;
            if !exists(&tx, "communities", &record.id)? {
                return Err(AppError::not_found(format!(
                    "没有编号为 {} 的社区/村。No community or village has the id {}.",
                    record.id, record.id
                )));
            }
            store(&tx, &record, &district)?;
            super::record_entry("community.save", &record.id, &record)
                .community(Some(&record.id))
                .append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(places(c)?))
        })
        .await
}

/// Inserts or updates the community after checking its names, street and boundary.
fn store(c: &Connection, record: &CommunityRecord, district: &District) -> Result<(), AppError> {
    let name_zh = check_name(&record.name_zh, "中文名称", "Chinese name").map_err(refused)?;
    let name_en = check_name(&record.name_en, "英文名称", "English name").map_err(refused)?;
    let street_archived: Option<Option<String>> = c
        .query_row(
            "SELECT archived_at FROM streets WHERE id = ?1",
            [&record.street_id],
            |r| r.get(0),
        )
        .optional()?;
    match street_archived {
        None => {
            return Err(refused(format!(
                "没有编号为 {} 的街道/乡镇。No street or town has the id {}.",
                record.street_id, record.street_id
            )));
        }
        Some(Some(_)) if !record.archived => {
            return Err(refused(format!(
                "街道/乡镇 {} 已归档，不能再添加社区。The street or town {} is archived.",
                record.street_id, record.street_id
            )));
        }
        Some(_) => {}
    }
    let boundary = stored_boundary(record.boundary.as_ref(), district)?;
    let archived = archived_at(c, "communities", &record.id, record.archived)?;
    c.execute(
        "INSERT INTO communities (id, name_zh, name_en, street_id, boundary, archived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name_zh = ?2, name_en = ?3, street_id = ?4,
             boundary = ?5, archived_at = ?6",
        params![
            record.id,
            name_zh,
            name_en,
            record.street_id,
            boundary,
            archived
        ],
    )?;
    Ok(())
}
