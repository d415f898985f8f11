//! Ballots on micro-space renewal projects (微空间微更新): the list and each ballot's document.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{Ballot, BallotKind, BallotStatus, BallotSummary, Ballots, Project};
use rusqlite::Connection;

use crate::meta::is_sample;
use crate::{AppError, AppState, json_name};

const SUMMARY_COLUMNS: &str =
    "b.id, b.community_id, b.title, b.status, b.kind, b.opens_at, b.closes_at,
     (SELECT count(*) FROM projects p WHERE p.ballot_id = b.id)";

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BallotSummary> {
    let status: String = r.get(3)?;
    let kind: String = r.get(4)?;
    Ok(BallotSummary {
        id: r.get(0)?,
        community_id: r.get(1)?,
        title: r.get(2)?,
        status: match status.as_str() {
            "open" => BallotStatus::Open,
            "closed" => BallotStatus::Closed,
            _ => BallotStatus::Draft,
        },
        kind: if kind == "budget" {
            BallotKind::Budget
        } else {
            BallotKind::Approval
        },
        opens_at: r.get(5)?,
        closes_at: r.get(6)?,
        project_count: r.get(7)?,
    })
}

/// Residents see open and closed ballots; drafts stay in the committee area.
#[utoipa::path(get, path = "/api/v1/ballots.json", tag = "vote",
    responses((status = 200, body = Ballots)))]
pub async fn ballots_get(State(state): State<AppState>) -> Result<Json<Ballots>, AppError> {
    state
        .db
        .run(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM ballots b WHERE b.status != 'draft'
                 ORDER BY b.status = 'open' DESC, b.closes_at DESC"
            ))?;
            let ballots = stmt
                .query_map([], summary_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Ballots {
                sample_data: is_sample(c)?,
                ballots,
            })
        })
        .await
        .map(Json)
}

fn load_ballot(c: &Connection, id: &str) -> Result<Ballot, AppError> {
    let found = c.query_row(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, b.explanation, b.budget_yuan, b.min_choices, b.max_choices, b.rule
             FROM ballots b WHERE b.id = ?1 AND b.status != 'draft'"
        ),
        [id],
        |r| {
            Ok((
                summary_from_row(r)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<u64>>(9)?,
                r.get::<_, u32>(10)?,
                r.get::<_, u32>(11)?,
                r.get::<_, String>(12)?,
            ))
        },
    );
    let (summary, explanation, budget_yuan, min_choices, max_choices, rule) = match found {
        Ok(found) => found,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(AppError::NotFound(format!(
                "没有这场投票：{id}。No ballot has the id {id}."
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let mut stmt = c.prepare(
        "SELECT id, title, summary, theme, cost_yuan FROM projects
         WHERE ballot_id = ?1 ORDER BY position",
    )?;
    let projects = stmt
        .query_map([id], |r| {
            Ok(Project {
                id: r.get(0)?,
                title: r.get(1)?,
                summary: r.get(2)?,
                theme: r.get(3)?,
                cost_yuan: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Ballot {
        summary,
        explanation,
        budget_yuan,
        min_choices,
        max_choices,
        rule,
        projects,
        sample_data: is_sample(c)?,
    })
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = Ballot), (status = 404, body = linli_api::ApiError)))]
pub async fn ballot_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Ballot>, AppError> {
    let id = json_name(&file)?.to_owned();
    state.db.run(move |c| load_ballot(c, &id)).await.map(Json)
}
