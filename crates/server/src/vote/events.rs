//! A ballot's own history (opened, codes issued, closed, paper ballots confirmed), recorded in
//! the same transaction as the step itself and published on its results page, so residents and
//! observers see who-did-what's "what" and "when". The committee member's name is kept with each
//! step but not published.

use axum::Json;
use axum::extract::{Path, State};
use linli_api::{BallotEvent, BallotEventKind, BallotEvents};
use rusqlite::{Connection, params};

use super::ballot::{BallotRow, Phase, beijing, now};
use crate::{AppError, AppState};

fn kind_name(kind: BallotEventKind) -> &'static str {
    match kind {
        BallotEventKind::Opened => "opened",
        BallotEventKind::CodesIssued => "codes_issued",
        BallotEventKind::ClosedEarly => "closed_early",
        BallotEventKind::Closed => "closed",
        BallotEventKind::PaperConfirmed => "paper_confirmed",
        BallotEventKind::PaperRejected => "paper_rejected",
    }
}

fn kind_from_name(name: &str) -> Option<BallotEventKind> {
    [
        BallotEventKind::Opened,
        BallotEventKind::CodesIssued,
        BallotEventKind::ClosedEarly,
        BallotEventKind::Closed,
        BallotEventKind::PaperConfirmed,
        BallotEventKind::PaperRejected,
    ]
    .into_iter()
    .find(|kind| kind_name(*kind) == name)
}

/// Records a step, inside the caller's transaction: it is kept exactly when the step is.
pub(crate) fn record(
    c: &Connection,
    ballot_id: &str,
    kind: BallotEventKind,
    actor: &str,
    count: Option<u64>,
) -> Result<(), AppError> {
    c.execute(
        "INSERT INTO ballot_events (ballot_id, at, kind, actor, count) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ballot_id, beijing(now()), kind_name(kind), actor, count],
    )?;
    Ok(())
}

/// The published history: every recorded step, and the close by the clock once the announced
/// time has passed without an early close.
fn history(c: &Connection, ballot: &BallotRow) -> Result<Vec<BallotEvent>, AppError> {
    let mut stmt =
        c.prepare("SELECT at, kind, count FROM ballot_events WHERE ballot_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([&ballot.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<u64>>(2)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (at, kind, count) = row?;
        let kind = kind_from_name(&kind)
            .ok_or_else(|| AppError::internal(format!("stored ballot event {kind}")))?;
        events.push(BallotEvent { at, kind, count });
    }
    if ballot.closed_at.is_none() && ballot.phase(now())? == Phase::Closed {
        events.push(BallotEvent {
            at: ballot.closes_at.clone(),
            kind: BallotEventKind::Closed,
            count: None,
        });
    }
    Ok(events)
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}/events.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = BallotEvents), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn events_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BallotEvents>, AppError> {
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, false)?;
            Ok(BallotEvents {
                events: history(c, &ballot)?,
                ballot_id: ballot.id,
            })
        })
        .await
        .map(Json)
}
