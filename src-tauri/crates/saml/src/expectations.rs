//! What the response is checked against: the values the admin configured, and the time.

use time::OffsetDateTime;

use crate::certificate::Certificate;

/// How the admin's IdP names the settings the fixes point to (FLEX-SSO-FACTS §4).
///
/// Plain strings so this crate stays independent of the IdP catalog in `flex_sso_model`: the
/// caller copies the labels from there. Any label left `None` falls back to generic wording.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdpLabels {
    /// e.g. "Okta".
    pub idp_name: Option<String>,
    /// e.g. "Audience URI (SP Entity ID)" in Okta, "Identifier (Entity ID)" in Entra ID.
    pub entity_id_label: Option<String>,
    /// e.g. "Single sign on URL" in Okta, "Reply URL (Assertion Consumer Service URL)" in Entra ID.
    pub acs_url_label: Option<String>,
    /// The NameID setting Flex needs, in the IdP's words, e.g. "Name ID format: Unspecified." in
    /// Okta (the catalog's `name_id`).
    pub name_id_setting: Option<String>,
}

/// Everything a response is checked against.
#[derive(Debug, Clone)]
pub struct Expectations {
    /// The Entity ID Flex expects as the audience, e.g. `urn:flex:JQ…` for the new connection.
    pub audience: String,
    /// The ACS URL Flex expects as Destination and Recipient.
    pub acs_url: String,
    /// The Identity Provider Issuer configured in Flex, if known.
    pub idp_issuer: Option<String>,
    /// The certificates configured in Flex (several during a rotation). Only these are trusted.
    pub certificates: Vec<Certificate>,
    /// The IdP catalog id (e.g. "okta"), passed through for the UI's wording and links.
    pub idp_catalog_id: Option<String>,
    pub labels: IdpLabels,
    /// The admin was never asked for a certificate (a modified connection keeps the one Flex
    /// already has): a missing one is then a note, not something to fix.
    pub certificate_optional: bool,
    /// The response was pasted from an earlier sign-in (not captured live): its having expired
    /// since is expected, a note rather than a problem.
    pub replayed: bool,
    /// The current time, injected so that results are reproducible and tests need no clock.
    pub now: OffsetDateTime,
}

impl Expectations {
    /// Expectations with no issuer, no certificate and generic labels.
    pub fn new(audience: impl Into<String>, acs_url: impl Into<String>, now: OffsetDateTime) -> Self {
        Expectations {
            audience: audience.into(),
            acs_url: acs_url.into(),
            idp_issuer: None,
            certificates: Vec::new(),
            idp_catalog_id: None,
            labels: IdpLabels::default(),
            certificate_optional: false,
            replayed: false,
            now,
        }
    }
}
