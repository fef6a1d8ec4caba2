//! The HTTP server: the three Twilio endpoints, the control endpoints, start and shutdown.
//!
//! Every API request passes the same gate, in the order a real service applies them: it is
//! counted, held back (the configured added latency, then the slow scenario), possibly refused
//! by a fault (429, 5xx), then
//! authenticated, then answered from the scenario. Resets and stalls happen earlier, in the
//! listener (`connection_faults`).
//!
//! Helpers return `Result<_, Response>`: the `Err` is simply the answer to send, the usual axum
//! shape, so its size does not matter here.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER, USER_AGENT, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::connection_faults::FaultyListener;
use crate::payloads;
use crate::scenario::{AccountState, Fault, FlexSetup, Preset, Scenario};

/// An API key the emulator accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeyCredential {
    pub sid: String,
    pub secret: String,
}

impl std::fmt::Debug for ApiKeyCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyCredential").field("sid", &self.sid).finish_non_exhaustive()
    }
}

/// Fake credentials the emulator accepts by default (never real ones).
pub mod defaults {
    pub const ACCOUNT_SID: &str = "AC00000000000000000000000000e1e1e1";
    pub const AUTH_TOKEN: &str = "emulator-auth-token-0000";
    pub const API_KEY_SID: &str = "SK00000000000000000000000000e1e1e1";
    pub const API_KEY_SECRET: &str = "emulator-api-key-secret-0000";
}

/// How to start the emulator.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// Where to listen; port 0 picks a free one. Loopback by default.
    pub bind: SocketAddr,
    pub account_sid: String,
    pub auth_token: String,
    pub api_keys: Vec<ApiKeyCredential>,
    pub scenario: Scenario,
    /// Held before every answer of the three API endpoints, whatever the scenario, like the
    /// round trip to Twilio over the internet; zero by default. Unlike [`Fault::Slow`] it is not
    /// part of the scenario, so switching scenarios keeps it, and it never changes an answer:
    /// the benchmarks use it to see whether the preflight's calls overlap.
    pub added_latency: Duration,
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("bind", &self.bind)
            .field("account_sid", &self.account_sid)
            .field("api_keys", &self.api_keys)
            .field("scenario", &self.scenario)
            .field("added_latency", &self.added_latency)
            .finish_non_exhaustive()
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            account_sid: defaults::ACCOUNT_SID.to_owned(),
            auth_token: defaults::AUTH_TOKEN.to_owned(),
            api_keys: vec![ApiKeyCredential {
                sid: defaults::API_KEY_SID.to_owned(),
                secret: defaults::API_KEY_SECRET.to_owned(),
            }],
            scenario: Scenario::default(),
            added_latency: Duration::ZERO,
        }
    }
}

impl EmulatorConfig {
    pub fn with_preset(preset: Preset) -> Self {
        Self { scenario: preset.scenario(), ..Self::default() }
    }
}

/// Requests received per API endpoint since the scenario was last set (or the counts reset).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCounts {
    pub configuration: u32,
    pub account: u32,
    pub sso_config: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Configuration,
    Account,
    SsoConfig,
}

impl Endpoint {
    /// The endpoint a request path (query included) belongs to, as the router would route it.
    pub(crate) fn of_path(path: &str) -> Option<Endpoint> {
        let path = path.split('?').next().unwrap_or("");
        if path == "/v1/Configuration" {
            Some(Endpoint::Configuration)
        } else if path.starts_with("/2010-04-01/Accounts/") {
            Some(Endpoint::Account)
        } else if path == "/v1/Flex/Authentication/Config" {
            Some(Endpoint::SsoConfig)
        } else {
            None
        }
    }
}

#[derive(Debug)]
pub(crate) struct Live {
    pub(crate) scenario: Scenario,
    counts: RequestCounts,
    last_user_agent: Option<String>,
    /// Connections accepted under a connection-level fault since the scenario was set.
    pub(crate) faulted_connections: u32,
}

impl Live {
    fn new(scenario: Scenario) -> Self {
        Live { scenario, counts: RequestCounts::default(), last_user_agent: None, faulted_connections: 0 }
    }

    /// A new scenario: counts and faults start again from zero.
    fn restart(&mut self, scenario: Scenario) {
        *self = Live { last_user_agent: self.last_user_agent.take(), ..Live::new(scenario) };
    }
}

pub(crate) struct Shared {
    config: EmulatorConfig,
    base_url: String,
    live: Mutex<Live>,
}

impl Shared {
    /// The lock never stays poisoned in a way that matters here: the data is plain values.
    pub(crate) fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one request to `endpoint`; returns the count so far.
    pub(crate) fn count(&self, endpoint: Endpoint) -> u32 {
        let mut live = self.live();
        let counter = match endpoint {
            Endpoint::Configuration => &mut live.counts.configuration,
            Endpoint::Account => &mut live.counts.account,
            Endpoint::SsoConfig => &mut live.counts.sso_config,
        };
        *counter += 1;
        *counter
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("The Twilio emulator could not listen on {addr}: {source}. Pick another port or stop what uses it.")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

impl EmulatorError {
    pub fn code(&self) -> &'static str {
        match self {
            EmulatorError::Bind { .. } => "emulator_bind_failed",
        }
    }
}

/// Starts emulators.
pub struct Emulator;

impl Emulator {
    /// Binds, starts serving in the background and returns at once.
    pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, EmulatorError> {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| EmulatorError::Bind { addr: config.bind, source })?;
        let addr = listener.local_addr().map_err(|source| EmulatorError::Bind { addr: config.bind, source })?;
        let base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            live: Mutex::new(Live::new(config.scenario.clone())),
            config,
            base_url: base_url.clone(),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        let listener =
            FaultyListener::new(listener, shared.clone()).map_err(|source| EmulatorError::Bind { addr, source })?;
        let task = tokio::spawn(async move {
            let result = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = result {
                tracing::error!(%error, "the Twilio emulator stopped with an error");
            }
        });
        Ok(EmulatorHandle { addr, base_url, shared, stop: Some(stop), task: Some(task) })
    }
}

/// A running emulator. Dropping it stops the server too; [`EmulatorHandle::shutdown`] also waits.
pub struct EmulatorHandle {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn account_sid(&self) -> &str {
        &self.shared.config.account_sid
    }

    pub fn scenario(&self) -> Scenario {
        self.shared.live().scenario.clone()
    }

    /// Switches the scenario and resets the request counts (faults count from there).
    pub fn set_scenario(&self, scenario: Scenario) {
        self.shared.live().restart(scenario);
    }

    pub fn set_preset(&self, preset: Preset) {
        self.set_scenario(preset.scenario());
    }

    pub fn request_counts(&self) -> RequestCounts {
        self.shared.live().counts
    }

    pub fn reset_counts(&self) {
        self.shared.live().counts = RequestCounts::default();
    }

    /// The `User-Agent` of the last API request.
    pub fn last_user_agent(&self) -> Option<String> {
        self.shared.live().last_user_agent.clone()
    }

    /// Stops accepting requests and waits (at most a few seconds) for the server to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/Configuration", get(configuration))
        .route("/2010-04-01/Accounts/{file}", get(account))
        .route("/v1/Flex/Authentication/Config", get(sso_config))
        .route("/__emulator/scenario", get(get_scenario).post(post_scenario))
        .route("/__emulator/requests", get(get_counts))
        .route("/__emulator/reset", axum::routing::post(post_reset))
        .fallback(not_found)
        .with_state(shared)
}

fn twilio_error(status: StatusCode, code: u32, message: &str) -> Response {
    (status, Json(payloads::twilio_error(code, status.as_u16(), message))).into_response()
}

async fn not_found() -> Response {
    twilio_error(StatusCode::NOT_FOUND, 20404, "The requested resource was not found")
}

/// Counting, delays and faults shared by the three API endpoints. `Err` is the answer to give
/// instead of the real one; `Ok` is the scenario to answer from.
async fn gate(shared: &Shared, endpoint: Endpoint, headers: &HeaderMap) -> Result<Scenario, Response> {
    let count = shared.count(endpoint);
    let scenario = {
        let mut live = shared.live();
        live.last_user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
        live.scenario.clone()
    };
    if !shared.config.added_latency.is_zero() {
        tokio::time::sleep(shared.config.added_latency).await;
    }
    match scenario.fault {
        // Connection-level faults happened (or not) before axum got the connection.
        Fault::None | Fault::ResetConnection { .. } | Fault::Stall { .. } => {}
        Fault::Slow { delay_ms } => tokio::time::sleep(Duration::from_millis(delay_ms)).await,
        Fault::RateLimited { retry_after_seconds, times } => {
            if times.is_none_or(|t| count <= t) {
                let mut response = twilio_error(StatusCode::TOO_MANY_REQUESTS, 20429, "Too Many Requests");
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                return Err(response);
            }
        }
        Fault::ServerError { status, failures } => {
            if count <= failures {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let code = if status == StatusCode::SERVICE_UNAVAILABLE { 20503 } else { 20500 };
                return Err(twilio_error(status, code, "Internal Server Error"));
            }
        }
    }
    Ok(scenario)
}

/// Who signed the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    AuthToken,
    ApiKey,
}

fn authenticate(shared: &Shared, scenario: &Scenario, headers: &HeaderMap) -> Result<Caller, Response> {
    let refuse = || {
        let mut response = twilio_error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
        response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"Twilio API\""));
        response
    };
    if scenario.reject_credentials {
        return Err(refuse());
    }
    let decoded = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(refuse)?;
    let (user, password) = decoded.split_once(':').ok_or_else(refuse)?;
    let config = &shared.config;
    if user == config.account_sid && password == config.auth_token {
        return Ok(Caller::AuthToken);
    }
    if config.api_keys.iter().any(|k| k.sid == user && k.secret == password) {
        return Ok(Caller::ApiKey);
    }
    Err(refuse())
}

/// [inferred] How Twilio answers an inactive account's API calls is not documented per
/// endpoint; the emulator uses 401 with error 20005 ("Account not active").
fn refuse_inactive(scenario: &Scenario) -> Result<(), Response> {
    match scenario.account_status {
        AccountState::Active => Ok(()),
        AccountState::Suspended | AccountState::Closed => {
            Err(twilio_error(StatusCode::UNAUTHORIZED, 20005, "Account not active"))
        }
    }
}

async fn configuration(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let answer = async {
        let scenario = gate(&shared, Endpoint::Configuration, &headers).await?;
        authenticate(&shared, &scenario, &headers)?;
        refuse_inactive(&scenario)?;
        if scenario.flex == FlexSetup::Absent {
            return Err(twilio_error(StatusCode::NOT_FOUND, 20404, "The requested resource /Configuration was not found"));
        }
        Ok(Json(payloads::configuration(&scenario, &shared.config.account_sid, &shared.base_url)).into_response())
    };
    answer.await.unwrap_or_else(|response| response)
}

async fn account(State(shared): State<Arc<Shared>>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let answer = async {
        let scenario = gate(&shared, Endpoint::Account, &headers).await?;
        let caller = authenticate(&shared, &scenario, &headers)?;
        if caller == Caller::ApiKey && !scenario.api_keys_read_account {
            // Standard and restricted keys may not read Accounts (FLEX-SSO-FACTS §2).
            return Err(twilio_error(StatusCode::UNAUTHORIZED, 20003, "Authenticate"));
        }
        let sid = file.strip_suffix(".json").unwrap_or_default();
        if sid != shared.config.account_sid {
            return Err(twilio_error(
                StatusCode::NOT_FOUND,
                20404,
                &format!("The requested resource /2010-04-01/Accounts/{file} was not found"),
            ));
        }
        Ok(Json(payloads::account(&scenario, &shared.config.account_sid, &shared.config.auth_token)).into_response())
    };
    answer.await.unwrap_or_else(|response| response)
}

#[derive(Deserialize)]
struct SsoQuery {
    #[serde(rename = "AccountSid")]
    account_sid: Option<String>,
}

async fn sso_config(State(shared): State<Arc<Shared>>, Query(query): Query<SsoQuery>, headers: HeaderMap) -> Response {
    let answer = async {
        let scenario = gate(&shared, Endpoint::SsoConfig, &headers).await?;
        let Some(account_sid) = query.account_sid else {
            // [inferred] Twilio's exact answer to a missing parameter here is undocumented.
            return Err(twilio_error(StatusCode::BAD_REQUEST, 20001, "Missing required parameter AccountSid"));
        };
        if account_sid != shared.config.account_sid {
            return Ok(Json(json!({ "config_list": [] })).into_response());
        }
        Ok(Json(payloads::sso_config(&scenario, &account_sid)).into_response())
    };
    answer.await.unwrap_or_else(|response| response)
}

/// Body of `POST /__emulator/scenario`: `{"preset": "not_eligible"}` or `{"scenario": {...}}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScenarioRequest {
    Preset { preset: Preset },
    Full { scenario: Scenario },
}

async fn get_scenario(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.live().scenario.clone()).into_response()
}

async fn post_scenario(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let scenario = match serde_json::from_slice::<ScenarioRequest>(&body) {
        Ok(ScenarioRequest::Preset { preset }) => preset.scenario(),
        Ok(ScenarioRequest::Full { scenario }) => scenario,
        Err(_) => {
            let names: Vec<String> = Preset::ALL.iter().map(|p| p.name()).collect();
            let message = format!(
                "Send {{\"preset\": NAME}} with NAME one of {}, or {{\"scenario\": {{...}}}} with the scenario's fields.",
                names.join(", ")
            );
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    };
    shared.live().restart(scenario.clone());
    Json::<Value>(json!({ "scenario": scenario })).into_response()
}

async fn get_counts(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.live().counts).into_response()
}

async fn post_reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.live().counts = RequestCounts::default();
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_with(added_latency: Duration, scenario: Scenario) -> Shared {
        let config = EmulatorConfig { added_latency, scenario, ..EmulatorConfig::default() };
        Shared { live: Mutex::new(Live::new(config.scenario.clone())), config, base_url: "http://127.0.0.1:1".to_owned() }
    }

    /// Tokio's paused clock moves only through timers, so the time it shows after the gate is
    /// exactly what the gate waited (no wall-clock measurement).
    #[tokio::test(start_paused = true)]
    async fn the_added_latency_holds_every_api_endpoint_back_by_exactly_that_much() {
        let latency = Duration::from_millis(200);
        for endpoint in [Endpoint::Configuration, Endpoint::Account, Endpoint::SsoConfig] {
            let shared = shared_with(latency, Preset::Eligible.scenario());
            let start = tokio::time::Instant::now();
            assert!(gate(&shared, endpoint, &HeaderMap::new()).await.is_ok());
            assert_eq!(start.elapsed(), latency, "{endpoint:?}");

            let unhurried = shared_with(Duration::ZERO, Preset::Eligible.scenario());
            let start = tokio::time::Instant::now();
            assert!(gate(&unhurried, endpoint, &HeaderMap::new()).await.is_ok());
            assert_eq!(start.elapsed(), Duration::ZERO, "{endpoint:?} without added latency");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_added_latency_comes_on_top_of_a_slow_scenario_and_before_a_fault() {
        let latency = Duration::from_millis(200);
        let slow = Scenario { fault: Fault::Slow { delay_ms: 50 }, ..Preset::Eligible.scenario() };
        let shared = shared_with(latency, slow);
        let start = tokio::time::Instant::now();
        assert!(gate(&shared, Endpoint::Account, &HeaderMap::new()).await.is_ok());
        assert_eq!(start.elapsed(), latency + Duration::from_millis(50));

        // A refusal is held back too: a real 429 also crosses the internet.
        let shared = shared_with(latency, Preset::RateLimited.scenario());
        let start = tokio::time::Instant::now();
        let refused = gate(&shared, Endpoint::Configuration, &HeaderMap::new()).await.expect_err("429");
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(start.elapsed(), latency);
    }
}
