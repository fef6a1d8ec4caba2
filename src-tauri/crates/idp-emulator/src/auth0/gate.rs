//! What every Auth0 API request passes before its handler: the bearer token and its scopes, the
//! scenario's refusals, the rate limit. The `Err` is the answer to send instead.
#![allow(clippy::result_large_err)]

use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use super::error;
use super::scenario::Auth0Fault;
use crate::defaults;
use crate::server::Shared;

/// The scopes of each emulator token.
fn scopes_of(token: &str) -> Option<&'static [&'static str]> {
    const READ: &[&str] = &["read:clients", "read:logs", "read:signing_keys"];
    const ALL: &[&str] = &["read:clients", "update:clients", "read:logs", "read:signing_keys"];
    if token == defaults::AUTH0_TOKEN_READ_WRITE {
        Some(ALL)
    } else if token == defaults::AUTH0_TOKEN_READ_ONLY {
        Some(READ)
    } else {
        None
    }
}

/// The token of `Bearer {token}` (the scheme case-insensitive, the token exact).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("Bearer").then_some(token.trim())
}

/// Lets the request through when its token holds any of `expected` (the operation's scopes, as
/// the excerpt lists them).
pub(crate) fn check(shared: &Shared, headers: &HeaderMap, expected: &[&str]) -> Result<(), Response> {
    let Some(scopes) = bearer(headers).and_then(scopes_of) else {
        return Err(error::invalid_token());
    };
    let mut live = shared.live();
    let auth0 = &mut live.auth0;
    match auth0.scenario.fault {
        Auth0Fault::None => {}
        Auth0Fault::Unauthorized => return Err(error::invalid_token()),
        Auth0Fault::Forbidden => return Err(error::insufficient_scope(expected)),
        Auth0Fault::RateLimited { times, retry_after_seconds } => {
            auth0.rate_limited_calls += 1;
            if auth0.rate_limited_calls <= times {
                let mut response = error::rate_limited();
                let reset = time::OffsetDateTime::now_utc().unix_timestamp() + retry_after_seconds as i64;
                let out = response.headers_mut();
                out.insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                out.insert("x-ratelimit-limit", HeaderValue::from(50u32));
                out.insert("x-ratelimit-remaining", HeaderValue::from(0u32));
                out.insert("x-ratelimit-reset", HeaderValue::from(reset));
                return Err(response);
            }
        }
    }
    if expected.iter().any(|scope| scopes.contains(scope)) {
        Ok(())
    } else {
        Err(error::insufficient_scope(expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bearer_tokens_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("bearer  abc "));
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("SSWS abc"));
        assert_eq!(bearer(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("abc"));
        assert_eq!(bearer(&headers), None);
        assert!(scopes_of(defaults::AUTH0_TOKEN_READ_ONLY).is_some_and(|s| !s.contains(&"update:clients")));
    }
}
