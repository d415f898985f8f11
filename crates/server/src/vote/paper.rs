//! Paper ballots by double entry. Two named committee members key the same paper ballot
//! independently, by hand or from a CSV file; it counts, spending its code exactly as a phone
//! vote does, when two keyings agree. Keyings that differ wait for a member who has not keyed it
//! yet; any named member may reject a waiting paper ballot with a reason. Who keyed and who
//! decided is kept; once decided, the code and the keyed selections are dropped.
//!
//! A waiting paper ballot does not hold its code: a household that votes on its phone meanwhile
//! is counted, and the paper ballot is superseded. Whichever vote is counted first stands.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_api::{
    BallotEventKind, Channel, ImportReport, ImportRowError, ImportRowWarning, NewPaperBallot,
    PaperBallot, PaperKeying, PaperStatus, RejectPaper,
};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Deserialize;

use super::ballot::{
    BallotRow, beijing, malformed, now, parse_code, require_codes, require_unspent_code,
    spend_and_record,
};
use super::committee::is_shared_account;
use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::secrets::Secrets;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// The longest reason for a rejection, in characters.
const MAX_REASON_CHARS: usize = 200;

/// 403 for the shared first-run account: double entry must know which two people keyed.
fn require_named_keyer(c: &Connection, session: &CommitteeSession) -> Result<(), AppError> {
    if is_shared_account(c, &session.0.username)? {
        return Err(AppError::Forbidden(
            "共用的初始管理员账号不能录入或驳回纸质选票：双人录入须记下是哪两位成员。请用本人的账号登录。\
             The shared first-run account cannot key or reject paper ballots: double entry records \
             which two members keyed each one. Please sign in with your own account."
                .into(),
        ));
    }
    Ok(())
}

/// Keys one paper ballot as `username` read it: a new paper ballot, a second keying that counts
/// it (when it agrees with an earlier one) or disputes it. The caller owns the transaction.
fn key(
    c: &Connection,
    secrets: &Secrets,
    ballot: &BallotRow,
    username: &str,
    paper: &NewPaperBallot,
) -> Result<PaperBallot, AppError> {
    let code = parse_code(&paper.code)?;
    let code_hash = secrets.voting_code_hash(&code);
    require_unspent_code(c, &ballot.id, &code_hash, Channel::Paper)?;
    let selection = ballot.check_selection(&paper.selections)?;
    let selections = selection.project_ids.join(",");
    let waiting: Option<i64> = c
        .query_row(
            "SELECT id FROM paper_ballots WHERE code_hash = ?1",
            [&code_hash],
            |r| r.get(0),
        )
        .optional()?;
    let paper_id = match waiting {
        Some(id) => id,
        None => {
            c.execute(
                "INSERT INTO paper_ballots (ballot_id, code_hash, status) VALUES (?1, ?2, ?3)",
                params![ballot.id, code_hash, PaperStatus::Awaiting.name()],
            )?;
            c.last_insert_rowid()
        }
    };
    let mut stmt =
        c.prepare("SELECT keyed_by, selections FROM paper_keyings WHERE paper_id = ?1")?;
    let earlier = stmt
        .query_map([paper_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if earlier.iter().any(|(keyed_by, _)| keyed_by == username) {
        return Err(AppError::Conflict(
            "您已经录入过这张纸质选票（同一个投票码），须由另一位成员对照选票独立录入。\
             You have already keyed this paper ballot (the same code); another member must key it \
             from the paper on their own."
                .into(),
        ));
    }
    c.execute(
        "INSERT INTO paper_keyings (paper_id, keyed_by, keyed_at, selections)
         VALUES (?1, ?2, ?3, ?4)",
        params![paper_id, username, beijing(now()), selections],
    )?;
    if earlier.iter().any(|(_, read)| *read == selections) {
        decide(c, paper_id, PaperStatus::Counted, Some(username), None)?;
        spend_and_record(c, &ballot.id, &code_hash, Channel::Paper, &selection)?;
    } else if !earlier.is_empty() {
        c.execute(
            "UPDATE paper_ballots SET status = ?1 WHERE id = ?2",
            params![PaperStatus::Disputed.name(), paper_id],
        )?;
    }
    read_one(c, paper_id)
}

/// Ends a waiting paper ballot: its code and the keyed selections are dropped, who keyed it kept.
fn decide(
    c: &Connection,
    paper_id: i64,
    status: PaperStatus,
    decided_by: Option<&str>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    c.execute(
        "UPDATE paper_ballots
         SET status = ?1, code_hash = NULL, decided_by = ?2, decided_at = ?3, reason = ?4
         WHERE id = ?5",
        params![status.name(), decided_by, beijing(now()), reason, paper_id],
    )?;
    c.execute(
        "UPDATE paper_keyings SET selections = '' WHERE paper_id = ?1",
        [paper_id],
    )?;
    Ok(())
}

/// A phone or kiosk vote counted with this code first: its waiting paper ballot, if any, no longer
/// counts. Called inside the vote's transaction.
pub(crate) fn supersede_waiting(c: &Connection, code_hash: &str) -> Result<(), AppError> {
    let waiting: Option<i64> = c
        .query_row(
            "SELECT id FROM paper_ballots WHERE code_hash = ?1",
            [code_hash],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(paper_id) = waiting {
        decide(c, paper_id, PaperStatus::Superseded, None, None)?;
    }
    Ok(())
}

/// Paper ballots matching `condition` on `paper_ballots p` (one parameter), with their keyings,
/// in the order entered. A keying's selections are shown only while its ballot is disputed.
fn read(
    c: &Connection,
    condition: &str,
    param: &dyn rusqlite::ToSql,
) -> Result<Vec<PaperBallot>, AppError> {
    let mut keyings: BTreeMap<i64, Vec<PaperKeying>> = BTreeMap::new();
    let mut stmt = c.prepare(&format!(
        "SELECT k.paper_id, k.keyed_by, k.keyed_at, k.selections, p.status
         FROM paper_keyings k JOIN paper_ballots p ON p.id = k.paper_id
         WHERE {condition} ORDER BY k.id"
    ))?;
    let mut rows = stmt.query([param])?;
    while let Some(r) = rows.next()? {
        let disputed = r.get::<_, String>(4)? == PaperStatus::Disputed.name();
        let selections: String = r.get(3)?;
        keyings.entry(r.get(0)?).or_default().push(PaperKeying {
            keyed_by: r.get(1)?,
            keyed_at: r.get(2)?,
            selections: disputed.then(|| super::ballot::split_selections(&selections)),
        });
    }
    let mut stmt = c.prepare(&format!(
        "SELECT p.id, p.ballot_id, p.status, p.decided_by, p.decided_at, p.reason
         FROM paper_ballots p WHERE {condition} ORDER BY p.id"
    ))?;
    let papers = stmt
        .query_map([param], |r| {
            let id: i64 = r.get(0)?;
            let status: String = r.get(2)?;
            Ok(PaperBallot {
                id,
                ballot_id: r.get(1)?,
                // The table's CHECK allows only known names.
                status: PaperStatus::from_name(&status).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        format!("paper ballot status {status}").into(),
                    )
                })?,
                keyings: keyings.remove(&id).unwrap_or_default(),
                decided_by: r.get(3)?,
                decided_at: r.get(4)?,
                reason: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(papers)
}

fn read_one(c: &Connection, paper_id: i64) -> Result<PaperBallot, AppError> {
    read(c, "p.id = ?1", &paper_id)?
        .pop()
        .ok_or_else(|| AppError::Internal(format!("paper ballot {paper_id} vanished")))
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

/// Keys one paper ballot. The answer says where it stands: awaiting another member's keying,
/// counted (two keyings agree) or disputed (they differ).
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper", tag = "admin",
    params(("id" = String, Path)), request_body = NewPaperBallot,
    responses((status = 201, description = "Keyed; counts once two members' keyings agree", body = PaperBallot),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, description = "Not this community's, or the shared first-run account", body = linli_api::ApiError),
        (status = 404, description = "No such ballot", body = linli_api::ApiError),
        (status = 409, description = "Keyed by this member already, or the code was counted first elsewhere", body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn paper_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<NewPaperBallot>, JsonRejection>,
) -> Result<(StatusCode, Json<PaperBallot>), AppError> {
    let Json(paper) = body.map_err(|_| {
        malformed(
            "纸质选票需要投票码和所选项目。A paper ballot needs its code and the chosen projects.",
        )
    })?;
    let secrets = state.secrets.clone();
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            require_named_keyer(&tx, &session)?;
            let keyed = key(&tx, &secrets, &ballot, &session.0.username, &paper)?;
            record_keyings(&tx, &ballot, &actor, std::slice::from_ref(&keyed))?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(keyed)))
        })
        .await
}

/// Adds the paper ballots these keyings counted to the ballot's history, and the keyings to the
/// audit trail: which paper ballots and where each now stands, never the choices keyed.
fn record_keyings(
    c: &Connection,
    ballot: &BallotRow,
    actor: &Actor,
    keyed: &[PaperBallot],
) -> Result<(), AppError> {
    let papers: Vec<serde_json::Value> = keyed
        .iter()
        .map(|paper| serde_json::json!({ "paper": paper.id, "status": paper.status.name() }))
        .collect();
    Entry::new("paper.key")
        .community(Some(&ballot.community_id))
        .subject(ballot.id.clone())
        .detail(serde_json::json!({ "papers": papers }))
        .append(c, actor)?;
    let counted = keyed
        .iter()
        .filter(|paper| paper.status == PaperStatus::Counted)
        .count() as u64;
    if counted > 0 {
        super::events::record(
            c,
            &ballot.id,
            BallotEventKind::PaperConfirmed,
            &actor.username,
            Some(counted),
        )?;
    }
    Ok(())
}

/// The ballot's paper ballots, waiting and decided, with who keyed and who decided each.
#[utoipa::path(get, path = "/api/v1/admin/ballots/{id}/paper.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = [PaperBallot]), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn paper_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
) -> Result<Json<Vec<PaperBallot>>, AppError> {
    state
        .db
        .run(move |c| {
            let ballot = BallotRow::load(c, &id, true)?;
            ballot.require_committee(&session)?;
            read(c, "p.ballot_id = ?1", &id)
        })
        .await
        .map(Json)
}

/// Rejects a waiting paper ballot, with a reason kept for the committee; its code stays unused.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper/{paper}/reject", tag = "admin",
    params(("id" = String, Path), ("paper" = String, Path)), request_body = RejectPaper,
    responses((status = 200, body = PaperBallot), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError),
        (status = 409, description = "Already counted, rejected or superseded", body = linli_api::ApiError)))]
pub(crate) async fn paper_reject_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path((id, paper)): Path<(String, String)>,
    body: Result<Json<RejectPaper>, JsonRejection>,
) -> Result<Json<PaperBallot>, AppError> {
    let no_such = |paper: &str| {
        AppError::not_found(format!(
            "这次投票没有第 {paper} 号纸质选票。This ballot has no paper ballot {paper}."
        ))
    };
    // A number past i64 (or no number) is a paper ballot that does not exist, answered in JSON.
    let paper_id: i64 = paper.parse().map_err(|_| no_such(&paper))?;
    let why = || {
        malformed(&format!(
            "请写明驳回理由（不超过 {MAX_REASON_CHARS} 字）。\
             Please say why it is rejected (at most {MAX_REASON_CHARS} characters)."
        ))
    };
    let Json(reject) = body.map_err(|_| why())?;
    let reason = reject.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(why());
    }
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            require_named_keyer(&tx, &session)?;
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM paper_ballots WHERE id = ?1 AND ballot_id = ?2",
                    params![paper_id, ballot.id],
                    |r| r.get(0),
                )
                .optional()?;
            let status = status
                .and_then(|s| PaperStatus::from_name(&s))
                .ok_or_else(|| no_such(&paper_id.to_string()))?;
            if !status.waits() {
                return Err(AppError::Conflict(format!(
                    "第 {paper_id} 号纸质选票已经处理过（{}），不能再驳回。\
                     Paper ballot {paper_id} is already decided ({}); it cannot be rejected now.",
                    status.name(),
                    status.name()
                )));
            }
            decide(
                &tx,
                paper_id,
                PaperStatus::Rejected,
                Some(&session.0.username),
                Some(&reason),
            )?;
            super::events::record(
                &tx,
                &ballot.id,
                BallotEventKind::PaperRejected,
                &session.0.username,
                None,
            )?;
            Entry::new("paper.reject")
                .community(Some(&ballot.community_id))
                .subject(ballot.id.clone())
                .detail(serde_json::json!({ "paper": paper_id, "reason": reason }))
                .append(&tx, &actor)?;
            let rejected = read_one(&tx, paper_id)?;
            tx.commit()?;
            Ok(Json(rejected))
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
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

/// The ids with each kept once, at its first place, and the ones that were written again. A
/// paper ballot with a project ticked twice, or copied twice while keying, still chooses it once,
/// as the Pabulib reader counts such a ballot; the import says so instead of refusing the row.
fn counted_once(ids: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut once: Vec<String> = Vec::with_capacity(ids.len());
    let mut repeated = Vec::new();
    for id in ids {
        if once.contains(&id) {
            if !repeated.contains(&id) {
                repeated.push(id);
            }
        } else {
            once.push(id);
        }
    }
    (once, repeated)
}

/// Imports one member's keyings of paper ballots from CSV with a `code` and a `projects` column.
/// A dry run reports every row; a real import keys the rows only when every row is right, and
/// otherwise answers 422 with the same report, storing nothing.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/paper/import", tag = "admin",
    params(("id" = String, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv",
        description = "Header `code,projects`; project ids in a cell separated by spaces or `;`"),
    responses((status = 200, body = ImportReport),
        (status = 400, description = "Not CSV with code and projects columns", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError),
        (status = 422, description = "Some rows are wrong; nothing stored", body = ImportReport)))]
pub(crate) async fn paper_import_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
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
    let mut warnings = Vec::new();
    let rows: Vec<(usize, NewPaperBallot)> = rows
        .iter()
        .map(|(line, fields)| {
            let cell = |i: usize| fields.get(i).map(String::as_str).unwrap_or("");
            let (selections, repeated) = counted_once(cell_ids(cell(projects_column)));
            if !repeated.is_empty() {
                let ids = repeated.join(", ");
                warnings.push(ImportRowWarning {
                    line: *line,
                    message: format!(
                        "项目 {ids} 在这张选票上写了不止一次，只计一次。Project {ids} is written \
                         more than once on this paper ballot; it is counted once."
                    ),
                });
            }
            (
                *line,
                NewPaperBallot {
                    code: cell(code_column).to_owned(),
                    selections,
                },
            )
        })
        .collect();
    let secrets = state.secrets.clone();
    let dry_run = query.dry_run;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let mut tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = open_ballot_for(&tx, &session, &id)?;
            require_named_keyer(&tx, &session)?;
            let mut errors = Vec::new();
            let mut entries = Vec::new();
            for (line, paper) in &rows {
                // Each row in its own savepoint, so a wrong row leaves nothing behind and later
                // rows are checked against the earlier ones (a code twice in one file).
                let savepoint = tx.savepoint()?;
                match key(&savepoint, &secrets, &ballot, &session.0.username, paper) {
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
                warnings: warnings.clone(),
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
            record_keyings(&tx, &ballot, &actor, &entries)?;
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

    #[test]
    fn a_project_written_twice_is_kept_once_and_named() {
        let ids = cell_ids("p2 p1 p2;p1 p2 p3");
        assert_eq!(
            counted_once(ids),
            (
                vec!["p2".to_owned(), "p1".to_owned(), "p3".to_owned()],
                vec!["p2".to_owned(), "p1".to_owned()]
            )
        );
    }
}
