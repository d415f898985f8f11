//! The residents' documents: the lists of ballots (the district's, a community's) and each
//! ballot with its projects.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{Ballot, BallotSummary, Ballots, CommunityBallots};
use rusqlite::Connection;

use super::ballot::{BallotRow, now};
use crate::district::is_sample;
use crate::meta::listed_community;
use crate::{AppError, AppState, json_name};

/// The district's open and closed ballots, open first; drafts stay in the committee area.
/// Residents read their community's ([`community_ballots_get`]): this list grows with the
/// district.
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
            Ok(Ballots {
                sample_data: is_sample(c)?,
                ballots: summaries(c, &ids)?,
            })
        })
        .await
        .map(Json)
}

/// One community's open and closed ballots, open first, then by closing time, latest first.
#[utoipa::path(get, path = "/api/v1/ballots/by-community/{community}.json", tag = "vote",
    params(("community" = String, Path)),
    responses((status = 200, body = CommunityBallots), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn community_ballots_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<CommunityBallots>, AppError> {
    let id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            let community = listed_community(c, &id)?;
            let ids = c
                .prepare(
                    "SELECT id FROM ballots WHERE community_id = ?1 AND status != 'draft'
                     ORDER BY closes_at DESC",
                )?
                .query_map([&id], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(CommunityBallots {
                sample_data: is_sample(c)?,
                community,
                ballots: summaries(c, &ids)?,
            })
        })
        .await
        .map(Json)
}

/// The ballots' summaries as residents see them, open ones first, the order kept otherwise.
fn summaries(c: &Connection, ids: &[String]) -> Result<Vec<BallotSummary>, AppError> {
    let at = now();
    let mut ballots = ids
        .iter()
        .map(|id| Ok(BallotRow::load(c, id, false)?.document(at, false)?.summary))
        .collect::<Result<Vec<_>, AppError>>()?;
    ballots.sort_by_key(|b| b.status != linli_api::BallotStatus::Open);
    Ok(ballots)
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
