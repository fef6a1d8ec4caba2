//! The IdP catalog: for each identity provider, where the Flex values go, what its fields are
//! called, where Twilio's step-3 fields come from, how to send `email`, `full_name` and `roles`,
//! the NameID and signing settings Flex needs, and the IdP's particular traps.
//!
//! The catalog is data (`catalog/idps.json`), not `match` arms: adding an IdP or correcting a
//! label is an edit to one file, and the UI renders whatever is there. Every fact names its
//! source page by id (see [`crate::sources`], which holds the address and the date it was
//! checked); a fact no page states outright carries `inferred`, the reason the UI shows beside it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::sources;

/// The catalog as shipped inside the app.
const BUILTIN_JSON: &str = include_str!("catalog/idps.json");

/// Where a fact comes from: a page of [`crate::sources`], and why the page does not settle it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// A [`crate::Source`] id, such as `twilio_okta`.
    pub page: String,
    /// Why no page states this outright, in words for the admin (shown beside the fact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
}

impl SourceRef {
    /// The page itself (the catalog's loader refuses unknown ids, so this is `Some` for the
    /// built-in catalog).
    pub fn source(&self) -> Option<&'static sources::Source> {
        sources::by_id(&self.page)
    }
}

/// What another of Twilio's pages says where they disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoSaid {
    pub text: String,
    pub source: SourceRef,
}

/// A fact and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub text: String,
    pub source: SourceRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also: Option<AlsoSaid>,
}

impl Sourced {
    /// True when no public source states this outright.
    pub fn is_inferred(&self) -> bool {
        self.source.inferred.is_some()
    }
}

/// Twilio's setup page for an IdP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupGuide {
    /// A [`crate::Source`] id.
    pub page: String,
}

impl SetupGuide {
    pub fn source(&self) -> Option<&'static sources::Source> {
        sources::by_id(&self.page)
    }
}

/// Where Twilio's three step-3 fields come from in this IdP. Each text says only the IdP's part;
/// the UI puts the Console's field name (`twilio::FIELD_*`) in front of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdpData {
    /// For Twilio's "Identity Provider Issuer".
    pub issuer: Sourced,
    /// For Twilio's "Single Sign-On URL".
    pub sso_url: Sourced,
    /// For Twilio's "X.509 certificate" (the full PEM).
    pub certificate: Sourced,
}

/// How the IdP sends the three attributes Flex requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    pub email: Sourced,
    pub full_name: Sourced,
    pub roles: Sourced,
}

/// What the IdP does as its signing certificate nears its end, and how its admin makes a new one
/// the one it signs with. Flex holds one certificate, so the health check's rotation steps quote
/// these to say when sign-ins would break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// What the IdP does on its own: certificate lifetime, notices, whether it switches by itself.
    pub behaviour: Vec<Sourced>,
    /// How the admin makes the new certificate active in the IdP.
    pub make_active: Sourced,
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
    /// The NameID setting Flex needs, in this IdP's words (a wrong one gives `InvalidNameIDPolicy`).
    pub name_id: Sourced,
    /// The signing settings Flex needs, in this IdP's words where known.
    pub signing: Vec<Sourced>,
    /// This IdP's particular traps.
    pub notes: Vec<Sourced>,
    /// Signing certificate rotation, for the health check.
    pub rotation: Rotation,
}

/// One row of the step-2 label table (the guide's "what field labels your IdP uses").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LabelRow<'a> {
    pub id: &'a str,
    pub display_name: &'a str,
    pub page: &'a str,
    /// The page's other name, where Twilio's pages disagree (Entra's section).
    pub page_also: Option<&'a str>,
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
    #[error("The IdP catalog entry \"{id}\" names the source page \"{page}\" in {field}, which is not a known page.")]
    UnknownSource { id: String, field: &'static str, page: String },
}

impl CatalogError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogError::Parse(_) => "catalog_parse",
            CatalogError::DuplicateId(_) => "catalog_duplicate_id",
            CatalogError::EmptyField { .. } => "catalog_empty_field",
            CatalogError::UnknownSource { .. } => "catalog_unknown_source",
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

    /// Parses and checks a catalog: ids unique, no empty text, every source a known page.
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
            for (field, page) in idp.pages() {
                if sources::by_id(page).is_none() {
                    return Err(CatalogError::UnknownSource { id: idp.id.clone(), field, page: page.to_owned() });
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
                page_also: idp.sp_page.also.as_ref().map(|a| a.text.as_str()),
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
            ("name_id", &self.name_id),
        ];
        facts.extend(self.signing.iter().map(|s| ("signing", s)));
        facts.extend(self.notes.iter().map(|s| ("notes", s)));
        facts.extend(self.rotation.behaviour.iter().map(|s| ("rotation.behaviour", s)));
        facts.push(("rotation.make_active", &self.rotation.make_active));
        facts
    }

    /// Every text that must not be empty, named for the error message.
    fn text_fields(&self) -> Vec<(&'static str, &str)> {
        let mut fields = vec![("id", self.id.as_str()), ("display_name", self.display_name.as_str())];
        for (name, fact) in self.facts() {
            fields.push((name, fact.text.as_str()));
            if let Some(reason) = &fact.source.inferred {
                fields.push((name, reason.as_str()));
            }
            if let Some(also) = &fact.also {
                fields.push((name, also.text.as_str()));
            }
        }
        fields
    }

    /// Every source page id the entry names, with the field it is in.
    fn pages(&self) -> Vec<(&'static str, &str)> {
        let mut pages = vec![("setup_guide", self.setup_guide.page.as_str())];
        for (name, fact) in self.facts() {
            pages.push((name, fact.source.page.as_str()));
            if let Some(also) = &fact.also {
                pages.push((name, also.source.page.as_str()));
            }
        }
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = "https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration";

    fn all_text(id: &str) -> String {
        let idp = Catalog::builtin().get(id).unwrap();
        idp.facts().iter().map(|(_, f)| f.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn builtin_catalog_lists_the_six_idps_in_order() {
        let ids: Vec<&str> = Catalog::builtin().all().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["google", "okta", "salesforce", "azure_ad", "auth0", "other_saml"]);
        assert!(std::ptr::eq(Catalog::builtin(), Catalog::builtin()), "parsed once");
    }

    #[test]
    fn labels_match_the_migration_guide_table_and_entra_shows_both_names() {
        // Twilio's migration guide, step 2: IdP page, Entity ID label, ACS URL label.
        let expected: &[(&str, &str, &str, &str)] = &[
            ("google", "Service provider details", "Entity ID", "ACS URL"),
            ("okta", "Create SAML integration", "Audience URI (SP Entity ID)", "Single sign on URL"),
            ("salesforce", "Web App settings", "Entity ID", "ACS URL"),
            // Entra and Twilio's Azure page call the section Basic SAML Configuration; the guide's
            // table says "SAML > General SAML settings", kept as the other name.
            ("azure_ad", "Basic SAML Configuration", "Identifier (Entity ID)", "Reply URL (Assertion Consumer Service URL)"),
            ("auth0", "SAML2 Web App > Settings", "audience setting", "Application Callback URL"),
        ];
        let table = Catalog::builtin().label_table();
        for (id, page, entity, acs) in expected {
            let row = table.iter().find(|r| r.id == *id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!((row.page, row.entity_id_label, row.acs_url_label), (*page, *entity, *acs), "{id}");
        }
        let entra = Catalog::builtin().get("azure_ad").unwrap();
        let also = entra.sp_page.also.as_ref().expect("the guide's name is kept");
        assert_eq!(also.text, "SAML > General SAML settings");
        assert_eq!(also.source.page, "twilio_migration_guide");
        assert_eq!(table.iter().find(|r| r.id == "azure_ad").unwrap().page_also, Some("SAML > General SAML settings"));
    }

    /// The walk the issue asks for: every fact of every IdP has a text and a known source page
    /// (with an address and a date); none is inferred without a reason for the admin.
    #[test]
    fn every_fact_has_a_source_page_and_every_inferred_one_a_reason() {
        for idp in Catalog::builtin().all() {
            assert!(idp.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", idp.id);
            let guide = idp.setup_guide.source().unwrap_or_else(|| panic!("{}: setup guide page", idp.id));
            assert!(guide.url.starts_with(DOCS), "{}: {}", idp.id, guide.url);
            assert!(!idp.signing.is_empty(), "{}", idp.id);
            assert!(!idp.rotation.behaviour.is_empty(), "{}: what the IdP does during a rotation", idp.id);
            let names: Vec<&str> = idp.facts().iter().map(|(name, _)| *name).collect();
            assert!(names.contains(&"rotation.make_active") && names.contains(&"rotation.behaviour"), "{}", idp.id);
            for (name, fact) in idp.facts() {
                assert!(!fact.text.trim().is_empty(), "{} {name}", idp.id);
                let page = fact.source.source().unwrap_or_else(|| panic!("{} {name}: unknown page", idp.id));
                assert!(page.url.starts_with("https://") && page.checked.len() == 10, "{} {name}", idp.id);
                if let Some(reason) = &fact.source.inferred {
                    assert!(reason.len() > 30 && reason.ends_with('.'), "{} {name}: {reason:?}", idp.id);
                }
                for text in [Some(fact.text.as_str()), fact.source.inferred.as_deref()].into_iter().flatten() {
                    assert!(!text.contains("[inferred]") && !text.contains("FLEX-SSO-FACTS"), "{} {name}: {text}", idp.id);
                }
            }
        }
    }

    #[test]
    fn the_facts_confirmed_in_december_2026_are_no_longer_marked_inferred() {
        let c = Catalog::builtin();
        assert_eq!(c.get("azure_ad").unwrap().setup_guide.source().unwrap().url, format!("{DOCS}/azure-ad"));
        let google = c.get("google").unwrap();
        assert!(!google.signing[0].is_inferred(), "Google's Signed response");
        assert!(google.signing[0].text.contains("Signed response"));
        let no_idp_initiated = google.notes.iter().find(|n| n.text.contains("IdP-initiated login is not supported")).unwrap();
        assert!(!no_idp_initiated.is_inferred());
        assert_eq!(no_idp_initiated.also.as_ref().unwrap().source.page, "twilio_google_older");
        let okta = c.get("okta").unwrap();
        assert!(!okta.attributes.email.is_inferred() && okta.attributes.email.text.contains("user.email"));
        assert!(!c.get("auth0").unwrap().attributes.roles.is_inferred());
        assert!(c.get("auth0").unwrap().attributes.roles.text.contains("app_metadata.flex.roles"));
    }

    /// The rotation facts come from each vendor's own page, not Twilio's, and say what the issue
    /// asks the health check to quote.
    #[test]
    fn rotation_facts_come_from_the_vendors_pages() {
        let c = Catalog::builtin();
        let rotation = |id: &str| c.get(id).unwrap().rotation.clone();
        let all = |id: &str| {
            let r = rotation(id);
            r.behaviour.iter().chain(std::iter::once(&r.make_active)).map(|f| f.text.clone()).collect::<Vec<_>>().join("\n")
        };
        assert!(all("azure_ad").contains("Make new certificate active") && all("azure_ad").contains("60, 30 and 7 days"));
        assert!(all("okta").contains("Actions > Activate") && all("okta").contains("60 days"));
        assert!(all("google").contains("five-year"));
        assert!(all("other_saml").contains("AutoCertificateRollover"));
        assert!(all("auth0").contains("Rotate Key"));
        assert!(all("salesforce").contains("Setup > Identity Provider"));
        assert_eq!(rotation("okta").make_active.source.page, "okta_rotate_signing_certificate");
        assert!(!rotation("okta").make_active.is_inferred());
        assert!(rotation("azure_ad").make_active.is_inferred(), "the control's name varies; the app says so");
        for idp in c.all() {
            for fact in rotation(&idp.id).behaviour.iter().chain(std::iter::once(&rotation(&idp.id).make_active)) {
                let page = fact.source.source().unwrap();
                let vendor = !page.id.starts_with("twilio_");
                // Only the generic "other IdPs differ" fact may lean on Twilio's page, and it says it is inferred.
                assert!(vendor || fact.is_inferred(), "{}: {}", idp.id, fact.text);
            }
        }
    }

    #[test]
    fn okta_full_name_is_twilios_expression() {
        let okta = Catalog::builtin().get("okta").unwrap();
        assert!(okta.attributes.full_name.text.contains("String.join(\" \", user.firstName, user.lastName)"));
    }

    #[test]
    fn name_id_settings_come_from_twilios_idp_pages() {
        let c = Catalog::builtin();
        let name_id = |id: &str| c.get(id).unwrap().name_id.clone();
        assert!(name_id("google").text.contains("EMAIL") && name_id("google").text.contains("Primary email"));
        assert_eq!(name_id("google").source.page, "twilio_google");
        assert!(name_id("azure_ad").text.contains("Unique User Identifier (Name ID): user.mail"));
        assert!(name_id("okta").text.contains("Unspecified"));
        assert!(name_id("auth0").is_inferred(), "Twilio's Auth0 page is silent, and the app says so");
    }

    #[test]
    fn the_particular_traps_are_recorded() {
        assert!(all_text("google").contains("IdP-initiated login is not supported"));
        assert!(all_text("azure_ad").contains("Delete the default claims"));
        assert!(all_text("salesforce").contains("\"agent\""));
        assert!(all_text("auth0").contains("Post-Login Action"));
        assert!(all_text("okta").contains("user.userType"));
        assert!(all_text("azure_ad").contains("user.assignedroles"));
        assert!(all_text("azure_ad").contains("Sign SAML response and assertion"));
        assert!(Catalog::builtin().get("nope").is_none());
    }

    #[test]
    fn bad_catalogs_are_refused_with_a_code() {
        let one = serde_json::to_value(Catalog::builtin().get("okta").unwrap()).unwrap();
        let twice = serde_json::json!({ "idps": [one.clone(), one.clone()] }).to_string();
        let err = Catalog::from_json(&twice).unwrap_err();
        assert_eq!(err.code(), "catalog_duplicate_id");
        assert_eq!(err.to_string(), "The IdP catalog lists \"okta\" twice.");

        let mut empty = one.clone();
        empty["notes"][0]["text"] = serde_json::json!(" ");
        let err = Catalog::from_json(&serde_json::json!({ "idps": [empty] }).to_string()).unwrap_err();
        assert_eq!(err.code(), "catalog_empty_field");
        assert_eq!(err.to_string(), "The IdP catalog entry \"okta\" has an empty value in notes.");

        let mut unknown = one.clone();
        unknown["name_id"]["source"]["page"] = serde_json::json!("a_blog");
        let err = Catalog::from_json(&serde_json::json!({ "idps": [unknown] }).to_string()).unwrap_err();
        assert_eq!(err.code(), "catalog_unknown_source");
        assert_eq!(err.to_string(), "The IdP catalog entry \"okta\" names the source page \"a_blog\" in name_id, which is not a known page.");

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
        assert_eq!(entry["idp_data"]["sso_url"]["source"]["page"], "twilio_auth0");
        assert!(entry["idp_data"]["issuer"]["source"]["inferred"].as_str().unwrap().contains("Usage tab"));
        assert!(entry["name_id"]["source"].get("also").is_none());
    }
}
