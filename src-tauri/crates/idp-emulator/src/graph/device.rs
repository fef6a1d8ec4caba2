//! The Microsoft sign-in's device code flow: `POST {login}/{tenant}/oauth2/v2.0/devicecode` and
//! `POST …/token` (form bodies), as the Microsoft identity platform's device code page describes
//! them. A sign-in stays pending until a test or the sandbox decides it through
//! `POST /__emulator/graph/device/approve`. The token given depends on the scopes asked for:
//! with Application.ReadWrite.All the read-write token, otherwise the read-only one.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::error::request_id;
use super::query::graph_time;
use crate::defaults;
use crate::server::Shared;

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const EXPIRES_IN: u64 = 900;
const INTERVAL: u64 = 5;

/// What the user does at the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceDecision {
    Approve,
    Decline,
    /// The code runs out before the user enters it.
    Expire,
}

#[derive(Debug, Clone)]
pub(crate) struct Grant {
    device_code: String,
    pub(crate) user_code: String,
    scope: String,
    pub(crate) decision: Option<DeviceDecision>,
    polls: u32,
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// An OAuth error answer in the identity platform's shape.
fn oauth_error(status: StatusCode, error: &str, aadsts: u32, description: &str) -> Response {
    let body = json!({
        "error": error, "error_description": format!("AADSTS{aadsts}: {description}"), "error_codes": [aadsts],
        "timestamp": graph_time(time::OffsetDateTime::now_utc()), "trace_id": request_id(), "correlation_id": request_id(),
    });
    (status, Json(body)).into_response()
}

fn check_tenant_and_client(tenant: &str, fields: &[(String, String)]) -> Result<(), Response> {
    if !tenant.eq_ignore_ascii_case(defaults::ENTRA_TENANT_ID) && !tenant.eq_ignore_ascii_case(defaults::ENTRA_TENANT_DOMAIN) {
        return Err(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", 90002, "Tenant not found."));
    }
    match field(fields, "client_id") {
        Some(id) if id.eq_ignore_ascii_case(defaults::ENTRA_CLIENT_ID) => Ok(()),
        Some(_) => Err(oauth_error(StatusCode::BAD_REQUEST, "unauthorized_client", 700016, "Application was not found in the directory.")),
        None => Err(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")),
    }
}

pub(crate) async fn device_code(State(shared): State<Arc<Shared>>, Path(tenant): Path<String>, body: Bytes) -> Response {
    let fields = form(&body);
    if let Err(refusal) = check_tenant_and_client(&tenant, &fields) {
        return refusal;
    }
    let Some(scope) = field(&fields, "scope").filter(|s| !s.trim().is_empty()) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
    };
    let mut live = shared.live();
    let n = live.graph.grants.len() + 1;
    let grant = Grant {
        device_code: format!("emulator-device-code-{n:04}-{}", request_id()),
        user_code: format!("FLEX{n:04}"),
        scope: scope.to_owned(),
        decision: None,
        polls: 0,
    };
    let answer = json!({
        "device_code": grant.device_code, "user_code": grant.user_code, "verification_uri": "https://microsoft.com/devicelogin",
        "expires_in": EXPIRES_IN, "interval": INTERVAL,
        "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {} to authenticate.", grant.user_code),
    });
    live.graph.grants.push(grant);
    Json(answer).into_response()
}

pub(crate) async fn token(State(shared): State<Arc<Shared>>, Path(tenant): Path<String>, body: Bytes) -> Response {
    let fields = form(&body);
    if let Err(refusal) = check_tenant_and_client(&tenant, &fields) {
        return refusal;
    }
    if field(&fields, "grant_type") != Some(DEVICE_CODE_GRANT) {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    let code = field(&fields, "device_code").unwrap_or_default();
    let mut live = shared.live();
    let slow_down_first = live.graph.scenario.slow_down_first_poll;
    let grants = &mut live.graph.grants;
    let Some(index) = grants.iter().position(|g| g.device_code == code) else {
        return oauth_error(StatusCode::BAD_REQUEST, "bad_verification_code", 70019, "Verification code not recognised.");
    };
    let grant = &mut grants[index];
    grant.polls += 1;
    match grant.decision {
        None if slow_down_first && grant.polls == 1 => oauth_error(StatusCode::BAD_REQUEST, "slow_down", 70016, "Polling too fast."),
        None => oauth_error(StatusCode::BAD_REQUEST, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling."),
        Some(DeviceDecision::Decline) => oauth_error(StatusCode::BAD_REQUEST, "authorization_declined", 70000, "The user declined the sign-in."),
        Some(DeviceDecision::Expire) => oauth_error(StatusCode::BAD_REQUEST, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
        Some(DeviceDecision::Approve) => {
            let grant = grants.remove(index);
            let write = grant.scope.split_whitespace().any(|s| s.ends_with("/Application.ReadWrite.All") || s == "Application.ReadWrite.All");
            let access = if write { defaults::GRAPH_TOKEN_READ_WRITE } else { defaults::GRAPH_TOKEN_READ_ONLY };
            let scope: Vec<&str> = grant.scope.split_whitespace().filter(|s| *s != "offline_access").collect();
            Json(json!({"token_type": "Bearer", "scope": scope.join(" "), "expires_in": 3599, "ext_expires_in": 3599,
                "access_token": access, "refresh_token": format!("emulator-refresh-{}", request_id())}))
            .into_response()
        }
    }
}

/// Body of `POST /__emulator/graph/device/approve`: `{}` approves the newest undecided sign-in;
/// `user_code` picks one; `decision` may be `decline` or `expire`.
#[derive(Deserialize, Default)]
pub(crate) struct DecideRequest {
    user_code: Option<String>,
    decision: Option<DeviceDecision>,
}

/// Decides a pending sign-in; `false` when there is none to decide.
pub(crate) fn decide(shared: &Shared, user_code: Option<&str>, decision: DeviceDecision) -> bool {
    let mut live = shared.live();
    let grant = live.graph.grants.iter_mut().rev().find(|g| match user_code {
        Some(code) => g.user_code.eq_ignore_ascii_case(code),
        None => g.decision.is_none(),
    });
    match grant {
        Some(grant) => {
            grant.decision = Some(decision);
            true
        }
        None => false,
    }
}

pub(crate) async fn post_decide(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: DecideRequest = if body.is_empty() {
        DecideRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(_) => return (StatusCode::BAD_REQUEST, Json(json!({"error": "Send {} or {\"user_code\": CODE, \"decision\": \"approve\"|\"decline\"|\"expire\"}."}))).into_response(),
        }
    };
    if decide(&shared, request.user_code.as_deref(), request.decision.unwrap_or(DeviceDecision::Approve)) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        (StatusCode::NOT_FOUND, Json(json!({"error": "No device code sign-in is waiting."}))).into_response()
    }
}

