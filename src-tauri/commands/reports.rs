//! Files the admin hands to someone else (`flex-sso-reports`): the handoff pack for the IdP
//! administrator, the redacted trace for support, the journal as a change record, and the
//! switch-back reminder. Each is previewed as text in the window first and saved through the
//! native save dialog; the page learns only the saved file's name, never its folder.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use flex_sso_model::catalog::Catalog;
use flex_sso_model::profiles::ProfileId;
use flex_sso_reports::{
    handoff_pack, html, journal_export, journal_report, reminder, text, trace, Document, HandoffInput, HandoffSetup, JournalReportInput,
    Personal, TimelineLine, TraceInput, TraceKind,
};
use flex_sso_saml::RequestedBy;

use crate::commands::saml::{self, ManualExpectations};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::validation::window::LoginChecks;

const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a file is saved: HTML for people, JSON for tools, an iCalendar file for calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveFormat {
    Html,
    Json,
}

/// What the window shows after a save: the file's name only.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub file_name: String,
}

/// Opens the native save dialog and writes `contents`. `None` when the admin closed the dialog.
pub(crate) async fn save_with_dialog<R: Runtime>(app: &AppHandle<R>, title: &str, file_name: &str, filter: (&str, &str), contents: String) -> AppResult<Option<Saved>> {
    let dialog = app.dialog().file().set_title(title).set_file_name(file_name).add_filter(filter.0, &[filter.1]);
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::Internal(format!("the save dialog failed ({e})")))?;
    let Some(chosen) = chosen else { return Ok(None) };
    let path: PathBuf = chosen.into_path().map_err(|_| AppError::Domain {
        code: "save_location_unsupported",
        message: "The file cannot be saved there. Choose a folder on this computer.".into(),
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::write(&path, contents).map_err(|e| AppError::Domain {
        code: "save_failed",
        message: format!("\"{name}\" could not be saved ({e}). Choose another folder, or free some space, and save again."),
    })?;
    tracing::info!(file = %name, "saved a file for someone else");
    Ok(Some(Saved { file_name: name }))
}

/// A file name part without characters file systems refuse.
pub(crate) fn file_safe(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_alphanumeric() || " -_.".contains(c) { c } else { '-' }).collect();
    cleaned.trim().chars().take(60).collect()
}

// ---- The handoff pack ----

fn pack(state: &AppState, profile_id: &str, idp_id: &str, setup: &str) -> AppResult<(Document, String)> {
    let id = ProfileId::parse(profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let setup = HandoffSetup::parse(setup).ok_or_else(|| AppError::Domain {
        code: "handoff_setup_unknown",
        message: format!("\"{setup}\" is not a kind of handoff pack: use modify, create or revert."),
    })?;
    let catalog = Catalog::builtin();
    let idp = catalog.get(idp_id).ok_or_else(|| AppError::Domain {
        code: "idp_unknown",
        message: format!("\"{idp_id}\" is not an identity provider this app knows. Choose yours in step 2 first."),
    })?;
    let record = state.accounts.profiles.load_migration(&id)?.map(|l| l.value);
    let connection = record.as_ref().and_then(|r| r.state.connection_sid().cloned());
    let doc = handoff_pack(&HandoffInput {
        idp,
        setup,
        account: &profile.account_sid,
        connection: connection.as_ref(),
        hosts: &state.hosts,
        organisation: Some(profile.name.as_str()),
        prepared_on: state.clock.now().date(),
        app_version: APP_VERSION,
    })
    .map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() })?;
    let file_name = format!("Flex SSO handoff - {} - {}.html", file_safe(&idp.display_name), setup.word());
    Ok((doc, file_name))
}

/// The pack as plain text: the preview, and "Copy as email text".
#[tauri::command]
pub fn handoff_pack_text(state: State<'_, AppState>, profile_id: String, idp_id: String, setup: String) -> AppResult<String> {
    Ok(text::render(&pack(&state, &profile_id, &idp_id, &setup)?.0))
}

/// Saves the pack as one self-contained HTML file.
#[tauri::command]
pub async fn handoff_pack_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile_id: String,
    idp_id: String,
    setup: String,
) -> AppResult<Option<Saved>> {
    let (doc, file_name) = pack(&state, &profile_id, &idp_id, &setup)?;
    save_with_dialog(&app, "Save the handoff pack for your IdP administrator", &file_name, ("Web page", "html"), html::render(&doc)).await
}

// ---- The trace for support ----

/// What a trace is made of: a login check of this run, or a response on the inspect screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum TraceSource {
    LoginCheck { attempt_id: u32 },
    Inspected {
        input: String,
        #[serde(default)]
        profile_id: Option<String>,
        #[serde(default)]
        manual: Option<ManualExpectations>,
    },
}

/// One kind of personal data, as the preview's "show on purpose" boxes offer it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalKind {
    pub kind: Personal,
    pub label: &'static str,
    /// Distinct values of this kind in the trace.
    pub count: usize,
    pub revealed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TracePreview {
    /// Exactly what the saved file holds, as text.
    pub text: String,
    pub kinds: Vec<PersonalKind>,
}

fn requested_by_words(by: &RequestedBy) -> String {
    match by {
        RequestedBy::New { connection_sid } => format!(
            "Flex used the new connection ({connection_sid}) for this login: the sign-in request it sent to the identity provider named urn:flex:{connection_sid}."
        ),
        RequestedBy::Legacy { issuer } => format!("Flex used the legacy connection for this login: its sign-in request named {issuer}."),
        RequestedBy::Other { issuer } => format!("The sign-in request named {issuer}, which is neither of this account's Flex connections."),
    }
}

fn build_trace(state: &AppState, checks: &LoginChecks, source: &TraceSource, revealed: &BTreeSet<Personal>) -> AppResult<flex_sso_reports::Trace> {
    let now = state.clock.now();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let (kind, account, outcome, requested_by, timeline, input, profile, manual, no_report_reason) = match source {
        TraceSource::LoginCheck { attempt_id } => {
            let entries = checks.entries.lock().map_err(|_| AppError::Internal("login check state".into()))?;
            let entry = entries.get(attempt_id).ok_or_else(|| AppError::Domain {
                code: "trace_attempt_gone",
                message: "That login check is no longer in this app's memory (it keeps each one until the app closes). Run the login check again, then save its trace.".into(),
            })?;
            let view = entry.attempt.view();
            let timeline: Vec<TimelineLine> = entry
                .attempt
                .steps
                .iter()
                .map(|s| TimelineLine { elapsed_ms: s.elapsed_ms, stage: s.phase.label().to_owned(), shown: s.shown.clone() })
                .collect();
            let profile = entry.profile_id.to_string();
            let account = state.accounts.profiles.get(&entry.profile_id).ok().map(|p| p.account_sid.to_string());
            let input = entry.attempt.confirmed.as_ref().map(|p| p.saml_response.clone());
            let reason = input.is_none().then(|| "No SAML response reached Flex's ACS URL during this login check, so there is none to show.".to_owned());
            (
                TraceKind::LoginCheck,
                account,
                Some((view.outcome.title, format!("{} {}", view.outcome.text, view.outcome.next).trim().to_owned())),
                entry.attempt.requested_by.as_ref().map(requested_by_words),
                timeline,
                input,
                Some(profile),
                ManualExpectations::default(),
                reason,
            )
        }
        TraceSource::Inspected { input, profile_id, manual } => {
            let account = profile_id
                .as_deref()
                .and_then(|p| ProfileId::parse(p).ok())
                .and_then(|id| state.accounts.profiles.get(&id).ok())
                .map(|p| p.account_sid.to_string());
            (TraceKind::InspectedResponse, account, None, None, Vec::new(), Some(input.clone()), profile_id.clone(), manual.clone().unwrap_or_default(), None)
        }
    };
    let report = match &input {
        Some(input) => {
            let (view, parts) = saml::gather(state, profile.as_deref(), &manual)?;
            let mut expectations = parts.into_expectations(&view, now)?;
            // Saved later than it arrived: its having expired since is a note, not a problem.
            expectations.replayed = true;
            Some(flex_sso_saml::diagnose(input, &expectations))
        }
        None => None,
    };
    Ok(trace(&TraceInput {
        kind,
        account_sid: account.as_deref(),
        outcome,
        requested_by,
        timeline: &timeline,
        report: report.as_ref(),
        no_report_reason,
        revealed,
        prepared_at: now,
        app_version: APP_VERSION,
    }))
}

fn revealed_set(revealed: Option<Vec<Personal>>) -> BTreeSet<Personal> {
    revealed.unwrap_or_default().into_iter().collect()
}

/// The trace as it would be saved, as text, and which personal data it hides.
#[tauri::command]
pub async fn trace_preview(
    state: State<'_, AppState>,
    checks: State<'_, LoginChecks>,
    source: TraceSource,
    revealed: Option<Vec<Personal>>,
) -> AppResult<TracePreview> {
    let revealed = revealed_set(revealed);
    let t = build_trace(&state, &checks, &source, &revealed)?;
    let kinds = t
        .found
        .iter()
        .map(|(kind, count)| PersonalKind { kind: *kind, label: kind.label(), count: *count, revealed: revealed.contains(kind) })
        .collect();
    Ok(TracePreview { text: text::render(&t.document), kinds })
}

/// Saves the trace (HTML or JSON) with the same masking as the preview.
#[tauri::command]
pub async fn trace_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    checks: State<'_, LoginChecks>,
    source: TraceSource,
    revealed: Option<Vec<Personal>>,
    format: SaveFormat,
) -> AppResult<Option<Saved>> {
    let t = build_trace(&state, &checks, &source, &revealed_set(revealed))?;
    let contents = match format {
        SaveFormat::Html => html::render(&t.document),
        SaveFormat::Json => serde_json::to_string_pretty(&t.json).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let stamp = state.clock.now().date();
    let (file_name, filter) = match format {
        SaveFormat::Html => (format!("Flex SSO trace {stamp}.html"), ("Web page", "html")),
        SaveFormat::Json => (format!("Flex SSO trace {stamp}.json"), ("JSON", "json")),
    };
    save_with_dialog(&app, "Save the trace for support", &file_name, filter, contents).await
}

// ---- The journal as a change record ----

fn journal_doc(state: &AppState, profile_id: &str) -> AppResult<(flex_sso_reports::JournalExport, String)> {
    let id = ProfileId::parse(profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let record = state.accounts.profiles.load_migration(&id)?.map(|l| l.value).ok_or_else(|| AppError::Domain {
        code: "journal_empty",
        message: "This account has no migration yet, so there is no journal to save.".into(),
    })?;
    let export = journal_export(&JournalReportInput {
        profile_name: &profile.name,
        account_sid: profile.account_sid.as_str(),
        record: &record,
        exported_at: state.clock.now(),
        app_version: APP_VERSION,
    });
    Ok((export, file_safe(&profile.name)))
}

/// Saves the journal as a readable report (HTML) or as JSON for change-management tools.
#[tauri::command]
pub async fn journal_save<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, profile_id: String, format: SaveFormat) -> AppResult<Option<Saved>> {
    let (export, name) = journal_doc(&state, &profile_id)?;
    let (contents, file_name, filter) = match format {
        SaveFormat::Html => (html::render(&journal_report(&export)), format!("Flex SSO change record - {name}.html"), ("Web page", "html")),
        SaveFormat::Json => (
            serde_json::to_string_pretty(&export).map_err(|e| AppError::Internal(e.to_string()))?,
            format!("Flex SSO change record - {name}.json"),
            ("JSON", "json"),
        ),
    };
    save_with_dialog(&app, "Save the change record", &file_name, filter, contents).await
}

// ---- The switch-back reminder ----

/// Saves a calendar file with a reminder three days before the switch-back window closes.
#[tauri::command]
pub async fn reminder_save<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, profile_id: String) -> AppResult<Option<Saved>> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let finished_at = state
        .accounts
        .profiles
        .load_migration(&id)?
        .and_then(|l| l.value.state.switch_back_deadline().and(l.value.state.finished_at()))
        .ok_or_else(|| AppError::Domain {
            code: "reminder_not_finished",
            message: "A reminder can be made once the migration is finished (the 30 days start at Finish).".into(),
        })?;
    let ics = reminder::reminder_ics(id.as_str(), &profile.name, profile.account_sid.as_str(), finished_at, state.clock.now());
    let file_name = format!("Flex SSO switch-back reminder - {}.ics", file_safe(&profile.name));
    save_with_dialog(&app, "Save a calendar reminder", &file_name, ("Calendar", "ics"), ics).await
}
