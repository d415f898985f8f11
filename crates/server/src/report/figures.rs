//! Numbers on reports: the committee's figures over a chosen span (by week or month, problem
//! type, community and maintainer unit, with the places reports pile up), the queue's list as
//! CSV, and the public performance of each community and street over the last twelve months.
//! The counting is `linli_core::report::Figures`; this file chooses the reports.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use linli_api::{CommitteeFigures, FiguresRow, HotspotRow, Performance, ReportFigures};
use linli_core::report::{CaseFacts, Figures, ReportPlace, Status, hotspots};
use rusqlite::{Connection, params};
use serde::Deserialize;
use time::macros::offset;
use time::{Date, Duration, Month};

use super::{now, problem, shown, stored};
use crate::admin::CommitteeSession;
use crate::csv_cell::csv_cell;
use crate::{AppError, AppState};

/// The longest span the committee's figures cover in one answer.
const MAX_SPAN_DAYS: i64 = 366;
/// How many places the figures list.
const HOTSPOTS: usize = 10;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FiguresQuery {
    /// First day, `YYYY-MM-DD` in Beijing time; 89 days before `to` when absent.
    pub from: Option<String>,
    /// Last day, included; today when absent.
    pub to: Option<String>,
    /// `week` (ISO weeks, the default) or `month`.
    pub period: Option<String>,
    /// One community the session covers.
    pub community: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Week,
    Month,
}

impl Period {
    fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// SQLite's `strftime` format for the period a Beijing time falls in.
    fn format(self) -> &'static str {
        match self {
            Period::Week => "%G-W%V",
            Period::Month => "%Y-%m",
        }
    }
}

/// One report as the figures read it.
struct CaseRow {
    facts: CaseFacts,
    period: String,
    service_code: String,
    community: Option<String>,
    unit: Option<String>,
    place: ReportPlace,
    address: String,
}

/// Which reports: filed in `[start, end)` (stored times), in the communities of `condition`
/// (SQL on `r.community_id`, its value `?1`).
struct Selection {
    condition: String,
    value: Option<String>,
    start: String,
    end: String,
    period: Period,
}

fn read_cases(c: &Connection, selection: &Selection) -> Result<Vec<CaseRow>, AppError> {
    let mut stmt = c.prepare(&format!(
        "SELECT r.status, r.rating, r.service_code, r.community_id, k.unit_id, r.component_code,
                r.lat, r.lon, r.address, strftime(?4, r.requested_at, '+8 hours'),
                (SELECT (julianday(min(u.updated_at)) - julianday(r.requested_at)) * 24
                 FROM request_updates u WHERE u.request_id = r.id AND u.actor != 'reporter'),
                (SELECT (julianday(max(u.updated_at)) - julianday(r.requested_at)) * 24
                 FROM request_updates u
                 WHERE u.request_id = r.id AND u.status IN ('fixed', 'closed')),
                (julianday(r.expected_at) - julianday(r.requested_at)) * 24,
                (julianday(?5) - julianday(r.requested_at)) * 24
         FROM service_requests r LEFT JOIN components k ON k.code = r.component_code
         WHERE r.requested_at >= ?2 AND r.requested_at < ?3 AND r.community_id IS NOT NULL
           AND {}",
        selection.condition
    ))?;
    let rows = stmt.query_map(
        params![
            selection.value,
            selection.start,
            selection.end,
            selection.period.format(),
            stored(now()),
        ],
        |r| {
            let status = Status::parse(&r.get::<_, String>(0)?).unwrap_or(Status::Open);
            Ok(CaseRow {
                facts: CaseFacts {
                    status,
                    rating: r.get(1)?,
                    hours_to_first_response: r.get(10)?,
                    hours_to_finish: r.get(11)?,
                    hours_allowed: r.get(12)?,
                    hours_open: r.get(13)?,
                },
                service_code: r.get(2)?,
                community: r.get(3)?,
                unit: r.get(4)?,
                place: ReportPlace {
                    component: r.get(5)?,
                    lat: r.get(6)?,
                    lon: r.get(7)?,
                    finished: status.is_finished(),
                },
                address: r.get(8)?,
                period: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn report_figures(figures: &Figures) -> ReportFigures {
    let rates = &figures.rates;
    let hours = |h: Option<f64>| h.map(|h| (h * 10.0).round() / 10.0);
    ReportFigures {
        filed: rates.filed,
        resolved: rates.resolved,
        response_rate: linli_core::report::Rates::percent(rates.responded, rates.filed),
        resolution_rate: linli_core::report::Rates::percent(rates.resolved, rates.resolvable),
        satisfaction_rate: linli_core::report::Rates::percent(rates.satisfied, rates.rated),
        on_time_rate: figures.on_time_percent(),
        on_time: figures.on_time,
        late: figures.late,
        median_hours_to_respond: hours(figures.median_hours_to_respond),
        median_hours_to_fix: hours(figures.median_hours_to_finish),
    }
}

/// The cases grouped by `key`, each group's figures, in key order, named by `name`.
fn breakdown(
    cases: &[CaseRow],
    key: impl Fn(&CaseRow) -> String,
    name: impl Fn(&str) -> (String, String),
) -> Vec<FiguresRow> {
    let mut groups: BTreeMap<String, Vec<&CaseFacts>> = BTreeMap::new();
    for case in cases {
        groups.entry(key(case)).or_default().push(&case.facts);
    }
    groups
        .into_iter()
        .map(|(key, facts)| {
            let (name_zh, name_en) = name(&key);
            FiguresRow {
                figures: report_figures(&Figures::of(facts)),
                key,
                name_zh,
                name_en,
            }
        })
        .collect()
}

/// `(id, (name_zh, name_en))` of every row `sql` answers.
fn names(c: &Connection, sql: &str) -> Result<BTreeMap<String, (String, String)>, AppError> {
    let mut stmt = c.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn named(names: &BTreeMap<String, (String, String)>, key: &str) -> (String, String) {
    names
        .get(key)
        .cloned()
        .unwrap_or_else(|| (key.to_owned(), key.to_owned()))
}

fn type_name(code: &str) -> (String, String) {
    problem(code).map_or_else(
        || (code.to_owned(), code.to_owned()),
        |p| (p.name_zh.to_owned(), p.name_en.to_owned()),
    )
}

/// The SQL condition on `r.community_id` (its value `?1`) for the reports a member asks for:
/// the community named, which must be theirs, or all of theirs.
fn report_communities(
    session: &CommitteeSession,
    community: Option<&str>,
) -> Result<(String, Option<String>), AppError> {
    match community {
        Some(community) if session.covers(community) => {
            Ok(("r.community_id = ?1".to_owned(), Some(community.to_owned())))
        }
        Some(_) => Err(AppError::Forbidden(
            "这不是您负责的社区。This community is not one of yours.".into(),
        )),
        None => Ok(session.community_condition("r.community_id")),
    }
}

fn day(text: &str, field: &str) -> Result<Date, AppError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|_| AppError::BadRequest {
        code: "bad_date",
        message: format!(
            "{field} 应为日期，如 2026-11-30。{field} is a date written 2026-11-30, not {text}."
        ),
    })
}

/// The stored time of a Beijing day's first moment.
fn start_of(date: Date) -> String {
    stored(date.midnight().assume_offset(offset!(+8)))
}

fn today() -> Date {
    now().to_offset(offset!(+8)).date()
}

#[utoipa::path(get, path = "/api/v1/admin/figures.json", tag = "admin", params(FiguresQuery),
    responses((status = 200, body = CommitteeFigures), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn figures_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<FiguresQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CommitteeFigures>, AppError> {
    let Query(query) = query?;
    let to = match &query.to {
        Some(text) => day(text, "to")?,
        None => today(),
    };
    let from = match &query.from {
        Some(text) => day(text, "from")?,
        None => to - Duration::days(89),
    };
    if from > to {
        return Err(AppError::BadRequest {
            code: "bad_span",
            message: "开始日期晚于结束日期。The first day comes after the last.".into(),
        });
    }
    if (to - from).whole_days() >= MAX_SPAN_DAYS {
        return Err(AppError::BadRequest {
            code: "bad_span",
            message: format!(
                "一次最多统计 {MAX_SPAN_DAYS} 天。The figures cover at most {MAX_SPAN_DAYS} days at a time."
            ),
        });
    }
    let period = match query.period.as_deref() {
        None | Some("week") => Period::Week,
        Some("month") => Period::Month,
        Some(other) => {
            return Err(AppError::BadRequest {
                code: "bad_period",
                message: format!(
                    "统计周期应为 week 或 month。The period is week or month, not {other}."
                ),
            });
        }
    };
    let (condition, value) = report_communities(&session, query.community.as_deref())?;
    let selection = Selection {
        condition,
        value,
        start: start_of(from),
        end: start_of(to + Duration::days(1)),
        period,
    };
    state
        .db
        .run(move |c| {
            let cases = read_cases(c, &selection)?;
            let communities = names(c, "SELECT id, name_zh, name_en FROM communities")?;
            let units = names(c, "SELECT id, name, name FROM maintainer_units")?;
            let components = component_names(c, &cases)?;
            let spots = hotspots(
                &cases
                    .iter()
                    .map(|case| case.place.clone())
                    .collect::<Vec<_>>(),
                HOTSPOTS,
            );
            let hotspots = spots
                .into_iter()
                .map(|spot| {
                    let name = match &spot.component {
                        Some(code) => components.get(code).cloned().unwrap_or_default(),
                        None => cases
                            .iter()
                            .find(|case| {
                                case.place.component.is_none()
                                    && case.place.lat == spot.lat
                                    && case.place.lon == spot.lon
                            })
                            .map(|case| case.address.clone())
                            .unwrap_or_default(),
                    };
                    HotspotRow {
                        component_code: spot.component,
                        name,
                        lat: spot.lat,
                        lon: spot.lon,
                        reports: spot.reports,
                        open: spot.open,
                    }
                })
                .collect();
            Ok(CommitteeFigures {
                from: from.to_string(),
                to: to.to_string(),
                period: period.name().to_owned(),
                whole: report_figures(&Figures::of(cases.iter().map(|case| &case.facts))),
                by_period: breakdown(
                    &cases,
                    |case| case.period.clone(),
                    |key| (key.to_owned(), key.to_owned()),
                ),
                by_type: breakdown(&cases, |case| case.service_code.clone(), type_name),
                by_community: breakdown(
                    &cases,
                    |case| case.community.clone().unwrap_or_default(),
                    |key| named(&communities, key),
                ),
                by_unit: breakdown(
                    &cases,
                    |case| case.unit.clone().unwrap_or_default(),
                    |key| {
                        if key.is_empty() {
                            ("（无部件）".to_owned(), "(no component)".to_owned())
                        } else {
                            named(&units, key)
                        }
                    },
                ),
                hotspots,
            })
        })
        .await
        .map(Json)
}

/// The names of the components the cases name.
fn component_names(
    c: &Connection,
    cases: &[CaseRow],
) -> Result<BTreeMap<String, String>, AppError> {
    let codes: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|case| case.place.component.as_deref())
        .collect();
    let list = serde_json::to_string(&codes).map_err(AppError::internal)?;
    let mut stmt = c.prepare(
        "SELECT code, name FROM components WHERE code IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---- the queue as CSV ----

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RequestsCsvQuery {
    /// An Open311 status name.
    pub status: Option<String>,
    pub community: Option<String>,
    /// Only the open reports past their due time.
    #[serde(default)]
    pub overdue: bool,
    /// Filed on or after this Beijing day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Filed on or before this Beijing day.
    pub to: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/requests.csv", tag = "admin", params(RequestsCsvQuery),
    responses((status = 200, description = "The queue's reports with its filters, by due time", content_type = "text/csv"),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError)))]
pub(crate) async fn requests_csv_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    query: Result<Query<RequestsCsvQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let status = super::status_filter(query.status.as_deref())?;
    let from = query.from.as_deref().map(|t| day(t, "from")).transpose()?;
    let to = query.to.as_deref().map(|t| day(t, "to")).transpose()?;
    let (condition, value) = report_communities(&session, query.community.as_deref())?;
    // Reports outside every community are the district's alone, as in the queue.
    let condition = if session.is_district_admin() && query.community.is_none() {
        format!("({condition} OR r.community_id IS NULL)")
    } else {
        condition
    };
    let csv = state
        .db
        .run(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT r.id, r.requested_at, r.service_code, r.status, c.name_zh,
                        r.component_code, u.name, r.address, r.expected_at, r.supporters,
                        r.rating, CASE WHEN r.description_hidden_at IS NULL
                                       THEN r.description ELSE '' END
                 FROM service_requests r
                 LEFT JOIN communities c ON c.id = r.community_id
                 LEFT JOIN components k ON k.code = r.component_code
                 LEFT JOIN maintainer_units u ON u.id = k.unit_id
                 WHERE {condition} AND (?2 IS NULL OR r.status = ?2)
                   AND (?3 IS NULL OR r.requested_at >= ?3)
                   AND (?4 IS NULL OR r.requested_at < ?4)
                 ORDER BY r.expected_at, r.id"
            ))?;
            let now = stored(now());
            // Excel in China opens UTF-8 CSV as GBK unless it starts with a byte-order mark.
            let mut csv = String::from(
                "\u{feff}id,requested_at,service_code,service,status,community,component_code,unit,address,expected_at,overdue,supporters,rating,description\n",
            );
            let rows = stmt.query_map(
                params![
                    value,
                    status.map(Status::as_str),
                    from.map(start_of),
                    to.map(|to| start_of(to + Duration::days(1))),
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, i64>(9)?,
                        r.get::<_, Option<i64>>(10)?,
                        r.get::<_, String>(11)?,
                    ))
                },
            )?;
            for row in rows {
                let (id, at, code, status, community, component, unit, address, due, supporters, rating, description) =
                    row?;
                let parsed = Status::parse(&status).unwrap_or(Status::Open);
                let overdue = parsed.is_open() && due < now;
                if query.overdue && !overdue {
                    continue;
                }
                let cells = [
                    id.to_string(),
                    shown(&at),
                    code.clone(),
                    type_name(&code).0,
                    parsed.name_zh().to_owned(),
                    community.unwrap_or_default(),
                    component.unwrap_or_default(),
                    unit.unwrap_or_default(),
                    address,
                    shown(&due),
                    if overdue { "是" } else { "否" }.to_owned(),
                    supporters.to_string(),
                    rating.map(|r| r.to_string()).unwrap_or_default(),
                    description,
                ];
                let row: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
                csv += &row.join(",");
                csv.push('\n');
            }
            Ok(csv)
        })
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"linli-reports.csv\"".to_owned(),
            ),
        ],
        csv,
    )
        .into_response())
}

// ---- the public performance ----

/// The last twelve months, this one included: `(first month's start, next month's start, first
/// month's name, this month's name)`.
fn last_twelve_months() -> (String, String, String, String) {
    let today = today();
    let this_month = Date::from_calendar_date(today.year(), today.month(), 1).expect("day 1");
    let mut first = this_month;
    for _ in 0..11 {
        first = (first - Duration::days(1)).replace_day(1).expect("day 1");
    }
    let next = if today.month() == Month::December {
        Date::from_calendar_date(today.year() + 1, Month::January, 1)
    } else {
        Date::from_calendar_date(today.year(), today.month().next(), 1)
    }
    .expect("day 1");
    let name = |d: Date| format!("{:04}-{:02}", d.year(), u8::from(d.month()));
    (
        start_of(first),
        start_of(next),
        name(first),
        name(this_month),
    )
}

/// A community's or street's performance; `street` lists its communities too.
fn performance(
    c: &Connection,
    condition: &str,
    id: &str,
    (name_zh, name_en): (String, String),
    street: bool,
) -> Result<Performance, AppError> {
    let (start, end, from, to) = last_twelve_months();
    let cases = read_cases(
        c,
        &Selection {
            condition: condition.to_owned(),
            value: Some(id.to_owned()),
            start,
            end,
            period: Period::Month,
        },
    )?;
    let by_community = if street {
        let communities = names(c, "SELECT id, name_zh, name_en FROM communities")?;
        breakdown(
            &cases,
            |case| case.community.clone().unwrap_or_default(),
            |key| named(&communities, key),
        )
    } else {
        Vec::new()
    };
    Ok(Performance {
        sample_data: crate::district::is_sample(c)?,
        id: id.to_owned(),
        name_zh,
        name_en,
        from,
        to,
        whole: report_figures(&Figures::of(cases.iter().map(|case| &case.facts))),
        by_month: breakdown(
            &cases,
            |case| case.period.clone(),
            |key| (key.to_owned(), key.to_owned()),
        ),
        by_community,
    })
}

/// The name of a live community or street, or a 404.
fn place_name(c: &Connection, table: &str, id: &str) -> Result<(String, String), AppError> {
    use rusqlite::OptionalExtension;
    c.query_row(
        &format!("SELECT name_zh, name_en FROM {table} WHERE id = ?1 AND archived_at IS NULL"),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| {
        AppError::NotFound(format!(
            "没有这个社区或街道：{id}。No community or street {id}."
        ))
    })
}

#[utoipa::path(get, path = "/api/v1/performance/community/{community}.json", tag = "reports",
    params(("community" = String, Path, description = "The community's id")),
    responses((status = 200, body = Performance), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn community_performance_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Performance>, AppError> {
    let id = crate::json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            let name = place_name(c, "communities", &id)?;
            performance(c, "r.community_id = ?1", &id, name, false)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/performance/street/{street}.json", tag = "reports",
    params(("street" = String, Path, description = "The street's id")),
    responses((status = 200, body = Performance), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn street_performance_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<Performance>, AppError> {
    let id = crate::json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            let name = place_name(c, "streets", &id)?;
            performance(
                c,
                "r.community_id IN (SELECT id FROM communities WHERE street_id = ?1)",
                &id,
                name,
                true,
            )
        })
        .await
        .map(Json)
}
