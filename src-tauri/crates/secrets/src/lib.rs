//! Secrets for Flex SSO Migrator: a type that redacts itself, and the OS keyring behind a small
//! trait so the rest of the app (and its tests) never talk to a platform keyring directly.
//! No Tauri in here.

mod secret;
mod store;

pub use secret::Secret;
pub use store::{
    round_trip_check, KeyringSecretStore, MemorySecretStore, RoundTripReport, SecretStore, SecretStoreError,
    KEYRING_SERVICE,
};
