//! The residents' documents: the list of ballots and each ballot with its projects.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{Ballot, Ballots};

use super::ballot::{BallotRow, now};
use crate::district::is_sample;
use crate::{AppError, AppState, json_name};

/// Residents see open and closed ballots, open first; drafts stay in the committee area.
#[utoipa::path(get, path = "/api/v1/ballots.json", tag = "vote",
    responses((status = 200, body = Ballots)))]
pub(crate) async fn ballots_get(State(state): State<AppState>) -> Result<Json<Ballots>, AppError> {
    state
        .db
        .run(|c| {
            let ids = c
                .prepare("SELECT id FROM ballots WHERE status != 'draft' ORDER BY closes_at DESC")?
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            let at = now();
            let mut ballots = ids
                .iter()
                .map(|id| Ok(BallotRow::load(c, id, false)?.document(at, false)?.summary))
                .collect::<Result<Vec<_>, AppError>>()?;
            ballots.sort_by_key(|b| b.status != linli_api::BallotStatus::Open);
            Ok(Ballots {
                sample_data: is_sample(c)?,
                ballots,
            })
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = Ballot), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn ballot_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Ballot>, AppError> {
    let id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| BallotRow::load(c, &id, false)?.document(now(), is_sample(c)?))
        .await
        .map(Json)
}
