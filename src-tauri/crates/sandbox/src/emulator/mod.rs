//! The Flex login emulator: Twilio's side of the new (OAuth 2.0) Flex SSO for the sandbox
//! account, on loopback.
//!
//! It listens on three ports standing in for three Twilio hosts, so the app sees distinct
//! origins as it would in real life (all three answer every route; each URL below names the
//! host it belongs to):
//! * flex UI (`https://flex.twilio.com`): `GET /{runtime-domain}` (the hosted login link) and
//!   `GET /agent-desktop` (where a sign-in lands);
//! * login (`https://login.flex.us1.twilio.com`): `GET /login?connection=JQ…` (sends the
//!   AuthnRequest) and `POST /login/callback?connection=JQ…` (the ACS);
//! * iam (`https://iam.twilio.com`): `POST /v1/Accounts/{AC}/saml2`, the legacy ACS, which
//!   answers that the legacy connection is no longer active.
//!
//! Sandbox controls, never in the app, under `/__sandbox/` on every port:
//! * `GET /__sandbox/received`: the count and the last SAML response received, as JSON;
//! * `GET|POST /__sandbox/idp-rotation`: the IdP's signing-key rotation stage
//!   (`current|announced|rotated`) and both of its certificates;
//! * `GET|POST /__sandbox/flex-certificate`: the IdP certificate Flex trusts (PEM), replaced the
//!   way an admin pastes a new one into the Twilio Console.

mod authn_request;
mod control;
mod pages;
mod received;
mod rejection;
mod routes;
mod trust;
mod validate;
mod xmlsec;

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use flex_sso_model::ids::ConnectionSid;
use serde::Serialize;
use tempfile::TempDir;

pub use authn_request::{authn_request_xml, idp_initiated_url, redirect_url};
pub use received::{AcsKind, ReceivedLog, ReceivedResponse};
pub use rejection::{FlexAttribute, Rejection};
pub use validate::SignedInUser;

use crate::{IdpRotation, IdpTrust, SandboxAccount, SandboxError};

/// The base URLs of the emulated Twilio hosts, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SandboxUrls {
    /// Stands in for `https://login.flex.us1.twilio.com` (FLEX-SSO-FACTS section 1, new ACS host).
    pub login_base_url: String,
    /// Stands in for `https://flex.twilio.com` (FLEX-SSO-FACTS section 7).
    pub flex_ui_base_url: String,
    /// Stands in for `https://iam.twilio.com` (FLEX-SSO-FACTS section 1, legacy ACS host).
    pub iam_base_url: String,
}

impl SandboxUrls {
    /// The new connection's ACS URL: `{login}/login/callback?connection={sid}`.
    pub fn acs_url(&self, sid: &ConnectionSid) -> String {
        format!("{}/login/callback?connection={sid}", self.login_base_url)
    }

    /// The hosted login link: `{flex_ui}/{runtime_domain}`.
    pub fn login_link(&self, runtime_domain: &str) -> String {
        format!("{}/{runtime_domain}", self.flex_ui_base_url)
    }

    /// A self-hosted Flex for practice: `{flex_ui}/self-hosted/flex`. Signed out, it sends the
    /// browser to the login for the active connection, which returns here after the ACS (what
    /// `appConfig.oauth.redirectUrl` does for a real self-hosted Flex).
    pub fn self_hosted_flex_url(&self) -> String {
        format!("{}/self-hosted/flex", self.flex_ui_base_url)
    }

    /// The login URL for one connection: `{login}/login?connection={sid}`.
    pub fn connection_login_url(&self, sid: &ConnectionSid) -> String {
        format!("{}/login?connection={sid}", self.login_base_url)
    }
}

/// Three loopback listeners bound before anything else starts, so their URLs can be handed to
/// the IdP (whose configuration names the ACS) before the emulator knows the IdP's URLs.
#[derive(Debug)]
pub struct FlexLoginListeners {
    login: TcpListener,
    flex_ui: TcpListener,
    iam: TcpListener,
}

impl FlexLoginListeners {
    pub fn bind_loopback() -> Result<Self, SandboxError> {
        let bind = || {
            TcpListener::bind("127.0.0.1:0").map_err(|e| SandboxError::io("open a port for the Flex login emulator", e))
        };
        Ok(Self { login: bind()?, flex_ui: bind()?, iam: bind()? })
    }

    /// `http://127.0.0.1:{port}` of each listener.
    pub fn urls(&self) -> SandboxUrls {
        let url = |l: &TcpListener| l.local_addr().map(|a| format!("http://{a}")).unwrap_or_default();
        SandboxUrls {
            login_base_url: url(&self.login),
            flex_ui_base_url: url(&self.flex_ui),
            iam_base_url: url(&self.iam),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FlexLoginOptions {
    /// Public base URLs (by default the listeners' own).
    pub urls: SandboxUrls,
    /// What Flex is configured with at start; `idp.certificate_pem` is the trusted certificate
    /// until [`FlexLoginHandle::trust_certificate`] or `POST /__sandbox/flex-certificate` replaces it.
    pub idp: IdpTrust,
    /// The IdP's rotation control behind `/__sandbox/idp-rotation` (absent: that route answers 404).
    pub idp_rotation: Option<IdpRotation>,
    pub account: SandboxAccount,
    /// The connection the hosted login link uses; the first `ok` connection if `None`.
    pub active_connection: Option<ConnectionSid>,
    /// How far the IdP's clock may be off. Twilio's tolerance is not published [inferred].
    pub clock_skew: Duration,
    pub xmlsec1: PathBuf,
}

impl FlexLoginOptions {
    pub fn new(urls: SandboxUrls, idp: IdpTrust) -> Self {
        Self {
            urls,
            idp,
            idp_rotation: None,
            account: SandboxAccount::builtin(),
            active_connection: None,
            clock_skew: Duration::from_secs(60),
            xmlsec1: xmlsec::default_xmlsec1(),
        }
    }
}

/// State shared by the request handlers.
pub(crate) struct Shared {
    pub(crate) options: FlexLoginOptions,
    pub(crate) active_connection: ConnectionSid,
    /// Before `scratch`: its files live there, so it is dropped first.
    pub(crate) trust: trust::Trust,
    pub(crate) scratch: TempDir,
    pub(crate) session_cookie: String,
    pub(crate) inner: Mutex<Inner>,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) received: ReceivedLog,
    pub(crate) sessions: HashMap<String, SignedInUser>,
    pub(crate) issued_requests: HashSet<String>,
    /// Where a login started by the self-hosted Flex returns, by RelayState.
    pub(crate) return_to: HashMap<String, String>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panicking handler must not take the whole emulator down with it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts the emulator; see [`FlexLogin::start`].
pub struct FlexLogin;

impl FlexLogin {
    /// Serves the emulator on `listeners` from a background thread with its own Tokio runtime,
    /// so callers (tests, the sandbox binary) need no runtime of their own.
    pub fn start(listeners: FlexLoginListeners, options: FlexLoginOptions) -> Result<FlexLoginHandle, SandboxError> {
        let active_connection = match &options.active_connection {
            Some(sid) => sid.clone(),
            None => options.account.connection_with(crate::Variant::Ok).map(|c| c.sid.clone()).ok_or_else(|| {
                SandboxError::SandboxDataInvalid { detail: "no connection has the variant \"ok\"".into() }
            })?,
        };
        let scratch = tempfile::Builder::new()
            .prefix("flex-sso-login-")
            .tempdir()
            .map_err(|e| SandboxError::io("create a temporary folder for the Flex login emulator", e))?;
        let trust = trust::Trust::new(scratch.path(), &options.idp.certificate_pem)?;
        let flex_ui_port = listeners.flex_ui.local_addr().map(|a| a.port()).unwrap_or(0);
        let urls = options.urls.clone();
        let shared = Arc::new(Shared {
            options,
            active_connection,
            trust,
            scratch,
            // Cookies ignore ports: the port keeps two sandboxes on one machine apart.
            session_cookie: format!("flex_sandbox_session_{flex_ui_port}"),
            inner: Mutex::new(Inner::default()),
        });

        let mut std_listeners = Vec::new();
        for listener in [listeners.login, listeners.flex_ui, listeners.iam] {
            listener.set_nonblocking(true).map_err(|e| SandboxError::io("prepare the emulator's ports", e))?;
            std_listeners.push(listener);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("flex-login-emulator")
            .build()
            .map_err(|e| SandboxError::EmulatorStart { detail: e.to_string() })?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let router = routes::router(shared.clone());
        let mut servers = Vec::new();
        for listener in std_listeners {
            let listener = {
                let _guard = runtime.enter();
                tokio::net::TcpListener::from_std(listener)
                    .map_err(|e| SandboxError::EmulatorStart { detail: e.to_string() })?
            };
            let mut stop = stop_rx.clone();
            let app = router.clone();
            servers.push(runtime.spawn(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|stopped| *stopped).await;
                    })
                    .await;
            }));
        }
        let mut stopped = stop_rx.clone();
        let thread = std::thread::Builder::new()
            .name("flex-login-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let _ = stopped.wait_for(|stopped| *stopped).await;
                    // Graceful shutdown waits for open connections; a client that keeps one
                    // alive must not hold the caller's drop for long.
                    let all = async {
                        for server in servers {
                            let _ = server.await;
                        }
                    };
                    let _ = tokio::time::timeout(Duration::from_secs(2), all).await;
                });
                runtime.shutdown_background();
            })
            .map_err(|e| SandboxError::EmulatorStart { detail: e.to_string() })?;
        Ok(FlexLoginHandle { urls, shared, stop: stop_tx, thread: Some(thread) })
    }
}

/// A running emulator; dropping it stops the servers and waits for them.
pub struct FlexLoginHandle {
    urls: SandboxUrls,
    shared: Arc<Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl FlexLoginHandle {
    pub fn urls(&self) -> &SandboxUrls {
        &self.urls
    }

    /// The hosted login link of the sandbox account (`{flex_ui}/{runtime_domain}`).
    pub fn login_link(&self) -> String {
        self.urls.login_link(&self.shared.options.account.runtime_domain)
    }

    pub fn active_connection(&self) -> &ConnectionSid {
        &self.shared.active_connection
    }

    /// What the ACS endpoints received so far (the same as `GET /__sandbox/received`).
    pub fn received(&self) -> ReceivedLog {
        self.shared.lock().received.clone()
    }

    /// Replaces the IdP certificate Flex trusts, as an admin pasting a new one into the Twilio
    /// Console (the same as `POST /__sandbox/flex-certificate`). Any shape the app reads is taken
    /// (flex-sso-certificate); anything but one certificate is refused and the old trust stays.
    pub fn trust_certificate(&self, text: &str) -> Result<(), SandboxError> {
        self.shared.trust.replace(text).map(|_| ())
    }

    /// The IdP certificate Flex trusts now, as PEM (the same as `GET /__sandbox/flex-certificate`).
    pub fn trusted_certificate_pem(&self) -> String {
        self.shared.trust.current().pem().to_owned()
    }
}

impl Drop for FlexLoginHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for FlexLoginHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlexLoginHandle").field("urls", &self.urls).finish()
    }
}
