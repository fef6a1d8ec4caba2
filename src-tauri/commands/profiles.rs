//! Profiles (one per Twilio account) and their credentials.

use serde::{Deserialize, Serialize};
use tauri::State;

use flex_sso_model::ids::{AccountSid, ApiKeySid};
use flex_sso_model::profiles::{Profile, ProfileId};
use flex_sso_secrets::Secret;
use flex_sso_twilio::Credentials;

use crate::accounts::CredentialStatus;
use crate::commands::migration::{summary_of, MigrationSummary};
use crate::error::AppResult;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct ProfileView {
    #[serde(flatten)]
    pub profile: Profile,
    pub credentials: CredentialStatus,
    /// What Twilio said of these credentials at the last check in this run (`None`: not checked).
    pub credentials_accepted: Option<bool>,
    pub migration: Option<MigrationSummary>,
}

#[derive(Debug, Serialize)]
pub struct ProfilesView {
    pub profiles: Vec<ProfileView>,
    /// Set when the profile list had to be recovered from its backup.
    pub warning: Option<String>,
}

#[tauri::command]
pub async fn profiles_list(state: State<'_, AppState>) -> AppResult<ProfilesView> {
    let listed = state.accounts.profiles.list()?;
    let profiles = listed
        .profiles
        .into_iter()
        .map(|profile| {
            let credentials = state.accounts.credential_status(&profile.id);
            let credentials_accepted = state.credential_checks.lock().ok().and_then(|c| c.get(profile.id.as_str()).copied());
            let migration = summary_of(&state, &profile);
            ProfileView { profile, credentials, credentials_accepted, migration }
        })
        .collect();
    Ok(ProfilesView { profiles, warning: listed.warning })
}

#[tauri::command]
pub fn profile_create(state: State<'_, AppState>, name: String, account_sid: String) -> AppResult<Profile> {
    let account = AccountSid::parse(&account_sid)?;
    let profile = state.accounts.profiles.create(&name, account, None, state.clock.as_ref())?;
    tracing::info!(profile = %profile.id.as_str(), "profile created");
    Ok(profile)
}

#[tauri::command]
pub fn profile_rename(state: State<'_, AppState>, profile_id: String, name: String) -> AppResult<Profile> {
    let id = ProfileId::parse(&profile_id)?;
    Ok(state.accounts.profiles.rename(&id, &name, state.clock.as_ref())?)
}

#[tauri::command]
pub async fn profile_delete(state: State<'_, AppState>, profile_id: String) -> AppResult<()> {
    let id = ProfileId::parse(&profile_id)?;
    state.accounts.delete_profile(&id, state.clock.as_ref())?;
    tracing::info!(profile = %id.as_str(), "profile deleted");
    Ok(())
}

/// Self-hosting cannot be read from Twilio's API: the admin answers, and the app remembers.
#[tauri::command]
pub fn profile_set_self_hosted(state: State<'_, AppState>, profile_id: String, self_hosted: Option<bool>) -> AppResult<Profile> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.set_self_hosted(&id, self_hosted, state.clock.as_ref())?;
    // Keep a migration that has not left step 1 in line with the answer; later the step machine
    // refuses the change (the steps already done depend on it) and the wizard says so.
    if let (Some(value), Ok(Some(loaded))) = (self_hosted, state.accounts.profiles.load_migration(&id)) {
        if loaded.value.state.current_step() == Some(flex_sso_model::steps::StepId::SelectType)             && (loaded.value.state.self_hosted() != value || !loaded.value.state.self_hosting_answered())
        {
            crate::records::with_record(&state, &id, |record, clock| {
                let event = record.state.apply(flex_sso_model::steps::Action::SetSelfHosted { self_hosted: value }, clock)?;
                record.journal.record_event(clock, &event);
                Ok(())
            })?;
        }
    }
    Ok(profile)
}

/// What the sign-in form sends. The secret fields become [`Secret`] at once.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CredentialsInput {
    AuthToken { account_sid: String, auth_token: String },
    ApiKey { account_sid: String, api_key_sid: String, api_key_secret: String },
}

impl CredentialsInput {
    fn into_credentials(self) -> AppResult<Credentials> {
        let missing = |what: &str| crate::error::AppError::Domain {
            code: "secret_empty",
            message: format!("The {what} is empty. Paste it from the Twilio Console."),
        };
        match self {
            CredentialsInput::AuthToken { account_sid, auth_token } => {
                let token = Secret::new(auth_token.trim());
                if token.is_empty() {
                    return Err(missing("Auth Token"));
                }
                Ok(Credentials::with_auth_token(AccountSid::parse(&account_sid)?, token))
            }
            CredentialsInput::ApiKey { account_sid, api_key_sid, api_key_secret } => {
                let secret = Secret::new(api_key_secret.trim());
                if secret.is_empty() {
                    return Err(missing("API key secret"));
                }
                Ok(Credentials::with_api_key(AccountSid::parse(&account_sid)?, ApiKeySid::parse(&api_key_sid)?, secret))
            }
        }
    }
}

#[tauri::command]
pub async fn credentials_save(
    state: State<'_, AppState>,
    profile_id: String,
    credentials: CredentialsInput,
    session_only: bool,
) -> AppResult<CredentialStatus> {
    let id = ProfileId::parse(&profile_id)?;
    let credentials = credentials.into_credentials()?;
    let place = state.accounts.save_credentials(&id, &credentials, session_only)?;
    // New credentials: what Twilio said of the old ones no longer applies.
    if let Ok(mut checks) = state.credential_checks.lock() {
        checks.remove(id.as_str());
    }
    tracing::info!(profile = %id.as_str(), ?place, "credentials saved");
    Ok(CredentialStatus::Saved { place, masked: credentials.masked() })
}

#[tauri::command]
pub async fn credentials_forget(state: State<'_, AppState>, profile_id: String) -> AppResult<CredentialStatus> {
    let id = ProfileId::parse(&profile_id)?;
    state.accounts.forget_credentials(&id)?;
    if let Ok(mut checks) = state.credential_checks.lock() {
        checks.remove(id.as_str());
    }
    tracing::info!(profile = %id.as_str(), "credentials forgotten");
    Ok(state.accounts.credential_status(&id))
}
