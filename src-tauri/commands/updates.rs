//! Updates through Tauri's updater: the release workflow publishes a `latest.json` and each
//! package with a minisign signature made with the release key; the updater downloads the
//! package for this OS and refuses it unless the signature verifies against the public key built
//! into the app (`tauri.conf.json`, `plugins.updater.pubkey`).
//!
//! The page never gets the updater plugin's own commands: these commands are the only way in,
//! and they keep the rules of `crate::updates` (consent, at most daily, never in the sandbox, not
//! at all without a real release key). Consent and the last check live in the preferences store.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_store::StoreExt;
use tauri_plugin_updater::UpdaterExt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::commands::preferences::PREFERENCES_FILE;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::updates::{self, NotConfigured, UpdateSource};

const CONSENT_KEY: &str = "updates_consent";
const LAST_CHECK_KEY: &str = "updates_last_check";

/// The update found by the last check of this run, kept for "Download and install".
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<tauri_plugin_updater::Update>>);

/// What the last check found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CheckResult {
    UpToDate,
    Available { version: String, notes: Option<String>, date: Option<String> },
}

/// The last check as kept in the preferences store.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LastCheck {
    /// RFC 3339.
    at: String,
    /// The version that checked: a result about an older version of the app means nothing now.
    by_version: String,
    /// None when the check failed (it still counts: at most one attempt a day).
    result: Option<CheckResult>,
}

/// Everything the UI shows about updates.
#[derive(Debug, Serialize)]
pub struct UpdateStatus {
    pub current_version: &'static str,
    /// False when this build has no real release key (then it never checks).
    pub configured: bool,
    /// Why not, in words for the admin.
    pub not_configured: Option<String>,
    pub sandbox: bool,
    /// The admin's answer to "may the app check once a day?"; null until asked.
    pub consent: Option<bool>,
    /// When the app last looked (RFC 3339).
    pub last_checked: Option<String>,
    pub result: Option<CheckResult>,
    /// True when this call itself asked the update server.
    pub checked_now: bool,
}

#[derive(Debug, Serialize)]
pub struct InstallOutcome {
    pub installed: bool,
    pub version: String,
    pub message: String,
}

fn store_error(error: tauri_plugin_store::Error) -> AppError {
    AppError::Domain { code: "preferences_unavailable", message: format!("Your update settings could not be read or saved ({error}).") }
}

fn configured_pubkey<R: Runtime>(app: &AppHandle<R>) -> Option<String> {
    app.config().plugins.0.get("updater")?.get("pubkey")?.as_str().map(str::to_owned)
}

fn source<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateSource, NotConfigured> {
    updates::source(configured_pubkey(app).as_deref())
}

fn consent<R: Runtime>(app: &AppHandle<R>) -> AppResult<Option<bool>> {
    Ok(app.store(PREFERENCES_FILE).map_err(store_error)?.get(CONSENT_KEY).and_then(|v| v.as_bool()))
}

fn last_check<R: Runtime>(app: &AppHandle<R>) -> AppResult<Option<LastCheck>> {
    let value = app.store(PREFERENCES_FILE).map_err(store_error)?.get(LAST_CHECK_KEY);
    Ok(value.and_then(|v| serde_json::from_value::<LastCheck>(v).ok()))
}

fn save_last_check<R: Runtime>(app: &AppHandle<R>, result: Option<CheckResult>, now: OffsetDateTime) -> AppResult<()> {
    let record = LastCheck {
        at: now.format(&Rfc3339).unwrap_or_default(),
        by_version: env!("CARGO_PKG_VERSION").to_owned(),
        result,
    };
    let store = app.store(PREFERENCES_FILE).map_err(store_error)?;
    store.set(LAST_CHECK_KEY, serde_json::to_value(record).map_err(|e| AppError::Internal(e.to_string()))?);
    store.save().map_err(store_error)
}

fn status<R: Runtime>(app: &AppHandle<R>, state: &AppState, checked_now: bool) -> AppResult<UpdateStatus> {
    let source = source(app);
    let last = last_check(app)?.filter(|last| last.by_version == env!("CARGO_PKG_VERSION"));
    Ok(UpdateStatus {
        current_version: env!("CARGO_PKG_VERSION"),
        configured: source.is_ok(),
        not_configured: source.err().map(|e| e.0),
        sandbox: state.sandbox,
        consent: consent(app)?,
        last_checked: last.as_ref().map(|l| l.at.clone()),
        result: last.and_then(|l| l.result),
        checked_now,
    })
}

fn refuse_in_sandbox(state: &AppState) -> AppResult<()> {
    if state.sandbox {
        return Err(AppError::Domain {
            code: "updates_sandbox",
            message: "The practice sandbox never looks for new versions. Start the app normally to check for updates.".into(),
        });
    }
    Ok(())
}

fn check_failed(error: impl std::fmt::Display) -> AppError {
    AppError::Domain {
        code: "update_check_failed",
        message: format!(
            "The app could not find out whether a new version exists ({error}). Check your internet connection and try again later; \
             the version you have keeps working."
        ),
    }
}

/// Asks the update server now and remembers the answer.
async fn check_now<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> AppResult<UpdateStatus> {
    refuse_in_sandbox(state)?;
    let source = source(app).map_err(|e| AppError::Domain { code: "updates_not_configured", message: e.0 })?;
    let now = state.clock.now();
    let updater = app
        .updater_builder()
        .endpoints(vec![source.endpoint])
        .map_err(check_failed)?
        .pubkey(source.pubkey)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(check_failed)?;
    let found = match updater.check().await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!("update check failed: {error}");
            save_last_check(app, None, now)?;
            return Err(check_failed(error));
        }
    };
    let result = match &found {
        None => CheckResult::UpToDate,
        Some(update) => CheckResult::Available {
            version: update.version.clone(),
            notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
            date: update.date.and_then(|d| d.format(&Rfc3339).ok()),
        },
    };
    tracing::info!(?result, "update check");
    *app.state::<PendingUpdate>().0.lock().unwrap_or_else(|p| p.into_inner()) = found;
    save_last_check(app, Some(result), now)?;
    status(app, state, true)
}

/// What the UI shows about updates, without asking the network.
#[tauri::command]
pub fn update_status<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppResult<UpdateStatus> {
    status(&app, &state, false)
}

/// The admin's answer to "may the app check for new versions once a day?".
#[tauri::command]
pub fn update_consent_set<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, allow: bool) -> AppResult<UpdateStatus> {
    let store = app.store(PREFERENCES_FILE).map_err(store_error)?;
    store.set(CONSENT_KEY, allow);
    store.save().map_err(store_error)?;
    tracing::info!(allow, "update consent");
    status(&app, &state, false)
}

/// Called when the app starts: checks only when the admin agreed, this build has a release key,
/// it is not the sandbox, and the last check is a day old. Otherwise answers from what it knows.
#[tauri::command]
pub async fn update_check_if_due<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppResult<UpdateStatus> {
    let now = state.clock.now();
    let last = last_check(&app)?.and_then(|l| OffsetDateTime::parse(&l.at, &Rfc3339).ok());
    let allowed = !state.sandbox && source(&app).is_ok() && consent(&app)? == Some(true);
    if allowed && updates::check_due(last, now) {
        check_now(&app, &state).await
    } else {
        status(&app, &state, false)
    }
}

/// "Check now" on the About page: the admin's click is the consent for this one check.
#[tauri::command]
pub async fn update_check<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppResult<UpdateStatus> {
    check_now(&app, &state).await
}

fn is_signature_error(error: &tauri_plugin_updater::Error) -> bool {
    use tauri_plugin_updater::Error as E;
    matches!(
        error,
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } | E::MissingSignedVersion
    )
}

/// Downloads the new version, verifies its signature against the release key, and installs it.
/// A package whose signature does not verify is refused and nothing is installed.
#[tauri::command]
pub async fn update_install<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppResult<InstallOutcome> {
    refuse_in_sandbox(&state)?;
    let pending = || app.state::<PendingUpdate>().0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let update = match pending() {
        Some(update) => update,
        None => {
            check_now(&app, &state).await?;
            pending().ok_or_else(|| AppError::Domain {
                code: "update_none",
                message: format!("You already have the newest version ({}).", env!("CARGO_PKG_VERSION")),
            })?
        }
    };
    let version = update.version.clone();
    let bytes = update.download(|_, _| {}, || {}).await.map_err(|error| {
        tracing::warn!(version, "update download refused or failed: {error}");
        if is_signature_error(&error) {
            AppError::Domain {
                code: "update_signature_invalid",
                message: format!(
                    "The download of version {version} was refused: it is not signed with this app's release key, so it may have been \
                     changed on the way or not come from the app's publishers. Nothing was installed and the version you have keeps working."
                ),
            }
        } else {
            AppError::Domain {
                code: "update_download_failed",
                message: format!("Version {version} could not be downloaded ({error}). Check your internet connection and try again."),
            }
        }
    })?;
    tracing::info!(version, bytes = bytes.len(), "update downloaded and its signature verified");
    if tauri::utils::platform::bundle_type().is_none() {
        // Not installed from an installer (a build from source): the updater would overwrite the
        // running file, so it is not asked to.
        return Ok(InstallOutcome {
            installed: false,
            version: version.clone(),
            message: format!(
                "Version {version} was downloaded and its signature is valid, but this copy of the app was not installed with an \
                 installer, so it cannot replace itself. Download the installer from the project page."
            ),
        });
    }
    update.install(&bytes).map_err(|error| {
        tracing::warn!(version, "update install failed: {error}");
        AppError::Domain {
            code: "update_install_failed",
            message: format!(
                "Version {version} could not be installed ({error}). The version you have keeps working; you can also download the \
                 installer from the project page."
            ),
        }
    })?;
    *app.state::<PendingUpdate>().0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    Ok(InstallOutcome {
        installed: true,
        version: version.clone(),
        message: format!("Version {version} is installed. Close Flex SSO Migrator and open it again to use it."),
    })
}
