//! The 接诉即办 rates: response, resolution and satisfaction per community and month.

use axum::Json;
use axum::extract::{Query, State};
use linli_api::{CommunityRates, MonthlyRates};
use linli_core::report::{Rates, RequestFacts, Status};
use rusqlite::params;
use serde::Deserialize;
use time::macros::offset;

use super::{now, stored};
use crate::admin::CommitteeSession;
use crate::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RatesQuery {
    /// `YYYY-MM`, Beijing time; the current month when absent.
    pub month: Option<String>,
}

/// The month's bounds as stored (UTC) strings, from a `YYYY-MM` in Beijing time.
fn month_bounds(month: &str) -> Option<(String, String)> {
    let (year, month_number) = month.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month_number: u8 = month_number.parse().ok()?;
    let first =
        time::Date::from_calendar_date(year, time::Month::try_from(month_number).ok()?, 1).ok()?;
    let next = if month_number == 12 {
        time::Date::from_calendar_date(year + 1, time::Month::January, 1).ok()?
    } else {
        time::Date::from_calendar_date(year, time::Month::try_from(month_number + 1).ok()?, 1)
            .ok()?
    };
    let at = |d: time::Date| stored(d.midnight().assume_offset(offset!(+8)));
    Some((at(first), at(next)))
}

#[utoipa::path(get, path = "/api/v1/admin/rates.json", tag = "admin", params(RatesQuery),
    responses((status = 200, body = MonthlyRates), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError)))]
pub(crate) async fn rates_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<RatesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MonthlyRates>, AppError> {
    let Query(query) = query?;
    let month = query.month.unwrap_or_else(|| {
        let today = now().to_offset(offset!(+8));
        format!("{:04}-{:02}", today.year(), u8::from(today.month()))
    });
    let (start, end) = month_bounds(&month).ok_or_else(|| AppError::BadRequest {
        code: "bad_month",
        message: format!("月份格式应为 2026-11。A month is written 2026-11, not {month}."),
    })?;
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(
                "SELECT r.community_id, r.status, r.rating,
                    (SELECT (julianday(min(u.updated_at)) - julianday(r.requested_at)) * 24
                     FROM request_updates u WHERE u.request_id = r.id AND u.actor != 'reporter')
                 FROM service_requests r
                 WHERE r.requested_at >= ?1 AND r.requested_at < ?2 AND r.community_id IS NOT NULL",
            )?;
            let mut by_community: std::collections::BTreeMap<String, Vec<RequestFacts>> =
                std::collections::BTreeMap::new();
            for row in stmt.query_map(params![start, end], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u8>>(2)?,
                    r.get::<_, Option<f64>>(3)?,
                ))
            })? {
                let (community, status, rating, hours) = row?;
                by_community
                    .entry(community)
                    .or_default()
                    .push(RequestFacts {
                        status: Status::parse(&status).unwrap_or(Status::Open),
                        hours_to_first_response: hours,
                        rating,
                    });
            }
            let (covered, own) = session.community_condition("id");
            let mut names = c.prepare(&format!(
                "SELECT id, name_zh, name_en FROM communities WHERE {covered} ORDER BY id"
            ))?;
            let communities = names
                .query_map([&own], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .map(|(id, name_zh, name_en)| {
                    let rates = Rates::of(by_community.get(&id).map_or(&[][..], Vec::as_slice));
                    CommunityRates {
                        community_id: id,
                        name_zh,
                        name_en,
                        response_rate: Rates::percent(rates.responded, rates.filed),
                        resolution_rate: Rates::percent(rates.resolved, rates.resolvable),
                        satisfaction_rate: Rates::percent(rates.satisfied, rates.rated),
                        filed: rates.filed,
                        responded: rates.responded,
                        resolved: rates.resolved,
                        resolvable: rates.resolvable,
                        rated: rates.rated,
                        satisfied: rates.satisfied,
                    }
                })
                .collect();
            Ok(MonthlyRates { month, communities })
        })
        .await
        .map(Json)
}
