//! The 15-minute circle's documents: a community's buildings, service points and walking graph;
//! the committee's gap matrix and service-point import.

pub(crate) mod gaps;
pub(crate) mod import;
pub(crate) mod minimap;
pub(crate) mod tiles;

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{Building, Buildings, LatLon, ServicePoint, Services, WalkingGraph};
use rusqlite::Connection;

use crate::district::is_sample;
use crate::{AppError, AppState, json_name};

/// Every per-community document answers 404 for a community that does not exist, rather than an
/// empty list that would read as "nothing here".
pub(crate) fn known_community(conn: &Connection, id: &str) -> Result<(), AppError> {
    let found: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM communities WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "没有这个社区：{id}。No community has the id {id}."
        )))
    }
}

pub(crate) fn building_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Building> {
    Ok(Building {
        code: r.get(0)?,
        name: r.get(1)?,
        community_id: r.get(2)?,
        location: LatLon {
            lat: r.get(3)?,
            lon: r.get(4)?,
        },
        address: r.get(5)?,
        households: r.get(6)?,
    })
}

#[utoipa::path(get, path = "/api/v1/buildings/by-community/{community}.json", tag = "map",
    params(("community" = String, Path)),
    responses((status = 200, body = Buildings), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn buildings_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Buildings>, AppError> {
    let community_id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            known_community(c, &community_id)?;
            let mut stmt = c.prepare(
                "SELECT code, name, community_id, lat, lon, address, households
                 FROM buildings WHERE community_id = ?1 ORDER BY name",
            )?;
            let buildings = stmt
                .query_map([&community_id], building_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Buildings {
                sample_data: is_sample(c)?,
                community_id,
                buildings,
            })
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/services/{community}.json", tag = "map",
    params(("community" = String, Path)),
    responses((status = 200, body = Services), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn services_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Services>, AppError> {
    let community_id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            known_community(c, &community_id)?;
            let mut stmt = c.prepare(
                "SELECT id, name, category, lat, lon, address, phone, opening_hours, step_free
                 FROM service_points WHERE community_id = ?1 ORDER BY category, name",
            )?;
            let services = stmt
                .query_map([&community_id], |r| {
                    Ok(ServicePoint {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        category: r.get(2)?,
                        location: LatLon {
                            lat: r.get(3)?,
                            lon: r.get(4)?,
                        },
                        address: r.get(5)?,
                        phone: r.get(6)?,
                        opening_hours: r.get(7)?,
                        step_free: r.get(8)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Services {
                sample_data: is_sample(c)?,
                community_id,
                services,
            })
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/walking-graphs/{community}.json", tag = "map",
    params(("community" = String, Path)),
    responses((status = 200, body = WalkingGraph), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn walking_graph_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<WalkingGraph>, AppError> {
    let community_id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            known_community(c, &community_id)?;
            let (nodes, edges): (String, String) = c
                .query_row(
                    "SELECT nodes_json, edges_json FROM walking_graphs WHERE community_id = ?1",
                    [&community_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => AppError::NotFound(
                        "这个社区还没有步行路网。This community has no walking graph yet.".into(),
                    ),
                    e => e.into(),
                })?;
            Ok(WalkingGraph {
                sample_data: is_sample(c)?,
                community_id,
                nodes: serde_json::from_str(&nodes).map_err(AppError::internal)?,
                edges: serde_json::from_str(&edges).map_err(AppError::internal)?,
            })
        })
        .await
        .map(Json)
}
