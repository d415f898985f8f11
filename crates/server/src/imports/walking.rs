//! A community's walking network straight from a district's `.osm.pbf` extract: cut to the
//! community's boundary, or to a buffer around its buildings when it has none, kept to its
//! largest connected piece (`osm-import`), and stored as the graph the circle page walks.
//! Map data © OpenStreetMap contributors (ODbL): the map page shows the attribution.

use linli_api::{Boundary, WalkingNetworkSummary};
use osm_import::{Area, ImportOptions};
use rusqlite::{Connection, OptionalExtension, params};

use crate::AppError;
use crate::audit::{Actor, Entry};

/// The buffer around a community's buildings when it has no boundary: a 15-minute walk's
/// streets reach well beyond the last building, and a kilometre holds them.
pub const DEFAULT_AROUND_METRES: f64 = 1000.0;

/// The area to cut: the community's boundary, else its buildings; refused when it has neither.
fn area(
    c: &Connection,
    community: &str,
    around_metres: f64,
) -> Result<(Area, &'static str), AppError> {
    let found: Option<(Option<String>, Option<String>)> = c
        .query_row(
            "SELECT boundary, archived_at FROM communities WHERE id = ?1",
            [community],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((boundary, archived)) = found else {
        return Err(AppError::not_found(format!(
            "没有编号为 {community} 的社区/村。No community or village has the id {community}."
        )));
    };
    if archived.is_some() {
        return Err(AppError::Conflict(format!(
            "社区 {community} 已归档。The community {community} is archived."
        )));
    }
    if let Some(text) = boundary {
        let polygons = match serde_json::from_str::<Boundary>(&text).map_err(AppError::internal)? {
            Boundary::Polygon(rings) => vec![rings],
            Boundary::MultiPolygon(polygons) => polygons,
        };
        return Ok((Area::Polygons(polygons), "boundary"));
    }
    if !(10.0..=5000.0).contains(&around_metres) {
        return Err(AppError::Unprocessable {
            code: "bad_around_metres",
            message:
                "楼栋周边范围为 10 到 5000 米。The buffer around buildings is 10 to 5000 metres."
                    .into(),
        });
    }
    let mut stmt = c.prepare("SELECT lon, lat FROM buildings WHERE community_id = ?1")?;
    let points: Vec<[f64; 2]> = stmt
        .query_map([community], |r| Ok([r.get(0)?, r.get(1)?]))?
        .collect::<Result<_, _>>()?;
    if points.is_empty() {
        return Err(AppError::Unprocessable {
            code: "no_area",
            message: format!(
                "社区 {community} 既没有边界也没有楼栋：请先画出边界或导入楼栋，才能截取它的步行路网。\
                 The community {community} has neither a boundary nor buildings: give it a boundary \
                 or import its buildings first, so its walking network can be cut out."
            ),
        });
    }
    Ok((
        Area::AroundPoints {
            points,
            metres: around_metres,
        },
        "buildings",
    ))
}

/// Cuts the extract to the community's area and, when `apply`, stores the graph in place of
/// the one it had.
pub(crate) fn import_walking(
    c: &mut Connection,
    community: &str,
    pbf: &[u8],
    around_metres: f64,
    apply: bool,
    actor: &Actor,
) -> Result<WalkingNetworkSummary, AppError> {
    let (area, cut_by) = area(c, community, around_metres)?;
    let options = ImportOptions {
        community_id: community.to_owned(),
        largest_component_only: true,
        area: Some(area),
    };
    let import = osm_import::import_bytes(pbf, &options).map_err(|e| AppError::BadRequest {
        code: "bad_osm_extract",
        message: e.to_string(),
    })?;
    let graph = &import.graph;
    if apply {
        let tx = crate::db::write_transaction(c)?;
        tx.execute(
            "INSERT INTO walking_graphs (community_id, nodes_json, edges_json) VALUES (?1, ?2, ?3)
             ON CONFLICT (community_id) DO UPDATE SET nodes_json = ?2, edges_json = ?3",
            params![
                community,
                serde_json::to_string(&graph.nodes).map_err(AppError::internal)?,
                serde_json::to_string(&graph.edges).map_err(AppError::internal)?
            ],
        )?;
        Entry::new("import.walking")
            .community(Some(community))
            .subject(community.to_owned())
            .detail(serde_json::json!({
                "cut_by": cut_by,
                "nodes": graph.nodes.len(),
                "edges": graph.edges.len(),
            }))
            .append(&tx, actor)?;
        tx.commit()?;
    }
    Ok(WalkingNetworkSummary {
        community_id: community.to_owned(),
        cut_by: cut_by.to_owned(),
        around_metres: (cut_by == "buildings").then_some(around_metres),
        nodes_in_area: import
            .stats
            .way_nodes_in_area
            .unwrap_or(import.stats.way_nodes),
        nodes: graph.nodes.len(),
        edges: graph.edges.len(),
        metres: (import.stats.metres * 10.0).round() / 10.0,
        stored: apply,
    })
}
