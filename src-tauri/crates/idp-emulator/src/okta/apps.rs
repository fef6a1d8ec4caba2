//! `GET /api/v1/apps`, `GET|PUT /api/v1/apps/{appId}`.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::LINK;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::filter::Filter;
use super::state::OktaState;
use super::{error, gate};
use crate::server::Shared;

/// What `filter=` may name on apps (the spec's list).
const APP_FILTER_ATTRIBUTES: &[&str] = &["id", "status", "credentials.signing.kid", "settings.slo.enabled", "name"];
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 200;

/// Properties Okta assigns itself: ignored in a `PUT` body, kept from the stored app.
const SYSTEM_FIELDS: &[&str] = &["id", "name", "status", "created", "lastUpdated", "orn", "features", "_links", "_embedded"];

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    q: Option<String>,
    filter: Option<String>,
    limit: Option<String>,
    after: Option<String>,
}

/// Starts-with, case-insensitive, on `name` or `label` (the spec's `q`).
fn matches_q(app: &Value, q: &str) -> bool {
    let q = q.to_lowercase();
    ["name", "label"].iter().any(|field| app[field].as_str().is_some_and(|v| v.to_lowercase().starts_with(&q)))
}

fn page_link(base: &str, query: &ListQuery, limit: usize, after: Option<&str>, rel: &str) -> HeaderValue {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    if let Some(q) = &query.q {
        pairs.append_pair("q", q);
    }
    if let Some(filter) = &query.filter {
        pairs.append_pair("filter", filter);
    }
    if let Some(after) = after {
        pairs.append_pair("after", after);
    }
    pairs.append_pair("limit", &limit.to_string());
    let link = format!("<{base}/api/v1/apps?{}>; rel=\"{rel}\"", pairs.finish());
    HeaderValue::from_str(&link).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => Some(Filter::parse(text, Some(APP_FILTER_ATTRIBUTES)).map_err(|why| {
                // [inferred] The excerpt lists no 400 for this operation; Okta answers an
                // unreadable filter with E0000031 "Invalid search criteria".
                error::response(axum::http::StatusCode::BAD_REQUEST, "E0000031", "Invalid search criteria.", &[why])
            })?),
            None => None,
        };
        // Okta treats an unusable limit as the default and caps it at the maximum [inferred].
        let limit = query.limit.as_deref().and_then(|l| l.parse::<i64>().ok()).filter(|l| *l > 0).map_or(DEFAULT_LIMIT, |l| (l as usize).min(MAX_LIMIT));
        let live = shared.live();
        let selected: Vec<&Value> = live
            .okta
            .apps
            .iter()
            .map(|a| &a.app)
            .filter(|app| query.q.as_deref().is_none_or(|q| matches_q(app, q)))
            .filter(|app| filter.as_ref().is_none_or(|f| f.matches(app)))
            .collect();
        // The cursor is the id of the last app of the previous page.
        let start = match &query.after {
            Some(after) => selected.iter().position(|a| a["id"] == after.as_str()).map_or(selected.len(), |i| i + 1),
            None => 0,
        };
        let page: Vec<Value> = selected.iter().skip(start).take(limit).map(|a| (*a).clone()).collect();
        let more = start + page.len() < selected.len();
        let mut response = Json(&page).into_response();
        let out = response.headers_mut();
        out.append(LINK, page_link(&shared.base_url, &query, limit, query.after.as_deref(), "self"));
        if more {
            let last = page.last().and_then(|a| a["id"].as_str());
            out.append(LINK, page_link(&shared.base_url, &query, limit, last, "next"));
        }
        Ok(response)
    };
    answer().unwrap_or_else(|refusal| refusal)
}

pub(crate) async fn get_one(State(shared): State<Arc<Shared>>, Path(app_id): Path<String>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let live = shared.live();
        let app = live.okta.app(&app_id).ok_or_else(|| error::not_found(&app_id, "AppInstance"))?;
        Ok(Json(&app.app).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

fn missing(body: &Map<String, Value>, path: &str) -> bool {
    let mut current = Some(&Value::Object(body.clone()));
    for part in path.split('.') {
        current = current.and_then(|v| v.get(part));
    }
    current.is_none_or(|v| v.is_null() || v.as_str().is_some_and(str::is_empty))
}

/// The checks Okta makes on a replacement app, as `E0000001` causes.
fn problems(stored: &Value, body: &Map<String, Value>, kids: &[String]) -> Vec<String> {
    let mut causes = Vec::new();
    let mode = stored["signOnMode"].as_str().unwrap_or_default();
    let mut required = vec!["label", "signOnMode"];
    // SAML apps' `name` is read-only (the spec's own `Saml2.0PutEx` leaves it out); other kinds
    // name their app definition and must send it, with their settings.
    if mode != "SAML_2_0" {
        required.extend(["name", "settings"]);
    }
    for field in required {
        if missing(body, field) {
            causes.push(format!("{field}: The field cannot be left blank"));
        }
    }
    if let Some(sent) = body.get("signOnMode").and_then(Value::as_str) {
        if sent != mode {
            // [inferred] Okta's wording for a changed sign-on mode is not in the excerpt.
            causes.push(format!("signOnMode: The sign-on mode cannot be changed from {mode} to {sent}"));
        }
    }
    let sign_on = body.get("settings").and_then(|s| s.get("signOn"));
    if mode == "SAML_2_0" {
        let flag = |name: &str| sign_on.and_then(|s| s.get(name)).and_then(Value::as_bool);
        if flag("responseSigned") == Some(false) && flag("assertionSigned") == Some(false) {
            causes.push("settings.signOn: Either responseSigned or assertionSigned must be true".to_owned());
        }
    }
    if let Some(kid) = body.get("credentials").and_then(|c| c.get("signing")).and_then(|s| s.get("kid")).and_then(Value::as_str) {
        if !kids.iter().any(|k| k == kid) {
            causes.push(format!("credentials.signing.kid: No key credential {kid} for this app"));
        }
    }
    causes
}

/// The stored app after a replace: the body without system fields, plus the stored ones, plus
/// the defaults Okta fills for SAML's required switches.
fn replaced(stored: &Value, mut body: Map<String, Value>, last_updated: String) -> Value {
    for field in SYSTEM_FIELDS {
        body.remove(*field);
        if let Some(kept) = stored.get(*field) {
            body.insert((*field).to_owned(), kept.clone());
        }
    }
    body.insert("lastUpdated".to_owned(), Value::String(last_updated));
    let mut app = Value::Object(body);
    if app["signOnMode"] == "SAML_2_0" {
        if let Some(sign_on) = app.pointer_mut("/settings/signOn").and_then(Value::as_object_mut) {
            for switch in ["allowMultipleAcsEndpoints", "honorForceAuthn", "requestCompressed", "assertionSigned", "responseSigned"] {
                sign_on.entry(switch).or_insert(Value::Bool(false));
            }
        }
    }
    app
}

pub(crate) async fn put(State(shared): State<Arc<Shared>>, Path(app_id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check_write(&shared, &headers)?;
        let mut live = shared.live();
        let okta = &mut live.okta;
        let stored = okta.app(&app_id).ok_or_else(|| error::not_found(&app_id, "AppInstance"))?;
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
            return Err(error::response(axum::http::StatusCode::BAD_REQUEST, "E0000003", "The request body was not well-formed.", &[]));
        };
        let kids: Vec<String> = stored.signing_keys.iter().map(super::fixtures::keys::kid).collect();
        let causes = problems(&stored.app, &body, &kids);
        if !causes.is_empty() {
            return Err(error::validation("app", &causes));
        }
        let new = replaced(&stored.app, body, OktaState::next_last_updated(stored));
        let answer = Json(&new).into_response();
        if let Some(app) = okta.app_mut(&app_id) {
            app.app = new;
        }
        okta.log_app_update(&app_id, false);
        Ok(answer)
    };
    answer().unwrap_or_else(|refusal| refusal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn q_is_a_case_insensitive_prefix_of_name_or_label() {
        let app = json!({"name": "dev-00000000_twilioflex_1", "label": "Twilio Flex"});
        assert!(matches_q(&app, "twilio"));
        assert!(matches_q(&app, "DEV-0"));
        assert!(!matches_q(&app, "Flex"));
    }

    #[test]
    fn a_replace_keeps_system_fields_and_drops_what_was_not_sent() {
        let stored = json!({"id": "0oa1", "name": "n_1", "status": "ACTIVE", "created": "c", "lastUpdated": "old",
            "label": "L", "signOnMode": "SAML_2_0", "visibility": {}, "_links": {"self": {"href": "x"}}});
        let body = json!({"id": "0oaEVIL", "name": "other", "status": "INACTIVE", "label": "New", "signOnMode": "SAML_2_0",
            "settings": {"signOn": {"audience": "a", "responseSigned": true}}});
        let new = replaced(&stored, body.as_object().unwrap().clone(), "new".to_owned());
        assert_eq!(new["id"], "0oa1");
        assert_eq!(new["name"], "n_1");
        assert_eq!(new["status"], "ACTIVE");
        assert_eq!(new["lastUpdated"], "new");
        assert_eq!(new["_links"]["self"]["href"], "x");
        assert_eq!(new["label"], "New");
        assert!(new.get("visibility").is_none(), "a replace, not a merge");
        assert_eq!(new["settings"]["signOn"]["honorForceAuthn"], false);
        assert_eq!(new["settings"]["signOn"]["responseSigned"], true);
    }

    #[test]
    fn each_problem_of_a_replacement_is_named() {
        let stored = json!({"signOnMode": "SAML_2_0"});
        let body = json!({"label": "", "signOnMode": "BOOKMARK", "credentials": {"signing": {"kid": "nope"}},
            "settings": {"signOn": {"responseSigned": false, "assertionSigned": false}}});
        let causes = problems(&stored, body.as_object().unwrap(), &["k1".to_owned()]);
        assert_eq!(causes.len(), 4, "{causes:?}");
        assert!(causes[0].starts_with("label:"));
        let bookmark = json!({"signOnMode": "BOOKMARK"});
        let causes = problems(&bookmark, json!({"label": "x", "signOnMode": "BOOKMARK"}).as_object().unwrap(), &[]);
        assert_eq!(causes, vec!["name: The field cannot be left blank", "settings: The field cannot be left blank"]);
        assert!(problems(&stored, json!({"label": "x", "signOnMode": "SAML_2_0"}).as_object().unwrap(), &[]).is_empty());
    }
}
