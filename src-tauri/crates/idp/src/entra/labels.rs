//! Entra ID's labels for the settings the check shows. The Entity ID and ACS URL labels are
//! Twilio's (the IdP catalog, FACTS §4); "Signing Option" and "Signing Algorithm" are the words
//! of Twilio's Azure AD page (the catalog's `signing` texts). The others name the Graph property
//! in the plain words of its API description (`graph_applications_api`) [inferred]: Twilio's
//! page does not name them.

pub const SSO_MODE: &str = "Single sign-on mode";
pub const SIGNING_OPTION: &str = "Signing Option";
pub const SIGNING_ALGORITHM: &str = "Signing Algorithm";
pub const TOKEN_ENCRYPTION: &str = "Token encryption";
pub const APP_ROLES: &str = "App roles";

fn catalog_label(pick: fn(&flex_sso_facts::catalog::IdpEntry) -> String, fallback: &str) -> String {
    flex_sso_facts::catalog::Catalog::builtin().get("azure_ad").map(pick).unwrap_or_else(|| fallback.to_owned())
}

/// "Identifier (Entity ID)", from the catalog.
pub fn entity_id() -> String {
    catalog_label(|e| e.entity_id_label.text.clone(), "Identifier (Entity ID)")
}

/// "Reply URL (Assertion Consumer Service URL)", from the catalog.
pub fn acs_url() -> String {
    catalog_label(|e| e.acs_url_label.text.clone(), "Reply URL (Assertion Consumer Service URL)")
}
