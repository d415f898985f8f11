//! The project library: each community's candidate projects, reused across its ballots.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use linli_api::{LibraryProject, LibraryProjectFields, NewLibraryProject, THEMES};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use super::ballot::{beijing, malformed, now};
use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

fn unprocessable(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable {
        code,
        message: message.to_owned(),
    }
}

/// The fields' rules, the same for adding and editing.
fn validate(fields: &LibraryProjectFields) -> Result<(), AppError> {
    let length = |text: &str| text.trim().chars().count();
    if !(1..=60).contains(&length(&fields.title)) {
        return Err(unprocessable(
            "bad_title",
            "项目名称为 1 到 60 个字。A project title is 1 to 60 characters.",
        ));
    }
    if !(1..=300).contains(&length(&fields.summary)) {
        return Err(unprocessable(
            "bad_summary",
            "项目简介为 1 到 300 个字。A project summary is 1 to 300 characters.",
        ));
    }
    if !THEMES.contains(&fields.theme.as_str()) {
        return Err(unprocessable(
            "bad_theme",
            "主题须为 邻里和谐、文化创意、运动健康 或 绿色生态。The theme must be one of the four library themes.",
        ));
    }
    if length(&fields.location) > 100 || length(&fields.description) > 5000 {
        return Err(unprocessable(
            "too_long",
            "位置最多 100 字，说明最多 5000 字。Location is at most 100 characters, description 5000.",
        ));
    }
    if fields.cost_yuan == 0 || fields.cost_yuan > 100_000_000 {
        return Err(unprocessable(
            "bad_cost",
            "估算费用须在 1 元到 1 亿元之间。The estimated cost must be between ¥1 and ¥100,000,000.",
        ));
    }
    if let Some(url) = &fields.photo_url
        && !(url.starts_with('/') || url.starts_with("https://"))
    {
        return Err(unprocessable(
            "bad_photo_url",
            "照片地址须以 / 或 https:// 开头。A photo URL starts with / or https://.",
        ));
    }
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LibraryProject> {
    Ok(LibraryProject {
        id: r.get(0)?,
        community_id: r.get(1)?,
        fields: LibraryProjectFields {
            title: r.get(2)?,
            summary: r.get(3)?,
            theme: r.get(4)?,
            location: r.get(5)?,
            cost_yuan: r.get(6)?,
            photo_url: r.get(7)?,
            description: r.get(8)?,
        },
    })
}

const COLUMNS: &str =
    "id, community_id, title, summary, theme, location, cost_yuan, photo_url, description";

pub fn load(c: &Connection, id: i64) -> Result<Option<LibraryProject>, AppError> {
    Ok(c.query_row(
        &format!("SELECT {COLUMNS} FROM library_projects WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?)
}

pub(crate) fn require_community(
    c: &Connection,
    session: &CommitteeSession,
    community_id: &str,
) -> Result<(), AppError> {
    let exists: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM communities WHERE id = ?1)",
        [community_id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(unprocessable(
            "unknown_community",
            &format!("没有这个社区：{community_id}。No community has the id {community_id}."),
        ));
    }
    if !session.covers(community_id) {
        return Err(AppError::Forbidden(
            "这不是您负责的社区。This community is not one of yours.".into(),
        ));
    }
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LibraryQuery {
    /// Only this community's projects.
    community: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/library.json", tag = "admin", params(LibraryQuery),
    responses((status = 200, body = [LibraryProject]),
        (status = 400, description = "Malformed query string", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn library_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<LibraryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<LibraryProject>>, AppError> {
    let Query(query) = query?;
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM library_projects
                 WHERE ?1 IS NULL OR community_id = ?1 ORDER BY community_id, id"
            ))?;
            let projects = stmt
                .query_map([&query.community], row)?
                .filter(|p| p.as_ref().map_or(true, |p| session.covers(&p.community_id)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(projects)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/library", tag = "admin", request_body = NewLibraryProject,
    responses((status = 201, body = LibraryProject), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn library_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    body: Result<Json<NewLibraryProject>, JsonRejection>,
) -> Result<(StatusCode, Json<LibraryProject>), AppError> {
    let Json(new) = body.map_err(|_| {
        malformed(
            "项目信息不完整。A library project needs a community, title, summary, theme and cost.",
        )
    })?;
    validate(&new.fields)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            require_community(&tx, &session, &new.community_id)?;
            let f = &new.fields;
            tx.execute(
                "INSERT INTO library_projects (community_id, title, summary, theme, location,
                    cost_yuan, photo_url, description, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    new.community_id,
                    f.title.trim(),
                    f.summary.trim(),
                    f.theme,
                    f.location.trim(),
                    f.cost_yuan,
                    f.photo_url,
                    f.description.trim(),
                    beijing(now())
                ],
            )?;
            let created = load(&tx, tx.last_insert_rowid())?
                .ok_or_else(|| AppError::internal("inserted project vanished"))?;
            library_entry("library.add", &created).append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(created)))
        })
        .await
}

/// Edits a library project; ballots that already copied it keep their copy.
#[utoipa::path(put, path = "/api/v1/admin/library/{id}", tag = "admin",
    params(("id" = i64, Path)), request_body = LibraryProjectFields,
    responses((status = 200, body = LibraryProject), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn library_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    body: Result<Json<LibraryProjectFields>, JsonRejection>,
) -> Result<Json<LibraryProject>, AppError> {
    let Path(id) = id?;
    let Json(f) = body.map_err(|_| {
        malformed("项目信息不完整。A library project needs a title, summary, theme and cost.")
    })?;
    validate(&f)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = crate::db::write_transaction(c)?;
            let existing = load(&tx, id)?.ok_or_else(|| {
                AppError::not_found("项目库里没有这个项目。No such library project.")
            })?;
            require_community(&tx, &session, &existing.community_id)?;
            tx.execute(
                "UPDATE library_projects SET title = ?1, summary = ?2, theme = ?3, location = ?4,
                    cost_yuan = ?5, photo_url = ?6, description = ?7, updated_at = ?8
                 WHERE id = ?9",
                params![
                    f.title.trim(),
                    f.summary.trim(),
                    f.theme,
                    f.location.trim(),
                    f.cost_yuan,
                    f.photo_url,
                    f.description.trim(),
                    beijing(now()),
                    id
                ],
            )?;
            let edited =
                load(&tx, id)?.ok_or_else(|| AppError::internal("updated project vanished"))?;
            library_entry("library.edit", &edited).append(&tx, &actor)?;
            tx.commit()?;
            Ok(Json(edited))
        })
        .await
}

/// The trail's entry for a library project saved: its title and cost as they now stand.
fn library_entry(action: &'static str, project: &LibraryProject) -> Entry {
    Entry::new(action)
        .community(Some(&project.community_id))
        .subject(project.id.to_string())
        .detail(serde_json::json!({
            "title": project.fields.title,
            "cost_yuan": project.fields.cost_yuan,
        }))
}
