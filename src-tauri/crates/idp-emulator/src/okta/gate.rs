//! What every Okta API request passes before its handler, in the order Okta applies it: the
//! token, the scenario's refusals, the rate limit. The `Err` is the answer to send instead.
#![allow(clippy::result_large_err)]

use axum::http::header::{AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use super::error;
use super::scenario::OktaFault;
use crate::defaults;
use crate::server::Shared;

/// What the caller's token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    ReadOnly,
}

/// The token of `SSWS {token}` (API token) or `Bearer {token}` (OAuth access token); the scheme
/// is case-insensitive, the token exact.
fn token(headers: &HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let scheme = if scheme.eq_ignore_ascii_case("SSWS") {
        "SSWS"
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        "Bearer"
    } else {
        return None;
    };
    Some((scheme, token.trim()))
}

fn refuse_token(bearer: bool) -> Response {
    let mut response = error::invalid_token();
    if bearer {
        // [inferred] Okta adds an RFC 6750 challenge to a refused access token; its exact
        // parameters are not in the excerpt.
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"IdpEmulator\", error=\"invalid_token\", error_description=\"The access token is invalid.\""),
        );
    }
    response
}

pub(crate) fn check(shared: &Shared, headers: &HeaderMap) -> Result<Access, Response> {
    let presented = token(headers);
    let bearer = presented.is_some_and(|(scheme, _)| scheme == "Bearer");
    let access = match presented.map(|(_, t)| t) {
        Some(t) if t == defaults::ORG_TOKEN_READ_WRITE => Access::ReadWrite,
        Some(t) if t == defaults::ORG_TOKEN_READ_ONLY => Access::ReadOnly,
        _ => return Err(refuse_token(bearer)),
    };
    let mut live = shared.live();
    let okta = &mut live.okta;
    match okta.scenario.fault {
        OktaFault::None => {}
        OktaFault::Unauthorized => return Err(refuse_token(bearer)),
        OktaFault::Forbidden => return Err(error::forbidden()),
        OktaFault::RateLimited { times, retry_after_seconds } => {
            okta.rate_limited_calls += 1;
            if okta.rate_limited_calls <= times {
                let mut response = error::rate_limited();
                let reset = time::OffsetDateTime::now_utc().unix_timestamp() + retry_after_seconds as i64;
                let headers = response.headers_mut();
                headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                headers.insert("x-rate-limit-limit", HeaderValue::from(100u32));
                headers.insert("x-rate-limit-remaining", HeaderValue::from(0u32));
                headers.insert("x-rate-limit-reset", HeaderValue::from(reset));
                return Err(response);
            }
        }
    }
    Ok(access)
}

/// A write needs the read-write token.
pub(crate) fn check_write(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    match check(shared, headers)? {
        Access::ReadWrite => Ok(()),
        Access::ReadOnly => Err(error::forbidden()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schemes_are_read_and_anything_else_is_not() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("ssws abc"));
        assert_eq!(token(&headers), Some(("SSWS", "abc")));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer  xyz "));
        assert_eq!(token(&headers), Some(("Bearer", "xyz")));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("abc"));
        assert_eq!(token(&headers), None);
    }
}
