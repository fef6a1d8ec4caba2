//! The IdP side of the migration, through the IdP's own management API: find the Flex SAML app,
//! read its settings, compare them with what Flex needs ([`Comparison`]), and, only when the admin
//! asks, change them ([`ChangePlan`]: a snapshot first, compare-then-write, a re-read that proves
//! it, and the way back from the snapshot). Also the app's signing certificates and the IdP's own
//! sign-in log lines for a failed login.
//!
//! One module per IdP ([`okta`], [`entra`], [`auth0`]), all sharing every type here; [`Connection`]
//! picks one by [`IdpKind`].
//! Base URLs are settings, so tests point them at the emulators in `flex-sso-idp-emulator`.
//! No Tauri in here: the desktop app and the `idp-check` command both use it.

mod address;
mod answers;
pub mod auth0;
pub mod certificates;
pub mod compare;
pub mod connection;
pub mod error;
mod http;
pub mod kind;
pub mod logs;
pub mod entra;
pub mod okta;
pub mod plan;
pub mod snapshot;
pub mod target;

use serde::{Deserialize, Serialize};

pub use certificates::IdpCertificate;
pub use compare::{Comparison, Row, Verdict};
pub use connection::{App, Connection};
pub use error::{Action, IdpError, SignInEnd};
pub use http::ClientOptions;
pub use kind::{why_no_api, IdpKind, NoApi, TokenEntry};
pub use logs::IdpLogLine;
pub use plan::{ChangePlan, FieldChange};
pub use snapshot::Snapshot;
pub use target::FlexTarget;

/// One app in the IdP, as the admin would recognise it in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRef {
    /// The IdP's id of the app (Okta `0oa…`, Auth0's 32-character client id).
    pub id: String,
    /// The name the IdP's console shows.
    pub label: String,
    /// Why the app was picked as a candidate, in plain words ("its audience is the legacy Flex
    /// Entity ID", "its name has Flex in it").
    pub why: String,
}
