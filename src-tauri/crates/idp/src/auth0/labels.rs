//! Auth0's labels for the settings the check shows. The Entity ID and ACS URL labels are Twilio's
//! (the IdP catalog, FACTS §4); the others are the keys of the SAML2 Web App's settings JSON, as
//! the admin types them (the API's `addons.samlp` properties, `auth0_management_api`), and the
//! dashboard's "Allowed Callback URLs" (the catalog's own note names it).

pub const RECIPIENT: &str = "recipient";
pub const DESTINATION: &str = "destination";
pub const CALLBACKS: &str = "Allowed Callback URLs";
pub const SIGN_RESPONSE: &str = "signResponse";
pub const SIGNATURE_ALGORITHM: &str = "signatureAlgorithm";
pub const DIGEST_ALGORITHM: &str = "digestAlgorithm";
/// No Auth0 setting carries this name: it is what Flex needs (FACTS §5), in plain words.
pub const SIGNED_PARTS: &str = "Response and assertion signatures";
pub const NAME_ID_FORMAT: &str = "nameIdentifierFormat";
pub const MAPPINGS: &str = "mappings";

fn catalog_text(pick: impl Fn(&flex_sso_facts::catalog::IdpEntry) -> String, fallback: &str) -> String {
    flex_sso_facts::catalog::Catalog::builtin().get("auth0").map(pick).unwrap_or_else(|| fallback.to_owned())
}

/// The catalog's label for the Entity ID ("audience setting").
pub fn entity_id() -> String {
    catalog_text(|e| e.entity_id_label.text.clone(), "Entity ID")
}

/// The catalog's label for the ACS URL ("Application Callback URL").
pub fn acs_url() -> String {
    catalog_text(|e| e.acs_url_label.text.clone(), "ACS URL")
}
