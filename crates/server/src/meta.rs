//! What this backend is (`meta.json`) and the places it covers, archived ones left out: the
//! district's whole list (`communities.json`, for the committee pages) and the documents a
//! resident finds a community by, none of which grows with the district: its streets, one
//! street's communities, and the communities near one square of the map.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{
    Communities, Community, LatLon, Meta, NearbyCommunities, NearbyCommunity, StreetSummary,
    Streets,
};
use linli_core::reach::NearTile;
use rusqlite::{Connection, OptionalExtension};

use crate::district::{is_sample, setting};
use crate::{AppError, AppState, json_name};

#[utoipa::path(get, path = "/api/v1/meta.json", tag = "meta",
    responses((status = 200, body = Meta)))]
pub(crate) async fn meta_get(State(state): State<AppState>) -> Result<Json<Meta>, AppError> {
    let (sample_data, client_api_key, district) = state
        .db
        .run(|c| {
            Ok((
                is_sample(c)?,
                setting(c, "spa_api_key")?,
                crate::district::current(c)?,
            ))
        })
        .await?;
    Ok(Json(Meta {
        writable: true,
        sample_data,
        district_code: district.code.to_string(),
        district_name_zh: district.name_zh,
        district_name_en: district.name_en,
        hotline: "12345".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        client_api_key,
        public_url: state.public_url.clone(),
    }))
}

/// The columns [`community_from_row`] reads, for a query that adds its `WHERE` and order.
const COMMUNITY_COLUMNS: &str = "SELECT c.id, c.name_zh, c.name_en, s.id, s.name_zh, s.name_en
     FROM communities c JOIN streets s ON s.id = c.street_id";

pub(crate) fn community_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Community> {
    Ok(Community {
        id: r.get(0)?,
        name_zh: r.get(1)?,
        name_en: r.get(2)?,
        street_id: r.get(3)?,
        street_zh: r.get(4)?,
        street_en: r.get(5)?,
    })
}

/// A community that is not archived, with its street; 404 otherwise.
pub(crate) fn listed_community(c: &Connection, id: &str) -> Result<Community, AppError> {
    c.query_row(
        &format!("{COMMUNITY_COLUMNS} WHERE c.id = ?1 AND c.archived_at IS NULL"),
        [id],
        community_from_row,
    )
    .optional()?
    .ok_or_else(|| AppError::NotFound(format!("没有这个社区：{id}。No community has the id {id}.")))
}

/// The communities `condition` (with its order) keeps, as the document lists them.
fn communities_where(
    c: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Communities, AppError> {
    let communities = c
        .prepare(&format!("{COMMUNITY_COLUMNS} WHERE {condition}"))?
        .query_map(params, community_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Communities {
        sample_data: is_sample(c)?,
        communities,
    })
}

/// The district's whole list, for the committee pages and as open data. Residents choose a
/// street, then one of its communities: this list grows with the district.
#[utoipa::path(get, path = "/api/v1/communities.json", tag = "meta",
    responses((status = 200, body = Communities)))]
pub(crate) async fn communities_get(
    State(state): State<AppState>,
) -> Result<Json<Communities>, AppError> {
    state
        .db
        .run(|c| communities_where(c, "c.archived_at IS NULL ORDER BY s.name_zh, c.id", []))
        .await
        .map(Json)
}

/// The streets and towns a resident chooses from, in the order of their ids (the official order
/// of a real district's 9-digit codes), each with how many communities it has; one without
/// communities (or archived) is left out.
#[utoipa::path(get, path = "/api/v1/streets.json", tag = "meta",
    responses((status = 200, body = Streets)))]
pub(crate) async fn streets_get(State(state): State<AppState>) -> Result<Json<Streets>, AppError> {
    state
        .db
        .run(|c| {
            let streets = c
                .prepare(
                    "SELECT s.id, s.name_zh, s.name_en, count(*)
                     FROM streets s JOIN communities c ON c.street_id = s.id
                     WHERE s.archived_at IS NULL AND c.archived_at IS NULL
                     GROUP BY s.id ORDER BY s.id",
                )?
                .query_map([], |r| {
                    Ok(StreetSummary {
                        id: r.get(0)?,
                        name_zh: r.get(1)?,
                        name_en: r.get(2)?,
                        community_count: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Streets {
                sample_data: is_sample(c)?,
                streets,
            })
        })
        .await
        .map(Json)
}

/// One street's communities, in the order of their ids (a real district's codes, 12 digits,
/// are in the official order).
#[utoipa::path(get, path = "/api/v1/communities/by-street/{street}.json", tag = "meta",
    params(("street" = String, Path)),
    responses((status = 200, body = Communities), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn street_communities_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Communities>, AppError> {
    let street = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            let known: bool = c.query_row(
                "SELECT EXISTS (SELECT 1 FROM streets WHERE id = ?1 AND archived_at IS NULL)",
                [&street],
                |r| r.get(0),
            )?;
            if !known {
                return Err(AppError::NotFound(format!(
                    "没有这个街道或乡镇：{street}。No street or town has the id {street}."
                )));
            }
            communities_where(
                c,
                "c.street_id = ?1 AND c.archived_at IS NULL ORDER BY c.id",
                [&street],
            )
        })
        .await
        .map(Json)
}

/// The communities with a building near one square of the map (`linli_core::reach::NearTile`),
/// with those buildings: what a phone needs to find the community nearest to it.
#[utoipa::path(get, path = "/api/v1/communities/near/{square}.json", tag = "meta",
    params(("square" = String, Path, description = "`3990_11665`: the square from 39.90° N, 116.65° E")),
    responses((status = 200, body = NearbyCommunities), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn nearby_communities_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<NearbyCommunities>, AppError> {
    let square = json_name(&file)?;
    let tile = NearTile::parse(square).ok_or_else(|| {
        AppError::NotFound(format!(
            "“{square}”不是地图上的方格。“{square}” names no square of the map: \
             write it as 3990_11665 for the square from 39.90° N, 116.65° E."
        ))
    })?;
    state
        .db
        .run(move |c| {
            Ok(NearbyCommunities {
                sample_data: is_sample(c)?,
                square: tile.name(),
                communities: communities_near(c, tile)?,
            })
        })
        .await
        .map(Json)
}

/// Every listed community with a building within `tile`'s search bounds, with those buildings.
pub(crate) fn communities_near(
    c: &Connection,
    tile: NearTile,
) -> Result<Vec<NearbyCommunity>, AppError> {
    let bounds = tile.search_bounds();
    let mut stmt = c.prepare(
        "SELECT c.id, c.name_zh, c.name_en, b.lat, b.lon
         FROM buildings b JOIN communities c ON c.id = b.community_id
         WHERE b.lat BETWEEN ?1 AND ?2 AND b.lon BETWEEN ?3 AND ?4 AND c.archived_at IS NULL
         ORDER BY c.id, b.code",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![bounds.south, bounds.north, bounds.west, bounds.east],
        |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get(1)?, r.get(2)?),
                LatLon {
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                },
            ))
        },
    )?;
    let mut communities: Vec<NearbyCommunity> = Vec::new();
    for row in rows {
        let ((id, name_zh, name_en), position) = row?;
        match communities.last_mut() {
            Some(last) if last.id == id => last.buildings.push(position),
            _ => communities.push(NearbyCommunity {
                id,
                name_zh,
                name_en,
                buildings: vec![position],
            }),
        }
    }
    Ok(communities)
}

/// Any other path under `/api/v1/`: a JSON 404, never the SPA's HTML.
pub(crate) async fn api_not_found() -> AppError {
    AppError::not_found("API 中没有这个路径。There is no such path in the API.")
}
