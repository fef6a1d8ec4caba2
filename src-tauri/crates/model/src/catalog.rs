//! The IdP catalog: for each identity provider, where the Flex values go, what its fields are
//! called, where Twilio's step-3 fields come from, how to send `email`, `full_name` and `roles`,
//! the signing settings Flex needs, and the IdP's particular traps.
//!
//! The catalog is data (`catalog/idps.json`), not `match` arms: adding an IdP or correcting a
//! label is an edit to one file, and the UI renders whatever is there. Every fact carries its
//! `source`; a source containing `[inferred]` marks what no public page states outright, so it
//! is easy to find and change (FLEX-SSO-FACTS conventions).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The catalog as shipped inside the app.
const BUILTIN_JSON: &str = include_str!("catalog/idps.json");

/// A fact and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub text: String,
    pub source: String,
}

impl Sourced {
    /// True when no public source states this outright.
    pub fn is_inferred(&self) -> bool {
        self.source.contains("[inferred]")
    }
}

/// Twilio's setup page for an IdP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupGuide {
    pub url: String,
    pub source: String,
}

/// Where Twilio's three step-3 fields come from in this IdP (FACTS §3, §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdpData {
    /// Twilio's "Identity Provider Issuer".
    pub issuer: Sourced,
    /// Twilio's "Single Sign-On URL".
    pub sso_url: Sourced,
    /// Twilio's "X.509 certificate" (the full PEM).
    pub certificate: Sourced,
}

/// How the IdP sends the three attributes Flex requires (FACTS §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    pub email: Sourced,
    pub full_name: Sourced,
    pub roles: Sourced,
}

/// One identity provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdpEntry {
    /// Stable id (`okta`, `azure_ad`, ...), used by the UI and the progress file.
    pub id: String,
    pub display_name: String,
    pub setup_guide: SetupGuide,
    /// The IdP page where the Entity ID and ACS URL go.
    pub sp_page: Sourced,
    /// The IdP's name for the Entity ID field.
    pub entity_id_label: Sourced,
    /// The IdP's name for the ACS URL field.
    pub acs_url_label: Sourced,
    pub idp_data: IdpData,
    pub attributes: Attributes,
    /// The signing settings Flex needs, in this IdP's words where known.
    pub signing: Vec<Sourced>,
    /// This IdP's particular traps.
    pub notes: Vec<Sourced>,
}

/// One row of the step-2 label table (the guide's "what field labels your IdP uses").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LabelRow<'a> {
    pub id: &'a str,
    pub display_name: &'a str,
    pub page: &'a str,
    pub entity_id_label: &'a str,
    pub acs_url_label: &'a str,
}

/// Why a catalog file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("The IdP catalog could not be read: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("The IdP catalog lists \"{0}\" twice.")]
    DuplicateId(String),
    #[error("The IdP catalog entry \"{id}\" has an empty value in {field}.")]
    EmptyField { id: String, field: &'static str },
}

impl CatalogError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogError::Parse(_) => "catalog_parse",
            CatalogError::DuplicateId(_) => "catalog_duplicate_id",
            CatalogError::EmptyField { .. } => "catalog_empty_field",
        }
    }
}

/// All known IdPs, in the order the UI lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    idps: Vec<IdpEntry>,
}

impl Catalog {
    /// The catalog compiled into the app, parsed once. The data is checked by this module's
    /// tests, so a broken file fails the build's tests long before it could reach a user.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| match Catalog::from_json(BUILTIN_JSON) {
            Ok(catalog) => catalog,
            Err(error) => panic!("the built-in IdP catalog is invalid ({}): {error}", error.code()),
        })
    }

    /// Parses and checks a catalog: ids unique, no empty text, source or URL.
    pub fn from_json(json: &str) -> Result<Catalog, CatalogError> {
        let catalog: Catalog = serde_json::from_str(json)?;
        let mut seen: Vec<&str> = Vec::new();
        for idp in &catalog.idps {
            if seen.contains(&idp.id.as_str()) {
                return Err(CatalogError::DuplicateId(idp.id.clone()));
            }
            seen.push(&idp.id);
            for (field, value) in idp.text_fields() {
                if value.trim().is_empty() {
                    return Err(CatalogError::EmptyField { id: idp.id.clone(), field });
                }
            }
        }
        Ok(catalog)
    }

    pub fn get(&self, id: &str) -> Option<&IdpEntry> {
        self.idps.iter().find(|idp| idp.id == id)
    }

    pub fn all(&self) -> &[IdpEntry] {
        &self.idps
    }

    /// The step-2 label table, one row per IdP.
    pub fn label_table(&self) -> Vec<LabelRow<'_>> {
        self.idps
            .iter()
            .map(|idp| LabelRow {
                id: &idp.id,
                display_name: &idp.display_name,
                page: &idp.sp_page.text,
                entity_id_label: &idp.entity_id_label.text,
                acs_url_label: &idp.acs_url_label.text,
            })
            .collect()
    }
}

impl IdpEntry {
    /// Every sourced fact of the entry, with a name for messages.
    pub fn facts(&self) -> Vec<(&'static str, &Sourced)> {
        let mut facts = vec![
            ("sp_page", &self.sp_page),
            ("entity_id_label", &self.entity_id_label),
            ("acs_url_label", &self.acs_url_label),
            ("idp_data.issuer", &self.idp_data.issuer),
            ("idp_data.sso_url", &self.idp_data.sso_url),
            ("idp_data.certificate", &self.idp_data.certificate),
            ("attributes.email", &self.attributes.email),
            ("attributes.full_name", &self.attributes.full_name),
            ("attributes.roles", &self.attributes.roles),
        ];
        facts.extend(self.signing.iter().map(|s| ("signing", s)));
        facts.extend(self.notes.iter().map(|s| ("notes", s)));
        facts
    }

    /// Every text that must not be empty, named for the error message.
    fn text_fields(&self) -> Vec<(&'static str, &str)> {
        let mut fields = vec![
            ("id", self.id.as_str()),
            ("display_name", self.display_name.as_str()),
            ("setup_guide.url", self.setup_guide.url.as_str()),
            ("setup_guide.source", self.setup_guide.source.as_str()),
        ];
        for (name, fact) in self.facts() {
            fields.push((name, fact.text.as_str()));
            fields.push((name, fact.source.as_str()));
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = "https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration";

    #[test]
    fn builtin_catalog_lists_the_six_idps_in_order() {
        let ids: Vec<&str> = Catalog::builtin().all().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["google", "okta", "salesforce", "azure_ad", "auth0", "other_saml"]);
        assert!(std::ptr::eq(Catalog::builtin(), Catalog::builtin()), "parsed once");
    }

    #[test]
    fn labels_match_the_migration_guide_table_exactly() {
        // Twilio's migration guide, step 2: IdP page, Entity ID label, ACS URL label.
        let expected: &[(&str, &str, &str, &str)] = &[
            ("google", "Service provider details", "Entity ID", "ACS URL"),
            ("okta", "Create SAML integration", "Audience URI (SP Entity ID)", "Single sign on URL"),
            ("salesforce", "Web App settings", "Entity ID", "ACS URL"),
            (
                "azure_ad",
                "SAML > General SAML settings",
                "Identifier (Entity ID)",
                "Reply URL (Assertion Consumer Service URL)",
            ),
            ("auth0", "SAML2 Web App > Settings", "audience setting", "Application Callback URL"),
        ];
        let table = Catalog::builtin().label_table();
        for (id, page, entity, acs) in expected {
            let row = table.iter().find(|r| r.id == *id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!((row.page, row.entity_id_label, row.acs_url_label), (*page, *entity, *acs), "{id}");
        }
    }

    #[test]
    fn every_fact_has_a_text_and_a_source() {
        for idp in Catalog::builtin().all() {
            assert!(idp.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", idp.id);
            assert!(idp.setup_guide.url.starts_with(DOCS), "{}: {}", idp.id, idp.setup_guide.url);
            assert!(!idp.signing.is_empty() && !idp.notes.is_empty(), "{}", idp.id);
            for (name, fact) in idp.facts() {
                assert!(!fact.text.trim().is_empty(), "{} {name}", idp.id);
                assert!(!fact.source.trim().is_empty(), "{} {name}", idp.id);
            }
        }
    }

    #[test]
    fn the_particular_traps_are_recorded() {
        let c = Catalog::builtin();
        let notes = |id: &str| -> String {
            let idp = c.get(id).unwrap();
            idp.facts().iter().map(|(_, f)| f.text.as_str()).collect::<Vec<_>>().join("\n")
        };
        assert!(notes("google").contains("IdP-initiated login is not supported"));
        assert!(notes("azure_ad").contains("Delete the default claims"));
        assert!(notes("salesforce").contains("\"agent\""));
        assert!(notes("auth0").contains("Post-Login Action"));
        assert!(notes("auth0").contains("app_metadata.flex.roles"));
        assert!(notes("okta").contains("user.userType"));
        assert!(notes("azure_ad").contains("user.assignedroles"));
        assert!(notes("azure_ad").contains("Sign SAML response and assertion"));
        assert_eq!(c.get("azure_ad").unwrap().setup_guide.url, format!("{DOCS}/azure-ad"));
        assert!(
            c.get("azure_ad").unwrap().setup_guide.source.contains("[inferred]"),
            "the azure-ad slug is not confirmed"
        );
        assert!(c.get("nope").is_none());
    }

    #[test]
    fn inferred_facts_are_marked() {
        let idp = Catalog::builtin().get("okta").unwrap();
        assert!(idp.attributes.email.is_inferred());
        assert!(!idp.attributes.roles.is_inferred());
    }

    #[test]
    fn bad_catalogs_are_refused_with_a_code() {
        let one = serde_json::to_value(Catalog::builtin().get("okta").unwrap()).unwrap();
        let twice = serde_json::json!({ "idps": [one.clone(), one.clone()] }).to_string();
        let err = Catalog::from_json(&twice).unwrap_err();
        assert_eq!(err.code(), "catalog_duplicate_id");
        assert_eq!(err.to_string(), "The IdP catalog lists \"okta\" twice.");

        let mut empty = one.clone();
        empty["notes"][0]["source"] = serde_json::json!(" ");
        let err = Catalog::from_json(&serde_json::json!({ "idps": [empty] }).to_string()).unwrap_err();
        assert_eq!(err.code(), "catalog_empty_field");
        assert_eq!(err.to_string(), "The IdP catalog entry \"okta\" has an empty value in notes.");

        let mut extra = one;
        extra["surprise"] = serde_json::json!(1);
        let err = Catalog::from_json(&serde_json::json!({ "idps": [extra] }).to_string()).unwrap_err();
        assert_eq!(err.code(), "catalog_parse");
        assert!(err.to_string().starts_with("The IdP catalog could not be read: unknown field `surprise`"));
    }

    #[test]
    fn serializes_for_the_ui() {
        let json = serde_json::to_value(Catalog::builtin().label_table()).unwrap();
        assert_eq!(json[1]["entity_id_label"], "Audience URI (SP Entity ID)");
        let entry = serde_json::to_value(Catalog::builtin().get("auth0").unwrap()).unwrap();
        assert_eq!(entry["acs_url_label"]["text"], "Application Callback URL");
        assert!(entry["idp_data"]["sso_url"]["source"].as_str().unwrap().contains("FLEX-SSO-FACTS"));
    }
}
