//! `GET /api/v2/logs` (search with `q` or `search`, `sort`, `page`, `per_page`,
//! `include_totals`) and `GET /api/v2/logs/{id}`.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::query::Query as Search;
use super::{error, gate};
use crate::server::Shared;

const SCOPES: &[&str] = &["read:logs", "read:logs_users"];
const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 100;

#[derive(Deserialize, Default)]
pub(crate) struct LogQuery {
    /// The name Auth0's docs and the operation's description use.
    q: Option<String>,
    /// The name the excerpt's parameter list uses (and node-auth0 sends).
    search: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    include_totals: Option<String>,
}

struct Selection {
    search: Option<Search>,
    sort_field: String,
    descending: bool,
    page: usize,
    per_page: usize,
    totals: bool,
}

fn read(query: &LogQuery) -> Result<Selection, Response> {
    let text = query.q.as_deref().or(query.search.as_deref()).filter(|t| !t.trim().is_empty());
    let search = text.map(Search::parse).transpose().map_err(|why| error::bad_query(&why))?;
    let (sort_field, descending) = match query.sort.as_deref() {
        None => ("date".to_owned(), true),
        Some(sort) => match sort.rsplit_once(':') {
            Some((field, "1")) if !field.is_empty() => (field.to_owned(), false),
            Some((field, "-1")) if !field.is_empty() => (field.to_owned(), true),
            _ => return Err(error::bad_query("sort must be a field followed by :1 or :-1")),
        },
    };
    let number = |name: &str, value: &Option<String>, max: usize| -> Result<Option<usize>, Response> {
        value.as_deref().map(|v| v.parse::<usize>().ok().filter(|n| *n <= max).ok_or_else(|| error::bad_query(&format!("{name} must be a number from 0 to {max}")))).transpose()
    };
    let page = number("page", &query.page, usize::MAX)?.unwrap_or(0);
    let per_page = number("per_page", &query.per_page, MAX_PER_PAGE)?.unwrap_or(DEFAULT_PER_PAGE);
    let totals = match query.include_totals.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(error::bad_query("include_totals must be true or false")),
    };
    Ok(Selection { search, sort_field, descending, page, per_page, totals })
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<LogQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers, SCOPES)?;
        let selection = read(&query)?;
        let mut events: Vec<Value> =
            shared.live().auth0.logs.iter().filter(|e| selection.search.as_ref().is_none_or(|s| s.matches(e))).cloned().collect();
        let key = |e: &Value| e.get(&selection.sort_field).map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).unwrap_or_default();
        events.sort_by_key(key);
        if selection.descending {
            events.reverse();
        }
        let total = events.len();
        let start = selection.page.saturating_mul(selection.per_page);
        let page: Vec<Value> = events.into_iter().skip(start).take(selection.per_page).collect();
        if selection.totals {
            Ok(Json(json!({"start": start, "limit": selection.per_page, "length": page.len(), "total": total, "logs": page})).into_response())
        } else {
            Ok(Json(page).into_response())
        }
    };
    answer().unwrap_or_else(|refusal| refusal)
}

pub(crate) async fn get_one(State(shared): State<Arc<Shared>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Err(refusal) = gate::check(&shared, &headers, SCOPES) {
        return refusal;
    }
    match shared.live().auth0.logs.iter().find(|e| e["log_id"] == id.as_str()) {
        Some(event) => Json(event.clone()).into_response(),
        None => error::not_found("Log event"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_and_search_are_the_same_and_bad_values_are_refused() {
        let by_q = read(&LogQuery { q: Some("type:f".into()), ..Default::default() }).ok().unwrap();
        let by_search = read(&LogQuery { search: Some("type:f".into()), ..Default::default() }).ok().unwrap();
        assert_eq!(by_q.search, by_search.search);
        assert!(by_q.search.is_some());
        assert!(read(&LogQuery { sort: Some("date:up".into()), ..Default::default() }).is_err());
        assert!(read(&LogQuery { per_page: Some("101".into()), ..Default::default() }).is_err());
        assert!(read(&LogQuery { q: Some("type:".into()), ..Default::default() }).is_err());
        let fine = read(&LogQuery::default()).ok().unwrap();
        assert!(fine.descending && fine.per_page == 50 && fine.search.is_none());
    }
}
