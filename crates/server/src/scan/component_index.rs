//! The component indexes: `components.json`, searched and paged so that it stays the same size
//! however large the district, and one community's whole index for static hosts and the plate
//! page. Both read `components` by its primary key or `components_by_community`, never the whole
//! table (tests/api/query_plans.rs checks the plans).

use axum::Json;
use axum::extract::{Path, Query, State};
use linli_api::{ComponentIndex, ComponentSummary};
use rusqlite::{Connection, params};
use serde::Deserialize;

use crate::district::is_sample;
use crate::map::known_community;
use crate::{AppError, AppState, json_name};

/// Components on a page of `components.json` unless `page_size` asks for fewer or more.
pub(crate) const DEFAULT_PAGE_SIZE: u32 = 100;
/// The most a page of `components.json` holds.
pub(crate) const MAX_PAGE_SIZE: u32 = 500;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct IndexQuery {
    /// Digits: components whose code starts with them. Other text: components whose name or
    /// address contains it, which needs `community` (a name search of the whole district would
    /// read every component).
    pub q: Option<String>,
    /// One community's components only.
    pub community: Option<String>,
    /// 1 for the first `page_size` components in code order, 2 for the next, and so on.
    pub page: Option<u32>,
    /// Components per page: 1 to 500; 100 when not given.
    pub page_size: Option<u32>,
}

/// What a search asks for, checked.
enum Search {
    Everything,
    CodePrefix(String),
    Text(String),
}

fn bad(code: &'static str, message: &str) -> AppError {
    AppError::BadRequest {
        code,
        message: message.to_owned(),
    }
}

impl IndexQuery {
    fn search(&self) -> Result<Search, AppError> {
        let q = self.q.as_deref().map(str::trim).unwrap_or_default();
        if q.is_empty() {
            Ok(Search::Everything)
        } else if q.chars().all(|c| c.is_ascii_digit()) {
            Ok(Search::CodePrefix(q.to_owned()))
        } else if q.chars().count() > 40 {
            Err(bad(
                "search_too_long",
                "搜索词最多 40 个字。A search is at most 40 characters.",
            ))
        } else if self.community.is_none() {
            Err(bad(
                "search_needs_community",
                "按名称或地址搜索时请先选社区；按编码搜索可以不选。\
                 Choose a community to search by name or address; a code search needs none.",
            ))
        } else {
            Ok(Search::Text(q.to_owned()))
        }
    }

    fn page(&self) -> Result<(u32, u32), AppError> {
        let page = self.page.unwrap_or(1);
        if page == 0 {
            return Err(bad("bad_page", "页码从 1 开始。Pages are numbered from 1."));
        }
        let page_size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            return Err(bad(
                "bad_page_size",
                "每页 1 到 500 个部件。page_size must be between 1 and 500.",
            ));
        }
        Ok((page, page_size))
    }
}

/// A LIKE pattern that matches `text` literally (its `%`, `_` and `\` escaped with `\`).
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Codes are 16 ASCII digits, and ':' follows '9': every code starting with `prefix` sorts in
/// `prefix ..< prefix + ":"`, a range of the primary key.
fn code_range(prefix: &str) -> (String, String) {
    (prefix.to_owned(), format!("{prefix}:"))
}

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComponentSummary> {
    Ok(ComponentSummary {
        code: r.get(0)?,
        name: r.get(1)?,
        community_id: r.get(2)?,
    })
}

/// One page of the components `search` finds, fetching one more than the page to know whether
/// another follows (a count would read every match).
fn find_page(
    c: &Connection,
    search: &Search,
    community: Option<&str>,
    page: u32,
    page_size: u32,
) -> Result<ComponentIndex, AppError> {
    let offset = i64::from(page - 1) * i64::from(page_size);
    let fetch = i64::from(page_size) + 1;
    let (low, high, text) = match search {
        Search::Everything => (None, None, None),
        Search::CodePrefix(prefix) => {
            let (low, high) = code_range(prefix);
            (Some(low), Some(high), None)
        }
        Search::Text(text) => (None, None, Some(contains_pattern(text))),
    };
    let mut found = match community {
        Some(community) => {
            let mut stmt = c.prepare_cached(
                "SELECT code, name, community_id FROM components
                 WHERE community_id = ?1
                   AND (?2 IS NULL OR code >= ?2) AND (?3 IS NULL OR code < ?3)
                   AND (?4 IS NULL OR name LIKE ?4 ESCAPE '\\' OR address LIKE ?4 ESCAPE '\\')
                 ORDER BY code LIMIT ?5 OFFSET ?6",
            )?;
            stmt.query_map(params![community, low, high, text, fetch, offset], summary)?
                .collect::<Result<Vec<_>, _>>()?
        }
        None => {
            let mut stmt = c.prepare_cached(
                "SELECT code, name, community_id FROM components
                 WHERE code >= ?1 AND code < ?2
                 ORDER BY code LIMIT ?3 OFFSET ?4",
            )?;
            stmt.query_map(
                params![
                    low.unwrap_or_default(),
                    high.unwrap_or_else(|| ":".into()),
                    fetch,
                    offset
                ],
                summary,
            )?
            .collect::<Result<Vec<_>, _>>()?
        }
    };
    let next_page = (found.len() > page_size as usize).then_some(page + 1);
    found.truncate(page_size as usize);
    Ok(ComponentIndex {
        sample_data: is_sample(c)?,
        components: found,
        page,
        page_size,
        next_page,
    })
}

#[utoipa::path(get, path = "/api/v1/components.json", tag = "scan", params(IndexQuery),
    responses(
        (status = 200, body = ComponentIndex),
        (status = 400, description = "A page of 0, a page size out of range, or a name search without a community", body = linli_api::ApiError),
        (status = 404, description = "No community has this id", body = linli_api::ApiError)))]
pub(crate) async fn components_index_get(
    State(state): State<AppState>,
    query: Result<Query<IndexQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ComponentIndex>, AppError> {
    let Query(query) = query?;
    let search = query.search()?;
    let (page, page_size) = query.page()?;
    state
        .db
        .run(move |c| {
            if let Some(community) = &query.community {
                known_community(c, community)?;
            }
            find_page(c, &search, query.community.as_deref(), page, page_size)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/components/by-community/{community}.json", tag = "scan",
    params(("community" = String, Path)),
    responses((status = 200, body = ComponentIndex), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn community_components_get(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Json<ComponentIndex>, AppError> {
    let community = json_name(&file)?.to_owned();
    state
        .db
        .run(move |c| {
            known_community(c, &community)?;
            let mut stmt = c.prepare_cached(
                "SELECT code, name, community_id FROM components
                 WHERE community_id = ?1 ORDER BY code",
            )?;
            let components = stmt
                .query_map([&community], summary)?
                .collect::<Result<Vec<_>, _>>()?;
            let page_size = u32::try_from(components.len()).unwrap_or(u32::MAX).max(1);
            Ok(ComponentIndex {
                sample_data: is_sample(c)?,
                components,
                page: 1,
                page_size,
                next_page: None,
            })
        })
        .await
        .map(Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_pattern_matches_its_text_literally() {
        assert_eq!(contains_pattern("路灯"), "%路灯%");
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn a_code_prefix_is_a_range_that_holds_every_longer_code() {
        let (low, high) = code_range("110112");
        for code in ["1101120000000000", "1101129999999999"] {
            assert!(low.as_str() <= code && code < high.as_str(), "{code}");
        }
        assert!("1101130000000000" >= high.as_str());
    }
}
