//! Casting a vote with a voting code, on a phone or at a kiosk; or, in an open poll
//! (非约束性意见征集), without a code, once per device.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use linli_api::{CastVote, Channel, VoteReceipt};
use rusqlite::TransactionBehavior;

use super::attempts::ClientAddress;
use super::ballot::{
    BallotRow, malformed, now, parse_code, record_vote, require_unspent_code, spend_and_record,
    spend_device, split_selections,
};
use crate::{AppError, AppState};

/// Checks in the order a voter can act on them: the request, the ballot's phase, the code as
/// typed, the code's state, then the selection. Every refusal rolls the transaction back.
/// An open poll takes no code: it needs the browser's random id instead, and counts one vote per
/// device (a second is refused with 409). A binding ballot refuses a vote without a code (422).
#[utoipa::path(post, path = "/api/v1/ballots/{id}/votes", tag = "vote",
    params(("id" = String, Path)), request_body = CastVote,
    responses(
        (status = 201, body = VoteReceipt),
        (status = 400, description = "Malformed request", body = linli_api::ApiError),
        (status = 401, description = "Channel kiosk without a paired kiosk's token", body = linli_api::ApiError),
        (status = 403, description = "A kiosk of another community", body = linli_api::ApiError),
        (status = 404, description = "No such ballot", body = linli_api::ApiError),
        (status = 409, description = "Not open (with the opening or closing time), the code is already used, or this device has already answered the open poll", body = linli_api::ApiError),
        (status = 422, description = "Missing, mistyped or unknown code; a selection rule broken (over budget, too many…)", body = linli_api::ApiError),
        (status = 429, description = "Too many codes that are not valid tried from this address", body = linli_api::ApiError)))]
pub(crate) async fn vote_post(
    State(state): State<AppState>,
    Path(ballot_id): Path<String>,
    address: ClientAddress,
    headers: HeaderMap,
    body: Result<Json<CastVote>, JsonRejection>,
) -> Result<(StatusCode, Json<VoteReceipt>), AppError> {
    if let Some(wait) = state.code_attempts.wait_before_trying(address, &ballot_id) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        crate::metrics::count_with(
            crate::metrics::RATE_LIMIT_REFUSALS,
            &[("limit", "voting_codes")],
        );
        return Err(AppError::TooManyAttempts {
            retry_after_secs: wait.as_secs().max(1),
            message: format!(
                "无效的投票码尝试太多，请 {minutes} 分钟后再试，或联系居委会。\
                 Too many voting codes that are not valid were tried; please try again in \
                 {minutes} minutes, or ask the committee."
            ),
        });
    }
    let attempts = state.code_attempts.clone();
    let attempted_ballot = ballot_id.clone();
    let Json(vote) = body.map_err(|_| {
        malformed(
            "投票内容不完整：需要投票码、所选项目和投票方式。\
             A vote needs a code, the chosen projects and a channel (phone or kiosk).",
        )
    })?;
    if vote.channel == Channel::Paper {
        return Err(AppError::Unprocessable {
            code: "paper_via_committee",
            message: "纸质选票由居委会工作人员录入。Paper ballots are entered by committee staff."
                .into(),
        });
    }
    let device = vote
        .device
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    let resend_key = vote
        .idempotency_key
        .clone()
        .map(|key| {
            if (16..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
                Ok(key)
            } else {
                Err(malformed(
                    "投票的幂等键应为 16 到 128 个可见字符。\
                     A vote's idempotency key is 16 to 128 visible characters.",
                ))
            }
        })
        .transpose()?;
    if device
        .as_ref()
        .is_some_and(|d| !(16..=128).contains(&d.len()))
    {
        return Err(malformed(
            "设备标识应为 16 到 128 个字符。A device id is 16 to 128 characters.",
        ));
    }
    // Only a paired kiosk may count a vote as a kiosk vote, so a phone cannot claim the channel.
    let kiosk_token = match vote.channel {
        Channel::Kiosk => {
            Some(crate::kiosk::token_header(&headers).ok_or(AppError::KioskUnpaired)?)
        }
        _ => None,
    };
    let secrets = state.secrets.clone();
    let outcome = state
        .db
        .write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ballot = BallotRow::load(&tx, &ballot_id, false)?;
            if let Some(token) = &kiosk_token {
                let kiosk = crate::kiosk::kiosk_by_token(&tx, token)?;
                if kiosk.community_id != ballot.community_id {
                    return Err(AppError::Forbidden(
                        "这台自助屏不属于这次投票的社区。\
                         This kiosk belongs to another community than this vote."
                            .into(),
                    ));
                }
            }
            // Before the phase and the code: a resend whose first answer was lost still gets its
            // receipt, even once its code is spent or the ballot has closed since.
            // The key counts together with the code (or the poll's device), so the same key sent
            // with another household's code is another vote, never the first one's receipt.
            let voter = if ballot.open_poll {
                device.clone().unwrap_or_default()
            } else {
                parse_code(&vote.code)?.as_str().to_owned()
            };
            let resend_hash = resend_key
                .as_deref()
                .map(|key| secrets.vote_resend_hash(&ballot.id, &voter, key));
            if let Some(key_hash) = &resend_hash
                && let Some(counted) = counted_under(&tx, key_hash)?
            {
                let selection = ballot.check_selection(&vote.selections)?;
                if counted.selections != selection.project_ids || counted.channel != vote.channel {
                    return Err(AppError::Conflict(
                        "这次投票已经以另一组选择计入，每个投票码只能投一次。\
                         This vote was already counted with another choice; each code votes once."
                            .into(),
                    ));
                }
                return Ok((StatusCode::CREATED, Json(counted)));
            }
            ballot.require_open(now())?;
            let (receipt, selection) = if ballot.open_poll {
                let device = device.ok_or_else(|| {
                    malformed(
                        "意见征集需要本设备的标识。An open poll's vote needs this device's id.",
                    )
                })?;
                let selection = ballot.check_selection(&vote.selections)?;
                spend_device(
                    &tx,
                    &ballot.id,
                    &secrets.poll_device_hash(&ballot.id, &device),
                )?;
                (
                    record_vote(&tx, &ballot.id, vote.channel, &selection)?,
                    selection,
                )
            } else {
                let code = parse_code(&vote.code)?;
                let code_hash = secrets.voting_code_hash(&code);
                require_unspent_code(&tx, &ballot.id, &code_hash, vote.channel)?;
                let selection = ballot.check_selection(&vote.selections)?;
                let receipt =
                    spend_and_record(&tx, &ballot.id, &code_hash, vote.channel, &selection)?;
                // Counted first on a phone or kiosk: a paper ballot of this code no longer counts.
                super::paper::supersede_waiting(&tx, &code_hash)?;
                (receipt, selection)
            };
            if let Some(key_hash) = &resend_hash {
                tx.execute(
                    "INSERT INTO vote_resends (key_hash, ballot_id, receipt) VALUES (?1, ?2, ?3)",
                    rusqlite::params![key_hash, ballot.id, receipt],
                )?;
            }
            tx.commit()?;
            crate::metrics::count(crate::metrics::VOTES_WRITTEN);
            Ok((
                StatusCode::CREATED,
                Json(VoteReceipt {
                    ballot_id: ballot.id,
                    receipt,
                    channel: vote.channel,
                    selections: selection.project_ids,
                }),
            ))
        })
        .await;
    if let Err(AppError::Unprocessable {
        code: "unknown_code",
        ..
    }) = &outcome
    {
        attempts.failed(address, &attempted_ballot);
    }
    outcome
}

/// The vote an earlier send with the same key was counted as, if any.
fn counted_under(
    c: &rusqlite::Connection,
    key_hash: &str,
) -> Result<Option<VoteReceipt>, AppError> {
    use rusqlite::OptionalExtension;
    let found: Option<(String, String, String, String)> = c
        .query_row(
            "SELECT v.ballot_id, v.receipt, v.channel, v.selections
             FROM vote_resends r JOIN votes v ON v.receipt = r.receipt WHERE r.key_hash = ?1",
            [key_hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(found.and_then(|(ballot_id, receipt, channel, selections)| {
        Some(VoteReceipt {
            ballot_id,
            receipt,
            channel: Channel::from_name(&channel)?,
            selections: split_selections(&selections),
        })
    }))
}
