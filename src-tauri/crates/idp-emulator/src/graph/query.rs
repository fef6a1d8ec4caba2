//! The OData query options Graph lists take (`$filter`, `$select`, `$top`, `$skiptoken`), paging
//! with `@odata.nextLink`, and Graph's formats.

use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

#[derive(Deserialize, Default, Clone)]
pub(crate) struct ListQuery {
    #[serde(rename = "$filter")]
    pub filter: Option<String>,
    #[serde(rename = "$select")]
    pub select: Option<String>,
    #[serde(rename = "$top")]
    pub top: Option<String>,
    /// The emulator's cursor: how many objects earlier pages held.
    #[serde(rename = "$skiptoken")]
    pub skiptoken: Option<String>,
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Graph's timestamps: UTC, whole seconds, `Z`.
pub(crate) fn graph_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", at.year(), at.month() as u8, at.day(), at.hour(), at.minute(), at.second())
}

/// Only the `$select`ed properties (comma-separated), when there is a `$select`.
pub(crate) fn select(object: &Value, select: Option<&str>) -> Value {
    let Some(fields) = select.filter(|s| !s.trim().is_empty()) else { return object.clone() };
    let mut out = Map::new();
    for field in fields.split(',').map(str::trim) {
        if let Some(value) = object.get(field) {
            out.insert(field.to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

/// A `$top` Graph accepts: 1 to `max`; `Err` with Graph's words otherwise.
pub(crate) fn top(query: &ListQuery, max: usize) -> Result<Option<usize>, String> {
    match query.top.as_deref() {
        None => Ok(None),
        Some(t) => t.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).map(Some).ok_or_else(|| format!("Invalid page size specified: '{t}'. Must be between 1 and {max} inclusive.")),
    }
}

/// One page of `items` as a collection response, with `@odata.nextLink` (the same query, the
/// next `$skiptoken`) when more follow.
pub(crate) fn page(items: Vec<Value>, query: &ListQuery, page_size: usize, context: &str, link_base: &str) -> Value {
    let start = query.skiptoken.as_deref().and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
    let size = page_size.max(1);
    let value: Vec<Value> = items.iter().skip(start).take(size).map(|i| select(i, query.select.as_deref())).collect();
    let mut answer = json!({"@odata.context": context, "value": value});
    if start + size < items.len() {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("$filter", &query.filter), ("$select", &query.select), ("$top", &query.top)] {
            if let Some(value) = value {
                pairs.append_pair(name, value);
            }
        }
        pairs.append_pair("$skiptoken", &(start + size).to_string());
        answer["@odata.nextLink"] = json!(format!("{link_base}?{}", pairs.finish()));
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_the_next_with_the_same_query() {
        let items: Vec<Value> = (0..5).map(|i| json!({"id": i.to_string(), "x": i})).collect();
        let query = ListQuery { select: Some("id".into()), ..Default::default() };
        let first = page(items.clone(), &query, 2, "ctx", "http://h/v1.0/servicePrincipals");
        assert_eq!(first["value"], json!([{"id": "0"}, {"id": "1"}]));
        assert_eq!(first["@odata.nextLink"], "http://h/v1.0/servicePrincipals?%24select=id&%24skiptoken=2");
        let last = page(items, &ListQuery { skiptoken: Some("4".into()), ..Default::default() }, 2, "ctx", "x");
        assert_eq!(last["value"].as_array().unwrap().len(), 1);
        assert!(last.get("@odata.nextLink").is_none());
        assert_eq!(graph_time(time::macros::datetime!(2026-12-03 07:00:00.5 +01:00)), "2026-12-03T06:00:00Z");
    }
}
