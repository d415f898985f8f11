//! What a QR plate points at: city components and buildings, by their 16-digit codes.

pub(crate) mod component_index;

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{Building, Component, ComponentState, LatLon, Maintainer};
use linli_core::component_code::{CodeError, ComponentCode};

use crate::{AppError, AppState, json_name};

/// A code that is not a code gets a 400 that explains the format; the SPA shows its own wording
/// but branches on `malformed_code`.
fn parse_code(text: &str) -> Result<ComponentCode, AppError> {
    ComponentCode::parse(text).map_err(|error: CodeError| AppError::BadRequest {
        code: "malformed_code",
        message: format!(
            "编码格式不对：部件编码是16位数字（6位区县代码＋2位大类＋2位小类＋6位序号）。\
             Malformed code: {error}. A component code is 16 digits: 6-digit county, 2-digit class, 2-digit subclass, 6-digit serial."
        ),
    })
}

#[utoipa::path(get, path = "/api/v1/components/{code}.json", tag = "scan",
    params(("code" = String, Path, description = "16-digit component code")),
    responses(
        (status = 200, body = Component),
        (status = 400, description = "Not a 16-digit code", body = linli_api::ApiError),
        (status = 404, description = "No component has this code", body = linli_api::ApiError)))]
pub(crate) async fn component_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Component>, AppError> {
    let code = parse_code(json_name(&file)?)?;
    state
        .db
        .run(move |c| {
            let row = c.query_row(
                "SELECT k.name, k.lat, k.lon, k.address, k.community_id, u.name, u.phone,
                        k.state, k.sample_data, k.retired_at
                 FROM components k JOIN maintainer_units u ON u.id = k.unit_id
                 WHERE k.code = ?1",
                [code.as_str()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        LatLon {
                            lat: r.get(1)?,
                            lon: r.get(2)?,
                        },
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        Maintainer {
                            unit: r.get(5)?,
                            phone: r.get(6)?,
                        },
                        r.get::<_, String>(7)?,
                        r.get::<_, bool>(8)?,
                        r.get::<_, Option<String>>(9)?,
                    ))
                },
            );
            let (name, location, address, community_id, maintainer, state, sample_data, retired_at) =
                match row
            {
                Ok(row) => row,
                Err(rusqlite::Error::QueryReturnedNoRows) => {
                    return Err(AppError::NotFound(format!(
                        "没有编码为 {code} 的部件。No component has the code {code}."
                    )));
                }
                Err(e) => return Err(e.into()),
            };
            let subclass = code.subclass();
            Ok(Component {
                major_class: code.major_class(),
                subclass_zh: subclass.map_or("未登记小类", |s| s.name_zh).to_owned(),
                subclass_en: subclass
                    .map_or("Unlisted subclass", |s| s.name_en)
                    .to_owned(),
                code,
                name,
                location,
                address,
                community_id,
                maintainer,
                state: if state == "being_repaired" {
                    ComponentState::BeingRepaired
                } else {
                    ComponentState::Normal
                },
                sample_data,
                retired_at,
            })
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/buildings/{code}.json", tag = "scan",
    params(("code" = String, Path, description = "16-digit building code")),
    responses(
        (status = 200, body = Building),
        (status = 400, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn building_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Building>, AppError> {
    let code = parse_code(json_name(&file)?)?;
    state
        .db
        .run(move |c| {
            c.query_row(
                "SELECT code, name, community_id, lat, lon, address, households
                 FROM buildings WHERE code = ?1",
                [code.as_str()],
                crate::map::building_from_row,
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => AppError::NotFound(format!(
                    "没有编码为 {code} 的楼栋。No building has the code {code}."
                )),
                e => e.into(),
            })
        })
        .await
        .map(Json)
}
