//! Tauri commands: thin adapters from the UI to the domain crates. Each file serves one area of
//! the UI; every command is listed in `build.rs` and granted to a window in `capabilities/`.

pub mod about;
pub mod app;
pub mod clipboard;
pub mod facts;
pub mod health;
pub mod idp;
pub mod keyring;
pub mod metadata;
pub mod migration;
pub mod preferences;
pub mod preflight;
pub mod profiles;
pub mod reference;
pub mod reports;
pub mod role_check;
pub mod saml;
pub mod updates;
pub mod validation;
