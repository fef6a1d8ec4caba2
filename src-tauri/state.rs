//! What the commands share, managed by Tauri. Built from plain domain types so command tests can
//! put in-memory stores here while the running app uses the OS keyring.

use std::sync::Arc;

use flex_sso_secrets::{KeyringSecretStore, SecretStore};

pub struct AppState {
    pub secrets: Arc<dyn SecretStore>,
    /// True when the app runs on the practice sandbox (`./dev demo`), so every screen can say so.
    pub sandbox: bool,
}

impl AppState {
    /// The state of the real app: secrets in the OS keyring.
    pub fn from_environment() -> Self {
        Self { secrets: Arc::new(KeyringSecretStore::new()), sandbox: sandbox_from_env() }
    }
}

/// `./dev demo` sets `FLEX_SSO_SANDBOX=1` together with the emulators' base URLs.
pub fn sandbox_from_env() -> bool {
    matches!(std::env::var("FLEX_SSO_SANDBOX").as_deref(), Ok("1") | Ok("true"))
}
