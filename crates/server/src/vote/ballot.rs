//! One ballot as stored, its phase at a given moment (draft, not yet open, open, closed), and the
//! refusals every vote path shares.

use linli_api::{Ballot, BallotKind, BallotStatus, BallotSummary, Project};
use linli_core::selection::{BallotRules, Choice, Limits, SelectionError, ValidSelection};
use linli_core::voting_code::{ALPHABET, VotingCode, VotingCodeError};
use rand::Rng;
use rusqlite::{Connection, OptionalExtension};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::offset;

use crate::AppError;
use crate::admin::CommitteeSession;

/// A ballot with its projects, as the tables hold it.
#[derive(Clone, Debug)]
pub(crate) struct BallotRow {
    pub id: String,
    pub community_id: String,
    pub title: String,
    pub explanation: String,
    pub status: String,
    pub kind: BallotKind,
    pub opens_at: String,
    pub closes_at: String,
    pub closed_at: Option<String>,
    pub budget_yuan: Option<u64>,
    pub min_choices: u32,
    pub max_choices: u32,
    pub min_budget_share_percent: u32,
    pub rule: String,
    pub min_project_score: Option<u64>,
    /// 非约束性意见征集: no codes, one vote per device, advisory only.
    pub open_poll: bool,
    /// The households the committee declared the ballot is for, if it did.
    pub electorate: Option<u32>,
    /// Who asked to close early, and when, while that waits for a second member.
    pub close_requested: Option<(String, String)>,
    pub projects: Vec<Project>,
}

/// Where a ballot stands at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Draft,
    NotYetOpen,
    Open,
    Closed,
}

pub(crate) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Beijing time, RFC 3339, whole seconds: how ballot times are stored and shown.
pub(crate) fn beijing(at: OffsetDateTime) -> String {
    at.to_offset(offset!(+8))
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any time")
}

pub(crate) fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

fn stored_time(text: &str) -> Result<OffsetDateTime, AppError> {
    parse_time(text).ok_or_else(|| AppError::internal(format!("stored time {text:?}")))
}

impl BallotRow {
    /// The ballot `id`; drafts only when `with_drafts` (the committee's view). 404 otherwise.
    pub fn load(c: &Connection, id: &str, with_drafts: bool) -> Result<BallotRow, AppError> {
        let found = c
            .query_row(
                "SELECT id, community_id, title, explanation, status, kind, opens_at, closes_at,
                    closed_at, budget_yuan, min_choices, max_choices, min_budget_share_percent,
                    rule, min_project_score, open_poll, electorate, close_requested_by,
                    close_requested_at
                 FROM ballots WHERE id = ?1",
                [id],
                |r| {
                    Ok(BallotRow {
                        id: r.get(0)?,
                        community_id: r.get(1)?,
                        title: r.get(2)?,
                        explanation: r.get(3)?,
                        status: r.get(4)?,
                        kind: if r.get::<_, String>(5)? == "budget" {
                            BallotKind::Budget
                        } else {
                            BallotKind::Approval
                        },
                        opens_at: r.get(6)?,
                        closes_at: r.get(7)?,
                        closed_at: r.get(8)?,
                        budget_yuan: r.get(9)?,
                        min_choices: r.get(10)?,
                        max_choices: r.get(11)?,
                        min_budget_share_percent: r.get(12)?,
                        rule: r.get(13)?,
                        min_project_score: r.get(14)?,
                        open_poll: r.get(15)?,
                        electorate: r.get(16)?,
                        close_requested: match (r.get(17)?, r.get(18)?) {
                            (Some(by), Some(at)) => Some((by, at)),
                            _ => None,
                        },
                        projects: Vec::new(),
                    })
                },
            )
            .optional()?
            .filter(|row| with_drafts || row.status != "draft");
        let mut row = found.ok_or_else(|| {
            AppError::not_found(format!("没有这场投票：{id}。No ballot has the id {id}."))
        })?;
        let mut stmt = c.prepare(
            "SELECT id, title, summary, theme, cost_yuan, location, photo_url, description
             FROM projects WHERE ballot_id = ?1 ORDER BY position",
        )?;
        row.projects = stmt
            .query_map([id], |r| {
                Ok(Project {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    summary: r.get(2)?,
                    theme: r.get(3)?,
                    cost_yuan: r.get(4)?,
                    location: r.get(5)?,
                    photo_url: r.get(6)?,
                    description: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(row)
    }

    pub(crate) fn phase(&self, at: OffsetDateTime) -> Result<Phase, AppError> {
        Ok(match self.status.as_str() {
            "draft" => Phase::Draft,
            "closed" => Phase::Closed,
            _ if at >= stored_time(&self.closes_at)? => Phase::Closed,
            _ if at < stored_time(&self.opens_at)? => Phase::NotYetOpen,
            _ => Phase::Open,
        })
    }

    /// When voting ended or ends: the committee's early close, else the announced time.
    pub(crate) fn closing_time(&self) -> &str {
        self.closed_at.as_deref().unwrap_or(&self.closes_at)
    }

    /// 409 unless residents can vote now: after close with the closing time, before opening with
    /// the opening time.
    pub(crate) fn require_open(&self, at: OffsetDateTime) -> Result<(), AppError> {
        match self.phase(at)? {
            Phase::Open => Ok(()),
            Phase::Closed => Err(AppError::Conflict(format!(
                "投票已于{}结束，不能再投。This ballot closed at {}; no more votes can be cast.",
                self.closing_time(),
                self.closing_time()
            ))),
            Phase::NotYetOpen | Phase::Draft => Err(AppError::Conflict(format!(
                "投票将于{}开始，现在还不能投。This ballot opens at {}; it is not open yet.",
                self.opens_at, self.opens_at
            ))),
        }
    }

    /// 409 until the ballot has closed: results and ballots are published only then.
    pub(crate) fn require_closed(&self, at: OffsetDateTime) -> Result<(), AppError> {
        if self.phase(at)? == Phase::Closed {
            Ok(())
        } else {
            Err(AppError::Conflict(format!(
                "投票将于{}结束，结果在结束后公布；现在可以查看实时参与情况。\
                 Results are published after the ballot closes at {}; live turnout is available now.",
                self.closes_at, self.closes_at
            )))
        }
    }

    /// 403 unless the session acts for this ballot's community.
    pub(crate) fn require_committee(&self, session: &CommitteeSession) -> Result<(), AppError> {
        if session.covers(&self.community_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "这不是您负责的社区的投票。This ballot belongs to another community.".into(),
            ))
        }
    }

    pub(crate) fn rules(&self) -> Result<BallotRules, AppError> {
        let limits = match self.kind {
            BallotKind::Approval => Limits::Approval,
            BallotKind::Budget => Limits::Budget {
                budget_yuan: self.budget_yuan.unwrap_or(0),
                min_share_percent: self.min_budget_share_percent,
            },
        };
        BallotRules::new(
            limits,
            self.min_choices,
            self.max_choices,
            self.projects.len(),
        )
        .map_err(AppError::internal)
    }

    /// 422 naming the constraint a selection breaks.
    pub(crate) fn check_selection(&self, chosen: &[String]) -> Result<ValidSelection, AppError> {
        let choices: Vec<Choice<'_>> = self
            .projects
            .iter()
            .map(|p| Choice {
                id: &p.id,
                cost_yuan: p.cost_yuan,
            })
            .collect();
        self.rules()?
            .check(&choices, chosen)
            .map_err(selection_refusal)
    }

    /// The residents' document; the status follows the clock.
    pub(crate) fn document(
        &self,
        at: OffsetDateTime,
        sample_data: bool,
    ) -> Result<Ballot, AppError> {
        let status = match self.phase(at)? {
            Phase::Draft => BallotStatus::Draft,
            Phase::Closed => BallotStatus::Closed,
            Phase::NotYetOpen | Phase::Open => BallotStatus::Open,
        };
        Ok(Ballot {
            summary: BallotSummary {
                id: self.id.clone(),
                community_id: self.community_id.clone(),
                title: self.title.clone(),
                status,
                kind: self.kind,
                opens_at: self.opens_at.clone(),
                closes_at: self.closing_time().to_owned(),
                project_count: self.projects.len() as u32,
            },
            explanation: self.explanation.clone(),
            budget_yuan: self.budget_yuan,
            min_choices: self.min_choices,
            max_choices: self.max_choices,
            rule: self.rule.clone(),
            min_budget_share_percent: self.min_budget_share_percent,
            min_project_score: self.min_project_score,
            open_poll: self.open_poll,
            projects: self.projects.clone(),
            sample_data,
        })
    }
}

pub(crate) fn selection_refusal(error: SelectionError) -> AppError {
    AppError::Unprocessable {
        code: error.code(),
        message: format!(
            "{} {}.",
            error.message_zh(),
            capitalised(&error.to_string())
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// 422 unless the ballot takes voting codes: an open poll has none to make, print or spend.
pub(crate) fn require_codes(ballot: &BallotRow) -> Result<(), AppError> {
    if ballot.open_poll {
        Err(AppError::Unprocessable {
            code: "open_poll_has_no_codes",
            message: "这是非约束性意见征集，不使用投票码，也没有纸质选票。\
                      This is a non-binding poll: it has no voting codes and no paper ballots."
                .into(),
        })
    } else {
        Ok(())
    }
}

/// Records that a device has answered an open poll; 409 when it already has. The caller's
/// IMMEDIATE transaction makes this and the vote happen together or not at all.
pub(crate) fn spend_device(
    c: &Connection,
    ballot_id: &str,
    device_hash: &str,
) -> Result<(), AppError> {
    let added = c.execute(
        "INSERT OR IGNORE INTO poll_devices (ballot_id, device_hash) VALUES (?1, ?2)",
        [ballot_id, device_hash],
    )?;
    if added == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "这台设备已经参加过这次意见征集，每台设备只能投一次。\
             This device has already answered this poll; each device votes once."
                .into(),
        ))
    }
}

/// 422 for a code that cannot be right as typed, before the database is asked.
pub(crate) fn parse_code(text: &str) -> Result<VotingCode, AppError> {
    VotingCode::parse(text).map_err(|error| {
        let zh = match &error {
            VotingCodeError::Empty => "请输入投票码。".to_owned(),
            VotingCodeError::BadCharacter {
                character,
                position,
            } => format!("第{position}个字符“{character}”不会出现在投票码里，请对照投票单核对。"),
            VotingCodeError::WrongLength { found } => {
                format!("投票码有12个字符，您输入了{found}个。")
            }
            VotingCodeError::CheckFailed => {
                "投票码有输入错误，请对照投票单逐个字符核对。".to_owned()
            }
        };
        AppError::Unprocessable {
            code: "mistyped_code",
            message: format!("{zh} {}.", capitalised(&error.to_string())),
        }
    })
}

/// Where a well-formed code stands for a ballot, checked inside the caller's transaction.
pub(crate) fn require_unspent_code(
    c: &Connection,
    ballot_id: &str,
    code_hash: &str,
    channel: linli_api::Channel,
) -> Result<(), AppError> {
    let found: Option<(String, Option<String>)> = c
        .query_row(
            "SELECT ballot_id, spent_channel FROM voting_codes WHERE code_hash = ?1",
            [code_hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    // A code of another ballot is answered exactly as one never issued: a guesser must not learn
    // that a code exists on some ballot.
    match found {
        Some((ballot, _)) if ballot != ballot_id => Err(code_not_for_this_ballot()),
        None => Err(code_not_for_this_ballot()),
        Some((_, Some(spent_on))) => Err(code_already_used(channel, &spent_on)),
        // A paper ballot still waiting for its second keying does not hold the code: whichever
        // vote is counted first stands (README, "One household, one vote").
        Some((_, None)) => Ok(()),
    }
}

fn code_not_for_this_ballot() -> AppError {
    AppError::Unprocessable {
        code: "unknown_code",
        message: "这个投票码不能用于这次投票，请核对投票单或联系居委会。\
            This voting code is not valid for this vote; please check your sheet or ask the committee."
            .into(),
    }
}

/// 409 for a code counted before; paper and screens are told which came first, since the rule is
/// that the first vote counted stands.
pub(crate) fn code_already_used(channel: linli_api::Channel, spent_on: &str) -> AppError {
    use linli_api::Channel::Paper;
    let on_paper = spent_on == Paper.name();
    let message = match (channel == Paper, on_paper) {
        (true, false) => {
            "这户已经在手机或自助屏上投过票：先计入的一票有效，这张纸质选票不计入。\
             This household has already voted on a phone or kiosk: the vote counted first stands, \
             so this paper ballot does not count."
        }
        (true, true) => {
            "这个投票码已有一张纸质选票计入：先计入的一票有效，这张不计入。\
             A paper ballot with this code has already been counted: the vote counted first \
             stands, so this one does not count."
        }
        (false, true) => {
            "这个投票码已经用纸质选票投过票：每户一票，先计入的一票有效。\
             This voting code was already used on a paper ballot: one vote per household, and \
             the vote counted first stands."
        }
        (false, false) => {
            "这个投票码已经用过了，每个投票码只能投一次。\
             This voting code has already been used; each code votes once."
        }
    };
    AppError::Conflict(message.into())
}

/// Spends the code and records the vote: the conditional UPDATE is what makes a code count once,
/// whatever the concurrency; the caller's IMMEDIATE transaction makes both or neither happen.
pub(crate) fn spend_and_record(
    c: &Connection,
    ballot_id: &str,
    code_hash: &str,
    channel: linli_api::Channel,
    selection: &ValidSelection,
) -> Result<String, AppError> {
    let spent = c.execute(
        "UPDATE voting_codes SET spent_at = ?1, spent_channel = ?2
         WHERE code_hash = ?3 AND ballot_id = ?4 AND spent_at IS NULL",
        rusqlite::params![beijing(now()), channel.name(), code_hash, ballot_id],
    )?;
    if spent != 1 {
        let spent_on: Option<String> = c
            .query_row(
                "SELECT spent_channel FROM voting_codes WHERE code_hash = ?1",
                [code_hash],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        return Err(code_already_used(channel, &spent_on.unwrap_or_default()));
    }
    record_vote(c, ballot_id, channel, selection)
}

/// Stores an anonymous vote under a fresh random receipt, which it returns.
pub(crate) fn record_vote(
    c: &Connection,
    ballot_id: &str,
    channel: linli_api::Channel,
    selection: &ValidSelection,
) -> Result<String, AppError> {
    let receipt = random_grouped(12);
    c.execute(
        "INSERT INTO votes (receipt, ballot_id, channel, selections) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![
            receipt,
            ballot_id,
            channel.name(),
            selection.project_ids.join(",")
        ],
    )?;
    Ok(receipt)
}

/// `length` random characters of the voting-code alphabet, in groups of four.
pub(crate) fn random_grouped(length: usize) -> String {
    let mut rng = rand::rng();
    let characters: Vec<u8> = (0..length)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
        .collect();
    linli_core::voting_code::grouped_by_four(&characters)
}

pub(crate) fn split_selections(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn malformed(message: &str) -> AppError {
    AppError::BadRequest {
        code: "malformed_request",
        message: message.to_owned(),
    }
}
