//! The IdP and the Flex login emulator started together, wired to each other.

use flex_sso_model::ids::ConnectionSid;

use crate::emulator::{FlexLogin, FlexLoginHandle, FlexLoginListeners, FlexLoginOptions};
use crate::{Idp, IdpHandle, IdpOptions, SandboxAccount, SandboxError};

#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    /// The connection the hosted login link uses (the `ok` one if `None`).
    pub active_connection: Option<ConnectionSid>,
    /// The SimpleSAMLphp configuration folder (`tests/fixtures/idp` if `None`).
    pub fixture_dir: Option<std::path::PathBuf>,
}

/// Starts both sides; see [`Sandbox::start`].
pub struct Sandbox;

impl Sandbox {
    /// Binds the emulator's ports first (the IdP's configuration needs their URLs), then starts
    /// the IdP, then serves the emulator trusting the IdP.
    pub fn start(options: SandboxOptions) -> Result<SandboxHandle, SandboxError> {
        let listeners = FlexLoginListeners::bind_loopback()?;
        let urls = listeners.urls();
        let mut idp_options = IdpOptions::new(urls.login_base_url.clone(), urls.iam_base_url.clone());
        if let Some(dir) = options.fixture_dir {
            idp_options.config_dir = dir;
        }
        let idp = Idp::start(idp_options)?;
        let mut login_options = FlexLoginOptions::new(urls, idp.trust());
        login_options.active_connection = options.active_connection;
        login_options.idp_rotation = Some(idp.rotation());
        let login = FlexLogin::start(listeners, login_options)?;
        Ok(SandboxHandle { login, idp, account: SandboxAccount::builtin() })
    }
}

/// Both running sides. Dropping it stops the emulator, then the IdP's process group.
#[derive(Debug)]
pub struct SandboxHandle {
    // Field order is drop order: the emulator first, so nothing posts to a dead IdP's users.
    pub login: FlexLoginHandle,
    pub idp: IdpHandle,
    pub account: SandboxAccount,
}

impl SandboxHandle {
    /// The `KEY=VALUE` lines the app needs to use this sandbox, in a stable order.
    pub fn environment(&self) -> Vec<(&'static str, String)> {
        let urls = self.login.urls();
        vec![
            ("FLEX_SSO_LOGIN_BASE_URL", urls.login_base_url.clone()),
            ("FLEX_SSO_FLEX_UI_BASE_URL", urls.flex_ui_base_url.clone()),
            ("FLEX_SSO_LEGACY_IAM_BASE_URL", urls.iam_base_url.clone()),
            ("FLEX_SSO_IDP_BASE_URL", self.idp.base_url().to_owned()),
            ("FLEX_SSO_IDP_METADATA_URL", self.idp.metadata_url()),
            ("FLEX_SSO_IDP_ENTITY_ID", self.idp.entity_id().to_owned()),
            ("FLEX_SSO_IDP_SSO_URL", self.idp.sso_url()),
            ("FLEX_SSO_SANDBOX_ACCOUNT_SID", self.account.account_sid.to_string()),
            ("FLEX_SSO_SANDBOX_RUNTIME_DOMAIN", self.account.runtime_domain.clone()),
            ("FLEX_SSO_SANDBOX_CONNECTION_SID", self.login.active_connection().to_string()),
            ("FLEX_SSO_SANDBOX_LOGIN_LINK", self.login.login_link()),
            ("FLEX_SSO_SANDBOX_SELF_HOSTED_URL", urls.self_hosted_flex_url()),
            ("FLEX_SSO_SANDBOX_RECEIVED_URL", format!("{}/__sandbox/received", urls.login_base_url)),
            // Base of the sandbox-only controls: `{this}/idp-rotation`, `{this}/flex-certificate`.
            ("FLEX_SSO_SANDBOX_CONTROL_URL", format!("{}/__sandbox", urls.login_base_url)),
        ]
    }
}
