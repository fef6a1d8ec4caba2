//! Microsoft Entra ID through Microsoft Graph v1.0 (`flex_sso_facts::sources`
//! `graph_applications_api`, `graph_sign_ins_api`, `graph_device_code_flow`; the emulator in
//! `flex-sso-idp-emulator` is held to Microsoft's OpenAPI cut of the same API).
//!
//! The Flex SAML app is two objects with the same `appId`: the **servicePrincipal** (the
//! "enterprise application": SSO mode, signing certificates, app roles) and the **application**
//! (the "app registration": `identifierUris` = Identifier (Entity ID), `web.redirectUris` =
//! Reply URL). A change is one `PATCH /applications/{id}` with only `identifierUris` and `web`.
//!
//! Graph offers no conditional write (no ETag check) on applications, so "refuse when the app
//! changed since it was read" is a re-read and a comparison of the fields the PATCH replaces,
//! right before it.
//!
//! The token is a delegated Graph access token: from the device code sign-in ([`DeviceSignIn`])
//! or given directly. The device code flow needs the id of an app registration in the admin's
//! own tenant that allows public client flows: this project has no Microsoft app of its own, so
//! the client id is always a parameter.

mod address;
mod answers;
mod app;
mod apply;
mod compare;
mod device;
mod find;
mod keys;
mod labels;
mod logs;
mod plan;

use flex_sso_secrets::Secret;
use crate::error::IdpError;
use crate::http::{ApiClient, ClientOptions};

pub use address::{parse_base_url, parse_tenant};
pub use app::EntraApp;
pub use apply::Applied;
pub use compare::compare;
pub use device::{DeviceCode, DeviceSignIn, EntraTokens};
pub use find::Search;
pub use logs::explain_error_code;
pub use plan::{plan_change, plan_restore};

/// Microsoft Graph v1.0 (the app reads `FLEX_SSO_GRAPH_BASE_URL` to point elsewhere).
pub const GRAPH_BASE_URL: &str = "https://graph.microsoft.com/v1.0";
/// The Microsoft identity platform (the app reads `FLEX_SSO_ENTRA_LOGIN_BASE_URL`).
pub const LOGIN_BASE_URL: &str = "https://login.microsoftonline.com";
/// What the first sign-in asks for: reading apps and the sign-in log, nothing that writes.
pub const READ_SCOPES: &str =
    "https://graph.microsoft.com/Application.Read.All https://graph.microsoft.com/AuditLog.Read.All offline_access";
/// Asked only when the admin chooses to let the app make the change.
pub const WRITE_SCOPES: &str = "https://graph.microsoft.com/Application.ReadWrite.All offline_access";

/// A connection to Microsoft Graph for one tenant. Cheap to clone.
#[derive(Clone, Debug)]
pub struct EntraClient {
    api: ApiClient,
    tenant: String,
}

impl EntraClient {
    /// `graph_base` is [`GRAPH_BASE_URL`] (or the emulator's); `tenant` the tenant's domain name
    /// or id, as the admin typed it; `access_token` a delegated Graph token.
    pub fn new(graph_base: &str, tenant: &str, access_token: Secret, options: ClientOptions) -> Result<Self, IdpError> {
        let base = parse_base_url(graph_base)?;
        let tenant = parse_tenant(tenant)?;
        let api = ApiClient::new(base, Secret::new(format!("Bearer {}", access_token.expose())), options)?;
        Ok(Self { api, tenant })
    }

    pub fn tenant(&self) -> &str {
        &self.tenant
    }
}
