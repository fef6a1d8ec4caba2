//! The migration model's rules, for the screens: IdP catalog, identifier checks, derived SP values,
//! Flex UI eligibility, the setup-type advisor and the self-hosted checks. Each command only
//! translates arguments and results; the rules live in `flex-sso-model`.

use serde::Serialize;
use tauri::State;

use flex_sso_model::advisor::{self, Advice, AdvisorAnswers};
use flex_sso_model::catalog::{Catalog, IdpEntry, LabelRow};
use flex_sso_model::ids::{AccountSid, ApiKeySid, ConnectionSid};
use flex_sso_model::self_hosted::{self, OAuthSnippet, SelfHostedError};
use flex_sso_model::ui_version::{self, EligibilityReport};
use flex_sso_model::values::{self, ParsedNewValue, SpValues};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct CatalogView {
    pub idps: &'static [IdpEntry],
    pub label_table: Vec<LabelRow<'static>>,
}

#[tauri::command]
pub fn idp_catalog() -> CatalogView {
    let catalog = Catalog::builtin();
    CatalogView { idps: catalog.all(), label_table: catalog.label_table() }
}

/// Checks one pasted identifier as the admin types it; the error names exactly what is wrong.
#[tauri::command]
pub fn check_sid(kind: String, input: String) -> AppResult<String> {
    let parsed = match kind.as_str() {
        "account" => AccountSid::parse(&input).map(|s| s.to_string()),
        "connection" => ConnectionSid::parse(&input).map(|s| s.to_string()),
        "api_key" => ApiKeySid::parse(&input).map(|s| s.to_string()),
        other => {
            return Err(AppError::Internal(format!("unknown identifier kind {other:?}")));
        }
    };
    Ok(parsed?)
}

/// The legacy Entity ID and ACS URL of an account (what the IdP has today, and what it must get
/// back when switching back a modified connection).
#[tauri::command]
pub fn legacy_values(state: State<'_, AppState>, account_sid: String) -> AppResult<SpValues> {
    let account = AccountSid::parse(&account_sid)?;
    Ok(values::legacy_values(&account, &state.hosts))
}

/// Understands what the admin pasted from the Console's step 2 (Entity ID or ACS URL).
#[tauri::command]
pub fn parse_new_value(state: State<'_, AppState>, input: String) -> AppResult<ParsedNewValue> {
    Ok(values::parse_new_value(&input, &state.hosts)?)
}

#[tauri::command]
pub fn assess_ui_version(raw: Option<String>) -> EligibilityReport {
    ui_version::assess_ui_version(raw.as_deref())
}

#[derive(Debug, Serialize)]
pub struct AdvisorView {
    pub questions: &'static [advisor::Question],
    pub advice: Advice,
}

#[tauri::command]
pub fn advise_setup_type(answers: AdvisorAnswers) -> AdvisorView {
    AdvisorView { questions: &advisor::QUESTIONS, advice: advisor::advise(&answers) }
}

/// Every problem with the self-hosted Trusted domains and Default redirect URL (empty when fine).
#[tauri::command]
pub fn check_self_hosted(trusted_urls: Vec<String>, redirect_url: String) -> Vec<SelfHostedError> {
    self_hosted::validate_self_hosted(&trusted_urls, &redirect_url)
}

/// Every problem with the snippet's redirectUrl against the Trusted domains (empty when fine).
#[tauri::command]
pub fn check_oauth_redirect(
    trusted_urls: Vec<String>,
    default_redirect_url: Option<String>,
    redirect_url: String,
) -> Vec<SelfHostedError> {
    self_hosted::check_oauth_redirect(&trusted_urls, default_redirect_url.as_deref(), &redirect_url)
}

#[tauri::command]
pub fn oauth_snippet(connection_sid: String, client_id: String, redirect_url: String) -> AppResult<OAuthSnippet> {
    let connection = ConnectionSid::parse(&connection_sid)?;
    Ok(self_hosted::oauth_snippet(&connection, &client_id, &redirect_url)?)
}
