//! Paper ballots: one committee member enters a ballot with its code (by hand or from a CSV
//! file), and a second, different member confirms it before it counts. Confirming spends the
//! code exactly as a phone vote does.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_api::{
    BallotEventKind, Channel, ConfirmPaper, ImportReport, ImportRowError, NewPaperBallot,
    PaperEntry, VoteReceipt,
};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Deserialize;

use super::ballot::{
    BallotRow, beijing, malformed, now, parse_code, require_codes, require_unspent_code,
    spend_and_record, split_selections,
};
use crate::admin::CommitteeSession;
use crate::secrets::Secrets;
use crate::{AppError, AppState};

/// Checks one paper ballot and stores it as a pending entry; the caller owns the transaction.
fn enter(
    c: &Connection,
    secrets: &Secrets,
    ballot: &BallotRow,
    username: &str,
    paper: &NewPaperBallot,
) -> Result<PaperEntry, AppError> {
    let code = parse_code(&paper.code)?;
    let code_hash = secrets.voting_code_hash(&code);
    require_unspent_code(c, &ballot.id, &code_hash)?;
    let selection = ballot.check_selection(&paper.selections)?;
    let entered_at = beijing(now());
    c.execute(
        "INSERT INTO paper_entries (ballot_id, code_hash, selections, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            ballot.id,
            code_hash,
            selection.project_ids.join(","),
            username,
            entered_at
        ],
    )?;
    Ok(PaperEntry {
        id: c.last_insert_rowid(),
        ballot_id: ballot.id.clone(),
        selections: selection.project_ids,
        entered_by: username.to_owned(),
        entered_at,
    })
}

/// The ballot, for a committee member of its community, while residents can vote.
fn open_ballot_for(
    c: &Connection,
    session: &CommitteeSession,
    id: &str,
) -> Result<BallotRow, AppError> {
    let ballot = BallotRow::load(c, id, true)?;
    ballot.require_committee(session)?;
    require_codes(&ballot)?;
    ballot.require_open(now())?;
    Ok(ballot)
}

#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper", tag = "admin",
    params(("id" = String, Path)), request_body = NewPaperBallot,
    responses((status = 201, description = "Entered; counts once another member confirms", body = PaperEntry),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such ballot", body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub async fn paper_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
    body: Result<Json<NewPaperBallot>, JsonRejection>,
) -> Result<(StatusCode, Json<PaperEntry>), AppError> {
    let Json(paper) = body.map_err(|_| {
        malformed(
            "纸质选票需要投票码和所选项目。A paper ballot needs its code and the chosen projects.",
        )
    })?;
    let secrets = state.secrets.clone();
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            let entry = enter(&tx, &secrets, &ballot, &session.0.username, &paper)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(entry)))
        })
        .await
}

/// Paper ballots waiting for a second person.
#[utoipa::path(get, path = "/api/v1/admin/ballots/{id}/paper.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = [PaperEntry]), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub async fn paper_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
) -> Result<Json<Vec<PaperEntry>>, AppError> {
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, true)?;
            ballot.require_committee(&session)?;
            let mut stmt = c.prepare(
                "SELECT id, selections, entered_by, entered_at FROM paper_entries
                 WHERE ballot_id = ?1 ORDER BY id",
            )?;
            let entries = stmt
                .query_map([&id], |r| {
                    Ok(PaperEntry {
                        id: r.get(0)?,
                        ballot_id: id.clone(),
                        selections: split_selections(&r.get::<_, String>(1)?),
                        entered_by: r.get(2)?,
                        entered_at: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(entries)
        })
        .await
        .map(Json)
}

/// Confirms entries made by someone else; all of them count, or none.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper/confirm", tag = "admin",
    params(("id" = String, Path)), request_body = ConfirmPaper,
    responses((status = 200, body = [VoteReceipt]), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError),
        (status = 403, description = "The same person entered it", body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError)))]
pub async fn paper_confirm_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
    body: Result<Json<ConfirmPaper>, JsonRejection>,
) -> Result<Json<Vec<VoteReceipt>>, AppError> {
    let Json(confirm) = body.map_err(|_| {
        malformed("请列出要确认的纸质选票。Please list the paper ballots to confirm.")
    })?;
    if confirm.entries.is_empty() {
        return Err(malformed(
            "请列出要确认的纸质选票。Please list the paper ballots to confirm.",
        ));
    }
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            let mut receipts = Vec::new();
            for entry_id in confirm.entries {
                let found: Option<(String, String, String)> = tx
                    .query_row(
                        "SELECT code_hash, selections, entered_by FROM paper_entries
                         WHERE id = ?1 AND ballot_id = ?2",
                        params![entry_id, ballot.id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let (code_hash, selections, entered_by) = found.ok_or_else(|| {
                    AppError::not_found(format!(
                        "没有待确认的纸质选票 {entry_id}。No pending paper ballot {entry_id}."
                    ))
                })?;
                if entered_by == session.0.username {
                    return Err(AppError::Forbidden(format!(
                        "纸质选票 {entry_id} 是您录入的，须由另一位居委会成员确认。\
                         You entered paper ballot {entry_id}; another committee member must confirm it."
                    )));
                }
                super::committee::require_named_account(&tx, &session)?;
                // Checked again: the ballot's rules are fixed, but this keeps one path to a vote.
                let selection = ballot.check_selection(&split_selections(&selections))?;
                tx.execute("DELETE FROM paper_entries WHERE id = ?1", [entry_id])?;
                let receipt =
                    spend_and_record(&tx, &ballot.id, &code_hash, Channel::Paper, &selection)?;
                receipts.push(VoteReceipt {
                    ballot_id: ballot.id.clone(),
                    receipt,
                    channel: Channel::Paper,
                    selections: selection.project_ids,
                });
            }
            super::events::record(
                &tx,
                &ballot.id,
                BallotEventKind::PaperConfirmed,
                &session.0.username,
                Some(receipts.len() as u64),
            )?;
            tx.commit()?;
            Ok(Json(receipts))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// Check every row and report, storing nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Splits CSV text into records: commas between fields, double quotes around a field that holds
/// a comma, a quote (doubled) or a line break. Blank lines are skipped; each record keeps its line.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, ch) => {
                if ch == '\n' {
                    line += 1;
                }
                field.push(ch);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    records.push((record_line, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                record_line = line;
            }
            (false, ch) => field.push(ch),
        }
    }
    if quoted {
        return Err(record_line);
    }
    fields.push(field);
    if fields.iter().any(|f| !f.trim().is_empty()) {
        records.push((record_line, fields));
    }
    Ok(records)
}

/// Project ids in a CSV cell: separated by spaces, `;`, `|` or `、`.
fn cell_ids(cell: &str) -> Vec<String> {
    cell.split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | '、'))
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Imports paper ballots from CSV with a `code` and a `projects` column. A dry run reports
/// every row; a real import stores the rows as pending entries only when every row is right,
/// and otherwise answers 422 with the same report, storing nothing.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper/import", tag = "admin",
    params(("id" = String, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv",
        description = "Header `code,projects`; project ids in a cell separated by spaces or `;`"),
    responses((status = 200, body = ImportReport),
        (status = 400, description = "Not CSV with code and projects columns", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError),
        (status = 422, description = "Some rows are wrong; nothing stored", body = ImportReport)))]
pub async fn paper_import_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
    query: Result<Query<ImportQuery>, axum::extract::rejection::QueryRejection>,
    body: String,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let records = csv_records(&body).map_err(|line| {
        malformed(&format!(
            "第 {line} 行的引号没有闭合。The quote opened on line {line} is never closed."
        ))
    })?;
    let header_error = || {
        malformed(
            "CSV 第一行须有 code 和 projects 两列。The first CSV line must name the columns code and projects.",
        )
    };
    let ((_, header), rows) = records.split_first().ok_or_else(header_error)?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(code_column), Some(projects_column)) = (column("code"), column("projects")) else {
        return Err(header_error());
    };
    let rows: Vec<(usize, NewPaperBallot)> = rows
        .iter()
        .map(|(line, fields)| {
            let cell = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
            (
                *line,
                NewPaperBallot {
                    code: cell(code_column).to_owned(),
                    selections: cell_ids(cell(projects_column)),
                },
            )
        })
        .collect();
    let secrets = state.secrets.clone();
    let dry_run = query.dry_run;
    state
        .db
        .run(move |c| {
            let mut tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            let mut errors = Vec::new();
            let mut entries = Vec::new();
            for (line, paper) in &rows {
                // Each row in its own savepoint, so a wrong row leaves nothing behind and later
                // rows are checked against the earlier ones (a code twice in one file).
                let savepoint = tx.savepoint()?;
                match enter(&savepoint, &secrets, &ballot, &session.0.username, paper) {
                    Ok(entry) => {
                        savepoint.commit()?;
                        entries.push(entry);
                    }
                    Err(AppError::Internal(detail)) => return Err(AppError::Internal(detail)),
                    Err(refusal) => {
                        let (_, body) = refusal.parts();
                        errors.push(ImportRowError {
                            line: *line,
                            code: body.code,
                            message: body.message,
                        });
                    }
                }
            }
            let report = |entries| ImportReport {
                dry_run,
                rows: rows.len(),
                valid_rows: rows.len() - errors.len(),
                errors: errors.clone(),
                entries,
            };
            if dry_run {
                // Dropping the transaction rolls every row back.
                return Ok(Json(report(Vec::new())).into_response());
            }
            if !errors.is_empty() {
                return Ok(
                    (StatusCode::UNPROCESSABLE_ENTITY, Json(report(Vec::new()))).into_response()
                );
            }
            tx.commit()?;
            Ok(Json(report(entries)).into_response())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_keep_quotes_and_line_numbers() {
        let text =
            "\u{feff}code,projects\r\n\"AB,CD\",p1 p2\n\n\"say \"\"hi\"\"\",\"p3;\np4\"\nlast,p5";
        let records = csv_records(text).unwrap();
        let lines: Vec<usize> = records.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
        assert_eq!(records[1].1, ["AB,CD", "p1 p2"]);
        assert_eq!(records[2].1, ["say \"hi\"", "p3;\np4"]);
        assert_eq!(cell_ids(&records[2].1[1]), ["p3", "p4"]);
        assert_eq!(cell_ids("p1、p2 | p3"), ["p1", "p2", "p3"]);
        assert_eq!(csv_records("code\n\"open"), Err(2));
    }
}
