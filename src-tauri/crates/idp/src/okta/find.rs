//! Finding the Flex app among the org's apps: by the id or name the admin gives, or else by its
//! values (an audience or ACS URL that is a Flex one, legacy or new), then by a name with "Flex"
//! or "Twilio" in it. When more than one could be it, the admin picks: the app never guesses
//! which app to change.

use serde_json::Value;

use super::answers::judged;
use super::{OktaApp, OktaClient};
use crate::error::{Action, IdpError};
use crate::{FlexTarget, IdpKind};

/// How to look for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// The admin gave an app id (`0oa…`) or a name (the start of its label or name).
    Named(String),
    /// Look through every SAML app.
    Automatic,
}

/// Apps read per page (Okta's maximum) and pages read at most: 2,000 apps, far more than an
/// org has SAML apps, while a runaway paging loop stays bounded.
const PAGE_SIZE: usize = 200;
const MAX_PAGES: usize = 10;

/// The fields that hold a Flex value when the app is the Flex one.
const VALUE_FIELDS: [&str; 4] = ["audience", "ssoAcsUrl", "recipient", "destination"];

fn looks_like_app_id(text: &str) -> bool {
    text.starts_with("0oa") && text.len() >= 15 && text.chars().all(|c| c.is_ascii_alphanumeric())
}

impl OktaClient {
    /// Reads one app by id.
    pub async fn read_app(&self, id: &str) -> Result<OktaApp, IdpError> {
        if !looks_like_app_id(id) {
            return Err(IdpError::AppNotFound { idp: IdpKind::Okta, app: id.to_owned() });
        }
        let answer = self.api.get(self.api.url(&format!("api/v1/apps/{id}")), "read app").await?;
        if answer.status == 404 {
            return Err(IdpError::AppNotFound { idp: IdpKind::Okta, app: id.to_owned() });
        }
        let raw: Value = judged(answer, Action::ReadApps, &self.api.host())?;
        OktaApp::from_json(raw).ok_or_else(|| IdpError::UnexpectedAnswer { host: self.api.host(), status: 200, idp_code: None })
    }

    /// Finds the one app the search means, or says why it cannot.
    pub async fn find_app(&self, search: &Search, target: &FlexTarget) -> Result<OktaApp, IdpError> {
        match search {
            Search::Named(text) if looks_like_app_id(text.trim()) => self.read_app(text.trim()).await,
            Search::Named(text) => {
                let text = text.trim();
                let mut url = self.api.url("api/v1/apps");
                url.query_pairs_mut().append_pair("q", text).append_pair("limit", &PAGE_SIZE.to_string());
                let apps: Vec<OktaApp> = self.list(url).await?.into_iter().filter(OktaApp::is_saml).collect();
                let exact: Vec<&OktaApp> = apps.iter().filter(|a| a.label().eq_ignore_ascii_case(text) || a.name() == text).collect();
                let searched = format!("a SAML app whose name starts with \"{text}\"");
                match (exact.as_slice(), apps.as_slice()) {
                    ([one], _) => Ok((*one).clone()),
                    (_, [one]) => Ok(one.clone()),
                    (_, []) => Err(IdpError::NoFlexApp { idp: IdpKind::Okta, searched }),
                    (_, several) => Err(IdpError::SeveralApps {
                        idp: IdpKind::Okta,
                        candidates: several.iter().map(|a| a.to_ref(format!("its name starts with \"{text}\""))).collect(),
                    }),
                }
            }
            Search::Automatic => {
                let mut url = self.api.url("api/v1/apps");
                url.query_pairs_mut().append_pair("limit", &PAGE_SIZE.to_string());
                let apps: Vec<OktaApp> = self.list(url).await?.into_iter().filter(OktaApp::is_saml).collect();
                pick_flex_app(apps, target)
            }
        }
    }

    /// Every app of a listing, following Okta's `Link: rel="next"` on the same origin.
    async fn list(&self, first: url::Url) -> Result<Vec<OktaApp>, IdpError> {
        let mut apps = Vec::new();
        let mut next = Some(first);
        for _ in 0..MAX_PAGES {
            let Some(url) = next.take() else { break };
            let answer = self.api.get(url, "list apps").await?;
            let following = answer.next.clone().filter(|u| self.api.same_origin(u));
            let page: Vec<Value> = judged(answer, Action::ReadApps, &self.api.host())?;
            apps.extend(page.into_iter().filter_map(OktaApp::from_json));
            next = following;
        }
        if next.is_some() {
            tracing::warn!(read = apps.len(), "stopped listing Okta apps after {MAX_PAGES} pages");
        }
        Ok(apps)
    }
}

/// Picks the Flex app among SAML apps: those holding a Flex value first, else those named like
/// it; active apps before inactive ones. Pure, so the rule is tested without a server.
pub(crate) fn pick_flex_app(apps: Vec<OktaApp>, target: &FlexTarget) -> Result<OktaApp, IdpError> {
    let by_value: Vec<&OktaApp> = apps
        .iter()
        .filter(|a| VALUE_FIELDS.iter().any(|f| a.sign_on(f).is_some_and(|v| target.is_flex_value(v))))
        .collect();
    let by_name: Vec<&OktaApp> = apps
        .iter()
        .filter(|a| {
            let label = a.label().to_lowercase();
            label.contains("flex") || label.contains("twilio")
        })
        .collect();
    let (candidates, why) = if by_value.is_empty() {
        (by_name, "its name has Flex or Twilio in it")
    } else {
        (by_value, "it holds Flex's Entity ID or ACS URL")
    };
    let active: Vec<&OktaApp> = candidates.iter().copied().filter(|a| a.status() == Some("ACTIVE")).collect();
    let chosen = if active.is_empty() { candidates } else { active };
    match chosen.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(IdpError::NoFlexApp {
            idp: IdpKind::Okta,
            searched: "looked for Flex's Entity ID or ACS URL, and for Flex or Twilio in the names".to_owned(),
        }),
        several => Err(IdpError::SeveralApps { idp: IdpKind::Okta, candidates: several.iter().map(|a| a.to_ref(why)).collect() }),
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

    fn app(id: &str, label: &str, status: &str, audience: &str) -> OktaApp {
        OktaApp::from_json(json!({"id": id, "label": label, "status": status, "signOnMode": "SAML_2_0",
            "settings": {"signOn": {"audience": audience}}}))
        .unwrap()
    }

    const LEGACY: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2/metadata";

    #[test]
    fn the_app_holding_a_flex_value_wins_over_names() {
        let apps = vec![app("0oa000000000001", "Flex reports", "ACTIVE", "https://x"), app("0oa000000000002", "Contact center", "ACTIVE", LEGACY)];
        assert_eq!(pick_flex_app(apps, &target()).unwrap().id(), "0oa000000000002");
    }

    #[test]
    fn an_inactive_copy_does_not_make_it_ambiguous_but_two_active_ones_do() {
        let apps = vec![app("0oa000000000001", "Twilio Flex", "ACTIVE", LEGACY), app("0oa000000000002", "Twilio Flex old", "INACTIVE", LEGACY)];
        assert_eq!(pick_flex_app(apps, &target()).unwrap().id(), "0oa000000000001");
        let apps = vec![app("0oa000000000001", "Twilio Flex", "ACTIVE", LEGACY), app("0oa000000000002", "Twilio Flex (test)", "ACTIVE", LEGACY)];
        match pick_flex_app(apps, &target()).unwrap_err() {
            IdpError::SeveralApps { candidates, .. } => {
                assert_eq!(candidates.len(), 2);
                assert_eq!(candidates[1].label, "Twilio Flex (test)");
                assert_eq!(candidates[1].why, "it holds Flex's Entity ID or ACS URL");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nothing_flex_like_is_no_flex_app() {
        let apps = vec![app("0oa000000000001", "Salesforce", "ACTIVE", "https://saml.salesforce.com")];
        assert_eq!(pick_flex_app(apps, &target()).unwrap_err().code(), "idp_no_flex_app");
    }

    #[test]
    fn only_okta_shaped_ids_are_read_by_id() {
        assert!(looks_like_app_id("0oa1flex00legacy00001"));
        assert!(!looks_like_app_id("Twilio Flex"));
        assert!(!looks_like_app_id("0oa/../users"));
    }
}
