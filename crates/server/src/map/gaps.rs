//! The committee's gap matrix (缺项矩阵): for every building of a community, how each basic
//! category of the 15-minute circle stands — within its walk level, within 15 minutes but
//! farther than its level, or missing — computed along the community's walking graph with
//! `linli_core::reach`. As JSON for the page and as CSV (with a BOM, so Excel reads the Chinese)
//! for the committee's own spreadsheets.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use linli_core::reach::{
    BuildingGaps, BuildingSite, Coverage, GeoPoint, STANDARD_PACE, ServiceIndex, ServiceSite,
    WalkNetwork,
};
use linli_core::service_category::{CATEGORIES, Tier, category};

use linli_api::GapRow;

use super::known_community;
use crate::admin::CommitteeSession;
use crate::csv_cell::csv_cell;
use crate::{AppError, AppState};

/// A building (its name) or a service point (its category id), where it stands.
struct Place {
    id: String,
    label: String,
    location: GeoPoint,
}

fn point(lat: f64, lon: f64) -> Result<GeoPoint, AppError> {
    GeoPoint::new(lat, lon).map_err(AppError::internal)
}

/// The matrix rows in building order, with each building's name.
fn matrix(
    c: &rusqlite::Connection,
    community: &str,
) -> Result<Vec<(String, BuildingGaps)>, AppError> {
    known_community(c, community)?;
    let (nodes, edges): (String, String) = c
        .query_row(
            "SELECT nodes_json, edges_json FROM walking_graphs WHERE community_id = ?1",
            [community],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => AppError::Conflict(
                "这个社区还没有步行路网，无法计算。This community has no walking graph yet.".into(),
            ),
            e => e.into(),
        })?;
    let nodes: Vec<linli_api::LatLon> = serde_json::from_str(&nodes).map_err(AppError::internal)?;
    let edges: Vec<(u32, u32, f64)> = serde_json::from_str(&edges).map_err(AppError::internal)?;
    let positions = nodes
        .iter()
        .map(|n| point(n.lat, n.lon))
        .collect::<Result<Vec<_>, _>>()?;
    let network = WalkNetwork::new(positions, &edges).map_err(AppError::internal)?;

    let places = |sql: &str| -> Result<Vec<Place>, AppError> {
        let mut stmt = c.prepare(sql)?;
        let rows = stmt.query_map([community], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, label, lat, lon) = row?;
            Ok(Place {
                id,
                label,
                location: point(lat, lon)?,
            })
        })
        .collect()
    };
    let buildings =
        places("SELECT code, name, lat, lon FROM buildings WHERE community_id = ?1 ORDER BY code")?;
    let services = places(
        "SELECT id, category, lat, lon FROM service_points WHERE community_id = ?1 ORDER BY id",
    )?;
    let sites: Vec<ServiceSite<'_>> = services
        .iter()
        // Unknown categories cannot cover a basic type.
        .filter_map(|s| {
            category(&s.label).map(|category| ServiceSite {
                id: &s.id,
                category,
                location: s.location,
            })
        })
        .collect();
    let building_sites: Vec<BuildingSite<'_>> = buildings
        .iter()
        .map(|b| BuildingSite {
            id: &b.id,
            location: b.location,
        })
        .collect();
    let index = ServiceIndex::new(&network, &sites);
    let gaps = index.gaps(&building_sites, STANDARD_PACE);
    Ok(buildings.into_iter().map(|b| b.label).zip(gaps).collect())
}

fn cell(coverage: Coverage, minutes: Option<f64>) -> String {
    let minutes = minutes.map(|m| m.ceil() as u32);
    match (coverage, minutes) {
        (Coverage::Missing, _) => "缺少 missing".to_owned(),
        (Coverage::WithinWalkLevel, Some(m)) => format!("{m} 分钟 min"),
        (Coverage::BeyondWalkLevel, Some(m)) => format!("{m} 分钟 min（超出标准 beyond level）"),
        (_, None) => String::new(),
    }
}

/// The matrix as CSV: one row per building, one column per basic category.
pub(crate) fn matrix_csv(rows: &[(String, BuildingGaps)]) -> String {
    let basic: Vec<_> = CATEGORIES
        .iter()
        .filter(|c| c.tier == Tier::Basic)
        .collect();
    let mut out = String::from("\u{feff}楼栋编码 building,楼栋 name");
    for c in &basic {
        out.push(',');
        out.push_str(&csv_cell(&format!("{} {}", c.name_zh, c.name_en)));
    }
    out.push_str("\r\n");
    for (name, gaps) in rows {
        out.push_str(&csv_cell(&gaps.building_id));
        out.push(',');
        out.push_str(&csv_cell(name));
        for c in &basic {
            let found = gaps.categories.iter().find(|k| k.category_id == c.id);
            out.push(',');
            if let Some(k) = found {
                out.push_str(&csv_cell(&cell(
                    k.coverage,
                    k.nearest.as_ref().map(|n| n.minutes),
                )));
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[utoipa::path(get, path = "/api/v1/admin/gaps/{community}.json", tag = "admin",
    params(("community" = String, Path)),
    responses((status = 200, body = [GapRow]), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn gaps_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let (community, as_csv) = match (file.strip_suffix(".json"), file.strip_suffix(".csv")) {
        (Some(id), _) => (id.to_owned(), false),
        (_, Some(id)) => (id.to_owned(), true),
        _ => {
            return Err(AppError::not_found(
                "这里没有这个文档。No document at this path.",
            ));
        }
    };
    if !session.covers(&community) {
        return Err(AppError::Forbidden(
            "这不是您负责的社区。This is another community.".into(),
        ));
    }
    let name = community.clone();
    let rows = state.db.run(move |c| matrix(c, &community)).await?;
    if as_csv {
        return Ok((
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (CACHE_CONTROL, "no-store".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"linli-gaps-{name}.csv\""),
                ),
            ],
            matrix_csv(&rows),
        )
            .into_response());
    }
    let rows: Vec<GapRow> = rows
        .into_iter()
        .map(|(building_name, gaps)| GapRow {
            missing: gaps.missing().map(str::to_owned).collect(),
            beyond_walk_level: gaps
                .beyond_walk_level()
                .map(|k| k.category_id.clone())
                .collect(),
            building_code: gaps.building_id,
            building_name,
        })
        .collect();
    Ok(Json(rows).into_response())
}
