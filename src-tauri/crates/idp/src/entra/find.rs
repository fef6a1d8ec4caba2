//! Finding the Flex app among the tenant's SAML service principals: by the id or name the admin
//! gives, or else by its values (an identifier or reply URL that is a Flex one, legacy or new),
//! then by a name with "Flex" or "Twilio" in it. When more than one could be it, the admin picks.
//!
//! The list is `GET /servicePrincipals?$filter=preferredSingleSignOnMode eq 'saml'`, paged with
//! `@odata.nextLink` (followed on the same origin only). A servicePrincipal mirrors the
//! application's identifiers (`servicePrincipalNames`) and reply URLs (`replyUrls`), so the pick
//! needs no read per app; the two objects of the one picked are then read by `appId`.

use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::address::is_guid;
use super::answers::judged;
use super::{EntraApp, EntraClient};
use crate::error::{Action, IdpError};
use crate::{FlexTarget, IdpKind};

/// How to look for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// The admin gave an id (the Application (client) ID or the service principal's object ID)
    /// or a name (the start of its display name).
    Named(String),
    /// Look through every SAML service principal.
    Automatic,
}

/// Per page (Graph's `$top`) and pages at most: 2,000 SAML apps, while a runaway paging loop
/// stays bounded.
const PAGE_SIZE: usize = 200;
const MAX_PAGES: usize = 10;
const LIST_FIELDS: &str = "id,appId,displayName,preferredSingleSignOnMode,servicePrincipalNames,replyUrls,accountEnabled";

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    value: Vec<Value>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

/// Query text the way OData servers read it: `%20` for spaces, the OData punctuation kept.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'$' | b'\'' | b'(' | b')' | b',' | b':' => {
                    (b as char).to_string()
                }
                other => format!("%{other:02X}"),
            })
            .collect()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

fn texts(value: &Value, name: &str) -> Vec<String> {
    value.get(name).and_then(Value::as_array).map(|l| l.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn display_name(sp: &Value) -> &str {
    sp.get("displayName").and_then(Value::as_str).unwrap_or_default()
}

fn to_ref(sp: &Value, why: &str) -> crate::AppRef {
    crate::AppRef {
        id: sp.get("appId").and_then(Value::as_str).unwrap_or_default().to_owned(),
        label: display_name(sp).to_owned(),
        why: why.to_owned(),
    }
}

impl EntraClient {
    /// Reads both objects of the app with this Application (client) ID.
    pub async fn read_app(&self, app_id: &str) -> Result<EntraApp, IdpError> {
        let not_found = || IdpError::AppNotFound { idp: IdpKind::Entra, app: app_id.to_owned() };
        if !is_guid(app_id) {
            return Err(not_found());
        }
        let sp = self.get_object(&format!("servicePrincipals(appId='{app_id}')"), "read service principal").await?.ok_or_else(not_found)?;
        let application = self.get_object(&format!("applications(appId='{app_id}')"), "read application").await?.ok_or_else(not_found)?;
        EntraApp::new(sp, application).ok_or_else(|| IdpError::UnexpectedAnswer { host: self.api.host(), status: 200, idp_code: None })
    }

    /// One object, `None` on 404.
    pub(crate) async fn get_object(&self, path: &str, what: &'static str) -> Result<Option<Value>, IdpError> {
        let answer = self.api.get(self.api.url(path), what).await?;
        if answer.status == 404 {
            return Ok(None);
        }
        judged(answer, Action::ReadApps, &self.api.host()).map(Some)
    }

    /// Finds the one app the search means, or says why it cannot.
    pub async fn find_app(&self, search: &Search, target: &FlexTarget) -> Result<EntraApp, IdpError> {
        match search {
            Search::Named(text) if is_guid(&text.trim().to_ascii_lowercase()) => {
                let id = text.trim().to_ascii_lowercase();
                match self.read_app(&id).await {
                    Err(IdpError::AppNotFound { .. }) => {
                        // Not an Application (client) ID: perhaps the service principal's object ID.
                        let sp = self.get_object(&format!("servicePrincipals/{id}"), "read service principal").await?;
                        let app_id = sp.as_ref().and_then(|s| s.get("appId")).and_then(Value::as_str).filter(|a| is_guid(a));
                        match app_id {
                            Some(app_id) => self.read_app(app_id).await,
                            None => Err(IdpError::AppNotFound { idp: IdpKind::Entra, app: id }),
                        }
                    }
                    other => other,
                }
            }
            Search::Named(text) => {
                let text = text.trim();
                let lower = text.to_lowercase();
                // By name without the mode filter: Graph's description says the mode "might be
                // null for older SAML apps", and the admin named this one.
                let filter = format!("startswith(displayName,'{}')", text.replace('\'', "''"));
                let apps: Vec<Value> = self
                    .list(&filter, |sp| sp.get("preferredSingleSignOnMode").is_none_or(|m| m.is_null() || m == "saml"))
                    .await?
                    .into_iter()
                    .filter(|sp| display_name(sp).to_lowercase().starts_with(&lower))
                    .collect();
                let exact: Vec<&Value> = apps.iter().filter(|sp| display_name(sp).eq_ignore_ascii_case(text)).collect();
                let chosen = match (exact.as_slice(), apps.as_slice()) {
                    ([one], _) => (*one).clone(),
                    (_, [one]) => one.clone(),
                    (_, []) => return Err(IdpError::NoFlexApp { idp: IdpKind::Entra, searched: format!("a SAML app whose name starts with \"{text}\"") }),
                    (_, several) => {
                        let why = format!("its name starts with \"{text}\"");
                        return Err(IdpError::SeveralApps { idp: IdpKind::Entra, candidates: several.iter().map(|sp| to_ref(sp, &why)).collect() });
                    }
                };
                self.read_chosen(&chosen).await
            }
            Search::Automatic => {
                let chosen = pick_flex_app(self.list_saml().await?, target)?;
                self.read_chosen(&chosen).await
            }
        }
    }

    async fn read_chosen(&self, sp: &Value) -> Result<EntraApp, IdpError> {
        let app_id = sp.get("appId").and_then(Value::as_str).unwrap_or_default();
        self.read_app(app_id).await
    }

    /// Every SAML service principal.
    async fn list_saml(&self) -> Result<Vec<Value>, IdpError> {
        self.list("preferredSingleSignOnMode eq 'saml'", |sp| sp.get("preferredSingleSignOnMode").and_then(Value::as_str) == Some("saml")).await
    }

    /// The service principals a filter selects, following `@odata.nextLink` on the same origin;
    /// `keep` checks each again (a filter Graph ignored would list other apps too).
    async fn list(&self, filter: &str, keep: impl Fn(&Value) -> bool) -> Result<Vec<Value>, IdpError> {
        let mut first = self.api.url("servicePrincipals");
        first.set_query(Some(&query(&[
            ("$filter", filter),
            ("$select", LIST_FIELDS),
            ("$top", &PAGE_SIZE.to_string()),
        ])));
        let mut all = Vec::new();
        let mut next = Some(first);
        for _ in 0..MAX_PAGES {
            let Some(url) = next.take() else { break };
            let page: Page = judged(self.api.get(url, "list service principals").await?, Action::ReadApps, &self.api.host())?;
            all.extend(page.value.into_iter().filter(|sp| keep(sp)));
            next = page.next_link.and_then(|l| Url::parse(&l).ok()).filter(|u| {
                let same = self.api.same_origin(u);
                if !same {
                    tracing::warn!("Graph's next page is on another origin; not followed");
                }
                same
            });
        }
        if next.is_some() {
            tracing::warn!(read = all.len(), "stopped listing service principals after {MAX_PAGES} pages");
        }
        Ok(all)
    }
}

/// Picks the Flex app among SAML service principals: those holding a Flex value first, else
/// those named like it; enabled ones before disabled ones. Pure, so the rule is tested without a
/// server.
pub(crate) fn pick_flex_app(sps: Vec<Value>, target: &FlexTarget) -> Result<Value, IdpError> {
    let holds = |sp: &&Value| ["servicePrincipalNames", "replyUrls"].iter().any(|f| texts(sp, f).iter().any(|v| target.is_flex_value(v)));
    let by_value: Vec<&Value> = sps.iter().filter(holds).collect();
    let by_name: Vec<&Value> = sps
        .iter()
        .filter(|sp| {
            let name = display_name(sp).to_lowercase();
            name.contains("flex") || name.contains("twilio")
        })
        .collect();
    let (candidates, why) =
        if by_value.is_empty() { (by_name, "its name has Flex or Twilio in it") } else { (by_value, "it holds Flex's Entity ID or ACS URL") };
    let enabled: Vec<&Value> = candidates.iter().copied().filter(|sp| sp.get("accountEnabled").and_then(Value::as_bool) != Some(false)).collect();
    let chosen = if enabled.is_empty() { candidates } else { enabled };
    match chosen.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(IdpError::NoFlexApp {
            idp: IdpKind::Entra,
            searched: "looked for Flex's Entity ID or ACS URL, and for Flex or Twilio in the names".to_owned(),
        }),
        several => Err(IdpError::SeveralApps { idp: IdpKind::Entra, candidates: several.iter().map(|sp| to_ref(sp, why)).collect() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entra::compare::tests::{target, LEGACY_ENTITY};
    use serde_json::json;

    fn sp(app_id: &str, name: &str, enabled: bool, names: &[&str]) -> Value {
        json!({"id": app_id, "appId": app_id, "displayName": name, "accountEnabled": enabled, "preferredSingleSignOnMode": "saml",
            "servicePrincipalNames": names, "replyUrls": []})
    }

    #[test]
    fn the_app_holding_a_flex_value_wins_and_a_disabled_copy_does_not_count() {
        let list = vec![sp("1", "Flex reports", true, &["https://x"]), sp("2", "Contact center", true, &[LEGACY_ENTITY]), sp("3", "Old", false, &[LEGACY_ENTITY])];
        assert_eq!(pick_flex_app(list, &target()).unwrap()["appId"], "2");
        let two = vec![sp("1", "Twilio Flex", true, &[LEGACY_ENTITY]), sp("2", "Twilio Flex (test)", true, &[LEGACY_ENTITY])];
        match pick_flex_app(two, &target()).unwrap_err() {
            IdpError::SeveralApps { candidates, .. } => assert_eq!(candidates.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["1", "2"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(pick_flex_app(vec![sp("1", "Salesforce", true, &["https://saml.salesforce.com"])], &target()).unwrap_err().code(), "idp_no_flex_app");
    }

    #[test]
    fn the_query_keeps_odata_punctuation_and_encodes_spaces() {
        assert_eq!(query(&[("$filter", "appId eq 'a b'"), ("$top", "5")]), "$filter=appId%20eq%20'a%20b'&$top=5");
        assert_eq!(query(&[("$filter", "x eq 'a&b=c'")]), "$filter=x%20eq%20'a%26b%3Dc'");
    }
}
