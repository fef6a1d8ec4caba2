//! Twilio accounts as the app keeps them: profiles (names, Account SIDs, progress files) from
//! `flex-sso-model`, and each profile's credentials in the OS keyring, or in memory for this
//! session only when the admin explicitly chose that. No Tauri in here: the window's commands
//! and the CLI share it.

use std::path::PathBuf;
use std::sync::Arc;

use flex_sso_model::clock::Clock;
use flex_sso_model::profiles::{Profile, ProfileError, ProfileId, ProfileRepository};
use flex_sso_secrets::{KeyringSecretStore, MemorySecretStore, SecretStore, SecretStoreError};
use flex_sso_twilio::{Credentials, CredentialsError, MaskedCredentials};
use serde::Serialize;

use crate::error::AppError;

/// Where a profile's credentials are kept right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialPlace {
    Keyring,
    ThisSessionOnly,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CredentialStatus {
    Saved { place: CredentialPlace, masked: MaskedCredentials },
    Missing,
    /// The keyring could not be read (locked, missing): say so, and what to do.
    Unreadable { code: &'static str, message: String },
}

pub struct Accounts {
    pub profiles: ProfileRepository,
    keyring: Arc<dyn SecretStore>,
    session: MemorySecretStore,
}

/// The keyring entry of a profile's credentials. The profile ID never changes (a rename keeps
/// it), so the entry stays attached.
fn entry_name(id: &ProfileId) -> String {
    format!("profile/{}", id.as_str())
}

impl Accounts {
    pub fn new(profiles_dir: PathBuf, keyring: Arc<dyn SecretStore>) -> Self {
        Self { profiles: ProfileRepository::new(profiles_dir), keyring, session: MemorySecretStore::new() }
    }

    /// The accounts of the signed-in OS user (the CLI's view of the app's profiles).
    pub fn of_this_user() -> Result<Self, AppError> {
        let dir = crate::paths::profiles_dir()
            .ok_or_else(|| AppError::Internal("this system has no data folder for apps".into()))?;
        Ok(Self::new(dir, Arc::new(KeyringSecretStore::new())))
    }

    pub fn save_credentials(&self, id: &ProfileId, credentials: &Credentials, session_only: bool) -> Result<CredentialPlace, AppError> {
        let profile = self.profiles.get(id)?;
        if profile.account_sid != credentials.account_sid {
            return Err(AppError::Domain {
                code: "credentials_other_account",
                message: format!(
                    "These credentials are for {}, but this profile is for {}. Check the Account SID, or add another profile.",
                    credentials.account_sid, profile.account_sid
                ),
            });
        }
        let secret = credentials.to_keyring_secret();
        if session_only {
            self.session.set(&entry_name(id), &secret)?;
            // Never keep two copies that could disagree.
            let _ = self.keyring.delete(&entry_name(id));
            Ok(CredentialPlace::ThisSessionOnly)
        } else {
            self.keyring.set(&entry_name(id), &secret)?;
            self.session.delete(&entry_name(id))?;
            Ok(CredentialPlace::Keyring)
        }
    }

    /// Keeps credentials in memory for this session without touching the keyring at all (the
    /// practice sandbox's made-up credentials).
    pub fn hold_for_session(&self, id: &ProfileId, credentials: &Credentials) -> Result<(), AppError> {
        self.session.set(&entry_name(id), &credentials.to_keyring_secret())?;
        Ok(())
    }

    /// The credentials of a profile: this session's first (an explicit choice), then the keyring.
    pub fn credentials(&self, id: &ProfileId) -> Result<(Credentials, CredentialPlace), AppError> {
        let name = entry_name(id);
        let (secret, place) = match self.session.get(&name) {
            Ok(secret) => (secret, CredentialPlace::ThisSessionOnly),
            Err(_) => (self.keyring.get(&name)?, CredentialPlace::Keyring),
        };
        Ok((Credentials::from_keyring_secret(&secret)?, place))
    }

    pub fn credential_status(&self, id: &ProfileId) -> CredentialStatus {
        match self.credentials(id) {
            Ok((credentials, place)) => CredentialStatus::Saved { place, masked: credentials.masked() },
            Err(AppError::SecretStore(SecretStoreError::NotFound)) => CredentialStatus::Missing,
            Err(error) => CredentialStatus::Unreadable { code: error.code(), message: error.to_string() },
        }
    }

    /// Removes the credentials from the keyring and from this session. Idempotent.
    pub fn forget_credentials(&self, id: &ProfileId) -> Result<(), AppError> {
        self.session.delete(&entry_name(id))?;
        self.keyring.delete(&entry_name(id))?;
        Ok(())
    }

    /// Deletes a profile, its progress and its credentials.
    pub fn delete_profile(&self, id: &ProfileId, clock: &dyn Clock) -> Result<(), AppError> {
        self.forget_credentials(id)?;
        crate::idp_tokens::forget_all(self.keyring.as_ref(), id)?;
        self.profiles.delete(id, clock)?;
        Ok(())
    }

    /// Finds a profile by its name (as shown in the app) or its ID.
    pub fn find(&self, name_or_id: &str) -> Result<Profile, AppError> {
        let wanted = name_or_id.trim();
        let listed = self.profiles.list()?;
        listed
            .profiles
            .into_iter()
            .find(|p| p.id.as_str() == wanted || p.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| AppError::Domain {
                code: "profile_not_found",
                message: format!("There is no profile called \"{wanted}\". Open the app to see your profiles, or check the spelling."),
            })
    }
}

impl From<ProfileError> for AppError {
    fn from(error: ProfileError) -> Self {
        AppError::Domain { code: error.code(), message: error.to_string() }
    }
}

impl From<CredentialsError> for AppError {
    fn from(error: CredentialsError) -> Self {
        AppError::Domain { code: error.code(), message: error.to_string() }
    }
}

/// For the CLI's `--profile NAME`: the profile's credentials as the app saved them.
pub fn credentials_for_profile_name(name: &str) -> Result<Credentials, AppError> {
    let accounts = Accounts::of_this_user()?;
    let profile = accounts.find(name)?;
    accounts.credentials(&profile.id).map(|(credentials, _)| credentials).map_err(|error| match error {
        AppError::SecretStore(SecretStoreError::NotFound) => AppError::Domain {
            code: "credentials_missing",
            message: format!("The profile \"{}\" has no saved credentials.", profile.name),
        },
        other => other,
    })
}
