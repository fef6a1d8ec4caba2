//! Okta's error body (`components/schemas/Error`) and the errors the emulator gives.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Each error gets its own `errorId`, as Okta's do (Okta support looks them up).
static NEXT_ERROR_ID: AtomicU64 = AtomicU64::new(1);

/// `{errorCode, errorSummary, errorLink, errorId, errorCauses}`; Okta's `errorLink` repeats the code.
pub(crate) fn body(code: &str, summary: &str, causes: &[String]) -> Value {
    let id = NEXT_ERROR_ID.fetch_add(1, Ordering::Relaxed);
    json!({
        "errorCode": code,
        "errorSummary": summary,
        "errorLink": code,
        "errorId": format!("oae{id:0>22}"),
        "errorCauses": causes.iter().map(|c| json!({ "errorSummary": c })).collect::<Vec<_>>(),
    })
}

pub(crate) fn response(status: StatusCode, code: &str, summary: &str, causes: &[String]) -> Response {
    (status, Json(body(code, summary, causes))).into_response()
}

/// 401 for a missing, malformed or unknown token (the summary never repeats the token).
pub(crate) fn invalid_token() -> Response {
    response(StatusCode::UNAUTHORIZED, "E0000011", "Invalid token provided", &[])
}

pub(crate) fn forbidden() -> Response {
    response(StatusCode::FORBIDDEN, "E0000006", "You do not have permission to perform the requested action", &[])
}

/// 404 in Okta's words: `Not found: Resource not found: {id} ({Type})`.
pub(crate) fn not_found(id: &str, kind: &str) -> Response {
    response(StatusCode::NOT_FOUND, "E0000007", &format!("Not found: Resource not found: {id} ({kind})"), &[])
}

/// 400 `E0000001`: `Api validation failed: {what}`, with one cause per problem.
pub(crate) fn validation(what: &str, causes: &[String]) -> Response {
    response(StatusCode::BAD_REQUEST, "E0000001", &format!("Api validation failed: {what}"), causes)
}

pub(crate) fn rate_limited() -> Response {
    response(StatusCode::TOO_MANY_REQUESTS, "E0000047", "API call exceeded rate limit due to too many requests.", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_gets_its_own_id_and_okta_shape() {
        let a = body("E0000007", "Not found", &[]);
        let b = body("E0000001", "Api validation failed: label", &["label: The field cannot be left blank".to_owned()]);
        assert_ne!(a["errorId"], b["errorId"]);
        assert_eq!(a["errorLink"], "E0000007");
        assert_eq!(b["errorCauses"][0]["errorSummary"], "label: The field cannot be left blank");
        assert_eq!(a["errorId"].as_str().map(str::len), Some(25));
    }
}
