//! What this backend is (`meta.json`) and the places it covers (`communities.json`: archived
//! communities are left out).

use axum::Json;
use axum::extract::State;
use linli_api::{Communities, Community, Meta};

use crate::district::{is_sample, setting};
use crate::{AppError, AppState};

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

#[utoipa::path(get, path = "/api/v1/communities.json", tag = "meta",
    responses((status = 200, body = Communities)))]
pub(crate) async fn communities_get(
    State(state): State<AppState>,
) -> Result<Json<Communities>, AppError> {
    state
        .db
        .run(|c| {
            let mut stmt = c.prepare(
                "SELECT c.id, c.name_zh, c.name_en, s.id, s.name_zh, s.name_en
                 FROM communities c JOIN streets s ON s.id = c.street_id
                 WHERE c.archived_at IS NULL ORDER BY s.name_zh, c.id",
            )?;
            let communities = stmt
                .query_map([], |r| {
                    Ok(Community {
                        id: r.get(0)?,
                        name_zh: r.get(1)?,
                        name_en: r.get(2)?,
                        street_id: r.get(3)?,
                        street_zh: r.get(4)?,
                        street_en: r.get(5)?,
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
