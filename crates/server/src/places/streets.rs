//! Streets and towns (街道/乡镇), and the list of every place the district administrator sees.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_api::{PlaceCommunity, Places, Street, StreetRecord};
use linli_core::place::{PlaceKind, check_id, check_name};
use rusqlite::{Connection, params};

use super::{
    archived_at, body, exists, read_boundary, refused, require_district_admin, stored_boundary,
};
use crate::admin::CommitteeSession;
use crate::audit::Actor;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState, district};

#[utoipa::path(get, path = "/api/v1/admin/places.json", tag = "admin",
    responses((status = 200, body = Places), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn places_get(
    State(state): State<AppState>,
    session: CommitteeSession,
) -> Result<Json<Places>, AppError> {
    require_district_admin(&session)?;
    state.db.run(|c| places(c).map(Json)).await
}

pub(super) fn places(c: &Connection) -> Result<Places, AppError> {
    let district = district::current(c)?;
    let mut communities = c.prepare(
        "SELECT c.id, c.name_zh, c.name_en, c.boundary, c.archived_at, c.sample_data,
            (SELECT count(*) FROM components WHERE community_id = c.id AND retired_at IS NULL),
            (SELECT count(*) FROM buildings WHERE community_id = c.id),
            (SELECT coalesce(sum(households), 0) FROM buildings WHERE community_id = c.id)
         FROM communities c WHERE c.street_id = ?1 ORDER BY c.archived_at IS NOT NULL, c.id",
    )?;
    let mut streets = c.prepare(
        "SELECT id, name_zh, name_en, boundary, archived_at, sample_data FROM streets
         ORDER BY archived_at IS NOT NULL, id",
    )?;
    let mut rows = streets.query([])?;
    let mut list = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let mut members = Vec::new();
        let mut found = communities.query([&id])?;
        while let Some(m) = found.next()? {
            members.push(PlaceCommunity {
                id: m.get(0)?,
                name_zh: m.get(1)?,
                name_en: m.get(2)?,
                boundary: read_boundary(m.get(3)?)?,
                archived_at: m.get(4)?,
                sample_data: m.get(5)?,
                components: m.get(6)?,
                buildings: m.get(7)?,
                households: m.get(8)?,
            });
        }
        list.push(Street {
            id,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            boundary: read_boundary(r.get(3)?)?,
            archived_at: r.get(4)?,
            sample_data: r.get(5)?,
            communities: members,
        });
    }
    Ok(Places {
        district_code: district.code.to_string(),
        district_name_zh: district.name_zh,
        district_name_en: district.name_en,
        streets: list,
    })
}

const TAKES: &str = "{id, name_zh, name_en, boundary?, archived?}";

#[utoipa::path(post, path = "/api/v1/admin/streets", tag = "admin", request_body = StreetRecord,
    responses((status = 201, body = Places), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn street_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    record: Result<Json<StreetRecord>, JsonRejection>,
) -> Result<(StatusCode, Json<Places>), AppError> {
    require_district_admin(&session)?;
    let record = body(record, TAKES)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let district = district::current(&tx)?;
            check_id(PlaceKind::Street, &record.id, &district.code).map_err(refused)?;
            if exists(&tx, "streets", &record.id)? {
                return Err(AppError::Conflict(format!(
                    "已有编号为 {} 的街道/乡镇。A street or town with the id {} exists.",
                    record.id, record.id
                )));
            }
            store(&tx, &record, &district)?;
            super::record_entry("street.save", &record.id, &record).append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(places(c)?)))
        })
        .await
}

#[utoipa::path(put, path = "/api/v1/admin/streets/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = StreetRecord,
    responses((status = 200, body = Places), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn street_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    record: Result<Json<StreetRecord>, JsonRejection>,
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
            if !exists(&tx, "streets", &record.id)? {
                return Err(AppError::not_found(format!(
                    "没有编号为 {} 的街道/乡镇。No street or town has the id {}.",
                    record.id, record.id
                )));
            }
            if record.archived {
                let open: u32 = tx.query_row(
                    "SELECT count(*) FROM communities WHERE street_id = ?1 AND archived_at IS NULL",
                    [&record.id],
                    |r| r.get(0),
                )?;
                if open > 0 {
                    return Err(AppError::Conflict(format!(
                        "这个街道/乡镇还有 {open} 个未归档的社区/村：请先归档或移走它们。\
                         This street or town still has {open} communities not archived: archive \
                         or move them first."
                    )));
                }
            }
            store(&tx, &record, &district)?;
            super::record_entry("street.save", &record.id, &record).append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(places(c)?))
        })
        .await
}

/// Inserts or updates the street, after checking its names and boundary.
fn store(
    c: &Connection,
    record: &StreetRecord,
    district: &district::District,
) -> Result<(), AppError> {
    let name_zh = check_name(&record.name_zh, "中文名称", "Chinese name").map_err(refused)?;
    let name_en = check_name(&record.name_en, "英文名称", "English name").map_err(refused)?;
    let boundary = stored_boundary(record.boundary.as_ref(), district)?;
    let archived = archived_at(c, "streets", &record.id, record.archived)?;
    c.execute(
        "INSERT INTO streets (id, name_zh, name_en, boundary, archived_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name_zh = ?2, name_en = ?3, boundary = ?4, archived_at = ?5",
        params![record.id, name_zh, name_en, boundary, archived],
    )?;
    Ok(())
}
