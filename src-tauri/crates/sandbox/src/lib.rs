//! The practice sandbox's login side, on loopback, with no Twilio account:
//!
//! * [`Idp`]: a real SAML identity provider (SimpleSAMLphp 1.19, configured by
//!   `tests/fixtures/idp/`) run under `php -S` in its own process group;
//! * [`FlexLogin`]: plays Twilio's side of the new Flex SSO for the sandbox account: the hosted
//!   login link, the AuthnRequest, the ACS that checks the SAML response (with the `xmlsec1` CLI,
//!   independently of the app's own diagnosis crates), the agent desktop and Twilio-like errors;
//! * [`Sandbox`]: both started together, as the `flex-sso-sandbox` binary does.
//!
//! No Tauri in here. Unix only: the IdP is stopped by killing its process group.

mod error;
mod http_probe;
mod idp;
mod process;
mod rotation;
mod sandbox;
mod sandbox_data;

pub mod emulator;

pub use emulator::{FlexLogin, FlexLoginHandle, FlexLoginListeners, FlexLoginOptions, Rejection, SandboxUrls};
pub use error::SandboxError;
pub use idp::{process_group_alive, Idp, IdpHandle, IdpOptions, IdpTrust};
pub use rotation::{IdpRotation, RotationStage, RotationStatus};
pub use sandbox::{Sandbox, SandboxHandle, SandboxOptions};
pub use sandbox_data::{
    default_fixture_dir, legacy_acs_path, legacy_entity_id, new_entity_id, SandboxAccount, SandboxConnection,
    SandboxUser, Variant,
};
