//! The Health page: certificates after the switch. Thin adapters over [`crate::health`] (what
//! the app gathers) and `flex_sso_health` (the verdict).

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use flex_sso_metadata::fetch::parse_url;
use flex_sso_model::health::ReadingOutcome;
use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::{MigrationRecord, ProfileId};

use super::reports::{file_safe, save_with_dialog, Saved};
use crate::error::{AppError, AppResult};
use crate::health;
use crate::records::with_record;
use crate::state::AppState;

/// What the page shows: the check's report and where the metadata reading stands.
#[derive(Debug, Serialize)]
pub struct HealthView {
    pub profile_id: String,
    pub profile_name: String,
    pub checked_at: String,
    pub report: flex_sso_health::HealthReport,
    pub metadata: MetadataView,
    /// The PEM of each certificate the metadata lists, so the page can offer the new one to copy.
    pub metadata_certificates: Vec<MetadataCertificate>,
}

#[derive(Debug, Serialize)]
pub struct MetadataCertificate {
    pub sha256: String,
    pub pem: String,
}

#[derive(Debug, Serialize)]
pub struct MetadataView {
    pub url: Option<String>,
    pub read_at: Option<String>,
    pub error: Option<ReadingError>,
}

#[derive(Debug, Serialize)]
pub struct ReadingError {
    pub code: String,
    pub message: String,
}

fn metadata_view(record: Option<&MigrationRecord>) -> MetadataView {
    let reading = record.and_then(health::current_reading);
    MetadataView {
        url: record.and_then(health::metadata_url).map(str::to_owned),
        read_at: reading.map(|r| flex_sso_certificate::rfc3339(r.at)),
        error: reading.and_then(|r| match &r.outcome {
            ReadingOutcome::Failed { code, message } => Some(ReadingError { code: code.clone(), message: message.clone() }),
            ReadingOutcome::Read { .. } => None,
        }),
    }
}

fn no_idp_data() -> AppError {
    AppError::Domain {
        code: "health_no_idp_data",
        message: "This account has no identity provider data yet: step 3 of the migration saves the certificate pasted into Flex. Continue the migration first.".into(),
    }
}

/// Checks the account now. Reads the metadata again when `read_again` is set, or when the last
/// reading is a day old (or there is none).
#[tauri::command]
pub async fn health_check(state: State<'_, AppState>, profile_id: String, read_again: bool) -> AppResult<HealthView> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let record = health::refresh(&state, &id, read_again).await?;
    let now = state.clock.now();
    let report = health::assess(record.as_ref(), now);
    let metadata = metadata_view(record.as_ref());
    tracing::info!(profile = %id, status = ?report.status, "health checked");
    let metadata_certificates = record
        .as_ref()
        .map(health::metadata_pems)
        .unwrap_or_default()
        .into_iter()
        .map(|(sha256, pem)| MetadataCertificate { sha256, pem })
        .collect();
    Ok(HealthView { profile_id, profile_name: profile.name, checked_at: flex_sso_certificate::rfc3339(now), report, metadata, metadata_certificates })
}

/// The admin pasted a certificate into Flex's SSO settings and tells the app which. Flex holds
/// one, so exactly one is taken; it replaces the saved ones, so later logins are checked against
/// it. The journal records the change by fingerprint.
#[tauri::command]
pub fn health_configured_set(state: State<'_, AppState>, profile_id: String, certificate: String) -> AppResult<()> {
    let id = ProfileId::parse(&profile_id)?;
    let invalid = |message: String| AppError::Domain { code: "health_certificate_invalid", message };
    let mut certificates = flex_sso_certificate::parse_text(&certificate).map_err(|e| invalid(e.to_string()))?;
    if certificates.len() != 1 {
        return Err(invalid(format!(
            "{} certificates were pasted. Flex holds one: paste only the certificate you entered in Flex.",
            certificates.len()
        )));
    }
    let certificate = certificates.remove(0);
    with_record(&state, &id, |record, clock| {
        let data = record.idp_data.as_mut().ok_or_else(no_idp_data)?;
        let pem = certificate.to_pem();
        data.certificates = vec![pem];
        let detail = format!(
            "Noted that Flex now has the certificate \"{}\" (SHA-256 {}), valid until {}, as the admin said they pasted it.",
            certificate.subject(),
            certificate.sha256_fingerprint(),
            flex_sso_certificate::date_only(certificate.not_after())
        );
        let facts = serde_json::json!({ "what": "configured_certificate", "sha256": certificate.sha256_fingerprint() });
        record
            .journal
            .append_with(clock, EntryKind::Confirmation, detail, &facts)
            .map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() })
    })?;
    Ok(())
}

/// Where the IdP's metadata is (when step 3 did not save an address, or it moved).
#[tauri::command]
pub fn health_metadata_url_set(state: State<'_, AppState>, profile_id: String, url: String) -> AppResult<()> {
    let id = ProfileId::parse(&profile_id)?;
    let url = url.trim().to_owned();
    parse_url(&url).map_err(|e| AppError::Domain { code: "health_metadata_url_invalid", message: format!("This metadata address cannot be used: {e}") })?;
    with_record(&state, &id, |record, clock| {
        let data = record.idp_data.as_mut().ok_or_else(no_idp_data)?;
        data.metadata_url = Some(url.clone());
        record.journal.append(clock, EntryKind::Note, format!("The health check reads the IdP's metadata from {url}."));
        Ok(())
    })?;
    Ok(())
}

/// The expiry reminders of the configured certificate as a calendar file, through the native
/// save dialog. `None` when the admin closed the dialog.
#[tauri::command]
pub async fn health_reminders_save<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, profile_id: String) -> AppResult<Option<Saved>> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let record = state.accounts.profiles.load_migration(&id)?.map(|l| l.value);
    let configured = record.as_ref().and_then(health::configured_certificate).ok_or_else(no_idp_data)?;
    let ics = health::expiry_ics(&profile, &configured, state.clock.now());
    let file_name = format!("Flex SSO certificate reminders - {}.ics", file_safe(&profile.name));
    save_with_dialog(&app, "Save certificate reminders", &file_name, ("Calendar", "ics"), ics).await
}
