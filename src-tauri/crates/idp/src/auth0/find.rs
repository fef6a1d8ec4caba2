//! Finding the Flex client among the tenant's: by the client id or name the admin gives, or else
//! among SAML2 Web Apps by their values (an audience, recipient, destination or callback that is
//! a Flex one, legacy or new), then by a name with "Flex" or "Twilio" in it. When more than one
//! could be it, the admin picks: the app never guesses which client to change.
//!
//! Auth0's client list has no search by name (its `q` takes client-grant queries only), so the
//! list is read page by page and filtered here.

use serde_json::Value;

use super::answers::judged;
use super::app::FIELDS;
use super::{Auth0App, Auth0Client, Search};
use crate::error::{Action, IdpError};
use crate::{FlexTarget, IdpKind};

/// Clients per page (Auth0's maximum) and pages read at most: 2,000 clients, while a runaway
/// paging loop stays bounded.
const PER_PAGE: usize = 100;
const MAX_PAGES: usize = 20;

/// The add-on fields that hold a Flex value when the client is the Flex one.
const VALUE_FIELDS: [&str; 3] = ["audience", "recipient", "destination"];

/// Auth0 client ids are 32 characters of letters, digits, `-` and `_` [inferred from the ids
/// Auth0 issues and the spec's example].
pub(crate) fn looks_like_client_id(text: &str) -> bool {
    text.len() == 32 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Auth0Client {
    /// Reads one client by id (only the fields the check needs).
    pub async fn read_app(&self, id: &str) -> Result<Auth0App, IdpError> {
        if !looks_like_client_id(id) {
            return Err(IdpError::AppNotFound { idp: IdpKind::Auth0, app: id.to_owned() });
        }
        let mut url = self.api.url(&format!("api/v2/clients/{id}"));
        url.query_pairs_mut().append_pair("fields", FIELDS).append_pair("include_fields", "true");
        let answer = self.api.get(url, "read client").await?;
        if answer.status == 404 {
            return Err(IdpError::AppNotFound { idp: IdpKind::Auth0, app: id.to_owned() });
        }
        let raw: Value = judged(answer, Action::ReadApps, &self.api.host())?;
        Auth0App::from_json(raw).ok_or_else(|| IdpError::UnexpectedAnswer { host: self.api.host(), status: 200, idp_code: None })
    }

    /// Finds the one client the search means, or says why it cannot.
    pub async fn find_app(&self, search: &Search, target: &FlexTarget) -> Result<Auth0App, IdpError> {
        match search {
            Search::Named(text) if looks_like_client_id(text.trim()) => match self.read_app(text.trim()).await {
                // A 32-character name is possible too: look for it by name before giving up.
                Err(IdpError::AppNotFound { .. }) => self.find_named(text.trim()).await,
                other => other,
            },
            Search::Named(text) => self.find_named(text.trim()).await,
            Search::Automatic => pick_flex_app(self.saml_clients().await?, target),
        }
    }

    async fn find_named(&self, text: &str) -> Result<Auth0App, IdpError> {
        let lower = text.to_lowercase();
        let apps: Vec<Auth0App> = self.saml_clients().await?.into_iter().filter(|a| a.name().to_lowercase().starts_with(&lower)).collect();
        let exact: Vec<&Auth0App> = apps.iter().filter(|a| a.name().eq_ignore_ascii_case(text)).collect();
        let searched = format!("a SAML2 Web App whose name starts with \"{text}\"");
        match (exact.as_slice(), apps.as_slice()) {
            ([one], _) => Ok((*one).clone()),
            (_, [one]) => Ok(one.clone()),
            (_, []) => Err(IdpError::NoFlexApp { idp: IdpKind::Auth0, searched }),
            (_, several) => Err(IdpError::SeveralApps {
                idp: IdpKind::Auth0,
                candidates: several.iter().map(|a| a.to_ref(format!("its name starts with \"{text}\""))).collect(),
            }),
        }
    }

    /// Every client with the SAML2 Web App add-on, page by page until a page is not full.
    async fn saml_clients(&self) -> Result<Vec<Auth0App>, IdpError> {
        let mut apps = Vec::new();
        for page in 0..MAX_PAGES {
            let mut url = self.api.url("api/v2/clients");
            url.query_pairs_mut()
                .append_pair("fields", FIELDS)
                .append_pair("include_fields", "true")
                .append_pair("per_page", &PER_PAGE.to_string())
                .append_pair("page", &page.to_string());
            let items: Vec<Value> = judged(self.api.get(url, "list clients").await?, Action::ReadApps, &self.api.host())?;
            let full = items.len() >= PER_PAGE;
            apps.extend(items.into_iter().filter_map(Auth0App::from_json));
            if !full {
                return Ok(apps.into_iter().filter(Auth0App::is_saml).collect());
            }
        }
        tracing::warn!(read = apps.len(), "stopped listing Auth0 clients after {MAX_PAGES} pages");
        Ok(apps.into_iter().filter(Auth0App::is_saml).collect())
    }
}

/// Picks the Flex client among SAML clients: those holding a Flex value first, else those named
/// like it. Pure, so the rule is tested without a server.
pub(crate) fn pick_flex_app(apps: Vec<Auth0App>, target: &FlexTarget) -> Result<Auth0App, IdpError> {
    let holds_flex_value = |a: &Auth0App| {
        VALUE_FIELDS.iter().any(|f| a.saml_text(f).is_some_and(|v| target.is_flex_value(v)))
            || a.callbacks().iter().any(|c| target.is_flex_value(c))
    };
    let by_value: Vec<&Auth0App> = apps.iter().filter(|a| holds_flex_value(a)).collect();
    let by_name: Vec<&Auth0App> = apps
        .iter()
        .filter(|a| {
            let name = a.name().to_lowercase();
            name.contains("flex") || name.contains("twilio")
        })
        .collect();
    let (candidates, why) =
        if by_value.is_empty() { (by_name, "its name has Flex or Twilio in it") } else { (by_value, "it holds Flex's Entity ID or ACS URL") };
    match candidates.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(IdpError::NoFlexApp {
            idp: IdpKind::Auth0,
            searched: "looked for Flex's Entity ID or ACS URL in the SAML2 Web Apps, and for Flex or Twilio in their names".to_owned(),
        }),
        several => Err(IdpError::SeveralApps { idp: IdpKind::Auth0, candidates: several.iter().map(|a| a.to_ref(why)).collect() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_sso_model::values::{new_values, Hosts};
    use serde_json::json;

    fn target() -> FlexTarget {
        let sid = flex_sso_model::ids::ConnectionSid::parse("JQ5a4db0c5000000000000000000000001").unwrap();
        FlexTarget::new(new_values(&sid, &Hosts::default()), Hosts::default())
    }

    fn client(id: &str, name: &str, audience: &str, callbacks: &[&str]) -> Auth0App {
        Auth0App::from_json(json!({"client_id": id, "name": name, "callbacks": callbacks, "addons": {"samlp": {"audience": audience}}})).unwrap()
    }

    const LEGACY_ACS: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2";

    #[test]
    fn the_client_holding_a_flex_value_wins_over_names() {
        let apps = vec![
            client("a0000000000000000000000000000001", "Flex reports", "https://x", &[]),
            client("a0000000000000000000000000000002", "Contact center", "urn:contact", &["https://other", LEGACY_ACS]),
        ];
        assert_eq!(pick_flex_app(apps, &target()).unwrap().id(), "a0000000000000000000000000000002");
    }

    #[test]
    fn two_flex_clients_are_for_the_admin_to_pick_and_none_is_said() {
        let apps = vec![
            client("a0000000000000000000000000000001", "Twilio Flex", "urn:flex:JQ5a4db0c5000000000000000000000001", &[]),
            client("a0000000000000000000000000000002", "Twilio Flex (test)", &format!("{LEGACY_ACS}/metadata"), &[]),
        ];
        match pick_flex_app(apps, &target()).unwrap_err() {
            IdpError::SeveralApps { idp, candidates } => {
                assert_eq!(idp, IdpKind::Auth0);
                assert_eq!(candidates[1].label, "Twilio Flex (test)");
                assert_eq!(candidates[1].why, "it holds Flex's Entity ID or ACS URL");
            }
            other => panic!("{other:?}"),
        }
        let unrelated = vec![client("a0000000000000000000000000000003", "Salesforce", "https://saml.salesforce.com", &[])];
        assert_eq!(pick_flex_app(unrelated, &target()).unwrap_err().code(), "idp_no_flex_app");
    }

    #[test]
    fn only_auth0_shaped_ids_are_read_by_id() {
        assert!(looks_like_client_id("FlexSaml0Legacy0Client0000000001"));
        assert!(!looks_like_client_id("Twilio Flex"));
        assert!(!looks_like_client_id("../../../api/v2/users/0000000000"));
        assert!(!looks_like_client_id("Twilio Flex Production SAML app1"), "32 characters with spaces is a name");
    }
}
