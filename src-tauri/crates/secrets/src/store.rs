//! Where secrets are kept: the OS keyring, behind a trait the rest of the app talks to.
//!
//! The trait is small on purpose: the app stores one opaque secret per profile and never lists
//! or searches. Tests of logic use [`MemorySecretStore`]; the boundary itself is tested against
//! the real Secret Service (see `tests/real_keyring.rs` and the end-to-end harness), because an
//! in-memory fake would never find the problems users hit (a locked or missing keyring).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::Secret;

/// The service name under which every entry of this app is filed in the OS keyring.
pub const KEYRING_SERVICE: &str = "flex-sso-migrator";

/// Why a secret could not be stored or read. `Display` is what the admin reads; it never
/// contains the secret (keyring's own `BadEncoding` carries the bytes, so it is never shown).
#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    #[error(
        "No secure storage is available on this computer, so the app cannot keep your Twilio \
         credentials safely. {hint}"
    )]
    Unavailable { hint: &'static str, detail: String },
    #[error(
        "The secure storage is locked, and it was not unlocked (the unlock prompt was dismissed or \
         could not be shown), so nothing was saved or read. Unlock it (on Linux: your login keyring, \
         for example in GNOME \"Passwords and Keys\" or KWallet) and try again, or choose \"keep for \
         this session only\"."
    )]
    Locked { detail: String },
    #[error(
        "The secure storage refused the request, so nothing was saved or read. A security policy \
         on this computer may keep apps from storing secrets there; ask IT, or choose \"keep for \
         this session only\"."
    )]
    Refused { detail: String },
    #[error("Nothing is stored under this name in the secure storage.")]
    NotFound,
    #[error("The secure storage refused the request: {detail}")]
    Failed { detail: String },
}

impl SecretStoreError {
    pub fn code(&self) -> &'static str {
        match self {
            SecretStoreError::Unavailable { .. } => "keyring_unavailable",
            SecretStoreError::Locked { .. } => "keyring_locked",
            SecretStoreError::Refused { .. } => "keyring_refused",
            SecretStoreError::NotFound => "keyring_not_found",
            SecretStoreError::Failed { .. } => "keyring_failed",
        }
    }
}

/// What to install or start so a keyring becomes available, per platform.
const fn unavailable_hint() -> &'static str {
    if cfg!(target_os = "linux") {
        "Install and start a keyring service (GNOME Keyring or KWallet), log out and in again, \
         then retry. Or choose \"keep for this session only\"."
    } else if cfg!(target_os = "macos") {
        "The macOS Keychain did not answer. Restart the app, and check Keychain Access. Or choose \
         \"keep for this session only\"."
    } else {
        "The Windows Credential Manager did not answer. Restart the app and try again. Or choose \
         \"keep for this session only\"."
    }
}

/// A place that keeps secrets by name.
pub trait SecretStore: Send + Sync {
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretStoreError>;
    fn get(&self, name: &str) -> Result<Secret, SecretStoreError>;
    /// Deletes the secret; deleting a missing one is not an error (forgetting is idempotent).
    fn delete(&self, name: &str) -> Result<(), SecretStoreError>;
    /// A short human name of the backend, for diagnostics ("Secret Service", "memory").
    fn backend_name(&self) -> &'static str;
}

/// The OS keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
#[derive(Debug, Clone)]
pub struct KeyringSecretStore {
    service: String,
}

impl KeyringSecretStore {
    pub fn new() -> Self {
        Self::with_service(KEYRING_SERVICE)
    }

    /// A store filed under another service name (tests use their own so they never touch the
    /// user's real entries).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(&self.service, name).map_err(map_keyring_error)
    }
}

impl Default for KeyringSecretStore {
    fn default() -> Self {
        Self::new()
    }
}

/// Which failure a platform's words describe. keyring hands over the Secret Service's errors as
/// text only, so the text is what there is to go on. Seen with gnome-keyring 42 (see
/// `tests/keyring_faults.rs` of the app): no Secret Service on the bus: "The name
/// org.freedesktop.secrets was not provided by any .service files"; a locked collection whose
/// unlock prompt cannot be shown or is dismissed: "unlock prompt was dismissed"; no default
/// collection (a keyring never unlocked at login): "no result found"; a bus policy refusing the
/// call: "Rejected send message".
fn classify_detail(detail: String, no_storage_access: bool) -> SecretStoreError {
    let lower = detail.to_ascii_lowercase();
    let refused = ["rejected send message", "accessdenied", "access denied", "permission denied", "not authorized"];
    if refused.iter().any(|words| lower.contains(words)) {
        SecretStoreError::Refused { detail }
    } else if lower.contains("locked") || lower.contains("prompt") || lower.contains("no result found") {
        SecretStoreError::Locked { detail }
    } else if no_storage_access || lower.contains("dbus") || lower.contains("d-bus") || lower.contains("service") {
        SecretStoreError::Unavailable { hint: unavailable_hint(), detail }
    } else {
        SecretStoreError::Failed { detail }
    }
}

fn map_keyring_error(error: keyring::Error) -> SecretStoreError {
    match error {
        keyring::Error::NoEntry => SecretStoreError::NotFound,
        keyring::Error::NoStorageAccess(inner) => classify_detail(inner.to_string(), true),
        keyring::Error::PlatformFailure(inner) => classify_detail(inner.to_string(), false),
        // Carries the stored bytes: describe it without them.
        keyring::Error::BadEncoding(_) => {
            SecretStoreError::Failed { detail: "the stored value is not text".into() }
        }
        other => SecretStoreError::Failed { detail: other.to_string() },
    }
}

impl SecretStore for KeyringSecretStore {
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.entry(name)?.set_password(secret.expose()).map_err(map_keyring_error)
    }

    fn get(&self, name: &str) -> Result<Secret, SecretStoreError> {
        self.entry(name)?.get_password().map(Secret::new).map_err(map_keyring_error)
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_keyring_error(error)),
        }
    }

    fn backend_name(&self) -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "Secret Service"
        }
    }
}

/// Secrets kept in memory only: the explicit "keep for this session only" choice when no
/// keyring is reachable, and the store for unit tests of logic. Never written anywhere.
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStore for MemorySecretStore {
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).insert(name.to_owned(), secret.clone());
        Ok(())
    }

    fn get(&self, name: &str) -> Result<Secret, SecretStoreError> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).get(name).cloned().ok_or(SecretStoreError::NotFound)
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).remove(name);
        Ok(())
    }

    fn backend_name(&self) -> &'static str {
        "memory (this session only)"
    }
}

/// The outcome of [`round_trip_check`]: whether the store can keep a secret right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTripReport {
    pub wrote: bool,
    pub read_back: bool,
    pub deleted: bool,
}

/// Writes a throw-away secret, reads it back, deletes it and checks it is gone. This proves the
/// store works end to end (a locked keyring fails here, not later with real credentials).
pub fn round_trip_check(store: &dyn SecretStore, probe_name: &str, probe_value: &Secret) -> Result<RoundTripReport, SecretStoreError> {
    store.set(probe_name, probe_value)?;
    let read = store.get(probe_name);
    // Clean up before judging the read, so a failed check leaves nothing behind.
    let deleted = store.delete(probe_name);
    let read_back = read? == *probe_value;
    deleted?;
    let gone = matches!(store.get(probe_name), Err(SecretStoreError::NotFound));
    Ok(RoundTripReport { wrote: true, read_back, deleted: gone })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trips_and_forgets() {
        let store = MemorySecretStore::new();
        let report = round_trip_check(&store, "probe", &Secret::new("value")).unwrap();
        assert_eq!(report, RoundTripReport { wrote: true, read_back: true, deleted: true });
        assert!(matches!(store.get("probe"), Err(SecretStoreError::NotFound)));
        store.delete("never-there").unwrap();
    }

    #[test]
    fn bad_encoding_never_carries_the_bytes_into_the_message() {
        let error = map_keyring_error(keyring::Error::BadEncoding(b"top-secret-bytes".to_vec()));
        assert_eq!(error.code(), "keyring_failed");
        assert!(!format!("{error} {error:?}").contains("top-secret"));
    }

    #[test]
    fn locked_and_missing_keyrings_get_their_own_codes() {
        let locked = map_keyring_error(keyring::Error::NoStorageAccess("Cannot create an item in a locked collection".into()));
        assert_eq!(locked.code(), "keyring_locked");
        let missing = map_keyring_error(keyring::Error::PlatformFailure(
            "D-Bus error: The name org.freedesktop.secrets was not provided by any .service files".into(),
        ));
        assert_eq!(missing.code(), "keyring_unavailable");
        assert!(missing.to_string().contains("keep for this session only"));
        let dismissed = map_keyring_error(keyring::Error::NoStorageAccess("Secret Service: unlock prompt was dismissed".into()));
        assert_eq!(dismissed.code(), "keyring_locked");
        let no_collection = map_keyring_error(keyring::Error::NoStorageAccess("Secret Service: no result found".into()));
        assert_eq!(no_collection.code(), "keyring_locked");
        let refused = map_keyring_error(keyring::Error::PlatformFailure(
            "DBus error: Rejected send message, 2 matched rules; interface=\"org.freedesktop.Secret.Collection\" member=\"CreateItem\"".into(),
        ));
        assert_eq!(refused.code(), "keyring_refused");
        for error in [dismissed, refused] {
            assert!(error.to_string().contains("keep for this session only"), "{error}");
        }
    }
}
