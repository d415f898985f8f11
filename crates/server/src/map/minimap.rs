//! A component's small map (位置示意图): the streets and paths of its community's walking graph
//! within about 200 m, drawn by the server as a small SVG, with the component marked and a 100 m
//! scale bar. Drawn here rather than in the browser so that the component page (every resident's
//! first page) carries only an `<img>`; a static export writes the file like any document.
//! No map tiles: nothing to license, nothing fetched from elsewhere, and it works offline.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use linli_api::LatLon;
use rusqlite::OptionalExtension;

use crate::{AppError, AppState};

/// Half the drawn width and height, in metres.
const HALF_WIDTH: f64 = 200.0;
const HALF_HEIGHT: f64 = 125.0;

/// Metres east and south of `origin`: a local flat projection, exact enough over 200 m.
fn project(origin: LatLon, point: LatLon) -> (f64, f64) {
    let metres_per_degree_lat = 110_540.0;
    let metres_per_degree_lon = 111_320.0 * origin.lat.to_radians().cos();
    (
        (point.lon - origin.lon) * metres_per_degree_lon,
        (origin.lat - point.lat) * metres_per_degree_lat,
    )
}

fn visible((x, y): (f64, f64)) -> bool {
    x.abs() <= HALF_WIDTH * 1.5 && y.abs() <= HALF_HEIGHT * 1.5
}

/// The SVG of the streets around `origin` (`nodes` and `[from, to, metres]` edges).
pub(crate) fn draw(origin: LatLon, nodes: &[LatLon], edges: &[(u32, u32, f64)]) -> String {
    let mut path = String::new();
    for &(from, to, _) in edges {
        let (Some(&a), Some(&b)) = (nodes.get(from as usize), nodes.get(to as usize)) else {
            continue;
        };
        let (a, b) = (project(origin, a), project(origin, b));
        if visible(a) || visible(b) {
            let _ = write!(path, "M{:.0} {:.0}L{:.0} {:.0}", a.0, a.1, b.0, b.1);
        }
    }
    let (left, bottom) = (-HALF_WIDTH + 12.0, HALF_HEIGHT - 14.0);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx} {vy} {w} {h}" width="320" height="200">
<rect x="{vx}" y="{vy}" width="{w}" height="{h}" fill="#f6f7f5"/>
<path d="{path}" fill="none" stroke="#c9d0cd" stroke-width="7" stroke-linecap="round"/>
<path d="{path}" fill="none" stroke="#ffffff" stroke-width="4" stroke-linecap="round"/>
<circle cx="0" cy="0" r="28" fill="#0b5d57" fill-opacity="0.15"/>
<circle cx="0" cy="0" r="9" fill="#0b5d57" stroke="#ffffff" stroke-width="3"/>
<path d="M{left} {bottom}h100" stroke="#1b1f1e" stroke-width="2.5"/>
<path d="M{left} {b1}v7M{right} {b1}v7" stroke="#1b1f1e" stroke-width="2.5"/>
<text x="{tx}" y="{ty}" font-family="sans-serif" font-size="13" fill="#1b1f1e" text-anchor="middle">100 m</text>
</svg>
"##,
        vx = -HALF_WIDTH,
        vy = -HALF_HEIGHT,
        w = 2.0 * HALF_WIDTH,
        h = 2.0 * HALF_HEIGHT,
        b1 = bottom - 3.5,
        right = left + 100.0,
        tx = left + 50.0,
        ty = bottom - 7.0,
    )
}

#[utoipa::path(get, path = "/api/v1/components/{code}/map.svg", tag = "scan",
    params(("code" = String, Path, description = "16-digit component code")),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn component_map_get(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let svg = state
        .db
        .run(move |c| {
            let found: Option<(f64, f64, Option<String>, Option<String>)> = c
                .query_row(
                    "SELECT k.lat, k.lon, g.nodes_json, g.edges_json FROM components k
                     LEFT JOIN walking_graphs g ON g.community_id = k.community_id
                     WHERE k.code = ?1",
                    [&code],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let (lat, lon, nodes, edges) = found.ok_or_else(|| {
                AppError::NotFound(format!(
                    "没有编码为 {code} 的部件。No component has the code {code}."
                ))
            })?;
            let nodes: Vec<LatLon> = match nodes {
                Some(json) => serde_json::from_str(&json).map_err(AppError::internal)?,
                None => Vec::new(),
            };
            let edges: Vec<(u32, u32, f64)> = match edges {
                Some(json) => serde_json::from_str(&json).map_err(AppError::internal)?,
                None => Vec::new(),
            };
            Ok(draw(LatLon { lat, lon }, &nodes, &edges))
        })
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        svg,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streets_near_the_component_are_drawn_and_far_ones_left_out() {
        let origin = LatLon {
            lat: 39.9,
            lon: 116.6,
        };
        let nodes = [
            LatLon {
                lat: 39.9,
                lon: 116.6,
            },
            // About 100 m east.
            LatLon {
                lat: 39.9,
                lon: 116.601_17,
            },
            // About 5 km north, twice.
            LatLon {
                lat: 39.945,
                lon: 116.6,
            },
            LatLon {
                lat: 39.946,
                lon: 116.6,
            },
        ];
        let svg = draw(origin, &nodes, &[(0, 1, 100.0), (2, 3, 110.0), (0, 9, 1.0)]);
        // One street, drawn twice (casing and fill): the far one and the broken edge are not.
        assert_eq!(svg.matches("M0 0L100 0").count(), 2, "{svg}");
        assert!(!svg.contains("-4973"), "{svg}");
        assert!(svg.contains("100 m"));
        assert!(svg.starts_with("<svg"));
    }
}
