//! Duplicates (已合并): a report marked `duplicate` names its original, and its "me too"
//! supporters move there, so the original's count shows everyone affected. The reporter's
//! tracking page, the public views and the committee's page link the two.
//!
//! The original a member names is followed to the root of its chain (a duplicate of a duplicate
//! names the first original), and the reports already merged into the new duplicate are pointed
//! on to that root, so a link is one step long. Reopening a duplicate clears its link; the
//! supporters it gave the original stay there: once merged, a browser's "me too" cannot be told
//! apart from one given to the original itself.

use linli_core::report::{MergeRefusal, Status, check_merge, report_number};
use rusqlite::{Connection, OptionalExtension, params};

use super::RequestRow;
use crate::AppError;
use crate::admin::CommitteeSession;

/// The longest chain of merges followed to its root; links are kept one step long, so only a
/// database written by hand could hold a longer one.
const MAX_CHAIN: usize = 16;

/// What a merge did, for the audit entry.
pub(super) struct Merged {
    pub original: i64,
    /// The duplicate's supporters the original did not have yet.
    pub moved_supporters: usize,
}

fn refused(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// What a merge checks of the report named as the original.
struct MergeFacts {
    status: Status,
    community: Option<String>,
    duplicate_of: Option<i64>,
}

/// The facts of report `id`, or `None` when there is no such report.
fn merge_facts(c: &Connection, id: i64) -> Result<Option<MergeFacts>, AppError> {
    Ok(c.query_row(
        "SELECT status, community_id, duplicate_of FROM service_requests WHERE id = ?1",
        [id],
        |r| {
            Ok(MergeFacts {
                status: Status::parse(&r.get::<_, String>(0)?).unwrap_or(Status::Open),
                community: r.get(1)?,
                duplicate_of: r.get(2)?,
            })
        },
    )
    .optional()?)
}

/// Checks the original `typed` names for report `id` (read as `row`) and follows it to its root.
fn checked_original(
    c: &Connection,
    session: &CommitteeSession,
    id: i64,
    row: &RequestRow,
    typed: Option<&str>,
) -> Result<i64, AppError> {
    let typed = typed.unwrap_or("").trim();
    if typed.is_empty() {
        return Err(refused(
            "original_missing",
            "标为已合并时，请填写原报告的编号。Please give the number of the original report \
             this one duplicates."
                .into(),
        ));
    }
    let named = report_number(typed).ok_or_else(|| {
        refused(
            "original_not_a_number",
            format!("“{typed}”不是报告编号。“{typed}” is not a report number."),
        )
    })?;
    let mut original = named;
    for _ in 0..MAX_CHAIN {
        let Some(MergeFacts {
            status,
            community,
            duplicate_of,
        }) = merge_facts(c, original)?
        else {
            return Err(refused(
                "original_not_found",
                format!("没有编号为 {original} 的报告。No report has the number {original}."),
            ));
        };
        if community != row.community_id || !session.covers_request(community.as_deref()) {
            return Err(refused(
                "original_elsewhere",
                format!(
                    "#{original} 不属于这个报告的社区，不能合并。Report {original} belongs to \
                     another community; reports merge only within one."
                ),
            ));
        }
        match (status, duplicate_of) {
            (Status::Duplicate, Some(next)) if next != id => original = next,
            (Status::Duplicate, Some(_)) => return Err(refusal(MergeRefusal::Itself, original)),
            _ => {
                return check_merge(id, original, status)
                    .map(|()| original)
                    .map_err(|why| refusal(why, original));
            }
        }
    }
    Err(refused(
        "original_chain_too_long",
        format!(
            "#{named} 的合并链太长，请直接填写最初的报告。Report {named} was merged too many \
             times over; please name the first original."
        ),
    ))
}

fn refusal(why: MergeRefusal, original: i64) -> AppError {
    match why {
        MergeRefusal::Itself => refused(
            "original_is_itself",
            "报告不能合并到它自己。A report cannot be merged into itself.".into(),
        ),
        MergeRefusal::OriginalFinished(Status::Duplicate) => refused(
            "original_unlinked",
            format!(
                "#{original} 已标为合并，但没有记下合并到哪个报告，请填写那个报告的编号。Report \
                 {original} is marked as merged without its original; please name that one."
            ),
        ),
        MergeRefusal::OriginalFinished(status) => refused(
            "original_finished",
            format!(
                "#{original} 已经是“{}”，不再处理；请改选仍在处理的报告，或另行处理这一条。Report \
                 {original} is “{}” and no longer worked on; merge into a report still in hand, \
                 or handle this one on its own.",
                status.name_zh(),
                status.name_en()
            ),
        ),
    }
}

/// Marks report `id` (read as `row`, inside the caller's write transaction) as a duplicate of
/// the original `typed` names, and moves its supporters there. Its reporter counts once more on
/// the original: they had the same problem, and no hash of their browser was kept to tell them
/// from a supporter already counted.
pub(super) fn merge(
    c: &Connection,
    session: &CommitteeSession,
    id: i64,
    row: &RequestRow,
    typed: Option<&str>,
) -> Result<Merged, AppError> {
    let original = checked_original(c, session, id, row, typed)?;
    let moved_supporters = c.execute(
        "INSERT OR IGNORE INTO request_supporters (request_id, device_sha256, supported_at)
         SELECT ?2, device_sha256, supported_at FROM request_supporters WHERE request_id = ?1",
        params![id, original],
    )?;
    c.execute("DELETE FROM request_supporters WHERE request_id = ?1", [id])?;
    let moved = i64::try_from(moved_supporters).expect("a count of rows fits");
    c.execute(
        "UPDATE service_requests SET supporters = supporters + ?2 + 1 WHERE id = ?1",
        params![original, moved],
    )?;
    c.execute(
        "UPDATE service_requests SET duplicate_of = ?2, supporters = 1 WHERE id = ?1",
        params![id, original],
    )?;
    c.execute(
        "UPDATE service_requests SET duplicate_of = ?2 WHERE duplicate_of = ?1",
        params![id, original],
    )?;
    Ok(Merged {
        original,
        moved_supporters,
    })
}

/// Clears a reopened duplicate's link; what it gave the original stays there.
pub(super) fn unlink(c: &Connection, id: i64) -> Result<Option<i64>, AppError> {
    let original: Option<i64> = c.query_row(
        "SELECT duplicate_of FROM service_requests WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    c.execute(
        "UPDATE service_requests SET duplicate_of = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(original)
}

/// The original report `id` was merged into, if it is a duplicate.
pub(super) fn original_of(c: &Connection, id: i64) -> Result<Option<String>, AppError> {
    let original: Option<i64> = c.query_row(
        "SELECT duplicate_of FROM service_requests WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(original.map(|o| o.to_string()))
}

/// The reports merged into `id`, oldest first.
pub(super) fn duplicates_of(c: &Connection, id: i64) -> Result<Vec<String>, AppError> {
    let mut stmt =
        c.prepare("SELECT id FROM service_requests WHERE duplicate_of = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| r.get::<_, i64>(0))?;
    Ok(rows
        .map(|r| r.map(|id| id.to_string()))
        .collect::<Result<Vec<_>, _>>()?)
}

/// Open311's `service_notice` of a duplicate, naming its original.
pub(super) fn merged_notice(original: &str) -> String {
    format!("已合并到 #{original}。Merged into report {original}.")
}
