//! The committee's ballots: define from the library (drafts), edit while a draft, open, close
//! early, and generate voting codes.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_api::{
    Ballot, BallotDefinition, BallotEventKind, BallotKind, BallotSummary, CloseRequest,
    CommitteeBallot, GenerateCodes, GeneratedCodes,
};
use linli_core::selection::{BallotRules, Limits};
use linli_core::tally::Rule;
use linli_core::voting_code::{ALPHABET, PAYLOAD_LEN, VotingCode};
use rand::Rng;
use rusqlite::{Connection, TransactionBehavior, params};

use super::ballot::{BallotRow, Phase, beijing, malformed, now, parse_time, require_codes};
use super::{events, library};
use crate::admin::CommitteeSession;
use crate::audit::{Actor, Entry};
use crate::district::is_sample;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState, json_name};

/// The rules a committee can choose for its own ballot: those the ballot page explains. Pabulib
/// files name more (`tally` counts them), but `greedy-exclusive` needs projects that exclude
/// each other, which a ballot here cannot state, and the others are not offered to residents.
const COMMITTEE_RULES: [Rule; 4] = [
    Rule::Greedy,
    Rule::GreedyNoSkip,
    Rule::GreedyThreshold,
    Rule::EqualSharesAdd1,
];

/// At most this many codes in one request; larger runs are made in batches.
pub(crate) const MAX_CODES_PER_REQUEST: u32 = 5_000;

fn unprocessable(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// A definition checked against itself, the clock and the library: returns the library projects
/// to copy, in ballot order.
fn validate(
    c: &Connection,
    session: &CommitteeSession,
    definition: &BallotDefinition,
) -> Result<Vec<linli_api::LibraryProject>, AppError> {
    library::require_community(c, session, &definition.community_id)?;
    if definition.electorate == Some(0) {
        return Err(unprocessable(
            "bad_electorate",
            "住户数须大于 0，或不填（按本社区楼栋户数合计）。The households must be more than 0, or left out (the community's buildings' households).".into(),
        ));
    }
    if let Some(id) = &definition.id
        && !(3..=64).contains(&id.len())
    {
        return Err(unprocessable(
            "bad_id",
            "投票编号为 3 到 64 个小写字母、数字或连字符。A ballot id is 3 to 64 lower-case letters, digits or hyphens.".into(),
        ));
    }
    if let Some(id) = &definition.id
        && !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(unprocessable(
            "bad_id",
            "投票编号为 3 到 64 个小写字母、数字或连字符。A ballot id is 3 to 64 lower-case letters, digits or hyphens.".into(),
        ));
    }
    if !(1..=100).contains(&definition.title.trim().chars().count())
        || definition.explanation.chars().count() > 5000
    {
        return Err(unprocessable(
            "bad_title",
            "标题为 1 到 100 字，说明最多 5000 字。The title is 1 to 100 characters, the explanation at most 5000.".into(),
        ));
    }
    let rule = Rule::from_name(&definition.rule)
        .ok()
        .filter(|rule| COMMITTEE_RULES.contains(rule))
        .ok_or_else(|| {
            let known: Vec<&str> = COMMITTEE_RULES.iter().map(|rule| rule.name()).collect();
            unprocessable(
                "unknown_rule",
                format!(
                    "不认识这个计票规则。{:?} is not a rule a committee ballot can use; it can use {}.",
                    definition.rule,
                    known.join(", ")
                ),
            )
        })?;
    if rule == Rule::GreedyThreshold && definition.min_project_score.is_none() {
        return Err(unprocessable(
            "missing_threshold",
            "greedy-threshold 规则需要最低票数。The greedy-threshold rule needs min_project_score."
                .into(),
        ));
    }
    let (Some(opens), Some(closes)) = (
        parse_time(&definition.opens_at),
        parse_time(&definition.closes_at),
    ) else {
        return Err(unprocessable(
            "bad_time",
            "开始和结束时间须为 RFC 3339，例如 2026-11-01T08:00:00+08:00。Times are RFC 3339, e.g. 2026-11-01T08:00:00+08:00.".into(),
        ));
    };
    if opens >= closes {
        return Err(unprocessable(
            "bad_time",
            "结束时间须晚于开始时间。The closing time must come after the opening time.".into(),
        ));
    }
    let mut projects = Vec::new();
    for id in &definition.library_projects {
        let project = library::load(c, *id)?
            .filter(|p| p.community_id == definition.community_id)
            .ok_or_else(|| {
                unprocessable(
                    "unknown_library_project",
                    format!(
                        "本社区项目库里没有项目 {id}。The community's library has no project {id}."
                    ),
                )
            })?;
        if projects
            .iter()
            .any(|p: &linli_api::LibraryProject| p.id == *id)
        {
            return Err(unprocessable(
                "duplicate_project",
                format!("项目 {id} 列了两次。Project {id} is listed twice."),
            ));
        }
        projects.push(project);
    }
    let limits = match definition.kind {
        BallotKind::Approval => Limits::Approval,
        BallotKind::Budget => Limits::Budget {
            budget_yuan: definition.budget_yuan,
            min_share_percent: definition.min_budget_share_percent,
        },
    };
    if definition.budget_yuan == 0 {
        return Err(unprocessable(
            "bad_budget",
            "预算须大于零。The budget must be above zero.".into(),
        ));
    }
    BallotRules::new(
        limits,
        definition.min_choices,
        definition.max_choices,
        projects.len(),
    )
    .map_err(|error| {
        unprocessable(
            "bad_limits",
            format!("投票限制不一致：{error}. The limits do not fit together: {error}."),
        )
    })?;
    Ok(projects)
}

fn write_projects(
    c: &Connection,
    ballot_id: &str,
    projects: &[linli_api::LibraryProject],
) -> Result<(), AppError> {
    c.execute("DELETE FROM projects WHERE ballot_id = ?1", [ballot_id])?;
    for (position, p) in projects.iter().enumerate() {
        let f = &p.fields;
        c.execute(
            "INSERT INTO projects (ballot_id, id, position, title, summary, theme, cost_yuan,
                location, photo_url, description, library_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                ballot_id,
                format!("p{}", position + 1),
                position,
                f.title,
                f.summary,
                f.theme,
                f.cost_yuan,
                f.location,
                f.photo_url,
                f.description,
                p.id
            ],
        )?;
    }
    Ok(())
}

fn kind_name(kind: BallotKind) -> &'static str {
    match kind {
        BallotKind::Approval => "approval",
        BallotKind::Budget => "budget",
    }
}

fn definition_body(
    body: Result<Json<BallotDefinition>, JsonRejection>,
) -> Result<BallotDefinition, AppError> {
    body.map(|Json(d)| d).map_err(|_| {
        malformed(
            "投票设置不完整。A ballot needs a community, title, explanation, kind, budget, choices, rule, times and library projects.",
        )
    })
}

/// Every ballot the session's communities hold, drafts included.
#[utoipa::path(get, path = "/api/v1/admin/ballots.json", tag = "admin",
    responses((status = 200, body = [BallotSummary]), (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn admin_ballots_get(
    State(state): State<AppState>,
    session: CommitteeSession,
) -> Result<Json<Vec<BallotSummary>>, AppError> {
    state
        .db
        .run(move |c| {
            // A member's communities' ballots by the community index; the district's, all.
            let (covered, own) = session.community_condition("community_id");
            let ids = c
                .prepare(&format!(
                    "SELECT id FROM ballots WHERE {covered} ORDER BY closes_at DESC"
                ))?
                .query_map([&own], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            let at = now();
            ids.iter()
                .map(|id| Ok(BallotRow::load(c, id, true)?.document(at, false)?.summary))
                .collect()
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/ballots", tag = "admin", request_body = BallotDefinition,
    responses((status = 201, body = Ballot), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 409, description = "The id is taken", body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn admin_ballots_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    body: Result<Json<BallotDefinition>, JsonRejection>,
) -> Result<(StatusCode, Json<Ballot>), AppError> {
    let definition = definition_body(body)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let projects = validate(&tx, &session, &definition)?;
            let id = definition.id.clone().unwrap_or_else(|| {
                format!(
                    "{}-{}",
                    definition.community_id,
                    super::ballot::random_grouped(6).to_lowercase()
                )
            });
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM ballots WHERE id = ?1)",
                [&id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(AppError::Conflict(format!(
                    "已有编号为 {id} 的投票。A ballot with the id {id} already exists."
                )));
            }
            tx.execute(
                "INSERT INTO ballots (id, community_id, title, explanation, status, kind, opens_at,
                    closes_at, budget_yuan, min_choices, max_choices, rule,
                    min_budget_share_percent, min_project_score, open_poll, electorate)
                 VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    id,
                    definition.community_id,
                    definition.title.trim(),
                    definition.explanation.trim(),
                    kind_name(definition.kind),
                    definition.opens_at,
                    definition.closes_at,
                    definition.budget_yuan,
                    definition.min_choices,
                    definition.max_choices,
                    definition.rule.trim(),
                    definition.min_budget_share_percent,
                    definition.min_project_score,
                    definition.open_poll,
                    definition.electorate
                ],
            )?;
            write_projects(&tx, &id, &projects)?;
            Entry::new("ballot.create")
                .community(Some(&definition.community_id))
                .subject(id.clone())
                .detail(definition_detail(&definition, projects.len()))
                .append(&tx, &actor)?;
            let ballot = BallotRow::load(&tx, &id, true)?.document(now(), is_sample(&tx)?)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(ballot)))
        })
        .await
}

/// The committee's view of one ballot, drafts included.
#[utoipa::path(get, path = "/api/v1/admin/ballots/{id}.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = CommitteeBallot), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn admin_ballot_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Json<CommitteeBallot>, AppError> {
    let id = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            let row = BallotRow::load(c, &id, true)?;
            row.require_committee(&session)?;
            committee_ballot(c, &row, &session)
        })
        .await
        .map(Json)
}

/// The ballot with its pending close request, as `session`'s member sees it.
fn committee_ballot(
    c: &Connection,
    row: &BallotRow,
    session: &CommitteeSession,
) -> Result<CommitteeBallot, AppError> {
    let at = now();
    let still_open = matches!(row.phase(at)?, Phase::Open | Phase::NotYetOpen);
    Ok(CommitteeBallot {
        ballot: row.document(at, is_sample(c)?)?,
        close_request: row.close_requested.clone().filter(|_| still_open).map(
            |(requested_by, requested_at)| CloseRequest {
                mine: requested_by == session.0.username,
                requested_by,
                requested_at,
            },
        ),
    })
}

/// Makes `count` fresh codes for the ballot within its electorate, records the batch, and answers
/// them once; only keyed hashes are kept. The caller's transaction makes all or none.
pub(crate) fn make_codes(
    tx: &Connection,
    secrets: &crate::secrets::Secrets,
    row: &BallotRow,
    count: u32,
    actor: &str,
) -> Result<GeneratedCodes, AppError> {
    let id = &row.id;
    require_within_electorate(tx, row, 0, count)?;
    let issued_at = beijing(now());
    let mut rng = rand::rng();
    let mut codes = Vec::with_capacity(count as usize);
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO voting_codes (code_hash, ballot_id, issued_at) VALUES (?1, ?2, ?3)",
    )?;
    while codes.len() < count as usize {
        let payload: String = (0..PAYLOAD_LEN)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        let code = VotingCode::from_payload(&payload).map_err(AppError::internal)?;
        // A repeat of an existing code (about one in 10^16) is skipped and drawn again.
        if insert.execute(params![secrets.voting_code_hash(&code), id, issued_at])? == 1 {
            codes.push(code.grouped());
        }
    }
    drop(insert);
    events::record(
        tx,
        id,
        BallotEventKind::CodesIssued,
        actor,
        Some(u64::from(count)),
    )?;
    let issued_total: u64 = tx.query_row(
        "SELECT count(*) FROM voting_codes WHERE ballot_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(GeneratedCodes {
        ballot_id: id.clone(),
        codes,
        issued_total,
    })
}

/// 422 unless `count` more codes, beside those issued and `waiting` asked for, stay within the
/// ballot's electorate.
pub(crate) fn require_within_electorate(
    tx: &Connection,
    row: &BallotRow,
    waiting: u64,
    count: u32,
) -> Result<(), AppError> {
    let (electorate, issued) = electorate_and_issued(tx, row)?;
    let issued_before = issued + waiting;
    if issued_before + u64::from(count) > electorate {
        let left = electorate.saturating_sub(issued_before);
        return Err(unprocessable(
            "over_electorate",
            format!(
                "这次投票面向 {electorate} 户，已发放或申请 {issued_before} 个投票码，最多还能发放 {left} 个。\
                 This ballot is for {electorate} households and {issued_before} codes are out or \
                 asked for; at most {left} more can be made."
            ),
        ));
    }
    Ok(())
}

/// How many codes the ballot may have in all (its declared electorate, else its community's
/// households) and how many it has.
fn electorate_and_issued(c: &Connection, row: &BallotRow) -> Result<(u64, u64), AppError> {
    let households: u64 = c.query_row(
        "SELECT coalesce(sum(households), 0) FROM buildings WHERE community_id = ?1",
        [&row.community_id],
        |r| r.get(0),
    )?;
    let electorate = row.electorate.map_or(households, u64::from);
    let issued: u64 = c.query_row(
        "SELECT count(*) FROM voting_codes WHERE ballot_id = ?1",
        [&row.id],
        |r| r.get(0),
    )?;
    Ok((electorate, issued))
}

/// 403 unless `session` may be the second person of a two-person step that `first` began: a
/// different member, and a named account, never the shared first-run one.
pub(crate) fn require_second_person(
    c: &Connection,
    session: &CommitteeSession,
    first: &str,
) -> Result<(), AppError> {
    if session.0.username == first {
        return Err(AppError::Forbidden(
            "这一步是您提出的，须由另一位居委会成员确认。\
             You asked for this step; another committee member must confirm it."
                .into(),
        ));
    }
    require_named_account(c, session)
}

/// Whether this is the shared first-run account, which may act but never be a step's second
/// person, since nobody can tell who used it.
pub(crate) fn is_shared_account(c: &Connection, username: &str) -> Result<bool, AppError> {
    Ok(c.query_row(
        "SELECT shared FROM users WHERE username = ?1",
        [username],
        |r| r.get(0),
    )?)
}

/// 403 for the shared first-run account as a step's second person.
pub(crate) fn require_named_account(
    c: &Connection,
    session: &CommitteeSession,
) -> Result<(), AppError> {
    if is_shared_account(c, &session.0.username)? {
        return Err(AppError::Forbidden(
            "共用的初始管理员账号不能作为第二人确认，请用本人的账号登录。\
             The shared first-run account cannot be the second person; please sign in with your own account."
                .into(),
        ));
    }
    Ok(())
}

/// A ballot as the committee defined it, library projects by id: what the draft editor fills its
/// form with and sends back with `PUT`.
#[utoipa::path(get, path = "/api/v1/admin/ballots/{id}/definition.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = BallotDefinition), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError)))]
pub(crate) async fn admin_ballot_definition_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(id): Path<String>,
) -> Result<Json<BallotDefinition>, AppError> {
    state
        .db
        .run(move |c| {
            let row = BallotRow::load(c, &id, true)?;
            row.require_committee(&session)?;
            let mut stmt = c.prepare(
                "SELECT library_id FROM projects WHERE ballot_id = ?1 ORDER BY position",
            )?;
            let library_ids = stmt
                .query_map([&id], |r| r.get::<_, Option<i64>>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            // Ballots loaded with the sample data hold projects that never were in a library.
            let library_projects = library_ids.into_iter().collect::<Option<Vec<i64>>>().ok_or_else(|| {
                AppError::Conflict(
                    "这场投票的项目不在项目库中，不能在这里修改。This ballot's projects are not in the project library, so it cannot be edited here.".into(),
                )
            })?;
            let electorate = row.electorate;
            Ok(Json(BallotDefinition {
                id: Some(row.id),
                community_id: row.community_id,
                title: row.title,
                explanation: row.explanation,
                kind: row.kind,
                budget_yuan: row.budget_yuan.unwrap_or(0),
                min_choices: row.min_choices,
                max_choices: row.max_choices,
                min_budget_share_percent: row.min_budget_share_percent,
                rule: row.rule,
                min_project_score: row.min_project_score,
                opens_at: row.opens_at,
                closes_at: row.closes_at,
                library_projects,
                open_poll: row.open_poll,
                electorate,
            }))
        })
        .await
}

/// Replaces a draft's definition; once residents can see a ballot it no longer changes.
#[utoipa::path(put, path = "/api/v1/admin/ballots/{id}", tag = "admin",
    params(("id" = String, Path)), request_body = BallotDefinition,
    responses((status = 200, body = Ballot), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn admin_ballot_put(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<BallotDefinition>, JsonRejection>,
) -> Result<Json<Ballot>, AppError> {
    let definition = definition_body(body)?;
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = BallotRow::load(&tx, &id, true)?;
            row.require_committee(&session)?;
            if row.status != "draft" {
                return Err(AppError::Conflict(
                    "投票已经公开，不能再修改。A ballot cannot be edited once it is open.".into(),
                ));
            }
            if definition.community_id != row.community_id
                || definition.id.as_ref().is_some_and(|given| *given != id)
                || definition.open_poll != row.open_poll
            {
                return Err(unprocessable(
                    "immutable_field",
                    "投票编号、社区以及是否为意见征集不能修改。A ballot's id, community and whether it is an open poll cannot change.".into(),
                ));
            }
            let projects = validate(&tx, &session, &definition)?;
            tx.execute(
                "UPDATE ballots SET title = ?1, explanation = ?2, kind = ?3, opens_at = ?4,
                    closes_at = ?5, budget_yuan = ?6, min_choices = ?7, max_choices = ?8,
                    rule = ?9, min_budget_share_percent = ?10, min_project_score = ?11,
                    electorate = ?13
                 WHERE id = ?12",
                params![
                    definition.title.trim(),
                    definition.explanation.trim(),
                    kind_name(definition.kind),
                    definition.opens_at,
                    definition.closes_at,
                    definition.budget_yuan,
                    definition.min_choices,
                    definition.max_choices,
                    definition.rule.trim(),
                    definition.min_budget_share_percent,
                    definition.min_project_score,
                    id,
                    definition.electorate
                ],
            )?;
            write_projects(&tx, &id, &projects)?;
            Entry::new("ballot.edit")
                .community(Some(&row.community_id))
                .subject(id.clone())
                .detail(definition_detail(&definition, projects.len()))
                .append(&tx, &actor)?;
            let ballot = BallotRow::load(&tx, &id, true)?.document(now(), is_sample(&tx)?)?;
            tx.commit()?;
            Ok(Json(ballot))
        })
        .await
}

/// Publishes a draft: residents see it, and can vote from its opening time.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/open", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = Ballot), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError)))]
pub(crate) async fn ballot_open_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
) -> Result<Json<Ballot>, AppError> {
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = BallotRow::load(&tx, &id, true)?;
            row.require_committee(&session)?;
            if row.status != "draft" {
                return Err(AppError::Conflict(
                    "这场投票已经公开过了。This ballot has already been opened.".into(),
                ));
            }
            let at = now();
            if parse_time(&row.closes_at).is_none_or(|closes| closes <= at) {
                return Err(AppError::Conflict(format!(
                    "结束时间{}已过，请先修改时间。The closing time {} has passed; edit the times first.",
                    row.closes_at, row.closes_at
                )));
            }
            tx.execute("UPDATE ballots SET status = 'open' WHERE id = ?1", [&id])?;
            events::record(&tx, &id, BallotEventKind::Opened, &session.0.username, None)?;
            Entry::new("ballot.open")
                .community(Some(&row.community_id))
                .subject(id.clone())
                .append(&tx, &actor)?;
            let ballot = BallotRow::load(&tx, &id, true)?.document(at, is_sample(&tx)?)?;
            tx.commit()?;
            Ok(Json(ballot))
        })
        .await
}

/// Closes a ballot before its announced time, which takes two members: the first call asks
/// (202, the request waits on the ballot), a second named member's call closes it (200), and the
/// results then appear. The announced time closes it without anybody.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/close", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, description = "Closed", body = CommitteeBallot),
        (status = 202, description = "Asked; waits for a second member", body = CommitteeBallot),
        (status = 401, body = linli_api::ApiError),
        (status = 403, description = "Another community's, the member who asked, or the shared account confirming",
            body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError),
        (status = 409, description = "A draft, or already closed",
            body = linli_api::ApiError)))]
pub(crate) async fn ballot_close_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<CommitteeBallot>), AppError> {
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = BallotRow::load(&tx, &id, true)?;
            row.require_committee(&session)?;
            let at = now();
            match row.phase(at)? {
                Phase::Draft => {
                    return Err(AppError::Conflict(
                        "草稿还没有公开，无需结束。A draft has not been opened; there is nothing to close.".into(),
                    ));
                }
                Phase::Closed => {
                    return Err(AppError::Conflict(format!(
                        "投票已于{}结束。This ballot closed at {}.",
                        row.closing_time(),
                        row.closing_time()
                    )));
                }
                Phase::NotYetOpen | Phase::Open => {}
            }
            let requested_by = row.close_requested.as_ref().map(|(by, _)| by.clone());
            let status = match requested_by {
                None => {
                    tx.execute(
                        "UPDATE ballots SET close_requested_by = ?1, close_requested_at = ?2
                         WHERE id = ?3",
                        params![session.0.username, beijing(at), id],
                    )?;
                    Entry::new("ballot.close_asked")
                        .community(Some(&row.community_id))
                        .subject(id.clone())
                        .append(&tx, &actor)?;
                    StatusCode::ACCEPTED
                }
                Some(first) => {
                    require_second_person(&tx, &session, &first)?;
                    tx.execute(
                        "UPDATE ballots SET status = 'closed', closed_at = ?1 WHERE id = ?2",
                        params![beijing(at), id],
                    )?;
                    events::record(
                        &tx,
                        &id,
                        BallotEventKind::ClosedEarly,
                        &format!("{first}, {}", session.0.username),
                        None,
                    )?;
                    Entry::new("ballot.close")
                        .community(Some(&row.community_id))
                        .subject(id.clone())
                        .detail(serde_json::json!({ "asked_by": first }))
                        .append(&tx, &actor)?;
                    StatusCode::OK
                }
            };
            let ballot = committee_ballot(&tx, &BallotRow::load(&tx, &id, true)?, &session)?;
            tx.commit()?;
            Ok((status, Json(ballot)))
        })
        .await
}

/// Makes `count` fresh codes for the ballot and answers them once; only keyed hashes are kept.
#[utoipa::path(post, path = "/api/v1/admin/ballots/{id}/codes", tag = "admin",
    params(("id" = String, Path)), request_body = GenerateCodes,
    responses((status = 201, body = GeneratedCodes), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, body = linli_api::ApiError), (status = 409, body = linli_api::ApiError),
        (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn codes_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<GenerateCodes>, JsonRejection>,
) -> Result<(StatusCode, Json<GeneratedCodes>), AppError> {
    let Json(request) = body
        .map_err(|_| malformed("请给出要生成的投票码数量。Please give how many codes to make."))?;
    if request.count == 0 || request.count > MAX_CODES_PER_REQUEST {
        return Err(unprocessable(
            "bad_count",
            format!(
                "每次生成 1 到 {MAX_CODES_PER_REQUEST} 个投票码。Make 1 to {MAX_CODES_PER_REQUEST} codes at a time."
            ),
        ));
    }
    let secrets = state.secrets.clone();
    let actor = Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row = BallotRow::load(&tx, &id, true)?;
            row.require_committee(&session)?;
            require_codes(&row)?;
            if row.phase(now())? == Phase::Closed {
                return Err(AppError::Conflict(
                    "投票已结束，不能再生成投票码。The ballot has closed; no more codes can be made.".into(),
                ));
            }
            if row.status == "open" {
                return Err(AppError::Conflict(
                    "投票已公开，新的投票码须由另一位居委会成员确认：请提出申请。\
                     The ballot is open: new codes need a second committee member; ask for them."
                        .into(),
                ));
            }
            let made = make_codes(&tx, &secrets, &row, request.count, &session.0.username)?;
            codes_made_entry(&row, request.count, None).append(&tx, &actor)?;
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(made)))
        })
        .await
}

/// What the trail keeps of a ballot's definition: enough to see what changed, not its texts.
fn definition_detail(definition: &BallotDefinition, projects: usize) -> serde_json::Value {
    serde_json::json!({
        "title": definition.title.trim(),
        "opens_at": definition.opens_at,
        "closes_at": definition.closes_at,
        "rule": definition.rule.trim(),
        "projects": projects,
    })
}

/// The trail's entry for codes made: how many, never the codes; and who asked, when a second
/// member confirmed a request for them.
pub(super) fn codes_made_entry(row: &BallotRow, count: u32, asked_by: Option<&str>) -> Entry {
    let mut detail = serde_json::json!({ "count": count });
    if let Some(asked_by) = asked_by {
        detail["asked_by"] = asked_by.into();
    }
    Entry::new("ballot.codes")
        .community(Some(&row.community_id))
        .subject(row.id.clone())
        .detail(detail)
}
