//! Okta's labels for the settings the check shows. The Entity ID and ACS URL labels are Twilio's
//! (the IdP catalog, FACTS §4); the others are the Okta Admin Console's names for the API fields
//! the Apps API describes (`okta_apps_api`). [inferred] Twilio's Okta page does not name them.

pub const RECIPIENT: &str = "Recipient URL";
pub const DESTINATION: &str = "Destination URL";
pub const NAME_ID_FORMAT: &str = "Name ID format";
pub const RESPONSE_SIGNED: &str = "Response";
pub const ASSERTION_SIGNED: &str = "Assertion Signature";
pub const SIGNATURE_ALGORITHM: &str = "Signature Algorithm";
pub const DIGEST_ALGORITHM: &str = "Digest Algorithm";
pub const ENCRYPTION: &str = "Assertion Encryption";
pub const ATTRIBUTES: &str = "Attribute Statements";
pub const OTHER_ACS: &str = "Other Requestable SSO URLs";

/// The catalog's label for the Entity ID, or Twilio's name when the catalog lacks Okta.
pub fn entity_id() -> String {
    flex_sso_facts::catalog::Catalog::builtin()
        .get("okta")
        .map(|e| e.entity_id_label.text.clone())
        .unwrap_or_else(|| "Entity ID".to_owned())
}

pub fn acs_url() -> String {
    flex_sso_facts::catalog::Catalog::builtin()
        .get("okta")
        .map(|e| e.acs_url_label.text.clone())
        .unwrap_or_else(|| "ACS URL".to_owned())
}
