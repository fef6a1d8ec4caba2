//! `GET /servicePrincipals`, `GET /servicePrincipals/{id}` and the `appId` alternate-key forms
//! `GET /servicePrincipals(appId='…')`, `GET /applications(appId='…')`.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::filter::Filter;
use super::query::{page, select, top, ListQuery};
use super::{error, gate};
use crate::defaults::GRAPH_PATH;
use crate::server::Shared;

/// What `$filter` may name on service principals here.
const FILTERABLE: &[&str] = &["id", "appId", "displayName", "preferredSingleSignOnMode", "accountEnabled", "servicePrincipalType"];
/// Graph's default page of directory objects [inferred from its paging page: 100].
const DEFAULT_PAGE: usize = 100;
const MAX_TOP: usize = 999;

/// The service principal as Graph returns it: the certificate bytes (`keyCredentials[].key`)
/// only when `$select=keyCredentials` asks for one object, `null` otherwise.
pub(crate) fn public(sp: &Value, with_keys: bool) -> Value {
    let mut sp = sp.clone();
    if !with_keys {
        if let Some(keys) = sp.get_mut("keyCredentials").and_then(Value::as_array_mut) {
            for key in keys {
                key["key"] = Value::Null;
            }
        }
    }
    sp
}

fn context(shared: &Shared, what: &str) -> String {
    format!("{}{GRAPH_PATH}/$metadata#{what}", shared.base_url)
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let top = top(&query, MAX_TOP).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?;
        let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => Some(Filter::parse(text, FILTERABLE).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?),
            None => None,
        };
        let live = shared.live();
        let items: Vec<Value> = live
            .graph
            .apps
            .iter()
            .map(|a| public(&a.service_principal, false))
            .filter(|sp| filter.as_ref().is_none_or(|f| f.matches(sp)))
            .collect();
        let size = top.unwrap_or(DEFAULT_PAGE).min(live.graph.scenario.page_size);
        let link = format!("{}{GRAPH_PATH}/servicePrincipals", shared.base_url);
        Ok(Json(page(items, &query, size, &context(&shared, "servicePrincipals"), &link)).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

fn one(shared: &Shared, object: Value, query: &ListQuery, what: &str) -> Response {
    let mut answer = select(&object, query.select.as_deref());
    answer["@odata.context"] = json!(context(shared, &format!("{what}/$entity")));
    Json(answer).into_response()
}

fn selects_keys(query: &ListQuery) -> bool {
    query.select.as_deref().is_some_and(|s| s.split(',').any(|f| f.trim() == "keyCredentials"))
}

pub(crate) async fn get_one(State(shared): State<Arc<Shared>>, Path(id): Path<String>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    if let Err(refusal) = gate::check(&shared, &headers) {
        return refusal;
    }
    let found = shared.live().graph.by_sp_id(&id).map(|a| public(&a.service_principal, selects_keys(&query)));
    match found {
        Some(sp) => one(&shared, sp, &query, "servicePrincipals"),
        None => error::not_found(&id),
    }
}

/// `servicePrincipals(appId='…')` or `applications(appId='…')`, one path segment.
pub(crate) fn alternate_key(segment: &str) -> Option<(&str, &str)> {
    let (entity, rest) = segment.split_once("(appId='")?;
    let app_id = rest.strip_suffix("')")?;
    matches!(entity, "servicePrincipals" | "applications").then_some((entity, app_id))
}

pub(crate) async fn by_alternate_key(State(shared): State<Arc<Shared>>, Path(segment): Path<String>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let Some((entity, app_id)) = alternate_key(&segment) else {
        return error::no_segment(&segment);
    };
    if let Err(refusal) = gate::check(&shared, &headers) {
        return refusal;
    }
    let found = shared.live().graph.by_app_id(app_id).map(|a| match entity {
        "servicePrincipals" => public(&a.service_principal, selects_keys(&query)),
        _ => a.application.clone(),
    });
    match found {
        Some(object) => one(&shared, object, &query, entity),
        None => error::not_found(app_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_keys_are_read_from_one_segment() {
        assert_eq!(alternate_key("servicePrincipals(appId='f1e1')"), Some(("servicePrincipals", "f1e1")));
        assert_eq!(alternate_key("applications(appId='x')"), Some(("applications", "x")));
        assert_eq!(alternate_key("users(appId='x')"), None);
        assert_eq!(alternate_key("applications(appId=x)"), None);
    }
}
