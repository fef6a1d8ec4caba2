//! Step 4's login check: what the check will open and compare, starting an attempt in its own
//! incognito window, the attempt's live state (the main window polls it), closing the window,
//! and the login window's one command, `login_check_capture`.
//!
//! Updates reach the main window by polling `login_check_status` (a snapshot each time): the
//! main window needs no event permission, a late screen loses nothing, and the page never
//! depends on the order of events.

use std::time::Duration;

use serde::Serialize;
use std::sync::Arc;

use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State, Webview};
use url::Url;

use flex_sso_model::profiles::ProfileId;
use flex_sso_model::values::{self, Hosts};

use crate::commands::saml;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::validation::attempt::AttemptView;
use crate::validation::capture::{self, Refusal};
use crate::validation::flow::{check_start_url, Landmarks};
use crate::validation::window::{self, LoginChecks, StartRequest};

/// Default time an attempt may take, unless `FLEX_SSO_LOGIN_CHECK_TIMEOUT_SECS` or the start
/// request says otherwise.
pub const DEFAULT_TIMEOUT_SECS: u64 = 300;

/// Page reports taken per attempt (each page sends one).
const MAX_PAGE_REPORTS: u32 = 100;
/// A login posts a SAML response once or twice; more holds than this are not measurements.
const MAX_HOLD_REPORTS: u32 = 8;

/// What the check will open and what the answer is checked against.
#[derive(Debug, Serialize)]
pub struct LoginCheckPlan {
    pub profile_id: String,
    pub self_hosted: bool,
    /// The address the window opens, when known (`None`: the admin pastes the link).
    pub start_url: Option<String>,
    /// `preflight` (hosted login link), `self_hosted` (the Default redirect URL) or `none`.
    pub start_url_source: &'static str,
    pub connection_sid: Option<String>,
    pub expected_entity_id: Option<String>,
    pub expected_acs_url: Option<String>,
    pub idp_name: Option<String>,
    /// Set when the SAML response cannot be fully checked (no connection SID yet...).
    pub note: Option<String>,
    pub timeout_secs: u64,
}

fn default_timeout() -> u64 {
    std::env::var("FLEX_SSO_LOGIN_CHECK_TIMEOUT_SECS").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(DEFAULT_TIMEOUT_SECS)
}

/// The addresses of this account's login, and the exact ACS addresses its SAML response may go
/// to: the new connection's (when known) and the account's legacy ones.
fn landmarks(state: &AppState, id: &ProfileId, self_hosted_landing: Option<Url>) -> AppResult<Landmarks> {
    // The sandbox moves the legacy IAM host too (`./dev demo`, the tests).
    let legacy_iam = std::env::var("FLEX_SSO_LEGACY_IAM_BASE_URL")
        .ok()
        .and_then(|v| Url::parse(v.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .unwrap_or_else(|| state.hosts.legacy_iam_base.clone());
    let profile = state.accounts.profiles.get(id)?;
    let connection = state.accounts.profiles.load_migration(id)?.and_then(|l| l.value.state.connection_sid().cloned());
    let hosts = Hosts { legacy_iam_base: legacy_iam.clone(), login_base: state.endpoints.login.clone(), ..state.hosts.clone() };
    let expected_acs = match connection {
        Some(sid) => [
            values::new_values(&sid, &hosts).acs_url,
            values::legacy_values(&profile.account_sid, &hosts).acs_url,
            values::older_legacy_values(&profile.account_sid, &hosts).acs_url,
        ]
        .iter()
        .filter_map(|u| Url::parse(u).ok())
        .collect(),
        None => Vec::new(),
    };
    Ok(Landmarks {
        flex_ui: state.endpoints.flex_ui.clone(),
        login: state.endpoints.login.clone(),
        legacy_iam,
        older_legacy: state.hosts.older_legacy_base.clone(),
        self_hosted_landing,
        expected_acs,
    })
}

fn self_hosted_landing(state: &AppState, id: &ProfileId) -> AppResult<(bool, Option<Url>)> {
    let profile = state.accounts.profiles.get(id)?;
    let record = state.accounts.profiles.load_migration(id)?.map(|l| l.value);
    let self_hosted = record.as_ref().map(|r| r.state.self_hosted()).or(profile.self_hosted).unwrap_or(false);
    let landing = record
        .and_then(|r| r.self_hosted_urls)
        .and_then(|u| u.flex_address().and_then(|a| Url::parse(a).ok()))
        .filter(|_| self_hosted);
    Ok((self_hosted, landing))
}

/// What the check will open and compare. `login_url` is the preflight's hosted login link.
#[tauri::command]
pub fn login_check_plan(state: State<'_, AppState>, profile_id: String, login_url: Option<String>) -> AppResult<LoginCheckPlan> {
    let id = ProfileId::parse(&profile_id)?;
    let (self_hosted, landing) = self_hosted_landing(&state, &id)?;
    let (view, _) = saml::gather(&state, Some(&profile_id), &saml::ManualExpectations::default())?;
    let (start_url, source) = match (&landing, login_url.as_deref().map(check_start_url)) {
        (Some(l), _) => (Some(l.to_string()), "self_hosted"),
        (None, Some(Ok(u))) => (Some(u.to_string()), "preflight"),
        _ => (None, "none"),
    };
    let note = (view.entity_id.is_none()).then(|| {
        "This migration has no connection SID yet (step 2), so the answer of your identity provider cannot be compared with the new values. The login itself is still watched.".to_owned()
    });
    Ok(LoginCheckPlan {
        profile_id,
        self_hosted,
        start_url,
        start_url_source: source,
        connection_sid: view.connection_sid,
        expected_entity_id: view.entity_id.map(|v| v.value),
        expected_acs_url: view.acs_url.map(|v| v.value),
        idp_name: view.idp_name,
        note,
        timeout_secs: default_timeout(),
    })
}

/// What a login check is for: step 4's check records its outcome in the migration; the Health
/// page's role checklist signs in test users one by one and only writes the journal, so a
/// refused test user (one with no roles, say) never blocks or changes the migration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckPurpose {
    #[default]
    Migration,
    RoleChecklist,
}

/// Opens the login window for a new attempt at `start_url` (the plan's or a pasted link).
#[tauri::command]
pub fn login_check_start<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile_id: String,
    start_url: String,
    timeout_secs: Option<u64>,
    purpose: Option<CheckPurpose>,
) -> AppResult<AttemptView> {
    let id = ProfileId::parse(&profile_id)?;
    let url = check_start_url(&start_url).map_err(|message| AppError::Domain { code: "login_link_invalid", message: message.to_owned() })?;
    let (_, landing) = self_hosted_landing(&state, &id)?;
    let timeout = Duration::from_secs(timeout_secs.unwrap_or_else(default_timeout).clamp(5, 3600));
    let landmarks = landmarks(&state, &id, landing)?;
    let on_confirmed = diagnose_confirmed(&app, id.clone());
    let records_outcome = purpose.unwrap_or_default() == CheckPurpose::Migration;
    window::start(&app, StartRequest { profile_id: id, start_url: url, landmarks, timeout, on_confirmed, records_outcome })
}

/// The attempt as it stands (the main window polls this while the login runs).
#[tauri::command]
pub fn login_check_status(checks: State<'_, LoginChecks>, attempt_id: u32) -> AppResult<AttemptView> {
    checks.view(attempt_id)
}

/// Closes the attempt's login window (a running attempt counts as cancelled).
#[tauri::command]
pub fn login_check_close<R: Runtime>(app: AppHandle<R>, attempt_id: u32) -> AppResult<AttemptView> {
    window::close(&app, attempt_id)
}

/// The login window's only command: a SAML response a form is about to post, or what a page
/// says about itself. Everything in it is hostile input, and the page's own claims decide
/// nothing: who sent it is the window's current address, and a SAML response counts only once
/// the window is seen posting it ([`crate::validation::attempt::Attempt::offered`]). Answers only
/// whether it was taken.
#[tauri::command]
pub fn login_check_capture<R: Runtime>(webview: Webview<R>, request: Request<'_>) -> bool {
    let Some(id) = LoginChecks::id_for_label(webview.label()) else { return false };
    let app = webview.app_handle().clone();
    let sender = webview.url().ok();
    let Some(checks) = app.try_state::<LoginChecks>() else { return false };
    let Ok(mut entries) = checks.entries.lock() else { return false };
    let Some(entry) = entries.get_mut(&id) else { return false };
    let message = match request.body() {
        InvokeBody::Json(arguments) => capture::message_from_json(arguments),
        InvokeBody::Raw(bytes) if bytes.len() > capture::MAX_MESSAGE => Err(Refusal::MessageTooLarge),
        InvokeBody::Raw(bytes) => serde_json::from_slice(bytes).map_err(|_| Refusal::Unreadable).and_then(|v| capture::message_from_json(&v)),
    };
    let message = match message {
        Ok(message) => message,
        Err(refusal) => {
            entry.attempt.capture.refused += 1;
            tracing::warn!(%refusal, "the login window sent a message that was refused");
            return false;
        }
    };
    let elapsed = entry.started.elapsed();
    match message.kind.as_str() {
        "page" => {
            // An error page reports itself just after the load that ended the attempt, so
            // reports are taken until the attempt is saved; only from the page loaded last; and a
            // page that keeps sending is capped.
            if entry.closing() || entry.page_reports >= MAX_PAGE_REPORTS || !entry.attempt.report_from_current_page(sender.as_ref()) {
                entry.attempt.capture.refused += 1;
                return false;
            }
            entry.page_reports += 1;
            entry.attempt.page_reported(capture::read_page_report(&message), sender);
            true
        }
        // How long the script held the IdP's form: logged for `./dev bench` (capture_hold_ms),
        // never used to decide anything.
        "hold" => match capture::read_hold(&message).filter(|_| entry.holds_reported < MAX_HOLD_REPORTS) {
            Some(held_ms) => {
                entry.holds_reported += 1;
                tracing::info!(held_ms, "login check: the IdP's form post was held");
                true
            }
            None => {
                entry.attempt.capture.refused += 1;
                false
            }
        },
        // Flex's own sign-in request, posted by a Flex page to the IdP (HTTP-POST binding).
        "authn_request" => match message.saml_request.as_deref().filter(|r| r.len() <= capture::MAX_SAML_RESPONSE) {
            Some(request) => entry.attempt.request_posted(request, sender.as_ref()),
            None => {
                entry.attempt.capture.refused += 1;
                false
            }
        },
        "saml_post" => match capture::check_saml_post(&message, &entry.attempt.landmarks) {
            Ok(post) => entry.attempt.offered(post, sender.as_ref(), elapsed).is_ok(),
            Err(refusal) => {
                entry.attempt.capture.refused += 1;
                tracing::warn!(%refusal, "the login window sent a SAML response that was refused");
                false
            }
        },
        _ => {
            entry.attempt.capture.refused += 1;
            false
        }
    }
}

/// Diagnoses a SAML response the window was seen posting to the ACS, beside the login (which
/// goes on at once), and stores what the cards show in the attempt. The raw response is not kept.
fn diagnose_confirmed<R: Runtime>(app: &AppHandle<R>, profile_id: ProfileId) -> window::OnConfirmed {
    let app = app.clone();
    Arc::new(move |id, post| {
        let app = app.clone();
        let profile_id = profile_id.clone();
        std::thread::spawn(move || {
            let Some(state) = app.try_state::<AppState>() else { return };
            // The health check compares this with the certificate in Flex and the metadata.
            if let Some(signer) = crate::health::signer_of(&post.saml_response) {
                let at = state.clock.now();
                if let Err(error) = crate::records::with_record(&state, &profile_id, |record, _| {
                    crate::health::remember_signature(record, signer.to_pem(), at);
                    Ok(())
                }) {
                    tracing::warn!(code = error.code(), "the signing certificate of the login could not be remembered: {error}");
                }
            }
            let result = saml::gather(&state, Some(profile_id.as_str()), &saml::ManualExpectations::default())
                .and_then(|(view, parts)| Ok((parts.into_expectations(&view, state.clock.now())?, view)))
                .and_then(|(expectations, view)| saml::inspect(&post.saml_response, &expectations, view));
            let Some(checks) = app.try_state::<LoginChecks>() else { return };
            let Ok(mut entries) = checks.entries.lock() else { return };
            let Some(entry) = entries.get_mut(&id) else { return };
            // A later confirmed response may have replaced this one meanwhile.
            if entry.attempt.confirmed.as_ref() != Some(&post) {
                return;
            }
            match result {
                Ok(inspection) => {
                    let mut value = serde_json::to_value(&inspection).unwrap_or_default();
                    if let Some(map) = value.as_object_mut() {
                        map.remove("xml_pretty");
                    }
                    entry.attempt.capture.diagnosis = Some(value);
                    entry.attempt.capture.state = "diagnosed";
                }
                Err(error) => {
                    entry.attempt.capture.state = "not_checkable";
                    entry.attempt.capture.note = Some(error.to_string());
                }
            }
        });
    })
}
