//! What this backend is (`meta.json`) and the places it covers (`communities.json`).

use axum::Json;
use axum::extract::State;
use linli_api::{Communities, Community, Meta};
use linli_core::component_code::TONGZHOU_COUNTY_CODE;

use rusqlite::OptionalExtension;

use crate::{AppError, AppState};

/// One value of the `settings` table, if it was ever set.
fn setting(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>, AppError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Whether the data is the generated sample, as recorded when it was loaded.
pub(crate) fn is_sample(conn: &rusqlite::Connection) -> Result<bool, AppError> {
    Ok(setting(conn, "sample_data")?.as_deref() == Some("true"))
}

#[utoipa::path(get, path = "/api/v1/meta.json", tag = "meta",
    responses((status = 200, body = Meta)))]
pub(crate) async fn meta_get(State(state): State<AppState>) -> Result<Json<Meta>, AppError> {
    let (sample_data, client_api_key) = state
        .db
        .run(|c| Ok((is_sample(c)?, setting(c, "spa_api_key")?)))
        .await?;
    Ok(Json(Meta {
        writable: true,
        sample_data,
        district_code: TONGZHOU_COUNTY_CODE.to_owned(),
        district_name_zh: "通州区".to_owned(),
        district_name_en: "Tongzhou District".to_owned(),
        hotline: "12345".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        client_api_key,
        public_url: state.public_url.clone(),
    }))
}

#[utoipa::path(get, path = "/api/v1/communities.json", tag = "meta",
    responses((status = 200, body = Communities)))]
pub(crate) async fn communities_get(
    State(state): State<AppState>,
) -> Result<Json<Communities>, AppError> {
    state
        .db
        .run(|c| {
            let mut stmt = c.prepare(
                "SELECT id, name_zh, name_en, street_zh, street_en FROM communities ORDER BY street_zh, id",
            )?;
            let communities = stmt
                .query_map([], |r| {
                    Ok(Community {
                        id: r.get(0)?,
                        name_zh: r.get(1)?,
                        name_en: r.get(2)?,
                        street_zh: r.get(3)?,
                        street_en: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Communities {
                sample_data: is_sample(c)?,
                communities,
            })
        })
        .await
        .map(Json)
}

/// Any other path under `/api/v1/`: a JSON 404, never the SPA's HTML.
pub(crate) async fn api_not_found() -> AppError {
    AppError::not_found("API 中没有这个路径。There is no such path in the API.")
}
