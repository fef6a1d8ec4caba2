//! The migration model of Flex SSO Migrator: everything the wizard knows and decides.
//!
//! This crate imports no Tauri type on purpose (it does not even depend on Tauri), so every rule
//! can be tested with plain `cargo test` and read without knowing the desktop shell.

pub mod advisor;
/// The IdP catalog lives with the other facts (`flex-sso-facts`); re-exported where it always was.
pub use flex_sso_facts::catalog;
pub use flex_sso_facts as facts;
pub mod ids;
pub mod ui_version;
pub mod self_hosted;
pub mod values;
pub mod clock;
pub mod steps;
pub mod journal;
pub mod store;
pub mod profiles;
pub mod health;
pub mod idp_link;
