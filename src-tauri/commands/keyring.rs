//! "Is my secure storage working?": a round trip through the OS keyring with a throw-away secret.

use serde::Serialize;
use tauri::State;

use flex_sso_secrets::{round_trip_check, Secret};

use crate::error::AppResult;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct KeyringCheck {
    /// Which store answered ("Secret Service", "macOS Keychain", ...).
    pub backend: &'static str,
    pub read_back: bool,
    pub deleted: bool,
    pub message: String,
}

#[tauri::command]
pub async fn keyring_check(state: State<'_, AppState>) -> AppResult<KeyringCheck> {
    let store = state.secrets.clone();
    // The keyring calls block (D-Bus, Keychain): keep them off the UI's event loop.
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let probe_name = format!("probe-{}", uuid::Uuid::new_v4());
        let probe_value = Secret::new(uuid::Uuid::new_v4().to_string());
        round_trip_check(store.as_ref(), &probe_name, &probe_value).map(|report| (report, store.backend_name()))
    })
    .await
    .map_err(|e| crate::error::AppError::Internal(format!("the keyring check stopped: {e}")))?;
    let (report, backend) = outcome?;
    let message = if report.read_back && report.deleted {
        format!("Secure storage works ({backend}): a test secret was saved, read back and removed.")
    } else {
        format!("Secure storage ({backend}) answered, but the test secret did not come back intact. Restart the app and try again.")
    };
    tracing::info!(backend, read_back = report.read_back, deleted = report.deleted, "keyring round trip");
    Ok(KeyringCheck { backend, read_back: report.read_back, deleted: report.deleted, message })
}
