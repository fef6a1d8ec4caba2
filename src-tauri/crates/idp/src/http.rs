//! The HTTP client every IdP module shares: timeouts, no redirects, retries of GETs only, the
//! token only ever in the Authorization header.
//!
//! Each IdP module judges the answers itself (its error bodies and codes differ); this file only
//! moves bytes and classifies what went wrong on the way.

use std::fmt;
use std::time::{Duration, SystemTime};

use flex_sso_secrets::Secret;
use flex_sso_twilio::retry::{parse_retry_after, tokio_sleeper, RetryPolicy, Sleeper};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LINK, RETRY_AFTER};
use reqwest::Method;
use url::Url;

use crate::error::IdpError;

/// The `User-Agent` of every request.
pub const USER_AGENT: &str = concat!("flex-sso-migrator/", env!("CARGO_PKG_VERSION"));

/// Tunables of the IdP clients. The defaults suit a desktop on an ordinary network.
#[derive(Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub total_timeout: Duration,
    pub retry: RetryPolicy,
    /// How to wait between attempts; tests inject one that returns at once.
    pub sleeper: Sleeper,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            sleeper: tokio_sleeper(),
        }
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// One answer, before the IdP module judges it.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    /// The `rel="next"` target of a `Link` header (Okta's paging).
    pub next: Option<Url>,
    pub body: Vec<u8>,
}

/// A client bound to one IdP base URL and one Authorization header value.
#[derive(Clone)]
pub(crate) struct ApiClient {
    http: reqwest::Client,
    base: Url,
    /// `None` for the OAuth endpoints, which take no Authorization header.
    authorization: Option<Secret>,
    options: ClientOptions,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient").field("base", &self.base.as_str()).finish_non_exhaustive()
    }
}

impl ApiClient {
    /// `authorization` is the whole header value (`SSWS …`, `Bearer …`).
    pub fn new(base: Url, authorization: Secret, options: ClientOptions) -> Result<Self, IdpError> {
        Self::build(base, Some(authorization), options)
    }

    /// A client without an Authorization header: for OAuth token endpoints, where the client
    /// authenticates with form fields.
    pub fn anonymous(base: Url, options: ClientOptions) -> Result<Self, IdpError> {
        Self::build(base, None, options)
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    fn build(base: Url, authorization: Option<Secret>, options: ClientOptions) -> Result<Self, IdpError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(options.connect_timeout)
            .timeout(options.total_timeout)
            // A redirect could carry the Authorization header to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                tracing::error!(error = %e, "could not build the HTTP client");
                IdpError::ClientSetup
            })?;
        Ok(Self { http, base, authorization, options })
    }

    pub fn host(&self) -> String {
        match (self.base.host_str(), self.base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => self.base.as_str().to_owned(),
        }
    }

    /// `path_and_query` under the base URL (which may itself have a path).
    pub fn url(&self, path_and_query: &str) -> Url {
        let base = self.base.as_str().trim_end_matches('/');
        let joined = format!("{base}/{}", path_and_query.trim_start_matches('/'));
        Url::parse(&joined).unwrap_or_else(|_| self.base.clone())
    }

    /// Whether a URL (a `Link: rel=next` from the IdP) is on the same origin as the base: the token
    /// is never sent anywhere else.
    pub fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.base.origin()
    }

    /// A GET, retried on timeouts, 429 and 5xx as the policy allows. The last answer is returned
    /// when retries run out, for the caller to judge.
    pub async fn get(&self, url: Url, what: &'static str) -> Result<Answer, IdpError> {
        let mut failed = 0u32;
        loop {
            let outcome = self.once(Method::GET, url.clone(), None).await;
            failed += 1;
            let retry_after = match &outcome {
                Ok(answer) if answer.status == 429 || answer.status >= 500 => answer.retry_after,
                Ok(_) => return outcome,
                Err(error) if error.is_transient() => None,
                Err(_) => return outcome,
            };
            let Some(wait) = self.options.retry.delay_after(failed, retry_after, fastrand::f64()) else {
                return outcome;
            };
            tracing::info!(call = what, host = %self.host(), attempt = failed, wait_ms = wait.as_millis() as u64, "retrying an IdP call");
            (self.options.sleeper)(wait).await;
        }
    }

    /// A write, sent once: a timeout or cut connection does not say whether the IdP acted, so it is
    /// never repeated; the caller re-reads instead.
    pub async fn write(&self, method: Method, url: Url, body: &serde_json::Value) -> Result<Answer, IdpError> {
        self.once(method, url, Some(Body::Json(body))).await
    }

    /// A form POST (`application/x-www-form-urlencoded`), sent once. The fields may hold
    /// secrets (a device code): they are never logged.
    pub async fn post_form(&self, url: Url, fields: &[(&str, &str)]) -> Result<Answer, IdpError> {
        let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        self.once(Method::POST, url, Some(Body::Form(encoded))).await
    }

    async fn once(&self, method: Method, url: Url, body: Option<Body<'_>>) -> Result<Answer, IdpError> {
        let mut request = self.http.request(method, url).header(ACCEPT, "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.header(AUTHORIZATION, sensitive(authorization.expose())?);
        }
        match body {
            Some(Body::Json(body)) => request = request.header(CONTENT_TYPE, "application/json").body(body.to_string()),
            Some(Body::Form(text)) => request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(text),
            None => {}
        }
        let response = request.send().await.map_err(|e| self.transport(&e))?;
        let status = response.status().as_u16();
        let retry_after = retry_after_of(response.headers());
        let next = next_link(response.headers());
        let body = response.bytes().await.map_err(|e| self.transport(&e))?.to_vec();
        Ok(Answer { status, retry_after, next, body })
    }

    fn transport(&self, error: &reqwest::Error) -> IdpError {
        // reqwest's message may hold the URL (never the token, which is only in a header); log
        // the kind only.
        tracing::debug!(host = %self.host(), timeout = error.is_timeout(), connect = error.is_connect(), "IdP call failed on the way");
        if error.is_timeout() {
            IdpError::Timeout { host: self.host(), seconds: self.options.total_timeout.as_secs().max(1) }
        } else {
            IdpError::Unreachable { host: self.host() }
        }
    }
}

enum Body<'a> {
    Json(&'a serde_json::Value),
    Form(String),
}

fn sensitive(value: &str) -> Result<reqwest::header::HeaderValue, IdpError> {
    let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| IdpError::ClientSetup)?;
    header.set_sensitive(true);
    Ok(header)
}

fn retry_after_of(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// `Retry-After`, or else Auth0's `x-ratelimit-reset` (the UNIX second the limit resets: Auth0
/// documents these headers, not `Retry-After`).
fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(value) = headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        return parse_retry_after(value, now);
    }
    let reset: u64 = headers.get("x-ratelimit-reset")?.to_str().ok()?.trim().parse().ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(reset);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `rel="next"` URL of a `Link` header: `<https://…?after=x>; rel="next", <…>; rel="self"`.
fn next_link(headers: &HeaderMap) -> Option<Url> {
    headers.get_all(LINK).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        if is_next {
            Url::parse(target).ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, "<https://o.example/api/v1/apps?limit=2>; rel=\"self\"".parse().unwrap());
        headers.append(LINK, "<https://o.example/api/v1/apps?after=0oa2&limit=2>; rel=\"next\"".parse().unwrap());
        assert_eq!(next_link(&headers).unwrap().as_str(), "https://o.example/api/v1/apps?after=0oa2&limit=2");
        let mut one = HeaderMap::new();
        one.append(LINK, "<https://o.example/a?after=1>; rel=\"self\", <https://o.example/a?after=2>; rel=\"next\"".parse().unwrap());
        assert_eq!(next_link(&one).unwrap().as_str(), "https://o.example/a?after=2");
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn retry_after_wins_and_auth0_s_reset_time_is_the_fallback() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-reset", "1800000007".parse().unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(2)));
        let mut past = HeaderMap::new();
        past.insert("x-ratelimit-reset", "1799999990".parse().unwrap());
        assert_eq!(retry_after_at(&past, now), Some(Duration::ZERO));
        assert_eq!(retry_after_at(&HeaderMap::new(), now), None);
    }
}
