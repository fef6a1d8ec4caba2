//! `GET /api/v1/logs`: the System Log with `since`, `until`, `filter`, `q`, `limit`, `after`,
//! `sortOrder`.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::LINK;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::filter::Filter;
use super::{error, gate};
use crate::server::Shared;
use crate::timefmt;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;

#[derive(Deserialize, Default)]
pub(crate) struct LogQuery {
    since: Option<String>,
    until: Option<String>,
    filter: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    after: Option<String>,
    #[serde(rename = "sortOrder")]
    sort_order: Option<String>,
}

fn bad(what: &str, why: String) -> Response {
    error::validation(what, &[why])
}

/// Every keyword appears, case-insensitively, in some text value of the event.
fn matches_keywords(event: &Value, keywords: &[String]) -> bool {
    fn texts(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(&s.to_lowercase());
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|i| texts(i, out)),
            Value::Object(map) => map.values().for_each(|i| texts(i, out)),
            _ => {}
        }
    }
    let mut all = String::new();
    texts(event, &mut all);
    keywords.iter().all(|k| all.contains(k.as_str()))
}

struct Selection {
    since: OffsetDateTime,
    until: OffsetDateTime,
    filter: Option<Filter>,
    keywords: Vec<String>,
    limit: usize,
    descending: bool,
}

fn read(query: &LogQuery) -> Result<Selection, Response> {
    let time = |name: &str, text: &Option<String>| -> Result<Option<OffsetDateTime>, Response> {
        match text {
            None => Ok(None),
            Some(t) => timefmt::parse(t).map(Some).ok_or_else(|| bad(name, format!("{name}: '{t}' is not an ISO 8601 timestamp"))),
        }
    };
    let until = time("until", &query.until)?.unwrap_or_else(OffsetDateTime::now_utc);
    let since = time("since", &query.since)?.unwrap_or(until - Duration::days(7));
    let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(text) => Some(Filter::parse(text, None).map_err(|why| bad("filter", format!("filter: {why}")))?),
        None => None,
    };
    let keywords: Vec<String> = query.q.as_deref().unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
    if keywords.len() > 10 || keywords.iter().any(|k| k.chars().count() > 40) {
        return Err(bad("q", "q: at most 10 keywords of at most 40 characters".to_owned()));
    }
    let limit = match query.limit.as_deref() {
        None => DEFAULT_LIMIT,
        Some(l) => l.parse::<usize>().ok().filter(|l| *l <= MAX_LIMIT).ok_or_else(|| bad("limit", format!("limit: '{l}' is not between 0 and 1000")))?,
    };
    let descending = match query.sort_order.as_deref() {
        None | Some("ASCENDING") => false,
        Some("DESCENDING") => true,
        Some(other) => return Err(bad("sortOrder", format!("sortOrder: '{other}' is neither ASCENDING nor DESCENDING"))),
    };
    Ok(Selection { since, until, filter, keywords, limit, descending })
}

fn next_link(base: &str, query: &LogQuery, after: &str) -> HeaderValue {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("since", &query.since), ("until", &query.until), ("filter", &query.filter), ("q", &query.q), ("limit", &query.limit), ("sortOrder", &query.sort_order)] {
        if let Some(value) = value {
            pairs.append_pair(name, value);
        }
    }
    pairs.append_pair("after", after);
    HeaderValue::from_str(&format!("<{base}/api/v1/logs?{}>; rel=\"next\"", pairs.finish())).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<LogQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let selection = read(&query)?;
        let mut events: Vec<(OffsetDateTime, Value)> = shared
            .live()
            .okta
            .logs
            .iter()
            .filter_map(|e| timefmt::field(e, "published").map(|at| (at, e.clone())))
            .filter(|(at, _)| *at >= selection.since && *at < selection.until)
            .filter(|(_, e)| selection.filter.as_ref().is_none_or(|f| f.matches(e)))
            .filter(|(_, e)| matches_keywords(e, &selection.keywords))
            .collect();
        events.sort_by_key(|(at, _)| *at);
        if selection.descending {
            events.reverse();
        }
        // The cursor is the uuid of the last event of the previous page.
        let start = match &query.after {
            Some(after) => events.iter().position(|(_, e)| e["uuid"] == after.as_str()).map_or(events.len(), |i| i + 1),
            None => 0,
        };
        let page: Vec<Value> = events.iter().skip(start).take(selection.limit).map(|(_, e)| e.clone()).collect();
        let more = start + page.len() < events.len();
        let mut response = Json(&page).into_response();
        if more {
            if let Some(last) = page.last().and_then(|e| e["uuid"].as_str()) {
                response.headers_mut().append(LINK, next_link(&shared.base_url, &query, last));
            }
        }
        Ok(response)
    };
    answer().unwrap_or_else(|refusal| refusal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keywords_must_all_appear_in_some_text_of_the_event() {
        let event = json!({"displayMessage": "User attempted unauthorized access to app", "actor": {"alternateId": "agent@example.com"}});
        assert!(matches_keywords(&event, &["unauthorized".into(), "agent@example.com".into()]));
        assert!(!matches_keywords(&event, &["unauthorized".into(), "supervisor".into()]));
        assert!(matches_keywords(&event, &[]));
    }

    #[test]
    fn unreadable_parameters_are_refused() {
        let refused = |q: LogQuery| read(&q).is_err();
        assert!(refused(LogQuery { since: Some("last week".into()), ..Default::default() }));
        assert!(refused(LogQuery { limit: Some("1001".into()), ..Default::default() }));
        assert!(refused(LogQuery { sort_order: Some("UP".into()), ..Default::default() }));
        assert!(refused(LogQuery { filter: Some("eventType".into()), ..Default::default() }));
        let fine = read(&LogQuery::default()).ok().unwrap();
        assert_eq!(fine.until - fine.since, Duration::days(7));
        assert_eq!(fine.limit, 100);
    }
}
