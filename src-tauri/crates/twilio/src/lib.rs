//! Flex SSO Migrator's connection to Twilio: who the app signs in as ([`Credentials`]), where it
//! calls ([`Endpoints`]), the careful HTTP client ([`TwilioClient`]: timeouts, retries, errors an
//! admin can act on) and the preflight check that says whether an account can migrate.
//!
//! No Tauri in here: the desktop app and the command line both call [`preflight`].

pub mod classify;
pub mod client;
pub mod credentials;
pub mod endpoints;
pub mod error;
pub mod login_link;
pub mod preflight;
pub mod resources;
pub mod retry;

pub use client::{AccountLookup, ClientOptions, TwilioClient, USER_AGENT};
pub use credentials::{Auth, Credentials, CredentialsError, MaskedCredentials};
pub use endpoints::{EndpointError, Endpoints};
pub use error::{CredentialKind, Problem, TwilioError};
pub use preflight::{build_report, preflight, PreflightReport, SsoState};
pub use retry::{RetryPolicy, Sleeper};
