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
