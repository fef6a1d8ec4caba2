//! The sandbox account's fixed identities: `tests/fixtures/idp/sandbox.json`, shared with the
//! SimpleSAMLphp configuration so the IdP and the emulator agree on every SID, user and variant.

use std::path::PathBuf;

use flex_sso_model::ids::{AccountSid, ConnectionSid};
use serde::{Deserialize, Serialize};

use crate::SandboxError;

/// sandbox.json as compiled into the crate (the IdP reads the same file at run time).
const BUILTIN_JSON: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/fixtures/idp/sandbox.json"));

/// The folder holding the SimpleSAMLphp configuration: `FLEX_SSO_IDP_FIXTURE_DIR` if set, else
/// the repository's `tests/fixtures/idp` (found from this crate's source folder).
pub fn default_fixture_dir() -> PathBuf {
    match std::env::var_os("FLEX_SSO_IDP_FIXTURE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/fixtures/idp")),
    }
}

/// The quirk a sandbox connection's IdP entry has (see metadata/saml20-sp-remote.php).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Ok,
    Unsigned,
    AssertionUnsigned,
    Expired,
    Sha1,
    Encrypted,
    NamespacedAttributes,
    MissingAttributes,
    BadRole,
    ShortSession,
    /// The IdP app still holds the legacy Entity ID and ACS URL.
    LegacyValues,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxConnection {
    pub sid: ConnectionSid,
    pub variant: Variant,
    pub description: String,
}

/// A user of the IdP's login form. The passwords are published test values (README), not secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxUser {
    pub username: String,
    pub password: String,
    pub full_name: String,
    pub email: String,
    /// `None`: the user has no `roles` attribute at all.
    pub roles: Option<Vec<String>>,
    /// `false`: the IdP refuses this user for every Flex app (not assigned).
    #[serde(default = "assigned_by_default")]
    pub assigned_to_flex: bool,
}

fn assigned_by_default() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxAccount {
    pub account_sid: AccountSid,
    /// What the hosted login link carries after `flex.twilio.com/` (FLEX-SSO-FACTS section 7).
    pub runtime_domain: String,
    pub users: Vec<SandboxUser>,
    pub connections: Vec<SandboxConnection>,
}

impl SandboxAccount {
    /// Parses a sandbox.json document.
    pub fn from_json(json: &str) -> Result<Self, SandboxError> {
        serde_json::from_str(json).map_err(|e| SandboxError::SandboxDataInvalid { detail: e.to_string() })
    }

    /// The account compiled into the crate. A unit test proves the embedded file parses.
    pub fn builtin() -> Self {
        Self::from_json(BUILTIN_JSON).expect("tests/fixtures/idp/sandbox.json is checked by a unit test")
    }

    pub fn connection(&self, sid: &str) -> Option<&SandboxConnection> {
        self.connections.iter().find(|c| c.sid.as_str() == sid)
    }

    /// The first connection with this variant.
    pub fn connection_with(&self, variant: Variant) -> Option<&SandboxConnection> {
        self.connections.iter().find(|c| c.variant == variant)
    }

    pub fn user(&self, username: &str) -> Option<&SandboxUser> {
        self.users.iter().find(|u| u.username == username)
    }
}

/// Entity ID (audience) of a new connection: `urn:flex:{ConnectionSid}` (FLEX-SSO-FACTS section 1).
pub fn new_entity_id(sid: &ConnectionSid) -> String {
    format!("urn:flex:{sid}")
}

/// Entity ID of the legacy connection, always on iam.twilio.com (FLEX-SSO-FACTS section 1).
pub fn legacy_entity_id(account: &AccountSid) -> String {
    format!("https://iam.twilio.com/v1/Accounts/{account}/saml2/metadata")
}

/// Path of the legacy ACS on the iam host (FLEX-SSO-FACTS section 1: `https://iam.twilio.com/v1/Accounts/{AccountSid}/saml2`).
pub fn legacy_acs_path(account: &AccountSid) -> String {
    format!("/v1/Accounts/{account}/saml2")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses_and_has_one_connection_per_variant() {
        let account = SandboxAccount::builtin();
        assert_eq!(account.account_sid.as_str(), "AC5a4db0c50000000000000000000000ac");
        assert_eq!(account.runtime_domain, "sandbox-owl-1234");
        let variants = [
            Variant::Ok,
            Variant::Unsigned,
            Variant::AssertionUnsigned,
            Variant::Expired,
            Variant::Sha1,
            Variant::Encrypted,
            Variant::NamespacedAttributes,
            Variant::MissingAttributes,
            Variant::BadRole,
            Variant::ShortSession,
            Variant::LegacyValues,
        ];
        for variant in variants {
            let found = account.connections.iter().filter(|c| c.variant == variant).count();
            assert_eq!(found, 1, "{variant:?}");
        }
        assert_eq!(account.connections.len(), variants.len());
    }

    #[test]
    fn users_follow_the_documented_passwords() {
        let account = SandboxAccount::builtin();
        let names: Vec<&str> = account.users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["agent", "supervisor", "admin", "noroles", "insights", "madeup", "unassigned"]);
        for user in &account.users {
            assert_eq!(user.password, format!("{}-pass", user.username));
        }
        assert_eq!(account.user("noroles").and_then(|u| u.roles.clone()), None);
        assert!(!account.user("unassigned").map(|u| u.assigned_to_flex).unwrap_or(true));
        assert!(account.user("agent").map(|u| u.assigned_to_flex).unwrap_or(false));
    }

    #[test]
    fn derived_values_match_the_facts() {
        let account = SandboxAccount::builtin();
        let sid = ConnectionSid::parse("JQ5a4db0c5000000000000000000000001").unwrap();
        assert_eq!(new_entity_id(&sid), "urn:flex:JQ5a4db0c5000000000000000000000001");
        assert_eq!(
            legacy_entity_id(&account.account_sid),
            "https://iam.twilio.com/v1/Accounts/AC5a4db0c50000000000000000000000ac/saml2/metadata"
        );
        assert_eq!(legacy_acs_path(&account.account_sid), "/v1/Accounts/AC5a4db0c50000000000000000000000ac/saml2");
    }

    #[test]
    fn a_bad_sid_in_the_file_is_refused_with_the_sid_message() {
        let json = BUILTIN_JSON.replace("AC5a4db0c50000000000000000000000ac", "AC5a4db0c5");
        let err = SandboxAccount::from_json(&json).unwrap_err();
        assert_eq!(err.code(), "sandbox_data_invalid");
        assert!(err.to_string().contains("An Account SID has 34 characters; this has 10."), "{err}");
    }
}
