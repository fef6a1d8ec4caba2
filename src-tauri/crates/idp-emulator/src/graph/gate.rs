//! What every Graph request passes before its handler: the bearer token, the scenario's
//! refusals, the rate limit. The `Err` is the answer to send instead.
#![allow(clippy::result_large_err)]

use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use super::error;
use super::scenario::GraphFault;
use crate::defaults;
use crate::server::Shared;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    ReadOnly,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("Bearer").then(|| token.trim())
}

pub(crate) fn check(shared: &Shared, headers: &HeaderMap) -> Result<Access, Response> {
    let access = match bearer(headers) {
        Some(t) if t == defaults::GRAPH_TOKEN_READ_WRITE => Access::ReadWrite,
        Some(t) if t == defaults::GRAPH_TOKEN_READ_ONLY => Access::ReadOnly,
        _ => return Err(error::invalid_token()),
    };
    let mut live = shared.live();
    let graph = &mut live.graph;
    match graph.scenario.fault {
        GraphFault::None | GraphFault::NoPremiumLicence => {}
        GraphFault::Unauthorized => return Err(error::invalid_token()),
        GraphFault::Forbidden => return Err(error::forbidden()),
        GraphFault::RateLimited { times, retry_after_seconds } => {
            graph.rate_limited_calls += 1;
            if graph.rate_limited_calls <= times {
                let mut response = error::rate_limited();
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                return Err(response);
            }
        }
    }
    Ok(access)
}

/// A write needs the token with Application.ReadWrite.All.
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
    fn only_bearer_tokens_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("bearer  abc "));
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("SSWS abc"));
        assert_eq!(bearer(&headers), None);
    }
}
