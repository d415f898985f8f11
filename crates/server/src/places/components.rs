//! A component's own record in the committee area: its name, unit, address, position and state
//! edited by its community's committee or the district, and retiring it when its plate is
//! removed (its page then says so; its reports stay).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use linli_api::{ComponentEdit, ComponentRecord, ComponentState, LatLon};
use linli_core::component_code::ComponentCode;
use linli_core::place::check_name;
use rusqlite::{Connection, OptionalExtension, params};

use super::{body, now_text, refused};
use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState, district};

fn parse_code(file: &str) -> Result<ComponentCode, AppError> {
    let text = file.strip_suffix(".json").unwrap_or(file);
    ComponentCode::parse(text).map_err(|e| {
        AppError::not_found(format!(
            "没有这个部件编码：{e}。No such component code: {e}."
        ))
    })
}

/// The record, after checking that the session may act for the component's community.
fn record(
    c: &Connection,
    code: &ComponentCode,
    session: &CommitteeSession,
) -> Result<ComponentRecord, AppError> {
    let found = c
        .query_row(
            "SELECT name, community_id, unit_id, address, lat, lon, state, retired_at, sample_data
             FROM components WHERE code = ?1",
            [code.as_str()],
            |r| {
                Ok(ComponentRecord {
                    code: code.to_string(),
                    name: r.get(0)?,
                    community_id: r.get(1)?,
                    unit_id: r.get(2)?,
                    address: r.get(3)?,
                    location: LatLon {
                        lat: r.get(4)?,
                        lon: r.get(5)?,
                    },
                    state: if r.get::<_, String>(6)? == "being_repaired" {
                        ComponentState::BeingRepaired
                    } else {
                        ComponentState::Normal
                    },
                    retired_at: r.get(7)?,
                    sample_data: r.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            AppError::not_found(format!(
                "没有编码为 {code} 的部件。No component has the code {code}."
            ))
        })?;
    if !session.covers(&found.community_id) {
        return Err(AppError::Forbidden(format!(
            "部件 {code} 不属于您负责的社区。Component {code} belongs to another community."
        )));
    }
    Ok(found)
}

#[utoipa::path(get, path = "/api/v1/admin/components/{code}.json", tag = "admin",
    params(("code" = String, Path)),
    responses((status = 200, body = ComponentRecord), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn component_record_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Json<ComponentRecord>, AppError> {
    let code = parse_code(&file)?;
    state
        .db
        .run(move |c| record(c, &code, &session).map(Json))
        .await
}

#[utoipa::path(put, path = "/api/v1/admin/components/{code}", tag = "admin",
    params(("code" = String, Path)), request_body = ComponentEdit,
    responses((status = 200, body = ComponentRecord), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn component_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(file): Path<String>,
    edit: Result<Json<ComponentEdit>, JsonRejection>,
) -> Result<Json<ComponentRecord>, AppError> {
    let code = parse_code(&file)?;
    let edit = body(
        edit,
        "{name, unit_id, address, location: {lat, lon}, state}",
    )?;
    let action = "component.edit";
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let before = record(&tx, &code, &session)?;
            if before.retired_at.is_some() {
                return Err(AppError::Conflict(format!(
                    "部件 {code} 已停用，不能再修改。Component {code} is retired and cannot be changed."
                )));
            }
            let name = check_name(&edit.name, "部件名称", "component's name").map_err(refused)?;
            let address = edit.address.trim();
            if address.is_empty() || address.chars().count() > 120 {
                return Err(refused(
                    "地址为 1 到 120 个字。The address is 1 to 120 characters.".to_owned(),
                ));
            }
            let bounds = district::current(&tx)?.bounds;
            if !bounds.contains(edit.location.lat, edit.location.lon) {
                return Err(refused(format!(
                    "位置（纬度 {}，经度 {}）在本区范围之外。The position (lat {}, lon {}) lies outside the district.",
                    edit.location.lat, edit.location.lon, edit.location.lat, edit.location.lon
                )));
            }
            let unit_open: Option<bool> = tx
                .query_row(
                    "SELECT archived_at IS NULL FROM maintainer_units WHERE id = ?1",
                    [&edit.unit_id],
                    |r| r.get(0),
                )
                .optional()?;
            if unit_open != Some(true) {
                return Err(refused(format!(
                    "没有编号为 {} 的在用养护单位。No maintainer unit in use has the id {}.",
                    edit.unit_id, edit.unit_id
                )));
            }
            let state = match edit.state {
                ComponentState::Normal => "normal",
                ComponentState::BeingRepaired => "being_repaired",
            };
            tx.execute(
                "UPDATE components SET name = ?2, unit_id = ?3, address = ?4, lat = ?5, lon = ?6,
                     state = ?7
                 WHERE code = ?1",
                params![
                    code.as_str(),
                    name,
                    edit.unit_id,
                    address,
                    edit.location.lat,
                    edit.location.lon,
                    state
                ],
            )?;
            let after = record(&tx, &code, &session)?;
            component_entry(action, &before, &after).append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(after))
        })
        .await
}

#[utoipa::path(post, path = "/api/v1/admin/components/{code}/retire", tag = "admin",
    params(("code" = String, Path)),
    responses((status = 200, body = ComponentRecord), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError)))]
pub(crate) async fn component_retire_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(code): Path<String>,
) -> Result<Json<ComponentRecord>, AppError> {
    let code = parse_code(&code)?;
    let action = "component.retire";
    let actor = Actor::member(&session, address);
    state
        .db
        .write(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let before = record(&tx, &code, &session)?;
            if before.retired_at.is_some() {
                return Err(AppError::Conflict(format!(
                    "部件 {code} 已于 {} 停用。Component {code} was retired on {}.",
                    before.retired_at.as_deref().unwrap_or_default(),
                    before.retired_at.as_deref().unwrap_or_default()
                )));
            }
            tx.execute(
                "UPDATE components SET retired_at = ?2 WHERE code = ?1",
                params![code.as_str(), now_text()],
            )?;
            let after = record(&tx, &code, &session)?;
            component_entry(action, &before, &after).append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(after))
        })
        .await
}

/// The trail's entry for a component edited or retired: each field that changed, before and after.
fn component_entry(
    action: &'static str,
    before: &ComponentRecord,
    after: &ComponentRecord,
) -> Entry {
    let (before_fields, after_fields) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let mut changed = serde_json::Map::new();
    if let (Some(before_fields), Some(after_fields)) =
        (before_fields.as_object(), after_fields.as_object())
    {
        for (field, value) in after_fields {
            let old = before_fields.get(field).cloned().unwrap_or_default();
            if old != *value {
                changed.insert(field.clone(), serde_json::json!([old, value]));
            }
        }
    }
    Entry::new(action)
        .community(Some(&after.community_id))
        .subject(after.code.clone())
        .detail(serde_json::Value::Object(changed))
}
