//! The HTTP server shared by the IdP modules: start and shutdown, request recording, and the
//! control endpoints under `/__emulator/`. Each IdP module adds its own API routes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::auth0::state::Auth0State;
use crate::auth0::{self, Auth0Preset, Auth0Scenario};
use crate::defaults::{GRAPH_PATH, LOGIN_PATH};
use crate::graph::state::GraphState;
use crate::graph::{self, DeviceDecision, GraphPreset, GraphScenario};
use crate::okta::state::OktaState;
use crate::okta::{self, OktaPreset, OktaScenario};
use crate::record::RecordedRequest;

/// Bodies larger than this are refused (an app object is a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// How to start the emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Where to listen; port 0 picks a free one. Loopback by default.
    pub bind: SocketAddr,
    pub okta: OktaScenario,
    /// The Entra ID tenant behind the Graph endpoints.
    pub graph: GraphScenario,
    /// The Auth0 tenant, served under `/api/v2` of the same origin (the "tenant domain").
    pub auth0: Auth0Scenario,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            okta: OktaPreset::Legacy.scenario(),
            graph: GraphPreset::Legacy.scenario(),
            auth0: Auth0Preset::Legacy.scenario(),
        }
    }
}

impl EmulatorConfig {
    pub fn with_preset(preset: OktaPreset) -> Self {
        Self { okta: preset.scenario(), ..Self::default() }
    }

    /// The Entra ID tenant of `preset`, Okta's and Auth0's defaults beside it.
    pub fn with_graph_preset(preset: GraphPreset) -> Self {
        Self { graph: preset.scenario(), ..Self::default() }
    }

    /// The Auth0 tenant of `preset`, Okta's and Graph's defaults beside it.
    pub fn with_auth0_preset(preset: Auth0Preset) -> Self {
        Self { auth0: preset.scenario(), ..Self::default() }
    }
}

#[derive(Debug)]
pub(crate) struct Live {
    pub(crate) okta: OktaState,
    pub(crate) graph: GraphState,
    pub(crate) auth0: Auth0State,
    pub(crate) requests: Vec<RecordedRequest>,
}

pub(crate) struct Shared {
    pub(crate) base_url: String,
    live: Mutex<Live>,
}

impl Shared {
    /// The lock never stays poisoned in a way that matters: the data is plain values.
    pub(crate) fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new scenario: the org as loaded, no recorded requests.
    fn load(&self, scenario: OktaScenario) {
        let mut live = self.live();
        live.okta = OktaState::new(scenario, &self.base_url);
        live.requests.clear();
    }

    /// A new Graph scenario: the tenant as loaded, no sign-ins under way, no recorded requests.
    fn load_graph(&self, scenario: GraphScenario) {
        let mut live = self.live();
        live.graph = GraphState::new(scenario);
        live.requests.clear();
    }

    /// A new Auth0 scenario: the tenant as loaded, no recorded requests.
    fn load_auth0(&self, scenario: Auth0Scenario) {
        let mut live = self.live();
        live.auth0 = Auth0State::new(scenario);
        live.requests.clear();
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("The IdP emulator could not listen on {addr}: {source}. Pick another port or stop what uses it.")]
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
pub struct IdpEmulator;

impl IdpEmulator {
    /// Binds, starts serving in the background and returns at once.
    pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, EmulatorError> {
        let bind = config.bind;
        let listener = tokio::net::TcpListener::bind(bind).await.map_err(|source| EmulatorError::Bind { addr: bind, source })?;
        let addr = listener.local_addr().map_err(|source| EmulatorError::Bind { addr: bind, source })?;
        let base_url = format!("http://{addr}");
        let okta = OktaState::new(config.okta, &base_url);
        let graph = GraphState::new(config.graph);
        let auth0 = Auth0State::new(config.auth0);
        let shared = Arc::new(Shared { base_url: base_url.clone(), live: Mutex::new(Live { okta, graph, auth0, requests: Vec::new() }) });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            let result = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = result {
                tracing::error!(%error, "the IdP emulator stopped with an error");
            }
        });
        tracing::debug!(%base_url, "IdP emulator listening");
        Ok(EmulatorHandle { base_url, shared, stop: Some(stop), task: Some(task) })
    }
}

/// A running emulator. Dropping it stops the server too; [`EmulatorHandle::shutdown`] also waits.
pub struct EmulatorHandle {
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash: the Okta "org URL".
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Microsoft Graph v1.0 of the emulated Entra tenant: `{base}/v1.0`.
    pub fn graph_base_url(&self) -> String {
        format!("{}{GRAPH_PATH}", self.base_url)
    }

    /// The Microsoft sign-in endpoints: `{base}/login` (then `/{tenant}/oauth2/v2.0/…`).
    pub fn login_base_url(&self) -> String {
        format!("{}{LOGIN_PATH}", self.base_url)
    }

    /// Loads a Graph preset (the Okta side stays) and forgets the recorded requests.
    pub fn set_graph_preset(&self, preset: GraphPreset) {
        self.shared.load_graph(preset.scenario());
    }

    pub fn set_graph_scenario(&self, scenario: GraphScenario) {
        self.shared.load_graph(scenario);
    }

    /// The Entra apps as stored now.
    pub fn graph_apps(&self) -> Vec<graph::GraphApp> {
        self.shared.live().graph.apps.clone()
    }

    /// An admin edits the Entra app (by `appId`) in the admin center meanwhile: its name and the
    /// home page URL in its `web` change. Does nothing for an unknown id.
    pub fn change_entra_app_behind_the_clients_back(&self, app_id: &str) {
        if self.shared.live().graph.touch(app_id).is_none() {
            tracing::warn!(app_id, "no such Entra app to change");
        }
    }

    /// The user acts at the sign-in page on the newest undecided device code sign-in (or the one
    /// with `user_code`). `false` when none is waiting.
    pub fn decide_device_sign_in(&self, user_code: Option<&str>, decision: DeviceDecision) -> bool {
        graph::decide(&self.shared, user_code, decision)
    }

    /// Appends a sign-in log entry (a `signIn` object).
    pub fn add_sign_in(&self, sign_in: Value) {
        self.shared.live().graph.sign_ins.push(sign_in);
    }

    /// Loads the preset's apps, log events and fault, and forgets the recorded requests.
    pub fn set_preset(&self, preset: OktaPreset) {
        self.set_okta_scenario(preset.scenario());
    }

    pub fn set_okta_scenario(&self, scenario: OktaScenario) {
        self.shared.load(scenario);
    }

    /// The app objects as stored now (what a `GET` would answer).
    pub fn apps(&self) -> Vec<Value> {
        self.shared.live().okta.apps.iter().map(|a| a.app.clone()).collect()
    }

    /// The API requests received since the scenario was set, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.live().requests.clone()
    }

    /// An admin edits the app in the Okta console meanwhile: `lastUpdated` moves and the label
    /// changes. Does nothing for an unknown id.
    pub fn change_app_behind_the_clients_back(&self, app_id: &str) {
        if self.shared.live().okta.touch(app_id).is_none() {
            tracing::warn!(app_id, "no such app to change");
        }
    }

    /// Appends a System Log event (a `LogEvent` object).
    pub fn add_log_event(&self, event: Value) {
        self.shared.live().okta.logs.push(event);
    }

    /// The Auth0 "tenant domain" as a URL (`http://127.0.0.1:PORT`): the API is under `/api/v2`.
    pub fn auth0_base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Loads the Auth0 preset's clients, log events and fault, and forgets the recorded requests.
    pub fn set_auth0_preset(&self, preset: Auth0Preset) {
        self.set_auth0_scenario(preset.scenario());
    }

    pub fn set_auth0_scenario(&self, scenario: Auth0Scenario) {
        self.shared.load_auth0(scenario);
    }

    /// The Auth0 clients as stored now (what `GET /api/v2/clients/{id}` would answer).
    pub fn auth0_clients(&self) -> Vec<Value> {
        self.shared.live().auth0.clients.clone()
    }

    /// An admin edits the client's SAML2 Web App settings in the Auth0 dashboard meanwhile.
    /// Does nothing for an unknown id.
    pub fn change_auth0_client_behind_the_clients_back(&self, client_id: &str) {
        if self.shared.live().auth0.touch(client_id).is_none() {
            tracing::warn!(client_id, "no such Auth0 client to change");
        }
    }

    /// The Auth0 tenant log as stored now.
    pub fn auth0_log_events(&self) -> Vec<Value> {
        self.shared.live().auth0.logs.clone()
    }

    /// Appends an Auth0 tenant log event.
    pub fn add_auth0_log_event(&self, event: Value) {
        self.shared.live().auth0.logs.push(event);
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
    let control = Router::new()
        .route("/__emulator/scenario", get(get_scenario).post(post_scenario))
        .route("/__emulator/requests", get(get_requests))
        .route("/__emulator/reset", post(post_reset))
        .route("/__emulator/okta/log-events", post(post_log_event))
        .route("/__emulator/okta/apps/{id}/touch", post(post_touch))
        .route("/__emulator/graph/scenario", get(get_graph_scenario).post(post_graph_scenario))
        .route("/__emulator/graph/apps/{app_id}/touch", post(post_graph_touch))
        .route("/__emulator/auth0/log-events", post(post_auth0_log_event))
        .route("/__emulator/auth0/clients/{id}/touch", post(post_auth0_touch))
        .merge(graph::routes::control());
    okta::routes::router()
        .merge(graph::routes::router())
        .merge(auth0::routes::router())
        .layer(middleware::from_fn_with_state(shared.clone(), record))
        .merge(control)
        .fallback(not_found)
        .with_state(shared)
}

/// Remembers each API request (method, path, auth scheme, JSON body), then passes it on.
async fn record(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    };
    let seen = RecordedRequest::describe(&parts.method, &parts.uri, &parts.headers, &bytes);
    shared.live().requests.push(seen);
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// [inferred] Okta's answer to a path it does not serve (the excerpt documents none), or Auth0's
/// under Auth0's prefix, or Graph's under Graph's paths; the other IdPs' prefixes are checked
/// first so that Okta's catch-all never answers for them.
async fn not_found(request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with(auth0::routes::PREFIX) {
        return auth0::error::not_found("Path");
    }
    if path.starts_with(GRAPH_PATH) || path.starts_with(LOGIN_PATH) {
        return graph::error::no_segment(path);
    }
    okta::error::not_found(path, "Page")
}

fn scenario_answer(shared: &Shared) -> Value {
    let live = shared.live();
    json!({ "okta": live.okta.scenario, "auth0": live.auth0.scenario })
}

async fn get_scenario(State(shared): State<Arc<Shared>>) -> Response {
    Json(scenario_answer(&shared)).into_response()
}

/// Body of `POST /__emulator/scenario`: `{"preset": "migrated"}` or `{"okta": {...}}` for Okta,
/// `{"auth0_preset": "migrated"}` or `{"auth0": {...}}` for Auth0.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScenarioRequest {
    Preset { preset: OktaPreset },
    Full { okta: OktaScenario },
    Auth0Preset { auth0_preset: Auth0Preset },
    Auth0Full { auth0: Auth0Scenario },
}

async fn post_scenario(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<ScenarioRequest>(&body) {
        Ok(ScenarioRequest::Preset { preset }) => shared.load(preset.scenario()),
        Ok(ScenarioRequest::Full { okta }) => shared.load(okta),
        Ok(ScenarioRequest::Auth0Preset { auth0_preset }) => shared.load_auth0(auth0_preset.scenario()),
        Ok(ScenarioRequest::Auth0Full { auth0 }) => shared.load_auth0(auth0),
        Err(_) => {
            let names: Vec<String> = OktaPreset::ALL.iter().map(|p| p.name()).collect();
            let auth0_names: Vec<String> = Auth0Preset::ALL.iter().map(|p| p.name()).collect();
            let message = format!(
                "Send {{\"preset\": NAME}} with NAME one of {}, or {{\"okta\": {{...}}}} with a whole Okta scenario; or {{\"auth0_preset\": NAME}} with NAME one of {}, or {{\"auth0\": {{...}}}}.",
                names.join(", "),
                auth0_names.join(", ")
            );
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    }
    Json(scenario_answer(&shared)).into_response()
}

async fn get_requests(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.live().requests.clone()).into_response()
}

/// Puts the Okta org, the Entra ID (Graph) tenant and the Auth0 tenant back as their current
/// scenarios loaded them and forgets the recorded requests.
async fn post_reset(State(shared): State<Arc<Shared>>) -> Response {
    let scenario = shared.live().okta.scenario.clone();
    let graph = shared.live().graph.scenario.clone();
    shared.load_graph(graph);
    shared.load(scenario);
    let auth0 = shared.live().auth0.scenario.clone();
    shared.load_auth0(auth0);
    StatusCode::NO_CONTENT.into_response()
}

async fn post_log_event(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(event @ Value::Object(_)) => {
            shared.live().okta.logs.push(event);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (StatusCode::BAD_REQUEST, Json(json!({ "error": "Send one LogEvent as a JSON object." }))).into_response(),
    }
}

async fn post_touch(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.live().okta.touch(&id) {
        Some(app) => Json(app).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": format!("No app {id} in the scenario.") }))).into_response(),
    }
}

async fn get_graph_scenario(State(shared): State<Arc<Shared>>) -> Response {
    Json(json!({ "graph": shared.live().graph.scenario })).into_response()
}

/// Body of `POST /__emulator/graph/scenario`: `{"preset": "migrated"}` or `{"graph": {...}}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum GraphScenarioRequest {
    Preset { preset: GraphPreset },
    Full { graph: GraphScenario },
}

async fn post_graph_scenario(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let scenario = match serde_json::from_slice::<GraphScenarioRequest>(&body) {
        Ok(GraphScenarioRequest::Preset { preset }) => preset.scenario(),
        Ok(GraphScenarioRequest::Full { graph }) => graph,
        Err(_) => {
            let names: Vec<String> = GraphPreset::ALL.iter().map(|p| p.name()).collect();
            let message = format!("Send {{\"preset\": NAME}} with NAME one of {}, or {{\"graph\": {{...}}}} with a whole Graph scenario.", names.join(", "));
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    };
    shared.load_graph(scenario);
    Json(json!({ "graph": shared.live().graph.scenario })).into_response()
}

async fn post_graph_touch(State(shared): State<Arc<Shared>>, Path(app_id): Path<String>) -> Response {
    match shared.live().graph.touch(&app_id) {
        Some(application) => Json(application).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": format!("No Entra app {app_id} in the scenario.") }))).into_response(),
    }
}

async fn post_auth0_log_event(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(event @ Value::Object(_)) => {
            shared.live().auth0.logs.push(event);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (StatusCode::BAD_REQUEST, Json(json!({ "error": "Send one Auth0 log event as a JSON object." }))).into_response(),
    }
}

async fn post_auth0_touch(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.live().auth0.touch(&id) {
        Some(client) => Json(client).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": format!("No Auth0 client {id} in the scenario.") }))).into_response(),
    }
}
