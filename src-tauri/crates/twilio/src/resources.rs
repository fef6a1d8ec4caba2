//! The parts of Twilio's answers the app reads. Everything else in a body is ignored, so new
//! fields on Twilio's side never break the app, and fields the app must not hold (the Account
//! resource returns the account's `auth_token`) are never even kept in memory.
//!
//! Schemas: `flex.v1.configuration` in twilio_flex_v1.json and `api.v2010.account` in
//! twilio_api_v2010.json (twilio/twilio-oai). Every field there is nullable, so every field here
//! is optional.

use serde::{Deserialize, Serialize};

/// The Flex onboarding status (`configuration_enum_status`: ok, inprogress, notstarted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlexStatus {
    #[serde(rename = "ok")]
    Ok,
    #[serde(rename = "inprogress")]
    InProgress,
    #[serde(rename = "notstarted")]
    NotStarted,
    /// A value newer than this app.
    #[serde(rename = "unknown", other)]
    Unknown,
}

/// `GET {flex_api}/v1/Configuration`, the fields the migration needs (FLEX-SSO-FACTS §2).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FlexConfiguration {
    #[serde(default)]
    pub account_sid: Option<String>,
    #[serde(default)]
    pub status: Option<FlexStatus>,
    /// May be a range such as `~2.7.x`.
    #[serde(default)]
    pub ui_version: Option<String>,
    #[serde(default)]
    pub service_version: Option<String>,
    /// What this holds in practice is unconfirmed (FLEX-SSO-FACTS §7); see `login_link`.
    #[serde(default)]
    pub runtime_domain: Option<String>,
    #[serde(default)]
    pub flex_url: Option<String>,
}

/// `account_enum_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Suspended,
    Closed,
    #[serde(other)]
    Unknown,
}

/// `account_enum_type`: Twilio spells them `Trial` and `Full`; the app's JSON uses snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    #[serde(alias = "Trial")]
    Trial,
    #[serde(alias = "Full")]
    Full,
    #[serde(other)]
    Unknown,
}

/// `GET {api}/2010-04-01/Accounts/{sid}.json`. Deliberately without `auth_token`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    #[serde(default)]
    pub sid: Option<String>,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub status: Option<AccountStatus>,
    #[serde(default, rename = "type")]
    pub account_type: Option<AccountType>,
}

/// One entry of the public SSO connection list. Public callers of this endpoint read only
/// `connection_name` and `client_id` (`flex_sso_facts::twilio::SSO_CONNECTIONS`); `active` is
/// kept only when Twilio sends it, and anything else is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoConnection {
    /// The connection's SID, `JQ…`.
    pub connection_name: String,
    /// The OAuth client id self-hosted Flex needs in `appConfig.oauth` (not a secret).
    #[serde(default)]
    pub client_id: Option<String>,
    /// Whether Twilio says this connection is the one logins use; `None` when Twilio does not say
    /// (the field is not confirmed to exist), never guessed.
    #[serde(default)]
    pub active: Option<bool>,
}

/// `GET {services}/v1/Flex/Authentication/Config?AccountSid=…`. `config_list` is read as a list
/// or as a single object: one public caller reads it as an object, the others as a list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SsoConfigList {
    #[serde(default, deserialize_with = "one_or_many")]
    pub config_list: Vec<SsoConnection>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<SsoConnection>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Many(Vec<SsoConnection>),
        One(SsoConnection),
        Nothing(()),
    }
    Ok(match Shape::deserialize(deserializer)? {
        Shape::Many(list) => list,
        Shape::One(one) => vec![one],
        Shape::Nothing(()) => Vec::new(),
    })
}

/// Twilio's error body `{code, message, more_info, status}`. Only `code` is used for decisions;
/// `message` is Twilio's own English and is logged at debug level, never shown as the app's text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TwilioErrorBody {
    #[serde(default)]
    pub code: Option<u32>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub more_info: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_and_values_are_tolerated() {
        let cfg: FlexConfiguration =
            serde_json::from_str(r#"{"status":"someday","ui_version":"~2.7.x","new_field":{"a":1}}"#).unwrap();
        assert_eq!(cfg.status, Some(FlexStatus::Unknown));
        assert_eq!(cfg.ui_version.as_deref(), Some("~2.7.x"));

        let account: Account =
            serde_json::from_str(r#"{"status":"frozen","type":"Full","auth_token":"t0k"}"#).unwrap();
        assert_eq!(account.status, Some(AccountStatus::Unknown));
        assert_eq!(account.account_type, Some(AccountType::Full));
        assert!(!format!("{account:?}").contains("t0k"));

        let list: SsoConfigList = serde_json::from_str(
            r#"{"config_list":[{"connection_name":"JQ1","client_id":"c","active":true,"extra":1},{"connection_name":"JQ2"}],"meta":{}}"#,
        )
        .unwrap();
        assert_eq!(list.config_list.len(), 2);
        assert_eq!(list.config_list[0].active, Some(true));
        assert_eq!(list.config_list[1].active, None, "absent means not reported, not false");
        assert_eq!(serde_json::from_str::<SsoConfigList>("{}").unwrap().config_list, vec![]);
        assert_eq!(serde_json::from_str::<SsoConfigList>(r#"{"config_list":null}"#).unwrap().config_list, vec![]);
    }

    /// One public caller reads `config_list` as a single object: both shapes give the same list.
    #[test]
    fn config_list_is_read_as_a_list_or_as_one_object() {
        let one: SsoConfigList =
            serde_json::from_str(r#"{"config_list":{"connection_name":"JQ1","client_id":"c"}}"#).unwrap();
        let many: SsoConfigList =
            serde_json::from_str(r#"{"config_list":[{"connection_name":"JQ1","client_id":"c"}]}"#).unwrap();
        assert_eq!(one, many);
        assert_eq!(one.config_list[0].client_id.as_deref(), Some("c"));
        assert!(serde_json::from_str::<SsoConfigList>(r#"{"config_list":"JQ1"}"#).is_err());
    }

    #[test]
    fn nulls_are_accepted_everywhere() {
        let cfg: FlexConfiguration =
            serde_json::from_str(r#"{"account_sid":null,"status":null,"ui_version":null,"runtime_domain":null}"#).unwrap();
        assert_eq!(cfg.ui_version, None);
        let account: Account = serde_json::from_str(r#"{"status":null,"type":null}"#).unwrap();
        assert_eq!(account.status, None);
    }
}
