//! What the emulator remembers of each API request: enough for a test to assert what the client
//! sent, never the credential itself.

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method, Uri};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One API request as received (control endpoints are not recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query, as sent (`/api/v1/apps?q=Twilio`).
    pub path: String,
    /// `"SSWS"`, `"Bearer"`, `"unrecognised"` for any other `Authorization` value, or `None`
    /// without one. Only the scheme word is kept: a header without a known scheme may be a bare
    /// token, so even its first word is not recorded.
    pub auth_scheme: Option<String>,
    /// The body, when it was JSON.
    pub body: Option<Value>,
}

impl RecordedRequest {
    pub(crate) fn describe(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Self {
        let path = uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_else(|| uri.path().to_owned());
        RecordedRequest {
            method: method.as_str().to_owned(),
            path,
            auth_scheme: headers.get(AUTHORIZATION).map(|value| auth_scheme(value.as_bytes()).to_owned()),
            body: if body.is_empty() { None } else { serde_json::from_slice(body).ok() },
        }
    }
}

/// The scheme of an `Authorization` value, compared case-insensitively as HTTP says.
pub(crate) fn auth_scheme(value: &[u8]) -> &'static str {
    let text = String::from_utf8_lossy(value);
    let scheme = text.split_whitespace().next().unwrap_or("");
    if scheme.eq_ignore_ascii_case("SSWS") {
        "SSWS"
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        "Bearer"
    } else {
        "unrecognised"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_scheme_of_the_authorization_header_is_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("SSWS secret-token-1"));
        let uri: Uri = "/api/v1/apps?q=Twilio".parse().unwrap();
        let seen = RecordedRequest::describe(&Method::GET, &uri, &headers, b"");
        assert_eq!(seen.auth_scheme.as_deref(), Some("SSWS"));
        assert_eq!(seen.path, "/api/v1/apps?q=Twilio");
        assert!(!format!("{seen:?}").contains("secret-token-1"));

        headers.insert(AUTHORIZATION, HeaderValue::from_static("secret-token-2"));
        let seen = RecordedRequest::describe(&Method::PUT, &uri, &headers, br#"{"label":"x"}"#);
        assert_eq!(seen.auth_scheme.as_deref(), Some("unrecognised"));
        assert_eq!(seen.body, Some(serde_json::json!({"label": "x"})));
        assert!(!format!("{seen:?}").contains("secret-token-2"));
        assert_eq!(auth_scheme(b"bearer abc"), "Bearer");
    }
}
