//! Graph's error body (`microsoft.graph.ODataErrors.ODataError`) and the errors the emulator
//! gives. The messages are Graph's usual wording [inferred: the excerpt documents the shape,
//! not the texts]; none repeats a token.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::query::graph_time;

static NEXT_REQUEST: AtomicU64 = AtomicU64::new(1);

/// A fresh GUID-shaped id (Graph's `request-id`, trace ids).
pub(crate) fn request_id() -> String {
    let n = NEXT_REQUEST.fetch_add(1, Ordering::Relaxed);
    format!("7e9e0000-0000-4000-8000-{n:012x}")
}

pub(crate) fn body(code: &str, message: &str) -> Value {
    let id = request_id();
    json!({"error": {"code": code, "message": message,
        "innerError": {"date": graph_time(time::OffsetDateTime::now_utc()), "request-id": id, "client-request-id": id}}})
}

pub(crate) fn response(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(body(code, message))).into_response()
}

pub(crate) fn invalid_token() -> Response {
    let mut response = response(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "Access token validation failure.");
    response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""));
    response
}

pub(crate) fn forbidden() -> Response {
    response(StatusCode::FORBIDDEN, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
}

pub(crate) fn no_premium_licence() -> Response {
    response(StatusCode::FORBIDDEN, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license")
}

pub(crate) fn not_found(id: &str) -> Response {
    response(
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// A path Graph does not serve.
pub(crate) fn no_segment(path: &str) -> Response {
    let last = path.rsplit('/').next().unwrap_or_default();
    response(StatusCode::BAD_REQUEST, "BadRequest", &format!("Resource not found for the segment '{last}'."))
}

pub(crate) fn bad_request(code: &str, message: &str) -> Response {
    response(StatusCode::BAD_REQUEST, code, message)
}

pub(crate) fn rate_limited() -> Response {
    response(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests.")
}
