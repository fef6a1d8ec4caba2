//! `GET /api/v2/clients`, `GET|PATCH /api/v2/clients/{id}`.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{error, gate};
use crate::server::Shared;

/// The scopes each operation accepts (the excerpt's `security`).
pub(crate) const READ_SCOPES: &[&str] = &["read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"];
pub(crate) const UPDATE_SCOPES: &[&str] = &["update:clients", "update:client_keys", "update:client_credentials", "update:client_token_vault_privileged_access"];

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 100;

/// The properties a `PATCH` body may carry: `UpdateClientRequestContent.properties` of the
/// excerpt (it allows no others).
const UPDATABLE: &[&str] = &[
    "name", "description", "client_secret", "logo_uri", "callbacks", "oidc_logout", "oidc_backchannel_logout",
    "session_transfer", "allowed_origins", "web_origins", "grant_types", "client_aliases", "allowed_clients",
    "allowed_logout_urls", "jwt_configuration", "encryption_key", "sso", "cross_origin_authentication",
    "cross_origin_loc", "sso_disabled", "custom_login_page_on", "token_endpoint_auth_method",
    "is_token_endpoint_ip_header_trusted", "app_type", "is_first_party", "oidc_conformant", "custom_login_page",
    "custom_login_page_preview", "token_quota", "form_template", "addons", "client_metadata", "mobile",
    "initiate_login_uri", "native_social_login", "fedcm_login", "refresh_token", "default_organization",
    "organization_usage", "organization_require_behavior", "organization_discovery_methods",
    "client_authentication_methods", "require_pushed_authorization_requests", "require_proof_of_possession",
    "signed_request_object", "token_vault_privileged_access", "compliance_level",
    "skip_non_verifiable_callback_uri_confirmation_prompt", "token_exchange", "par_request_expiry",
    "express_configuration", "my_organization_configuration", "async_approval_notification_channels",
    "third_party_security_mode", "redirection_policy",
];

#[derive(Deserialize, Default)]
pub(crate) struct FieldsQuery {
    fields: Option<String>,
    include_fields: Option<String>,
}

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    fields: Option<String>,
    include_fields: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    include_totals: Option<String>,
    app_type: Option<String>,
    is_global: Option<String>,
    is_first_party: Option<String>,
}

fn flag(name: &str, value: &Option<String>) -> Result<Option<bool>, Response> {
    match value.as_deref() {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(error::bad_query(&format!("{name} must be true or false"))),
    }
}

fn number(name: &str, value: &Option<String>, max: usize) -> Result<Option<usize>, Response> {
    match value.as_deref() {
        None => Ok(None),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= max)
            .map(Some)
            .ok_or_else(|| error::bad_query(&format!("{name} must be a number from 0 to {max}"))),
    }
}

/// Keeps (or drops, with `include_fields=false`) the listed top-level fields.
fn select(client: &Value, fields: &Option<String>, include: Option<bool>) -> Value {
    let Some(list) = fields.as_deref().filter(|f| !f.trim().is_empty()) else {
        return client.clone();
    };
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    let include = include.unwrap_or(true);
    let kept: Map<String, Value> = client
        .as_object()
        .map(|o| o.iter().filter(|(k, _)| names.contains(&k.as_str()) == include).map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    Value::Object(kept)
}

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers, READ_SCOPES)?;
        let include = flag("include_fields", &query.include_fields)?;
        let totals = flag("include_totals", &query.include_totals)?.unwrap_or(false);
        let is_global = flag("is_global", &query.is_global)?;
        let is_first_party = flag("is_first_party", &query.is_first_party)?;
        let page = number("page", &query.page, usize::MAX)?.unwrap_or(0);
        let per_page = number("per_page", &query.per_page, MAX_PER_PAGE)?.unwrap_or(DEFAULT_PER_PAGE);
        let types: Option<Vec<&str>> = query.app_type.as_deref().map(|t| t.split(',').map(str::trim).collect());
        let live = shared.live();
        let selected: Vec<&Value> = live
            .auth0
            .clients
            .iter()
            .filter(|c| types.as_ref().is_none_or(|t| c["app_type"].as_str().is_some_and(|a| t.contains(&a))))
            .filter(|c| is_global.is_none_or(|g| c["global"].as_bool().unwrap_or(false) == g))
            .filter(|c| is_first_party.is_none_or(|f| c["is_first_party"].as_bool().unwrap_or(false) == f))
            .collect();
        let start = page.saturating_mul(per_page);
        let items: Vec<Value> = selected.iter().skip(start).take(per_page).map(|c| select(c, &query.fields, include)).collect();
        if totals {
            Ok(Json(json!({"start": start, "limit": per_page, "total": selected.len(), "clients": items})).into_response())
        } else {
            Ok(Json(items).into_response())
        }
    };
    answer().unwrap_or_else(|refusal| refusal)
}

pub(crate) async fn get_one(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<FieldsQuery>,
    headers: HeaderMap,
) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers, READ_SCOPES)?;
        let include = flag("include_fields", &query.include_fields)?;
        let live = shared.live();
        let client = live.auth0.client(&id).ok_or_else(error::client_not_found)?;
        Ok(Json(select(client, &query.fields, include)).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

/// What is wrong with a `PATCH` body, in Auth0's "Payload validation error" words.
fn problem(body: &Map<String, Value>) -> Option<String> {
    if body.is_empty() {
        return Some("'Too few properties defined (0), minimum 1'.".to_owned());
    }
    if let Some(extra) = body.keys().find(|k| !UPDATABLE.contains(&k.as_str())) {
        return Some(format!("'Additional properties not allowed: {extra}'."));
    }
    if let Some(callbacks) = body.get("callbacks") {
        if !callbacks.as_array().is_some_and(|list| list.iter().all(Value::is_string)) {
            return Some("'Expected type array of strings' on property callbacks.".to_owned());
        }
    }
    if let Some(addons) = body.get("addons") {
        if !addons.is_object() {
            return Some("'Expected type object but found type ...' on property addons.".to_owned());
        }
        if addons.get("samlp").is_some_and(|s| !s.is_object()) {
            return Some("'Expected type object' on property addons.samlp.".to_owned());
        }
    }
    if body.get("name").is_some_and(|n| n.as_str().is_none_or(|n| n.is_empty() || n.contains(['<', '>']))) {
        return Some("'String does not match pattern: ^[^<>]+$' on property name.".to_owned());
    }
    None
}

/// A `PATCH`: each property sent replaces the stored one whole [inferred: the excerpt defines no
/// deep merge; see `fixtures/auth0/SOURCE.md`]. Answers the updated client.
pub(crate) async fn patch(State(shared): State<Arc<Shared>>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers, UPDATE_SCOPES)?;
        let mut live = shared.live();
        let stored = live.auth0.client_mut(&id).ok_or_else(error::client_not_found)?;
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
            return Err(error::bad_body("the body is not a JSON object."));
        };
        if let Some(why) = problem(&body) {
            return Err(error::bad_body(&why));
        }
        for (key, value) in body {
            stored[key] = value;
        }
        Ok(Json(stored.clone()).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_kept_or_dropped() {
        let client = json!({"client_id": "a", "name": "n", "callbacks": [], "addons": {}});
        assert_eq!(select(&client, &Some("client_id,name".into()), None), json!({"client_id": "a", "name": "n"}));
        assert_eq!(select(&client, &Some("client_id, name".into()), Some(false)), json!({"callbacks": [], "addons": {}}));
        assert_eq!(select(&client, &None, Some(true)), client);
    }

    #[test]
    fn patch_bodies_are_checked_like_auth0_s() {
        let check = |v: Value| problem(v.as_object().unwrap());
        assert!(check(json!({})).unwrap().contains("minimum 1"));
        assert!(check(json!({"client_id": "x"})).unwrap().contains("client_id"));
        assert!(check(json!({"callbacks": "https://x"})).unwrap().contains("callbacks"));
        assert!(check(json!({"addons": {"samlp": []}})).unwrap().contains("samlp"));
        assert!(check(json!({"name": "<b>"})).unwrap().contains("name"));
        assert_eq!(check(json!({"callbacks": ["https://x"], "addons": {"samlp": {"audience": "urn:flex:JQ1"}}})), None);
    }
}
