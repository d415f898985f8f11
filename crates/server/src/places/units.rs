//! Maintainer units (养护单位 / 权属单位): a name, a phone, the classes and communities they look
//! after. Components name a unit, so a changed phone number reaches every plate's page at once.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_api::{Unit, UnitRecord};
use linli_core::place::{PlaceKind, check_class, check_id, check_name, check_phone};
use rusqlite::{Connection, OptionalExtension, params};

use super::{archived_at, body, exists, refused, require_district_admin};
use crate::admin::CommitteeSession;
use crate::audit::Actor;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState, district};

#[utoipa::path(get, path = "/api/v1/admin/units.json", tag = "admin",
    responses((status = 200, body = [Unit]), (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn units_get(
    State(state): State<AppState>,
    _session: CommitteeSession,
) -> Result<Json<Vec<Unit>>, AppError> {
    // Every committee picks a component's unit from this list; only the district edits it.
    state.db.run(|c| units(c).map(Json)).await
}

pub(crate) fn units(c: &Connection) -> Result<Vec<Unit>, AppError> {
    let mut stmt = c.prepare(
        "SELECT u.id, u.name, u.phone, u.classes, u.communities, u.archived_at, u.sample_data,
            (SELECT count(*) FROM components k WHERE k.unit_id = u.id AND k.retired_at IS NULL)
         FROM maintainer_units u ORDER BY u.archived_at IS NOT NULL, u.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                classes: Vec::new(),
                communities: Vec::new(),
                archived_at: r.get(5)?,
                sample_data: r.get(6)?,
                components: r.get(7)?,
            },
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (mut unit, classes, communities) = row?;
        unit.classes = serde_json::from_str(&classes).map_err(AppError::internal)?;
        unit.communities = serde_json::from_str(&communities).map_err(AppError::internal)?;
        Ok(unit)
    })
    .collect()
}

const TAKES: &str = "{id, name, phone, classes?, communities?, archived?}";

#[utoipa::path(post, path = "/api/v1/admin/units", tag = "admin", request_body = UnitRecord,
    responses((status = 201, body = [Unit]), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn unit_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    record: Result<Json<UnitRecord>, JsonRejection>,
) -> Result<(StatusCode, Json<Vec<Unit>>), AppError> {
    require_district_admin(&session)?;
    let record = body(record, TAKES)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let district = district::current(&tx)?;
            check_id(PlaceKind::Unit, &record.id, &district.code).map_err(refused)?;
            if exists(&tx, "maintainer_units", &record.id)? {
                return Err(AppError::Conflict(format!(
                    "已有编号为 {} 的养护单位。A maintainer unit with the id {} exists.",
                    record.id, record.id
                )));
            }
            store(&tx, &record)?;
            super::record_entry("unit.save", &record.id, &record).append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(units(c)?)))
        })
        .await
}

#[utoipa::path(put, path = "/api/v1/admin/units/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = UnitRecord,
    responses((status = 200, body = [Unit]), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn unit_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    record: Result<Json<UnitRecord>, JsonRejection>,
) -> Result<Json<Vec<Unit>>, AppError> {
    require_district_admin(&session)?;
    let mut record = body(record, TAKES)?;
    record.id = id;
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            if !exists(&tx, "maintainer_units", &record.id)? {
                return Err(AppError::not_found(format!(
                    "没有编号为 {} 的养护单位。No maintainer unit has the id {}.",
                    record.id, record.id
                )));
            }
            if record.archived {
                let named: u32 = tx.query_row(
                    "SELECT count(*) FROM components WHERE unit_id = ?1 AND retired_at IS NULL",
                    [&record.id],
                    |r| r.get(0),
                )?;
                if named > 0 {
                    return Err(AppError::Conflict(format!(
                        "还有 {named} 个部件由这个单位养护：请先把它们交给别的单位。\
                         {named} components still name this unit: give them to another unit first."
                    )));
                }
            }
            store(&tx, &record)?;
            super::record_entry("unit.save", &record.id, &record).append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(units(c)?))
        })
        .await
}

fn store(c: &Connection, record: &UnitRecord) -> Result<(), AppError> {
    let name = check_name(&record.name, "单位名称", "unit's name").map_err(refused)?;
    let phone = check_phone(&record.phone).map_err(refused)?;
    for class in &record.classes {
        check_class(class).map_err(refused)?;
    }
    for community in &record.communities {
        let known = c
            .query_row(
                "SELECT 1 FROM communities WHERE id = ?1",
                [community],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !known {
            return Err(refused(format!(
                "没有编号为 {community} 的社区/村。No community or village has the id {community}."
            )));
        }
    }
    let archived = archived_at(c, "maintainer_units", &record.id, record.archived)?;
    c.execute(
        "INSERT INTO maintainer_units (id, name, phone, classes, communities, archived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name = ?2, phone = ?3, classes = ?4, communities = ?5,
             archived_at = ?6",
        params![
            record.id,
            name,
            phone,
            serde_json::to_string(&record.classes).map_err(AppError::internal)?,
            serde_json::to_string(&record.communities).map_err(AppError::internal)?,
            archived
        ],
    )?;
    Ok(())
}
