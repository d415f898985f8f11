//! What a ballot publishes: live turnout always; after close the results by the ballot's rule
//! (tallied by `linli_core::tally` from a Pabulib election built from the votes), the counted
//! receipts and the anonymous ballots as two unlinked lists, and the `.pb` and CSV exports.
//!
//! The trade-off, chosen so that a receipt cannot be sold: a voter checks that their receipt was
//! counted, and anyone can recount the published ballots, but nothing public ties a receipt to a
//! choice. Only the voter's own device showed the choice, once, when the vote was cast.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use linli_api::paths;
use linli_api::{
    AnonymousBallot, BallotResults, ByChannel, Channel, CountedReceipt, ProjectResult,
    PublishedBallots, Turnout,
};
use linli_core::pabulib::{Election, NewElection};
use linli_core::tally::{Rule, tally};
use linli_core::voting_code::ALPHABET;
use rusqlite::{Connection, OptionalExtension};

use super::ballot::{BallotRow, now, split_selections};
use crate::csv_cell::csv_cell;
use crate::{AppError, AppState, json_name, plates, qr};

/// Codes issued and spent, by channel, and paper ballots waiting for confirmation. An open poll
/// has no codes: its votes are counted instead.
pub(crate) fn turnout(c: &Connection, ballot_id: &str) -> Result<Turnout, AppError> {
    let codes_issued: u64 = c.query_row(
        "SELECT count(*) FROM voting_codes WHERE ballot_id = ?1",
        [ballot_id],
        |r| r.get(0),
    )?;
    let open_poll: bool = c
        .query_row(
            "SELECT open_poll FROM ballots WHERE id = ?1",
            [ballot_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    let mut by_channel = ByChannel::default();
    let mut stmt = c.prepare(if open_poll {
        "SELECT channel, count(*) FROM votes WHERE ballot_id = ?1 GROUP BY channel"
    } else {
        "SELECT spent_channel, count(*) FROM voting_codes
         WHERE ballot_id = ?1 AND spent_channel IS NOT NULL GROUP BY spent_channel"
    })?;
    for row in stmt.query_map([ballot_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?))
    })? {
        let (channel, count) = row?;
        let channel = Channel::from_name(&channel)
            .ok_or_else(|| AppError::internal(format!("stored channel {channel}")))?;
        by_channel.add(channel, count);
    }
    let paper_pending: u64 = c.query_row(
        "SELECT count(*) FROM paper_ballots WHERE ballot_id = ?1 AND code_hash IS NOT NULL",
        [ballot_id],
        |r| r.get(0),
    )?;
    Ok(Turnout {
        ballot_id: ballot_id.to_owned(),
        codes_issued,
        codes_spent: by_channel.total(),
        by_channel,
        paper_pending,
    })
}

/// The counted ballots, without their receipts, sorted by channel and choice: the order says
/// nothing about who voted when.
fn anonymous_ballots(c: &Connection, ballot_id: &str) -> Result<Vec<AnonymousBallot>, AppError> {
    let mut stmt = c.prepare("SELECT channel, selections FROM votes WHERE ballot_id = ?1")?;
    let rows = stmt.query_map([ballot_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut ballots = rows
        .map(|row| {
            let (channel, selections) = row?;
            Ok(AnonymousBallot {
                channel: Channel::from_name(&channel)
                    .ok_or_else(|| AppError::internal(format!("stored channel {channel}")))?,
                selections: split_selections(&selections),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    ballots.sort();
    Ok(ballots)
}

/// The receipts counted, alphabetically.
fn counted_receipts(c: &Connection, ballot_id: &str) -> Result<Vec<String>, AppError> {
    let mut stmt = c.prepare("SELECT receipt FROM votes WHERE ballot_id = ?1 ORDER BY receipt")?;
    let rows = stmt.query_map([ballot_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<String>, _>>()?)
}

/// The closed ballot as a Pabulib election: META from the ballot, one project per ballot project
/// (with its votes and, once tallied, `selected`), one anonymous ballot per vote, numbered in the
/// published order (never by receipt).
fn election(
    ballot: &BallotRow,
    ballots: &[AnonymousBallot],
    scores: &[u64],
    selected: Option<&[bool]>,
) -> Result<Election, AppError> {
    let mut meta = vec![
        ("description".to_owned(), ballot.title.clone()),
        ("country".to_owned(), "China".to_owned()),
        ("unit".to_owned(), "Tongzhou".to_owned()),
        ("subunit".to_owned(), ballot.community_id.clone()),
        ("instance".to_owned(), ballot.id.clone()),
        (
            "budget".to_owned(),
            ballot.budget_yuan.unwrap_or(0).to_string(),
        ),
        ("vote_type".to_owned(), "approval".to_owned()),
        ("rule".to_owned(), ballot.rule.clone()),
        ("currency".to_owned(), "CNY".to_owned()),
        ("min_length".to_owned(), ballot.min_choices.to_string()),
        ("max_length".to_owned(), ballot.max_choices.to_string()),
        ("date_begin".to_owned(), ballot.opens_at.clone()),
        ("date_end".to_owned(), ballot.closing_time().to_owned()),
    ];
    if ballot.open_poll {
        meta.push(("comment".to_owned(), NON_BINDING.to_owned()));
    }
    if let Some(threshold) = ballot.min_project_score {
        meta.push((
            "min_project_score_threshold".to_owned(),
            threshold.to_string(),
        ));
    }
    let mut project_columns = vec!["name".to_owned(), "votes".to_owned()];
    if selected.is_some() {
        project_columns.push("selected".to_owned());
    }
    let projects = ballot
        .projects
        .iter()
        .enumerate()
        .map(|(position, p)| {
            let mut values = vec![p.title.clone(), scores[position].to_string()];
            if let Some(selected) = selected {
                values.push(if selected[position] { "1" } else { "0" }.to_owned());
            }
            (p.id.clone(), p.cost_yuan.to_string(), values)
        })
        .collect();
    let votes = ballots
        .iter()
        .enumerate()
        .map(|(n, b)| ((n + 1).to_string(), b.selections.clone()))
        .collect();
    Election::build(&NewElection {
        meta,
        project_columns,
        projects,
        votes,
    })
    .map_err(AppError::internal)
}

/// How the exports of an open poll say that its outcome is advisory only.
const NON_BINDING: &str = "非约束性意见征集 Non-binding poll: no voting codes, one vote per device";

struct Tallied {
    results: BallotResults,
    ballots: Vec<AnonymousBallot>,
    election: Election,
}

fn tally_closed(c: &Connection, ballot: &BallotRow) -> Result<Tallied, AppError> {
    let ballots = anonymous_ballots(c, &ballot.id)?;
    let mut scores = vec![0u64; ballot.projects.len()];
    let mut by_channel = vec![ByChannel::default(); ballot.projects.len()];
    for b in &ballots {
        for id in &b.selections {
            let position = ballot
                .projects
                .iter()
                .position(|p| &p.id == id)
                .ok_or_else(|| AppError::internal(format!("vote for unknown project {id}")))?;
            scores[position] += 1;
            by_channel[position].add(b.channel, 1);
        }
    }
    let rule = Rule::from_name(&ballot.rule).map_err(AppError::internal)?;
    let unselected = election(ballot, &ballots, &scores, None)?;
    let outcome = tally(&unselected, rule).map_err(AppError::internal)?;
    let winners: Vec<String> = outcome
        .winner_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let selected: Vec<bool> = ballot
        .projects
        .iter()
        .map(|p| winners.contains(&p.id))
        .collect();
    let budget_used_yuan = ballot
        .projects
        .iter()
        .zip(&selected)
        .filter(|(_, selected)| **selected)
        .map(|(p, _)| p.cost_yuan)
        .sum();
    let mut projects: Vec<ProjectResult> = ballot
        .projects
        .iter()
        .enumerate()
        .map(|(position, p)| ProjectResult {
            id: p.id.clone(),
            title: p.title.clone(),
            cost_yuan: p.cost_yuan,
            score: scores[position],
            score_by_channel: by_channel[position],
            // Competition ranking: 1 + the number of projects with more votes.
            rank: 1 + scores.iter().filter(|s| **s > scores[position]).count() as u32,
            selected: selected[position],
        })
        .collect();
    projects.sort_by_key(|p| p.rank);
    let election = election(ballot, &ballots, &scores, Some(&selected))?;
    Ok(Tallied {
        results: BallotResults {
            ballot_id: ballot.id.clone(),
            rule: ballot.rule.clone(),
            closed_at: ballot.closing_time().to_owned(),
            budget_yuan: ballot.budget_yuan.unwrap_or(0),
            budget_used_yuan,
            projects,
            winners,
            turnout: turnout(c, &ballot.id)?,
            open_poll: ballot.open_poll,
        },
        ballots,
        election,
    })
}

/// A closed ballot's tally; 409 before close.
async fn closed_tally(state: &AppState, id: String) -> Result<Tallied, AppError> {
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, false)?;
            ballot.require_closed(now())?;
            tally_closed(c, &ballot)
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}/turnout.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = Turnout), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn turnout_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Turnout>, AppError> {
    state
        .db
        .run(move |c| {
            BallotRow::load(c, &id, false)?;
            turnout(c, &id)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}/results.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = BallotResults), (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Not closed yet", body = linli_api::ApiError)))]
pub(crate) async fn results_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BallotResults>, AppError> {
    Ok(Json(closed_tally(&state, id).await?.results))
}

#[utoipa::path(get, path = "/api/v1/ballots/{id}/published.json", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, body = PublishedBallots), (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Not closed yet", body = linli_api::ApiError)))]
pub(crate) async fn published_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PublishedBallots>, AppError> {
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, false)?;
            ballot.require_closed(now())?;
            Ok(PublishedBallots {
                receipts: counted_receipts(c, &ballot.id)?,
                ballots: anonymous_ballots(c, &ballot.id)?,
                ballot_id: ballot.id,
            })
        })
        .await
        .map(Json)
}

/// "Check my receipt", after close: whether this receipt was counted. Not what it chose, so a
/// receipt shown to someone who buys or presses votes proves nothing about the vote.
#[utoipa::path(get, path = "/api/v1/ballots/{id}/receipts/{receipt}.json", tag = "vote",
    params(("id" = String, Path), ("receipt" = String, Path)),
    responses((status = 200, body = CountedReceipt), (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Not closed yet", body = linli_api::ApiError)))]
pub(crate) async fn receipt_get(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Json<CountedReceipt>, AppError> {
    let receipt = json_name(&file)?.trim().to_uppercase();
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, false)?;
            ballot.require_closed(now())?;
            let counted: bool = c.query_row(
                "SELECT EXISTS (SELECT 1 FROM votes WHERE ballot_id = ?1 AND receipt = ?2)",
                [&ballot.id, &receipt],
                |r| r.get(0),
            )?;
            if !counted {
                return Err(AppError::not_found(format!(
                    "没有找到回执 {receipt}，请核对。No ballot has the receipt {receipt}; please check it."
                )));
            }
            Ok(CountedReceipt {
                ballot_id: ballot.id,
                receipt,
            })
        })
        .await
        .map(Json)
}

/// A receipt as printed, `ABCD-EFGH-JKMN` in any case; `None` unless it has that shape.
fn receipt_id(text: &str) -> Option<String> {
    let receipt = text.trim().to_uppercase();
    let shaped = receipt.len() == 14
        && receipt.bytes().enumerate().all(|(position, b)| {
            if position % 5 == 4 {
                b == b'-'
            } else {
                ALPHABET.contains(&b)
            }
        });
    shaped.then_some(receipt)
}

/// The receipt's QR, for the receipt screen: it holds the ballot page with the receipt search
/// filled in (`/v/{id}?receipt=…`) on this server's address, so a voter can photograph it, or
/// scan it at a kiosk with their own phone, and check their ballot after close. The voting code
/// is never in it. Drawn here so the vote page carries no QR encoder.
#[utoipa::path(get, path = "/api/v1/ballots/{id}/receipts/{receipt}/qr.svg", tag = "vote",
    params(("id" = String, Path), ("receipt" = String, Path, description = "e.g. ABCD-EFGH-JKMN")),
    responses((status = 200, description = "SVG; its <title> is the URL it holds", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No such ballot or receipt", body = linli_api::ApiError)))]
pub(crate) async fn receipt_qr_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, given)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let missing = || {
        AppError::not_found(format!(
            "没有找到回执 {given}，请核对。No ballot has the receipt {given}; please check it."
        ))
    };
    let receipt = receipt_id(&given).ok_or_else(missing)?;
    let site = plates::site(&state, &headers);
    let found = {
        let receipt = receipt.clone();
        state
            .db
            .run(move |c| {
                let ballot = BallotRow::load(c, &id, false)?;
                let found: bool = c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM votes WHERE ballot_id = ?1 AND receipt = ?2)",
                    [&ballot.id, &receipt],
                    |r| r.get(0),
                )?;
                Ok(found.then_some(ballot.id))
            })
            .await?
    };
    let ballot_id = found.ok_or_else(missing)?;
    let url = format!("{site}{}", paths::receipt_page(&ballot_id, &receipt));
    let drawn = qr::svg(&url, "180")
        .ok_or_else(|| AppError::internal("a receipt URL is too long for a QR code"))?;
    // The URL as the image's title: what a screen reader or a test can read without decoding.
    let end_of_tag = drawn
        .find('>')
        .ok_or_else(|| AppError::internal("QR without a tag"))?
        + 1;
    let svg = format!(
        "{}<title>{}</title>{}",
        &drawn[..end_of_tag],
        plates::escape(&url),
        &drawn[end_of_tag..]
    );
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            // Keyed by the Host in its URL; a receipt's page never moves.
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}

fn download(content_type: &'static str, file_name: String, body: String) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The closed ballot as a Pabulib file: anonymous ballots (voter id = receipt), the official
/// outcome in `selected`, the rule in META.
#[utoipa::path(get, path = "/api/v1/ballots/{id}/export.pb", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, description = "Pabulib .pb text", content_type = "text/plain"),
        (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Not closed yet", body = linli_api::ApiError)))]
pub(crate) async fn export_pb_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let tallied = closed_tally(&state, id.clone()).await?;
    let file_name = if tallied.results.open_poll {
        format!("{id}-non-binding.pb")
    } else {
        format!("{id}.pb")
    };
    Ok(download(
        "text/plain; charset=utf-8",
        file_name,
        tallied.election.to_pb(),
    ))
}

/// The anonymous ballots as CSV: a number in the published order (never the receipt), channel,
/// then 1 or 0 for each project. An open poll's
/// file starts with a `#` line saying it is non-binding, and its name says so too.
#[utoipa::path(get, path = "/api/v1/ballots/{id}/export.csv", tag = "vote",
    params(("id" = String, Path)),
    responses((status = 200, description = "CSV", content_type = "text/csv"),
        (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Not closed yet", body = linli_api::ApiError)))]
pub(crate) async fn export_csv_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let tallied = closed_tally(&state, id.clone()).await?;
    let project_ids: Vec<&str> = tallied
        .election
        .projects()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let open_poll = tallied.results.open_poll;
    let mut csv = if open_poll {
        format!("# {NON_BINDING}\n")
    } else {
        String::new()
    };
    let header: Vec<String> = project_ids.iter().map(|id| csv_cell(id)).collect();
    csv += &format!("ballot,channel,{}\n", header.join(","));
    for (n, b) in tallied.ballots.iter().enumerate() {
        let marks: Vec<&str> = project_ids
            .iter()
            .map(|id| {
                if b.selections.iter().any(|s| s == id) {
                    "1"
                } else {
                    "0"
                }
            })
            .collect();
        csv += &format!(
            "{},{},{}\n",
            n + 1,
            csv_cell(b.channel.name()),
            marks.join(",")
        );
    }
    let file_name = if open_poll {
        format!("{id}-non-binding.csv")
    } else {
        format!("{id}.csv")
    };
    Ok(download("text/csv; charset=utf-8", file_name, csv))
}

#[cfg(test)]
mod tests {
    use super::receipt_id;

    #[test]
    fn only_receipt_shaped_text_is_a_receipt() {
        assert_eq!(
            receipt_id(" abcd-efgh-jkmn "),
            Some("ABCD-EFGH-JKMN".into())
        );
        for wrong in [
            "ABCD-EFGH-JKM",
            "ABCDEFGHJKMNP2",
            "ABCD-EFGH-JKM0",
            "ABCD_EFGH_JKMN",
            "../../etc",
        ] {
            assert_eq!(receipt_id(wrong), None, "{wrong}");
        }
    }
}
