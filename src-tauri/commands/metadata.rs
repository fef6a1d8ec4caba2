//! IdP metadata import: read the identity provider's metadata (or a certificate) from a paste, an
//! address or a file, show what it says, and save the values the admin confirmed into the
//! profile's migration record.
//!
//! The file is chosen with the native dialog on the Rust side, so the page gets no file-system
//! or dialog permission: it receives the report and the file's name, never a path. The chosen
//! path is remembered here so picking another entity of the same file re-reads it.

use flex_sso_facts::twilio;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use flex_sso_metadata::{
    fetch::parse_url, inspect_bytes, inspect_url, CertificateInfo, EntitySelector, InputError, InspectOptions, KeyUse,
    Report,
};
use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::{IdentityProviderData, ProfileId};

use crate::records::with_record;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The metadata file the admin chose last (managed state; one per app).
#[derive(Debug, Default)]
pub struct PickedFile(pub Mutex<Option<PathBuf>>);

impl PickedFile {
    /// Remembers `path` as the chosen file (the dialog does this; tests may too).
    pub fn set(&self, path: Option<PathBuf>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = path;
    }

    fn get(&self) -> Option<PathBuf> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Which entity of a multi-entity file: a zero-based position, or an entity ID.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EntityChoice {
    Index(usize),
    EntityId(String),
}

impl From<EntityChoice> for EntitySelector {
    fn from(choice: EntityChoice) -> Self {
        match choice {
            EntityChoice::Index(i) => EntitySelector::Index(i),
            EntityChoice::EntityId(id) => EntitySelector::EntityId(id),
        }
    }
}

/// Where the values came from, as [`IdentityProviderData::source`] names it.
pub const SOURCE_PASTED: &str = "pasted";
pub const SOURCE_URL: &str = "metadata_url";
pub const SOURCE_FILE: &str = "metadata_file";
const SOURCES: &[&str] = &[SOURCE_PASTED, SOURCE_URL, SOURCE_FILE, "manual"];

/// What the panel shows: the crate's report, where it came from and, for a file, its name only.
#[derive(Debug, Serialize)]
pub struct Inspected {
    pub report: Report,
    pub source: &'static str,
    pub file_name: Option<String>,
}

fn options(state: &AppState, entity: Option<EntityChoice>) -> InspectOptions {
    InspectOptions {
        entity: entity.map(Into::into),
        download: crate::sandbox::metadata_download_policy(state.sandbox),
        ..InspectOptions::default()
    }
}

/// Metadata XML or a certificate, pasted.
#[tauri::command]
pub fn metadata_inspect_text(state: State<'_, AppState>, text: String, entity: Option<EntityChoice>) -> AppResult<Inspected> {
    let report = inspect_bytes(text.as_bytes(), state.clock.now(), &options(&state, entity));
    tracing::info!(exit = report.exit_code(), entities = report.entities, "pasted metadata inspected");
    Ok(Inspected { report, source: SOURCE_PASTED, file_name: None })
}

/// Metadata at an https address on the internet (this computer only in the practice sandbox). A
/// download failure comes back as an unreadable report with a `fetch_failed` finding, like the CLI's.
#[tauri::command]
pub async fn metadata_inspect_url(state: State<'_, AppState>, url: String, entity: Option<EntityChoice>) -> AppResult<Inspected> {
    let now = state.clock.now();
    let report = inspect_url(&url, now, &options(&state, entity)).await;
    tracing::info!(exit = report.exit_code(), "metadata address inspected");
    Ok(Inspected { report, source: SOURCE_URL, file_name: None })
}

/// Opens the native "choose a file" dialog and inspects the chosen file. `None` when the admin
/// closed the dialog without choosing.
#[tauri::command]
pub async fn metadata_pick_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    picked: State<'_, PickedFile>,
) -> AppResult<Option<Inspected>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Choose your identity provider's metadata file or certificate");
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::Internal(format!("the file dialog failed ({e})")))?;
    let Some(chosen) = chosen else { return Ok(None) };
    let path = chosen.into_path().map_err(|_| AppError::Domain {
        code: "metadata_file_unsupported",
        message: "That file cannot be opened from here. Save it to a folder on this computer first, then choose it again.".into(),
    })?;
    picked.set(Some(path.clone()));
    read_file(&state, &path, None).map(Some)
}

/// Reads the file chosen last again, for another entity of the same file.
#[tauri::command]
pub fn metadata_inspect_file_again(
    state: State<'_, AppState>,
    picked: State<'_, PickedFile>,
    entity: Option<EntityChoice>,
) -> AppResult<Inspected> {
    let path = picked.get().ok_or_else(|| AppError::Domain {
        code: "metadata_no_file",
        message: "No file has been chosen yet. Click \"Choose a file…\" first.".into(),
    })?;
    read_file(&state, &path, entity)
}

fn read_file(state: &AppState, path: &std::path::Path, entity: Option<EntityChoice>) -> AppResult<Inspected> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let limit = InspectOptions::default().limits.max_bytes;
    let bytes = read_capped(path, limit).map_err(|e| AppError::Domain {
        code: "metadata_file_unreadable",
        message: format!(
            "The file {} could not be read ({e}). Check that it still exists and that you may open it, or choose another file.",
            file_name.as_deref().unwrap_or("you chose")
        ),
    })?;
    let report = inspect_bytes(&bytes, state.clock.now(), &options(state, entity));
    tracing::info!(exit = report.exit_code(), entities = report.entities, "metadata file inspected");
    Ok(Inspected { report, source: SOURCE_FILE, file_name })
}

/// Reads at most `limit + 1` bytes, so a huge file is refused by the crate's size check without
/// being loaded whole.
fn read_capped(path: &std::path::Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The values the admin confirmed ("Use these values for …").
#[derive(Debug, Deserialize)]
pub struct ConfirmedValues {
    pub issuer: String,
    pub sso_url: String,
    /// PEM (or base64) certificates: the one to paste into Flex first.
    pub certificates: Vec<String>,
    pub source: String,
    /// The metadata address, when `source` is `metadata_url` (the health check reads it again).
    #[serde(default)]
    pub metadata_url: Option<String>,
}

/// What a profile has saved (or not yet), for the panel's confirmation.
#[derive(Debug, Serialize)]
pub struct SavedIdp {
    pub profile_id: String,
    pub profile_name: String,
    pub idp_data: Option<IdentityProviderData>,
    pub journal_entries: usize,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Domain { code: "idp_data_invalid", message: message.into() }
}

/// Checks the confirmed values again on this side (the page is not trusted) and normalises them:
/// trimmed text, certificates in the Console's PEM form.
fn check_values(values: ConfirmedValues, now: time::OffsetDateTime) -> AppResult<(IdentityProviderData, Vec<CertificateInfo>)> {
    let issuer = values.issuer.trim().to_owned();
    if issuer.is_empty() || issuer.len() > 1024 {
        return Err(invalid(format!("The {} is missing. Read the IdP's metadata again, or copy the Issuer from the IdP's SAML app.", twilio::FIELD_IDP_ISSUER)));
    }
    let sso_url = values.sso_url.trim().to_owned();
    parse_url(&sso_url).map_err(|e| invalid(format!("The {} is not usable: {e}", twilio::FIELD_SSO_URL)))?;
    if values.certificates.is_empty() {
        return Err(invalid("No X.509 certificate was given. Flex needs the certificate your IdP signs with."));
    }
    let mut pems = Vec::new();
    let mut infos = Vec::new();
    for text in &values.certificates {
        // In the metadata crate's words, as the import screen showed them.
        let certs = flex_sso_certificate::parse_text(text)
            .map_err(|e| invalid(format!("A certificate could not be read: {}", InputError::from(e))))?;
        for cert in &certs {
            let info = CertificateInfo::describe(cert, KeyUse::Signing, now);
            if !pems.contains(&info.pem) {
                pems.push(info.pem.clone());
                infos.push(info);
            }
        }
    }
    if !SOURCES.contains(&values.source.as_str()) {
        return Err(invalid(format!("Unknown source \"{}\".", values.source)));
    }
    let metadata_url = match values.source.as_str() {
        SOURCE_URL => values.metadata_url.map(|u| u.trim().to_owned()).filter(|u| parse_url(u).is_ok()),
        _ => None,
    };
    Ok((IdentityProviderData { issuer, sso_url, certificates: pems, source: values.source, metadata_url, confirmed_at: now }, infos))
}

/// The saved certificates described for the screens (name, expiry, fingerprints, cautions), the
/// first marked as the one to paste. A certificate that no longer parses is left out: it was
/// checked when saved, so that would mean a hand-edited file, and the PEM is still shown.
pub fn describe_saved_certificates(pems: &[String], now: time::OffsetDateTime) -> Vec<CertificateInfo> {
    let mut out: Vec<CertificateInfo> = pems
        .iter()
        .filter_map(|pem| flex_sso_certificate::parse_text(pem).ok()?.into_iter().next())
        .map(|cert| CertificateInfo::describe(&cert, KeyUse::Signing, now))
        .collect();
    if let Some(first) = out.first_mut() {
        first.use_for_flex = true;
    }
    out
}

/// Saves the confirmed values as the profile's identity provider data, with a journal entry.
#[tauri::command]
pub fn metadata_save(state: State<'_, AppState>, profile_id: String, values: ConfirmedValues) -> AppResult<SavedIdp> {
    let id = ProfileId::parse(&profile_id)?;
    let (data, infos) = check_values(values, state.clock.now())?;
    let (profile, record, _warning, ()) = with_record(&state, &id, |record, clock| {
        let fingerprints: Vec<&str> = infos.iter().map(|c| c.sha256.as_str()).collect();
        let detail = format!(
            "Confirmed the identity provider's data ({}): Issuer {}, {} {}, {} certificate{} (SHA-256 {}).",
            source_words(&data.source),
            data.issuer,
            twilio::FIELD_SSO_URL,
            data.sso_url,
            infos.len(),
            if infos.len() == 1 { "" } else { "s" },
            fingerprints.join(", ")
        );
        let facts = serde_json::json!({
            "what": "idp_data",
            "source": data.source,
            "issuer": data.issuer,
            "sso_url": data.sso_url,
            "certificates_sha256": fingerprints,
            "certificates_not_after": infos.iter().map(|c| c.not_after.as_str()).collect::<Vec<_>>(),
        });
        record
            .journal
            .append_with(clock, EntryKind::Confirmation, detail, &facts)
            .map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() })?;
        record.idp_data = Some(data.clone());
        Ok(())
    })?;
    tracing::info!(profile = %profile.id.as_str(), source = %data.source, "identity provider data saved");
    Ok(SavedIdp {
        profile_id: profile.id.as_str().to_owned(),
        profile_name: profile.name,
        idp_data: record.idp_data,
        journal_entries: record.journal.len(),
    })
}

/// The profile's name and the identity provider data saved so far.
#[tauri::command]
pub fn metadata_saved(state: State<'_, AppState>, profile_id: String) -> AppResult<SavedIdp> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let record = state.accounts.profiles.load_migration(&id)?.map(|loaded| loaded.value);
    Ok(SavedIdp {
        profile_id: profile.id.as_str().to_owned(),
        profile_name: profile.name,
        journal_entries: record.as_ref().map_or(0, |r| r.journal.len()),
        idp_data: record.and_then(|r| r.idp_data),
    })
}

fn source_words(source: &str) -> &'static str {
    match source {
        SOURCE_PASTED => "from pasted metadata",
        SOURCE_URL => "from the metadata address",
        SOURCE_FILE => "from a metadata file",
        _ => "entered by hand",
    }
}
