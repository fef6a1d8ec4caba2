//! What the commands share, managed by Tauri. Built from plain domain types so command tests can
//! put in-memory stores and temporary folders here while the running app uses the OS keyring and
//! the OS's data folder.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use flex_sso_model::clock::{Clock, SystemClock};
use flex_sso_model::values::Hosts;
use flex_sso_secrets::{KeyringSecretStore, SecretStore};
use flex_sso_twilio::{Endpoints, TwilioClient};

use crate::accounts::Accounts;
use crate::error::AppError;

pub struct AppState {
    pub accounts: Accounts,
    /// The OS keyring itself (the keyring check uses it directly).
    pub secrets: Arc<dyn SecretStore>,
    pub endpoints: Endpoints,
    pub twilio: TwilioClient,
    /// Twilio's SSO hosts; the login host follows `endpoints.login` (the sandbox moves it).
    pub hosts: Hosts,
    pub clock: Arc<dyn Clock>,
    /// True when the app runs on the practice sandbox (`./dev demo`), so every screen can say so.
    pub sandbox: bool,
    /// One migration change at a time: load, apply, save must not interleave.
    pub migration_lock: Mutex<()>,
    /// What Twilio said of each profile's saved credentials at its last check in this run
    /// (profile id → accepted), so no screen says "signed in" for credentials Twilio refused.
    pub credential_checks: Mutex<std::collections::HashMap<String, bool>>,
    /// Microsoft sign-ins under way (profile id → the code shown), for step 2's Entra ID check.
    pub device_sign_ins: Mutex<std::collections::HashMap<String, crate::idp_tokens::PendingSignIn>>,
}

pub struct StateConfig {
    pub profiles_dir: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    pub endpoints: Endpoints,
    pub clock: Arc<dyn Clock>,
    pub sandbox: bool,
}

impl AppState {
    pub fn new(config: StateConfig) -> Result<Self, AppError> {
        let twilio = TwilioClient::new(config.endpoints.clone())
            .map_err(|e| AppError::Domain { code: e.code(), message: e.message() })?;
        let hosts = Hosts { login_base: config.endpoints.login.clone(), ..Hosts::default() };
        Ok(Self {
            accounts: Accounts::new(config.profiles_dir, config.secrets.clone()),
            secrets: config.secrets,
            endpoints: config.endpoints,
            twilio,
            hosts,
            clock: config.clock,
            sandbox: config.sandbox,
            migration_lock: Mutex::new(()),
            credential_checks: Mutex::default(),
            device_sign_ins: Mutex::default(),
        })
    }

    /// The real app's configuration: the OS keyring, the OS data folder, Twilio's endpoints
    /// (or the ones `FLEX_SSO_*_BASE_URL` name), the system clock.
    pub fn from_environment(profiles_dir: PathBuf) -> Result<Self, AppError> {
        let endpoints = Endpoints::from_env_over(Endpoints::twilio())
            .map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() })?;
        Self::new(StateConfig {
            profiles_dir,
            secrets: Arc::new(KeyringSecretStore::new()),
            endpoints,
            clock: Arc::new(SystemClock),
            sandbox: sandbox_from_env(),
        })
    }
}

/// `./dev demo` sets `FLEX_SSO_SANDBOX=1` together with the emulators' base URLs.
pub fn sandbox_from_env() -> bool {
    matches!(std::env::var("FLEX_SSO_SANDBOX").as_deref(), Ok("1") | Ok("true"))
}
