//! Auth0's error body and the errors the emulator gives.
//!
//! The excerpt declares no error body; Auth0's Management API answers errors as
//! `{statusCode, error, message, errorCode}` [inferred from Auth0's answers, see
//! `fixtures/auth0/SOURCE.md`]. The messages never repeat a token or a submitted value.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub(crate) fn body(status: StatusCode, message: &str, error_code: &str) -> Value {
    json!({
        "statusCode": status.as_u16(),
        "error": status.canonical_reason().unwrap_or("Error"),
        "message": message,
        "errorCode": error_code,
    })
}

pub(crate) fn response(status: StatusCode, message: &str, error_code: &str) -> Response {
    (status, Json(body(status, message, error_code))).into_response()
}

pub(crate) fn invalid_token() -> Response {
    response(StatusCode::UNAUTHORIZED, "Invalid token", "invalid_token")
}

/// 403 naming the scopes the operation wants, in the words of the spec's 403 descriptions.
pub(crate) fn insufficient_scope(expected: &[&str]) -> Response {
    response(StatusCode::FORBIDDEN, &format!("Insufficient scope, expected any of: {}", expected.join(",")), "insufficient_scope")
}

pub(crate) fn client_not_found() -> Response {
    response(StatusCode::NOT_FOUND, "The client does not exist", "inexistent_client")
}

pub(crate) fn not_found(what: &str) -> Response {
    response(StatusCode::NOT_FOUND, &format!("{what} not found"), "not_found")
}

pub(crate) fn bad_query(why: &str) -> Response {
    response(StatusCode::BAD_REQUEST, &format!("Query validation error: {why}"), "invalid_query_string")
}

pub(crate) fn bad_body(why: &str) -> Response {
    response(StatusCode::BAD_REQUEST, &format!("Payload validation error: {why}"), "invalid_body")
}

pub(crate) fn rate_limited() -> Response {
    response(StatusCode::TOO_MANY_REQUESTS, "Global limit has been reached", "too_many_requests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_has_auth0_s_four_fields() {
        let body = body(StatusCode::FORBIDDEN, "Insufficient scope, expected any of: update:clients", "insufficient_scope");
        assert_eq!(body["statusCode"], 403);
        assert_eq!(body["error"], "Forbidden");
        assert_eq!(body["errorCode"], "insufficient_scope");
        assert_eq!(body.as_object().unwrap().len(), 4);
    }
}
