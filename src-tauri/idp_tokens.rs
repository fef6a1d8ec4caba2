//! The IdP API tokens of each migration, in the OS keyring beside the Twilio credentials (never
//! in the progress file, never in a log). One entry per profile and IdP.

use flex_sso_idp::IdpKind;
use flex_sso_model::profiles::ProfileId;
use flex_sso_secrets::{Secret, SecretStore, SecretStoreError};

/// The keyring entry of a profile's token for an IdP. The profile id never changes (a rename
/// keeps it), so the entry stays attached.
fn entry_name(id: &ProfileId, idp: IdpKind) -> String {
    format!("idp/{}/{}", idp.catalog_id(), id.as_str())
}

pub fn save(store: &dyn SecretStore, id: &ProfileId, idp: IdpKind, token: &Secret) -> Result<(), SecretStoreError> {
    store.set(&entry_name(id, idp), token)
}

pub fn load(store: &dyn SecretStore, id: &ProfileId, idp: IdpKind) -> Result<Secret, SecretStoreError> {
    store.get(&entry_name(id, idp))
}

/// Removes the token of every IdP of the profile. Idempotent.
pub fn forget_all(store: &dyn SecretStore, id: &ProfileId) -> Result<(), SecretStoreError> {
    for &idp in IdpKind::ALL {
        store.delete(&entry_name(id, idp))?;
    }
    Ok(())
}

/// A Microsoft sign-in started from step 2 and not finished yet: the code the admin was shown,
/// and what the token will be for.
#[derive(Clone, Debug)]
pub struct PendingSignIn {
    pub sign_in: flex_sso_idp::entra::DeviceSignIn,
    pub code: flex_sso_idp::entra::DeviceCode,
    pub tenant: String,
    pub client_id: String,
}

/// Where the Microsoft sign-in lives: `FLEX_SSO_ENTRA_LOGIN_BASE_URL` (the emulator) or Microsoft's.
pub fn entra_login_base() -> String {
    std::env::var("FLEX_SSO_ENTRA_LOGIN_BASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| flex_sso_idp::entra::LOGIN_BASE_URL.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_sso_secrets::MemorySecretStore;

    #[test]
    fn a_token_is_kept_per_profile_and_forgotten_with_it() {
        let store = MemorySecretStore::new();
        let acme = ProfileId::parse("acme").unwrap();
        let other = ProfileId::parse("other").unwrap();
        save(&store, &acme, IdpKind::Okta, &Secret::new("t-1")).unwrap();
        assert_eq!(load(&store, &acme, IdpKind::Okta).unwrap().expose(), "t-1");
        assert!(load(&store, &other, IdpKind::Okta).is_err());
        forget_all(&store, &acme).unwrap();
        assert!(load(&store, &acme, IdpKind::Okta).is_err());
        forget_all(&store, &acme).unwrap();
    }
}
