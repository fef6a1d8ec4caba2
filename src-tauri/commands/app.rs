//! Facts about the running app that the UI shows (name, version, sandbox) and the UI's own error
//! reports, which land in the log file so support can see what the admin saw.

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub sandbox: bool,
    /// Practice mode only: what the (absent) Twilio Console and IdP console would show, so a
    /// newcomer can play both parts.
    pub practice: Option<PracticeHints>,
}

#[derive(Debug, Serialize)]
pub struct PracticeHints {
    /// The Entity ID the Console's step 2 would show for the practice connection.
    pub console_entity_id: Option<String>,
    /// The practice IdP's metadata address.
    pub idp_metadata_url: Option<String>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let practice = state.sandbox.then(|| PracticeHints {
        console_entity_id: std::env::var("FLEX_SSO_SANDBOX_CONNECTION_SID").ok().map(|sid| format!("urn:flex:{sid}")),
        idp_metadata_url: std::env::var("FLEX_SSO_IDP_METADATA_URL").ok(),
    });
    AppInfo { name: "Flex SSO Migrator", version: env!("CARGO_PKG_VERSION"), sandbox: state.sandbox, practice }
}

#[derive(Debug, Deserialize)]
pub struct UiError {
    pub code: String,
    pub message: String,
    pub screen: Option<String>,
}

/// The UI reports errors it showed, so the log has them. Bounded: a page cannot flood the log.
#[tauri::command]
pub fn log_ui_error(report: UiError) {
    let clip = |s: &str| s.chars().take(500).collect::<String>();
    tracing::warn!(
        code = %clip(&report.code),
        screen = %clip(report.screen.as_deref().unwrap_or("-")),
        "the UI showed an error: {}",
        clip(&report.message)
    );
}

/// The UI calls this once its first screen is painted. Logs the time since the process started
/// (to the log file, and one line on stderr for the startup benchmark, `./dev bench`); only the
/// first call counts, so a page cannot fill the log.
#[tauri::command]
pub fn first_screen_ready(page: Option<PageTimings>) {
    if let Some((elapsed, phases)) = crate::startup::first_screen_ready() {
        let ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        let page = page.unwrap_or_default();
        let backend = crate::startup::describe(&phases);
        let [script, answered, rendered, painted] =
            [page.script_started_ms, page.answered_ms, page.rendered_ms, page.painted_ms].map(f64::round);
        tracing::info!(ms, backend, script, answered, rendered, painted, "first screen ready (page times: ms after its navigation)");
        eprintln!(
            "flex-sso-migrator: first screen ready after {ms} ms ({backend}; page, ms after its navigation: script started {script}, backend answered {answered}, screen rendered {rendered}, painted {painted})"
        );
    }
}

/// When the page's own clock (milliseconds since its navigation started) saw its script start,
/// the backend's answers, the first screen's code run and its paint. A page could send anything:
/// the numbers are only logged.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageTimings {
    pub script_started_ms: f64,
    pub answered_ms: f64,
    pub rendered_ms: f64,
    pub painted_ms: f64,
}
