//! Phrases that name the admin's IdP and its settings, with generic wording when a label is
//! unknown. Kept in one place so every fix speaks the same way.

use crate::expectations::IdpLabels;

/// Wording helper built from the labels of the admin's IdP.
pub(crate) struct Wording<'a> {
    labels: &'a IdpLabels,
}

impl<'a> Wording<'a> {
    pub(crate) fn new(labels: &'a IdpLabels) -> Self {
        Wording { labels }
    }

    /// "Okta" or "your identity provider (IdP)".
    pub(crate) fn idp(&self) -> String {
        non_empty(&self.labels.idp_name).map_or_else(|| "your identity provider (IdP)".to_owned(), str::to_owned)
    }

    /// "In Okta, set Audience URI (SP Entity ID)" or a generic equivalent.
    pub(crate) fn entity_id_setting(&self) -> String {
        match non_empty(&self.labels.entity_id_label) {
            Some(label) => format!("the \"{label}\" setting"),
            None => "the Entity ID setting (some identity providers call it Audience URI or Identifier)".to_owned(),
        }
    }

    /// The IdP's own name for the Entity ID field, or "Entity ID".
    pub(crate) fn entity_id_label(&self) -> String {
        non_empty(&self.labels.entity_id_label).unwrap_or("Entity ID").to_owned()
    }

    /// The IdP's own name for the ACS URL field, or "ACS URL".
    pub(crate) fn acs_url_label(&self) -> String {
        non_empty(&self.labels.acs_url_label).unwrap_or("ACS URL").to_owned()
    }

    pub(crate) fn acs_url_setting(&self) -> String {
        match non_empty(&self.labels.acs_url_label) {
            Some(label) => format!("the \"{label}\" setting"),
            None => "the ACS URL setting (some identity providers call it Reply URL or Single sign on URL)".to_owned(),
        }
    }

    /// The NameID setting Flex needs, as a sentence: the IdP's own words when known ("Flex needs:
    /// Name ID format: Unspecified."), the general rule otherwise.
    pub(crate) fn name_id_setting(&self) -> String {
        match non_empty(&self.labels.name_id_setting) {
            Some(setting) => format!("Flex needs: {}.", setting.trim_end_matches('.')),
            None => "Flex needs a unique, stable identifier for each user (the email address is usual).".to_owned(),
        }
    }

    /// "In Okta's settings for the Flex app" / "In your identity provider's settings for the Flex app".
    pub(crate) fn in_app_settings(&self) -> String {
        match non_empty(&self.labels.idp_name) {
            Some(name) => format!("In {name}, open the Flex application's SAML settings"),
            None => "In your identity provider (IdP), open the Flex application's SAML settings".to_owned(),
        }
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_idp_setting_when_known_and_explains_when_not() {
        let okta = IdpLabels {
            idp_name: Some("Okta".into()),
            entity_id_label: Some("Audience URI (SP Entity ID)".into()),
            acs_url_label: Some("Single sign on URL".into()),
            name_id_setting: Some("Name ID format: Unspecified.".into()),
        };
        let w = Wording::new(&okta);
        assert_eq!(w.idp(), "Okta");
        assert_eq!(w.entity_id_setting(), "the \"Audience URI (SP Entity ID)\" setting");
        assert_eq!(w.acs_url_setting(), "the \"Single sign on URL\" setting");
        assert_eq!(w.in_app_settings(), "In Okta, open the Flex application's SAML settings");
        assert_eq!(w.name_id_setting(), "Flex needs: Name ID format: Unspecified.");

        let blank = IdpLabels { idp_name: Some("  ".into()), ..IdpLabels::default() };
        let w = Wording::new(&blank);
        assert_eq!(w.idp(), "your identity provider (IdP)");
        assert_eq!(w.entity_id_setting(), "the Entity ID setting (some identity providers call it Audience URI or Identifier)");
        assert_eq!(w.acs_url_setting(), "the ACS URL setting (some identity providers call it Reply URL or Single sign on URL)");
        assert_eq!(w.name_id_setting(), "Flex needs a unique, stable identifier for each user (the email address is usual).");
    }
}
