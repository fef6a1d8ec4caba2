//! `GET /applications`, `GET|PATCH /applications/{id}`.
//!
//! A PATCH sets each property it names and leaves the others; a complex property it names
//! (`web`) is replaced whole [inferred: Graph's update page describes no merge of nested
//! properties], so a `web` without `logoutUrl` clears it. The service principal mirrors the
//! application's identifiers (`servicePrincipalNames`) and reply URLs (`replyUrls`), as Graph's
//! description of those properties says. 204 No Content on success.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::filter::Filter;
use super::query::{page, select, top, ListQuery};
use super::{error, gate};
use crate::defaults::GRAPH_PATH;
use crate::server::Shared;

const FILTERABLE: &[&str] = &["id", "appId", "displayName"];
/// Properties of `microsoft.graph.application` a PATCH may set (the excerpt's, minus those its
/// descriptions call read-only and the navigation properties).
const WRITABLE: &[&str] = &[
    "addIns", "api", "appRoles", "certification", "defaultRedirectUri", "description", "displayName", "groupMembershipClaims",
    "identifierUris", "info", "isDeviceOnlyAuthSupported", "isFallbackPublicClient", "keyCredentials", "logo", "nativeAuthenticationApisEnabled",
    "notes", "oauth2RequirePostResponse", "optionalClaims", "parentalControlSettings", "passwordCredentials", "publicClient",
    "requestSignatureVerification", "requiredResourceAccess", "samlMetadataUrl", "serviceManagementReference",
    "servicePrincipalLockConfiguration", "signInAudience", "spa", "tags", "tokenEncryptionKeyId", "verifiedPublisher", "web",
];
const READ_ONLY: &[&str] = &["id", "appId", "applicationTemplateId", "createdDateTime", "deletedDateTime", "publisherDomain", "uniqueName", "disabledByMicrosoftStatus"];
const WEB_PROPERTIES: &[&str] = &["homePageUrl", "implicitGrantSettings", "logoutUrl", "redirectUris", "redirectUriSettings"];

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let top = top(&query, 999).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?;
        let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => Some(Filter::parse(text, FILTERABLE).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?),
            None => None,
        };
        let live = shared.live();
        let items: Vec<Value> = live.graph.apps.iter().map(|a| a.application.clone()).filter(|a| filter.as_ref().is_none_or(|f| f.matches(a))).collect();
        let size = top.unwrap_or(100).min(live.graph.scenario.page_size);
        let base = &shared.base_url;
        Ok(Json(page(items, &query, size, &format!("{base}{GRAPH_PATH}/$metadata#applications"), &format!("{base}{GRAPH_PATH}/applications"))).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

pub(crate) async fn get_one(State(shared): State<Arc<Shared>>, Path(id): Path<String>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    if let Err(refusal) = gate::check(&shared, &headers) {
        return refusal;
    }
    let found = shared.live().graph.apps.iter().find(|a| a.application["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(&id))).map(|a| a.application.clone());
    match found {
        Some(application) => {
            let mut answer = select(&application, query.select.as_deref());
            answer["@odata.context"] = json!(format!("{}{GRAPH_PATH}/$metadata#applications/$entity", shared.base_url));
            Json(answer).into_response()
        }
        None => error::not_found(&id),
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

/// What Graph would refuse in a PATCH body, in its words; `others` are the identifiers other
/// apps of the tenant hold.
pub(crate) fn problems(body: &Map<String, Value>, others: &[String]) -> Option<String> {
    for key in body.keys() {
        if READ_ONLY.contains(&key.as_str()) {
            return Some(format!("Property '{key}' is read-only and cannot be set."));
        }
        if !WRITABLE.contains(&key.as_str()) {
            return Some(format!("Property '{key}' does not exist on type 'microsoft.graph.application'."));
        }
    }
    if let Some(value) = body.get("identifierUris") {
        let Some(uris) = strings(value) else { return Some("Invalid value specified for property 'identifierUris' of resource 'Application'.".into()) };
        if uris.iter().any(|u| !u.contains(':') || u.trim() != u) {
            return Some("Values of identifierUris property must use a verified domain of the organization or its subdomain.".into());
        }
        if uris.iter().any(|u| others.contains(u)) {
            return Some("Another object with the same value for property identifierUris already exists.".into());
        }
    }
    if let Some(web) = body.get("web") {
        let Some(web) = web.as_object() else { return Some("Invalid value specified for property 'web' of resource 'Application'.".into()) };
        if let Some(key) = web.keys().find(|k| !WEB_PROPERTIES.contains(&k.as_str())) {
            return Some(format!("Property '{key}' does not exist on type 'microsoft.graph.webApplication'."));
        }
        if let Some(value) = web.get("redirectUris") {
            let Some(uris) = strings(value) else { return Some("Invalid value specified for property 'redirectUris' of resource 'Application'.".into()) };
            let usable = |u: &String| u.starts_with("https://") || u.starts_with("http://localhost") || u.starts_with("http://127.0.0.1");
            if let Some(bad) = uris.iter().find(|u| !usable(u)) {
                return Some(format!("Invalid value specified for property 'web.redirectUris' of resource 'Application': '{bad}' is not an absolute HTTPS URL."));
            }
        }
    }
    None
}

pub(crate) async fn patch(State(shared): State<Arc<Shared>>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check_write(&shared, &headers)?;
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
            return Err(error::bad_request("BadRequest", "Unable to read JSON request payload."));
        };
        let mut live = shared.live();
        let graph = &mut live.graph;
        let others: Vec<String> = graph
            .apps
            .iter()
            .filter(|a| !a.application["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(&id)))
            .flat_map(|a| strings(&a.application["identifierUris"]).unwrap_or_default())
            .collect();
        let app = graph.by_application_id_mut(&id).ok_or_else(|| error::not_found(&id))?;
        if let Some(problem) = problems(&body, &others) {
            return Err(error::bad_request("Request_BadRequest", &problem));
        }
        for (key, value) in body {
            app.application[key.as_str()] = value;
        }
        let app_id = app.application["appId"].clone();
        let mut names = vec![app_id];
        names.extend(app.application["identifierUris"].as_array().cloned().unwrap_or_default());
        app.service_principal["servicePrincipalNames"] = Value::Array(names);
        app.service_principal["replyUrls"] = app.application.pointer("/web/redirectUris").cloned().unwrap_or_else(|| json!([]));
        app.service_principal["displayName"] = app.application["displayName"].clone();
        Ok(StatusCode::NO_CONTENT.into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn each_refusal_names_its_property() {
        assert_eq!(problems(&object(json!({"appId": "x"})), &[]).unwrap(), "Property 'appId' is read-only and cannot be set.");
        assert!(problems(&object(json!({"invented": 1})), &[]).unwrap().contains("'invented' does not exist"));
        assert!(problems(&object(json!({"identifierUris": ["urn:flex:JQ1"]})), &["urn:flex:JQ1".to_owned()]).unwrap().contains("already exists"));
        assert!(problems(&object(json!({"web": {"redirectUris": ["http://x.example"]}})), &[]).unwrap().contains("not an absolute HTTPS URL"));
        assert!(problems(&object(json!({"web": {"replyUrls": []}})), &[]).unwrap().contains("'replyUrls' does not exist"));
        assert_eq!(problems(&object(json!({"identifierUris": ["urn:flex:JQ1"], "web": {"redirectUris": ["https://x"], "logoutUrl": null}})), &[]), None);
    }
}
