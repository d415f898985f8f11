//! The committee's queue, a request as the committee sees it, and status changes.

use axum::Json;
use axum::extract::{Path, Query, State};
use linli_api::{CommitteeRequest, QueueEntry, StatusChange};
use linli_core::report::{Actor, Status, check_transition};
use rusqlite::{Connection, params};
use serde::Deserialize;

use super::{is_overdue, load_row, now, request_id, shown, stored, timeline};
use crate::admin::CommitteeSession;
use crate::audit;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QueueQuery {
    pub status: Option<String>,
    pub community: Option<String>,
    #[serde(default)]
    pub overdue: bool,
    /// 1 for the first [`QUEUE_PAGE_SIZE`] entries (the earliest due), 2 for the next, and so on.
    pub page: Option<u32>,
}

/// Entries on one page of the queue.
pub(crate) const QUEUE_PAGE_SIZE: u32 = 500;

fn queue_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueEntry> {
    let status: String = r.get(4)?;
    let expected_at: String = r.get(7)?;
    Ok(QueueEntry {
        id: r.get::<_, i64>(0)?.to_string(),
        service_code: r.get(1)?,
        component_code: r.get(2)?,
        community_id: r.get(3)?,
        overdue: is_overdue(Status::parse(&status).unwrap_or(Status::Open), &expected_at),
        status,
        description: r.get(5)?,
        requested_at: shown(&r.get::<_, String>(6)?),
        expected_at: shown(&expected_at),
        supporters: r.get(8)?,
    })
}

const QUEUE_COLUMNS: &str = "id, service_code, component_code, community_id, status, description,
    requested_at, expected_at, supporters";

#[utoipa::path(get, path = "/api/v1/admin/requests.json", tag = "admin", params(QueueQuery),
    responses((status = 200, body = [QueueEntry]),
        (status = 400, description = "Unknown status filter or page 0", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn queue_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<QueueEntry>>, AppError> {
    let Query(query) = query?;
    let status = super::status_filter(query.status.as_deref())?;
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(AppError::BadRequest {
            code: "bad_page",
            message: "页码从 1 开始。Pages are numbered from 1.".into(),
        });
    }
    // Filtered to what the member covers before the page is cut, so that a community's queue
    // holds all of its reports however many the district has.
    let communities = queue_communities(&session, query.community.as_deref());
    let district = session.is_district_admin();
    state
        .db
        .run(move |c| {
            let filters = QUEUE_FILTERS.replace(
                "{status}",
                if status.is_some() {
                    "status = ?1"
                } else {
                    "?1 IS NULL"
                },
            );
            let values = params![
                status.map(Status::as_str),
                query.overdue,
                stored(now()),
                open_statuses(),
                QUEUE_PAGE_SIZE,
                i64::from(page - 1) * i64::from(QUEUE_PAGE_SIZE),
            ];
            let rows = match communities {
                // One community's reports, or a member's few: the index on (community, due
                // time) finds them, whatever the size of the district.
                Some(communities) => {
                    let mut stmt = c.prepare_cached(&format!(
                        "SELECT {QUEUE_COLUMNS} FROM service_requests
                         WHERE community_id IN (SELECT value FROM json_each(?7))
                           AND {filters}"
                    ))?;
                    let mut with_list = values.to_vec();
                    with_list.push(&communities);
                    stmt.query_map(with_list.as_slice(), queue_entry)?
                        .collect::<Result<Vec<_>, _>>()?
                }
                // The whole district, walked in due order until the page is full; reports
                // outside every community are the district's alone.
                None => {
                    let mut stmt = c.prepare_cached(&format!(
                        "SELECT {QUEUE_COLUMNS} FROM service_requests
                         WHERE (community_id IS NOT NULL OR ?7) AND {filters}"
                    ))?;
                    let mut with_district = values.to_vec();
                    with_district.push(&district);
                    stmt.query_map(with_district.as_slice(), queue_entry)?
                        .collect::<Result<Vec<_>, _>>()?
                }
            };
            Ok(rows)
        })
        .await
        .map(Json)
}

/// The queue's filters and page, after the communities' condition (parameters ?1 to ?6). The
/// status is `status = ?1` or `?1 IS NULL` in the text, not `(?1 IS NULL OR status = ?1)`:
/// SQLite plans a statement before its values are bound, and could use no index for that.
const QUEUE_FILTERS: &str = "{status}
    AND (NOT ?2 OR status IN (SELECT value FROM json_each(?4)) AND expected_at < ?3)
    ORDER BY expected_at, id LIMIT ?5 OFFSET ?6";

/// The communities whose reports the queue shows, as a JSON array for `json_each`: the one the
/// filter names, if the member covers it (none otherwise), or every one the member covers.
/// `None` means the whole district, for a member who covers every community and filters none.
fn queue_communities(session: &CommitteeSession, filter: Option<&str>) -> Option<String> {
    let list = |ids: &[&str]| serde_json::to_string(ids).expect("strings serialise");
    match filter {
        Some(community) if session.covers(community) => Some(list(&[community])),
        Some(_) => Some(list(&[])),
        None => session.own_communities(),
    }
}

/// The statuses that can be overdue ([`Status::is_open`]), as a JSON array for `json_each`.
fn open_statuses() -> String {
    let open: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(Status::as_str)
        .collect();
    serde_json::to_string(&open).expect("strings serialise")
}

pub(super) fn committee_request(
    state: &AppState,
    c: &Connection,
    id: i64,
) -> Result<CommitteeRequest, AppError> {
    let (
        entry,
        phone_cipher,
        maintainer_unit,
        maintainer_phone,
        rating,
        rating_comment,
        location,
        external_id,
    ) = c.query_row(
        &format!(
            "SELECT {}, r.phone_cipher, u.name, u.phone, r.rating, r.rating_comment,
                    r.lat, r.lon, r.external_id
             FROM service_requests r LEFT JOIN components k ON k.code = r.component_code
                  LEFT JOIN maintainer_units u ON u.id = k.unit_id
             WHERE r.id = ?1",
            QUEUE_COLUMNS
                .split(',')
                .map(|col| format!("r.{}", col.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [id],
        |r| {
            Ok((
                queue_entry(r)?,
                r.get::<_, Option<Vec<u8>>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<u8>>(12)?,
                r.get::<_, Option<String>>(13)?,
                linli_api::LatLon {
                    lat: r.get(14)?,
                    lon: r.get(15)?,
                },
                r.get::<_, Option<String>>(16)?,
            ))
        },
    )?;
    Ok(CommitteeRequest {
        entry,
        phone: phone_cipher.and_then(|sealed| state.secrets.open(&sealed)),
        maintainer_unit,
        maintainer_phone,
        rating,
        rating_comment,
        photos: super::photos::committee_photos(c, id)?,
        timeline: timeline(c, id, true)?,
        location,
        hidden: super::hidden::hidden_parts(c, id)?,
        duplicate_of: super::duplicates::original_of(c, id)?,
        duplicates: super::duplicates::duplicates_of(c, id)?,
        external_id,
    })
}

#[utoipa::path(get, path = "/api/v1/admin/requests/{id}.json", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = CommitteeRequest), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn committee_request_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    Path(file): Path<String>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&file)?;
    let reader = state.clone();
    state
        .db
        .run(move |c| {
            let row = load_row(c, id)?;
            session.require_request(row.community_id.as_deref())?;
            committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/requests/{id}/status", tag = "admin",
    params(("id" = String, Path)), request_body = StatusChange,
    responses((status = 200, body = CommitteeRequest),
        (status = 400, description = "Malformed body", body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError),
        (status = 404, description = "No such request", body = linli_api::ApiError),
        (status = 409, body = linli_api::ApiError),
        (status = 422, description = "A note too long, or a duplicate's original missing, \
            not found, in another community, the report itself or finished",
            body = linli_api::ApiError)))]
pub(crate) async fn status_post(
    State(state): State<AppState>,
    session: CommitteeSession,
    address: ClientAddress,
    Path(id): Path<String>,
    body: Result<Json<StatusChange>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<CommitteeRequest>, AppError> {
    let id = request_id(&id)?;
    let Json(change) = body.map_err(|_| AppError::BadRequest {
        code: "malformed_request",
        message: "请选择新的状态。Please choose the new status.".into(),
    })?;
    let to = Status::parse(&change.status).ok_or_else(|| AppError::BadRequest {
        code: "bad_status",
        message: format!(
            "没有这个状态：{}。Unknown status {}.",
            change.status, change.status
        ),
    })?;
    let note = change.note.trim().to_owned();
    if note.chars().count() > linli_core::report::MAX_DESCRIPTION_CHARS {
        return Err(AppError::Unprocessable {
            code: "note_too_long",
            message: "备注太长了。The note is too long.".into(),
        });
    }
    let reader = state.clone();
    let actor = audit::Actor::member(&session, address);
    state
        .db
        .run(move |c| {
            // The status is read inside the write, so two members' changes cannot both pass
            // the check against the same old status.
            let tx = crate::db::write_transaction(c)?;
            let row = load_row(&tx, id)?;
            session.require_request(row.community_id.as_deref())?;
            check_transition(row.status, to, Actor::Committee, row.times_reopened).map_err(|e| {
                AppError::Conflict(format!(
                    "不能从“{}”改为“{}”。{e}.",
                    row.status.name_zh(),
                    to.name_zh()
                ))
            })?;
            let merged = if to == Status::Duplicate {
                Some(super::duplicates::merge(
                    &tx,
                    &session,
                    id,
                    &row,
                    change.duplicate_of.as_deref(),
                )?)
            } else {
                None
            };
            let unlinked = if row.status == Status::Duplicate {
                super::duplicates::unlink(&tx, id)?
            } else {
                None
            };
            let at = stored(now());
            tx.execute(
                "UPDATE service_requests SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, to.as_str(), at],
            )?;
            tx.execute(
                "INSERT INTO request_updates (request_id, status, description, public, actor, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, to.as_str(), note, change.public, session.0.username, at],
            )?;
            // The reporter is told of what their tracking page shows: a public entry.
            if change.public {
                let event = tx.last_insert_rowid();
                let original = merged.as_ref().map(|m| m.original);
                let (kind, text) = message_text(id, to, &note, original);
                crate::gateway::enqueue(
                    &tx,
                    reader.gateway.as_ref(),
                    id,
                    &format!("report:{id}:event:{event}"),
                    kind,
                    &text,
                )?;
                crate::case_forwarding::enqueue_update(
                    &tx,
                    reader.case_forwarding.as_ref(),
                    id,
                    event,
                )?;
            }
            // A merge is one entry of its own, naming the original; a reopened duplicate's
            // status entry names the original it no longer points to.
            let entry = match &merged {
                Some(merged) => audit::Entry::new("report.merge").detail(serde_json::json!({
                    "from": row.status.as_str(),
                    "to": to.as_str(),
                    "original": merged.original.to_string(),
                    "moved_supporters": merged.moved_supporters,
                    "public_note": change.public,
                })),
                None => {
                    let mut detail = serde_json::json!({
                        "from": row.status.as_str(),
                        "to": to.as_str(),
                        "public_note": change.public,
                    });
                    if let Some(original) = unlinked {
                        detail["unlinked_original"] = original.to_string().into();
                    }
                    audit::Entry::new("report.status").detail(detail)
                }
            };
            entry
                .community(row.community_id.as_deref())
                .subject(id.to_string())
                .append(&tx, &actor)?;
            tx.commit()?;
            committee_request(&reader, c, id)
        })
        .await
        .map(Json)
}

/// The most of a public note a text message quotes.
const NOTE_CHARS_IN_MESSAGE: usize = 60;

/// The kind and the short Chinese text of the message telling the reporter of a public change
/// (the gateway sends the tracking link with it).
pub(super) fn message_text(
    id: i64,
    to: Status,
    note: &str,
    original: Option<i64>,
) -> (&'static str, String) {
    let mut text = match original {
        Some(original) => {
            format!("【邻里】您反映的问题（编号 {id}）与编号 {original} 是同一问题，已合并处理。")
        }
        None if to.is_finished() => {
            format!(
                "【邻里】您反映的问题（编号 {id}）已办结：{}。欢迎评价。",
                to.name_zh()
            )
        }
        None => format!(
            "【邻里】您反映的问题（编号 {id}）状态更新：{}。",
            to.name_zh()
        ),
    };
    if !note.is_empty() {
        let quoted: String = note.chars().take(NOTE_CHARS_IN_MESSAGE).collect();
        let cut = if quoted.chars().count() < note.chars().count() {
            "…"
        } else {
            ""
        };
        text.push_str(&format!("说明：{quoted}{cut}"));
    }
    let kind = match original {
        Some(_) => "report.merged",
        None if to.is_finished() => "report.finished",
        None => "report.status",
    };
    (kind, text)
}
