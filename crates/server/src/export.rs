//! Static mode: every GET document of the read API written as files at the same paths, plus the
//! built SPA, so that any static file server hosts a working read-only Linli. Exporting into the
//! folder of an earlier export writes only what changed (src/export/files.rs).

mod files;
mod pages;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linli_api::paths;
use linli_core::reach::{GeoPoint, NearTile};
use tower::ServiceExt;

use crate::web::Spa;
use crate::{AppError, AppState, app};
use files::ExportFiles;
pub use files::FileCounts;
pub use pages::{ANY_COMPONENT, ComponentPages};

#[derive(Debug, Default)]
pub struct ExportSummary {
    pub documents: usize,
    pub pages: usize,
    /// What this export did to the folder's files, against the last export into it.
    pub files: FileCounts,
}

/// What to export, and where.
#[derive(Clone, Copy, Debug)]
pub struct ExportRequest<'a> {
    pub out: &'a Path,
    /// The built SPA, copied in with each bundle's page at the paths the bundle table names for a
    /// static host (src/export/pages.rs); without it, the documents only.
    pub spa_dir: Option<&'a Path>,
    /// Only this community's files, into an earlier export ([`export_community`]).
    pub community: Option<&'a str>,
    pub component_pages: ComponentPages,
}

/// Writes the export into `out`. With `spa_dir`, the built SPA is copied in too, with each
/// bundle's page as `index.html` in every deep-link folder, a component's pages once for all
/// codes with the host's rewrite rules, and the plate's page as `404.html`.
pub async fn export_static_site(
    state: AppState,
    out: &Path,
    spa_dir: Option<&Path>,
) -> Result<ExportSummary, AppError> {
    export(
        state,
        ExportRequest {
            out,
            spa_dir,
            community: None,
            component_pages: ComponentPages::default(),
        },
    )
    .await
}

/// Refreshes one community in an earlier export into `out`: its own documents and pages (its
/// components, buildings, services, walking graph, ballots, its street's list and the squares of
/// the map near its buildings) and the district's few small ones (meta, the lists of streets and
/// communities, the first page of components, Open311's services), and nothing else. What the
/// district export wrote for other communities stays as it was, so a day's changes in one
/// community cost that community's files, not the district's.
pub async fn export_community(
    state: AppState,
    out: &Path,
    spa_dir: Option<&Path>,
    community: &str,
) -> Result<ExportSummary, AppError> {
    export(
        state,
        ExportRequest {
            out,
            spa_dir,
            community: Some(community),
            component_pages: ComponentPages::default(),
        },
    )
    .await
}

/// The export as `request` says: the district's, or one community's refresh.
pub async fn export(
    state: AppState,
    request: ExportRequest<'_>,
) -> Result<ExportSummary, AppError> {
    let ExportRequest {
        out,
        spa_dir,
        community,
        component_pages,
    } = request;
    let only = community.map(str::to_owned);
    let (streets, communities, components, buildings, ballots, squares) = state
        .db
        .run(move |c| {
            if let Some(id) = &only {
                crate::map::known_community(c, id)?;
            }
            // `?1` is the community, or NULL for the whole district.
            let ids = |sql: &str| -> Result<Vec<String>, AppError> {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([&only], |r| r.get(0))?;
                Ok(rows.collect::<Result<Vec<String>, _>>()?)
            };
            Ok((
                ids("SELECT id FROM streets WHERE archived_at IS NULL
                       AND (?1 IS NULL OR id = (SELECT street_id FROM communities WHERE id = ?1))
                     ORDER BY id")?,
                ids("SELECT id FROM communities WHERE ?1 IS NULL OR id = ?1 ORDER BY id")?,
                ids(
                    "SELECT code FROM components WHERE ?1 IS NULL OR community_id = ?1
                     ORDER BY code",
                )?,
                ids(
                    "SELECT code FROM buildings WHERE ?1 IS NULL OR community_id = ?1
                     ORDER BY code",
                )?,
                ids("SELECT id FROM ballots WHERE status != 'draft'
                       AND (?1 IS NULL OR community_id = ?1) ORDER BY id")?,
                squares_with_communities(c, only.as_deref())?,
            ))
        })
        .await?;

    let mut documents: Vec<String> = vec![
        paths::META.into(),
        paths::COMMUNITIES.into(),
        paths::STREETS.into(),
        paths::COMPONENTS.into(),
        paths::BALLOTS.into(),
        paths::OPENAPI.into(),
        paths::MAP_TILES.into(),
    ];
    documents.extend(streets.iter().map(|id| paths::street_communities(id)));
    documents.extend(streets.iter().map(|id| paths::street_performance(id)));
    // A square with no community near is no file: the phone reads the 404 as "none near".
    documents.extend(
        squares
            .iter()
            .map(|square| paths::nearby_communities(square)),
    );
    // Open311's documents in both of its formats: spec clients ask for the XML.
    for document in ["discovery", "services"] {
        for extension in ["json", "xml"] {
            documents.push(format!("{}/{document}.{extension}", paths::OPEN311_ROOT));
        }
    }
    for id in &communities {
        documents.push(paths::community_ballots(id));
        documents.push(paths::community_performance(id));
        documents.push(paths::components_of(id));
        documents.push(paths::services(id));
        documents.push(paths::buildings(id));
        documents.push(paths::walking_graph(id));
    }
    documents.extend(components.iter().map(|code| paths::component(code)));
    documents.extend(components.iter().map(|code| paths::component_map(code)));
    documents.extend(buildings.iter().map(|code| paths::building(code)));
    for id in &ballots {
        documents.push(paths::ballot(id));
        documents.push(paths::turnout(id));
        documents.push(paths::ballot_events(id));
        // These answer 409 until the ballot closes, and are then left out.
        documents.push(paths::results(id));
        documents.push(paths::published_ballots(id));
        documents.push(paths::export_pb(id));
        documents.push(paths::export_csv(id));
    }

    let img_sources = state.map_tiles.img_sources.clone();
    let router = app(AppState { spa: None, ..state });
    let mut summary = ExportSummary::default();
    let mut files = ExportFiles::open(out)?;
    for path in &documents {
        let response = router
            .clone()
            .oneshot(
                Request::get(path.as_str())
                    .body(Body::empty())
                    .map_err(AppError::internal)?,
            )
            .await
            .map_err(AppError::internal)?;
        if response.status() == StatusCode::NOT_FOUND || response.status() == StatusCode::CONFLICT {
            // A community without a walking graph yet, or results of a ballot still open: the SPA
            // says so when it finds no file.
            continue;
        }
        if !response.status().is_success() {
            return Err(AppError::internal(format!(
                "export of {path} answered {}",
                response.status()
            )));
        }
        let mut body = response
            .into_body()
            .collect()
            .await
            .map_err(AppError::internal)?
            .to_bytes()
            .to_vec();
        if path == paths::META {
            body = read_only_meta(&body)?;
        }
        files.write(path, &body)?;
        summary.documents += 1;
    }

    if let Some(spa_dir) = spa_dir {
        let spa = Spa::load(spa_dir, &img_sources).map_err(AppError::internal)?;
        let items = pages::Items {
            components: &components,
            ballots: &ballots,
            communities: &communities,
        };
        summary.pages = pages::write_pages(&spa, &items, component_pages, &mut files)?;
        copy_dir(spa_dir, Path::new("/"), &mut files)?;
    }
    // A community's refresh leaves the other communities' files in place.
    summary.files = files.finish(community.is_none())?;
    Ok(summary)
}

/// The exported `meta.json` says the site is read-only, so every write path in the SPA offers the
/// 12345 hotline instead of a form that cannot be sent.
fn read_only_meta(body: &[u8]) -> Result<Vec<u8>, AppError> {
    let mut meta: linli_api::Meta = serde_json::from_slice(body).map_err(AppError::internal)?;
    meta.writable = false;
    meta.client_api_key = None;
    serde_json::to_vec(&meta).map_err(AppError::internal)
}

/// Every file under `from`, written at `url_dir` and below where no page was written.
fn copy_dir(from: &Path, url_dir: &Path, files: &mut ExportFiles) -> Result<(), AppError> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let url_path = url_dir.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &url_path, files)?;
        } else {
            let body = std::fs::read(entry.path())?;
            files.write_unless_written(&url_path.to_string_lossy(), &body)?;
        }
    }
    Ok(())
}

/// Every square of the map whose `communities/near` document lists a community: the squares
/// within the limit of a listed community's building (of `community`'s buildings only, if given).
fn squares_with_communities(
    c: &rusqlite::Connection,
    community: Option<&str>,
) -> Result<Vec<String>, AppError> {
    let mut stmt = c.prepare(
        "SELECT b.lat, b.lon FROM buildings b JOIN communities c ON c.id = b.community_id
         WHERE c.archived_at IS NULL AND (?1 IS NULL OR c.id = ?1)",
    )?;
    let mut squares = std::collections::BTreeSet::new();
    let positions = stmt.query_map([community], |r| {
        Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?))
    })?;
    for position in positions {
        let (lat, lon) = position?;
        if let Ok(point) = GeoPoint::new(lat, lon) {
            squares.extend(NearTile::tiles_listing(point));
        }
    }
    Ok(squares.into_iter().map(NearTile::name).collect())
}
