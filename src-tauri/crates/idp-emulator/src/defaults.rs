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
