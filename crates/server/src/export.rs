//! Static mode: every GET document of the read API written as files at the same paths, plus the
//! built SPA, so that any static file server hosts a working read-only Linli.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linli_api::paths;
use tower::ServiceExt;

use crate::web::content_security_policy;
use crate::{AppError, AppState, app};

#[derive(Debug, Default)]
pub struct ExportSummary {
    pub documents: usize,
    pub pages: usize,
}

/// Writes the export into `out`. With `spa_dir`, the built SPA is copied in too, with an
/// `index.html` in every deep-link folder and as `404.html` (served by common static hosts for
/// unknown paths, such as a component code that was added after the export).
pub async fn export_static_site(
    state: AppState,
    out: &Path,
    spa_dir: Option<&Path>,
) -> Result<ExportSummary, AppError> {
    let (communities, components, buildings, ballots) = state
        .db
        .run(|c| {
            let ids = |sql: &str| -> Result<Vec<String>, AppError> {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<Vec<String>, _>>()?)
            };
            Ok((
                ids("SELECT id FROM communities ORDER BY id")?,
                ids("SELECT code FROM components ORDER BY code")?,
                ids("SELECT code FROM buildings ORDER BY code")?,
                ids("SELECT id FROM ballots WHERE status != 'draft' ORDER BY id")?,
            ))
        })
        .await?;

    let mut documents: Vec<String> = vec![
        paths::META.into(),
        paths::COMMUNITIES.into(),
        paths::COMPONENTS.into(),
        paths::BALLOTS.into(),
        paths::OPENAPI.into(),
        paths::MAP_TILES.into(),
        format!("{}/discovery.json", paths::OPEN311_ROOT),
        format!("{}/services.json", paths::OPEN311_ROOT),
    ];
    for id in &communities {
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
        write_file(out, path, &body)?;
        summary.documents += 1;
    }

    if let Some(spa_dir) = spa_dir {
        copy_dir(spa_dir, out)?;
        let index = std::fs::read(spa_dir.join("index.html")).map_err(AppError::internal)?;
        let mut page_dirs: Vec<String> =
            components.iter().map(|code| format!("c/{code}")).collect();
        page_dirs.extend(buildings.iter().map(|code| format!("b/{code}")));
        // The scanner is a page load of its own too (the residents' bundle has no router).
        page_dirs.push("scan".to_owned());
        for dir in &page_dirs {
            write_file(out, &format!("/{dir}/index.html"), &index)?;
            summary.pages += 1;
        }
        write_file(out, "/404.html", &index)?;
        // The committee bundle has its own page; on a static copy it says the site is read-only.
        let committee = std::fs::read(spa_dir.join("admin/index.html")).unwrap_or(index.clone());
        for dir in ["admin", "admin/reports"] {
            write_file(out, &format!("/{dir}/index.html"), &committee)?;
            summary.pages += 1;
        }
        // The vote page has its own bundle too, with the ballot list.
        let vote = std::fs::read(spa_dir.join("v/index.html")).unwrap_or(index.clone());
        let vote_dirs =
            std::iter::once("vote".to_owned()).chain(ballots.iter().map(|id| format!("v/{id}")));
        for dir in vote_dirs {
            write_file(out, &format!("/{dir}/index.html"), &vote)?;
            summary.pages += 1;
        }
        // And the report form's bundle: each report form's own path, so a shared link opens the
        // read-only notice (`/report` is the bundle's own folder, copied above).
        let report = std::fs::read(spa_dir.join("report/index.html")).unwrap_or(index.clone());
        for code in &components {
            write_file(out, &format!("/c/{code}/report/index.html"), &report)?;
            summary.pages += 1;
        }
        // And the tracking bundle's "me", which lists this browser's reports.
        let track = std::fs::read(spa_dir.join("track/index.html")).unwrap_or(index.clone());
        write_file(out, "/me/index.html", &track)?;
        summary.pages += 1;
        // And the 15-minute circle: its community list at `/map` (in place of the map bundle's
        // own page, copied above) and the map page at each community's `/map/<id>`.
        let map = std::fs::read(spa_dir.join("map/index.html")).unwrap_or(index.clone());
        let circles = std::fs::read(spa_dir.join("circles/index.html")).unwrap_or(index.clone());
        write_file(out, "/map/index.html", &circles)?;
        summary.pages += 1;
        for id in &communities {
            write_file(out, &format!("/map/{id}/index.html"), &map)?;
            summary.pages += 1;
        }
        // The kiosk's bundle; on a static copy it cannot pair (there is no server to pair with).
        let kiosk = std::fs::read(spa_dir.join("kiosk/index.html")).unwrap_or(index.clone());
        write_file(out, "/kiosk/index.html", &kiosk)?;
        summary.pages += 1;
        let csp = content_security_policy(
            &format!(
                "{}{}{}{}{}{}{}{}",
                String::from_utf8_lossy(&index),
                String::from_utf8_lossy(&committee),
                String::from_utf8_lossy(&vote),
                String::from_utf8_lossy(&report),
                String::from_utf8_lossy(&track),
                String::from_utf8_lossy(&map),
                String::from_utf8_lossy(&circles),
                String::from_utf8_lossy(&kiosk)
            ),
            &img_sources,
        );
        // Netlify-style headers file; other hosts: see README.
        write_file(
            out,
            "/_headers",
            format!(
                "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  \
                 Referrer-Policy: no-referrer\n  X-Frame-Options: DENY\n"
            )
            .as_bytes(),
        )?;
    }
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

fn write_file(out: &Path, url_path: &str, body: &[u8]) -> Result<(), AppError> {
    let target = out.join(url_path.trim_start_matches('/'));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(AppError::internal)?;
    }
    std::fs::write(&target, body).map_err(AppError::internal)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), AppError> {
    std::fs::create_dir_all(to).map_err(AppError::internal)?;
    for entry in std::fs::read_dir(from).map_err(AppError::internal)? {
        let entry = entry.map_err(AppError::internal)?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(AppError::internal)?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(AppError::internal)?;
        }
    }
    Ok(())
}
