//! Fake identifiers and credentials the emulator uses by default (never real ones).

/// An org API token (or OAuth access token) allowed to read and to change apps.
pub const ORG_TOKEN_READ_WRITE: &str = "okta-emulator-token-rw-0000";
/// A token allowed to read only: a `PUT` with it gets 403 `E0000006`, like a read-only admin's
/// token or an OAuth token without `okta.apps.manage`.
pub const ORG_TOKEN_READ_ONLY: &str = "okta-emulator-token-ro-0000";
/// The Twilio account the Flex app's legacy URLs name (the Twilio emulator's default too).
pub const ACCOUNT_SID: &str = "AC00000000000000000000000000e1e1e1";
/// The new Flex SSO connection the migrated URLs name.
pub const CONNECTION_SID: &str = "JQ5a4db0c5000000000000000000000001";
/// The Flex SAML app's id in every preset that has one.
pub const FLEX_APP_ID: &str = "0oa1flex00legacy00001";

/// Microsoft Graph (the Entra ID emulator): its API lives under this path of the emulator.
pub const GRAPH_PATH: &str = "/v1.0";
/// The Microsoft sign-in endpoints (`/login/{tenant}/oauth2/v2.0/...`) live under this path.
pub const LOGIN_PATH: &str = "/login";
/// A Graph access token with Application.ReadWrite.All (what the sign-in gives for the write scope).
pub const GRAPH_TOKEN_READ_WRITE: &str = "graph-emulator-token-rw-0000";
/// A Graph access token with Application.Read.All and AuditLog.Read.All only: a PATCH gets 403.
pub const GRAPH_TOKEN_READ_ONLY: &str = "graph-emulator-token-ro-0000";
/// The emulated tenant, by id and by its initial domain.
pub const ENTRA_TENANT_ID: &str = "e1e10000-0000-4000-8000-0000000e1e1a";
pub const ENTRA_TENANT_DOMAIN: &str = "flexemulator.onmicrosoft.com";
/// The app registration that allows public client flows, whose id the device code sign-in takes.
pub const ENTRA_CLIENT_ID: &str = "c11e0000-0000-4000-8000-000000000c1d";
/// The Flex SAML app: its Application (client) ID, its service principal's and its
/// application's object ids.
pub const ENTRA_FLEX_APP_ID: &str = "f1e10000-0000-4000-8000-00000000f1e1";
pub const ENTRA_FLEX_SP_ID: &str = "5e710000-0000-4000-8000-00000000f1e1";
pub const ENTRA_FLEX_APPLICATION_ID: &str = "a9910000-0000-4000-8000-00000000f1e1";

/// An Auth0 Management API token (`Bearer`) with `read:clients`, `update:clients`, `read:logs`
/// and `read:signing_keys`.
pub const AUTH0_TOKEN_READ_WRITE: &str = "auth0-emulator-token-rw-0000";
/// An Auth0 token without `update:clients`: a `PATCH` with it gets 403 `insufficient_scope`.
pub const AUTH0_TOKEN_READ_ONLY: &str = "auth0-emulator-token-ro-0000";
/// The Flex SAML2 Web App's client id in every Auth0 preset that has one (32 characters, like
/// Auth0's).
pub const AUTH0_FLEX_CLIENT_ID: &str = "FlexSaml0Legacy0Client0000000001";
/// The emulated tenant's name and domain (the certificates' CN).
pub const AUTH0_TENANT: &str = "dev-flexsso";
pub const AUTH0_TENANT_DOMAIN: &str = "dev-flexsso.us.auth0.com";
