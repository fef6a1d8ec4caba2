//! The HTTP client for the three Twilio reads (FLEX-SSO-FACTS §2).
//!
//! All three are GETs, so retrying them is harmless. Credentials go only into reqwest's
//! `basic_auth`, which marks the header sensitive; no URL, header or body is ever put into an
//! error, and logs carry only the call, the host, the status and the attempt number.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use flex_sso_model::ids::AccountSid;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use url::Url;

use crate::classify::{classify_status, classify_transport, Call};
use crate::credentials::Credentials;
use crate::endpoints::{join, Endpoints};
use crate::error::{codes, CredentialKind, TwilioError};
use crate::resources::{Account, FlexConfiguration, SsoConfigList, SsoConnection, TwilioErrorBody};
use crate::retry::{parse_retry_after, tokio_sleeper, RetryPolicy, Sleeper};

/// The `User-Agent` of every request: the app's name and version, so Twilio Support can tell
/// its traffic apart.
pub const USER_AGENT: &str = concat!("flex-sso-migrator/", env!("CARGO_PKG_VERSION"));

/// Tunables of [`TwilioClient`]. The defaults suit a desktop on an ordinary network.
#[derive(Clone)]
pub struct ClientOptions {
    /// Time allowed to open the connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for one whole attempt, body included.
    pub total_timeout: Duration,
    pub retry: RetryPolicy,
    /// How to wait between attempts; tests inject one that records and returns at once.
    pub sleeper: Sleeper,
    /// A DNS resolver to use instead of the system's (tests simulate lookup failures with it).
    pub resolver: Option<Arc<dyn reqwest::dns::Resolve>>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            sleeper: tokio_sleeper(),
            resolver: None,
        }
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("custom_resolver", &self.resolver.is_some())
            .finish_non_exhaustive()
    }
}

/// What the Account call gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountLookup {
    Read(Account),
    /// Standard and restricted API keys may not read the Account resource (401/403 there). That
    /// says nothing about whether the key is good: the Configuration call decides that.
    NotAvailableWithApiKey,
}

/// A client for the three Twilio reads. Cheap to clone.
#[derive(Clone, Debug)]
pub struct TwilioClient {
    http: reqwest::Client,
    endpoints: Endpoints,
    options: ClientOptions,
}

/// One answer, before it is judged.
struct RawResponse {
    status: u16,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => url.as_str().to_owned(),
    }
}

impl TwilioClient {
    pub fn new(endpoints: Endpoints) -> Result<Self, TwilioError> {
        Self::with_options(endpoints, ClientOptions::default())
    }

    pub fn with_options(endpoints: Endpoints, options: ClientOptions) -> Result<Self, TwilioError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(options.connect_timeout)
            .timeout(options.total_timeout)
            // Twilio's API does not redirect; following one could carry the Authorization
            // header somewhere unexpected.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(resolver) = &options.resolver {
            builder = builder.dns_resolver(Arc::new(SharedResolver(resolver.clone())));
        }
        let http = builder.build().map_err(|e| {
            tracing::error!(error = %e, "could not build the HTTP client");
            TwilioError::ClientSetup
        })?;
        Ok(Self { http, endpoints, options })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// `GET {flex_api}/v1/Configuration` with Basic auth.
    pub async fn fetch_flex_configuration(&self, credentials: &Credentials) -> Result<FlexConfiguration, TwilioError> {
        let base = &self.endpoints.flex_api;
        let raw = self.get(Call::Configuration, base, "v1/Configuration", Some(credentials)).await?;
        self.decode(Call::Configuration, credentials.kind(), base, raw)
    }

    /// `GET {api}/2010-04-01/Accounts/{sid}.json` with Basic auth.
    pub async fn fetch_account(&self, credentials: &Credentials) -> Result<AccountLookup, TwilioError> {
        let base = &self.endpoints.api;
        let path = format!("2010-04-01/Accounts/{}.json", credentials.account_sid);
        let raw = self.get(Call::Account, base, &path, Some(credentials)).await?;
        if credentials.kind() == CredentialKind::ApiKey && matches!(raw.status, 401 | 403) {
            let code = serde_json::from_slice::<TwilioErrorBody>(&raw.body).ok().and_then(|b| b.code);
            let inactive = matches!(
                code,
                Some(codes::ACCOUNT_IS_NOT_ACTIVE | codes::ACCOUNT_NOT_ACTIVE | codes::ACCOUNT_NOT_IN_ACTIVE_STATE)
            );
            if !inactive {
                return Ok(AccountLookup::NotAvailableWithApiKey);
            }
        }
        self.decode(Call::Account, credentials.kind(), base, raw).map(AccountLookup::Read)
    }

    /// `GET {services}/v1/Flex/Authentication/Config?AccountSid=…`, without auth.
    pub async fn fetch_sso_connections(&self, account_sid: &AccountSid) -> Result<Vec<SsoConnection>, TwilioError> {
        let base = &self.endpoints.services;
        let path = format!("v1/Flex/Authentication/Config?AccountSid={account_sid}");
        let raw = self.get(Call::SsoConnections, base, &path, None).await?;
        // [inferred] An account without any new connection may answer 404 rather than an empty
        // list; both mean "no new connection yet".
        if raw.status == 404 {
            return Ok(Vec::new());
        }
        let list: SsoConfigList = self.decode(Call::SsoConnections, CredentialKind::AuthToken, base, raw)?;
        Ok(list.config_list)
    }

    fn decode<T: DeserializeOwned>(
        &self,
        call: Call,
        kind: CredentialKind,
        base: &Url,
        raw: RawResponse,
    ) -> Result<T, TwilioError> {
        let host = host_of(base);
        if !(200..300).contains(&raw.status) {
            let error = classify_status(call, kind, &host, raw.status, &raw.body, raw.retry_after);
            tracing::debug!(?call, %host, status = raw.status, code = error.code(), "Twilio refused the request");
            return Err(error);
        }
        serde_json::from_slice(&raw.body).map_err(|e| {
            // The serde message can quote the body (which may hold an Auth Token): log only
            // where it failed.
            tracing::warn!(?call, %host, line = e.line(), column = e.column(), "unreadable answer from Twilio");
            TwilioError::UnexpectedResponse { host, status: raw.status, twilio_code: None }
        })
    }

    /// One GET with retries on timeouts, cut connections, 429 and 5xx (see
    /// [`TwilioError::is_transient`]). Returns the last answer when retries run out on a 429/5xx,
    /// so the caller classifies it like any other. Retrying is safe because this is a GET: there
    /// is deliberately no retrying path for any other method.
    async fn get(&self, call: Call, base: &Url, path: &str, auth: Option<&Credentials>) -> Result<RawResponse, TwilioError> {
        let url = join(base, path);
        let host = host_of(base);
        let mut failed = 0u32;
        loop {
            let outcome = self.get_once(&url, auth).await.map_err(|e| classify_transport(&e, &host, self.options.total_timeout));
            failed += 1;
            let retry_after = match &outcome {
                Ok(raw) if raw.status == 429 || raw.status >= 500 => raw.retry_after,
                Ok(_) => return outcome,
                Err(error) if error.is_transient() => None,
                Err(_) => return outcome,
            };
            let Some(wait) = self.options.retry.delay_after(failed, retry_after, fastrand::f64()) else {
                return outcome;
            };
            tracing::info!(?call, %host, attempt = failed, wait_ms = wait.as_millis() as u64, "retrying a Twilio call");
            (self.options.sleeper)(wait).await;
        }
    }

    async fn get_once(&self, url: &str, auth: Option<&Credentials>) -> Result<RawResponse, reqwest::Error> {
        let mut request = self.http.get(url).header(reqwest::header::ACCEPT, "application/json");
        if let Some(credentials) = auth {
            let (user, password) = credentials.basic_auth();
            request = request.basic_auth(user, Some(password));
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let retry_after = retry_after_of(response.headers());
        let body = response.bytes().await?.to_vec();
        Ok(RawResponse { status, retry_after, body })
    }
}

/// reqwest wants a sized resolver type; this one forwards to the shared one.
struct SharedResolver(Arc<dyn reqwest::dns::Resolve>);

impl reqwest::dns::Resolve for SharedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.0.resolve(name)
    }
}

fn retry_after_of(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}
