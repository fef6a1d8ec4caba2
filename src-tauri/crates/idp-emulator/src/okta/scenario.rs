//! What the emulated Okta org holds and how it misbehaves.
//!
//! An [`OktaScenario`] is a plain value (serde): the apps, the System Log and a fault. Set it at
//! start, swap it through `POST /__emulator/scenario`, or take one of the [`OktaPreset`]s.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::fixtures::apps::{self, FlexUrls};
use super::fixtures::logs;
use super::OktaApp;
use crate::defaults;

/// A failure every Okta API call shows (not the control endpoints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum OktaFault {
    None,
    /// Every call: 401 `E0000011`, whatever the token (revoked, or from another org).
    Unauthorized,
    /// Every call with a valid token: 403 `E0000006` (the token's admin lacks the role).
    Forbidden,
    /// The first `times` authenticated calls: 429 `E0000047` with `Retry-After` and the
    /// `X-Rate-Limit-*` headers; later ones are answered normally.
    RateLimited { times: u32, retry_after_seconds: u64 },
}

/// The org's contents and behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OktaScenario {
    pub apps: Vec<OktaApp>,
    /// System Log events (`LogEvent` objects), in any order.
    pub log_events: Vec<Value>,
    pub fault: OktaFault,
}

impl Default for OktaScenario {
    fn default() -> Self {
        OktaPreset::Legacy.scenario()
    }
}

/// Named scenarios for tests and the practice sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OktaPreset {
    /// The Flex app with the legacy Entity ID and ACS URL, beside two unrelated apps.
    Legacy,
    /// The Flex app with the deprecated `preview.twilio.com` URL in both places.
    OlderLegacy,
    /// The Flex app already carries the new connection's values.
    Migrated,
    /// Two Flex-looking apps ("Twilio Flex", "Twilio Flex (test)" for another account).
    SeveralApps,
    /// Only unrelated apps.
    NoFlexApp,
    /// Audience and ACS URL changed, Recipient and Destination still legacy.
    PartlyMigrated,
    /// Legacy's apps, every call refused with 401.
    Unauthorized,
    /// Legacy's apps, every call refused with 403.
    Forbidden,
    /// Legacy's apps; the first two calls get 429 with `Retry-After: 1`.
    RateLimited,
}

impl OktaPreset {
    pub const ALL: [OktaPreset; 9] = [
        OktaPreset::Legacy,
        OktaPreset::OlderLegacy,
        OktaPreset::Migrated,
        OktaPreset::SeveralApps,
        OktaPreset::NoFlexApp,
        OktaPreset::PartlyMigrated,
        OktaPreset::Unauthorized,
        OktaPreset::Forbidden,
        OktaPreset::RateLimited,
    ];

    /// The snake_case name used by the bin and the control endpoint.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<OktaPreset> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The scenario, with log events timed relative to now (so `since` filters work).
    pub fn scenario(self) -> OktaScenario {
        self.scenario_at(OffsetDateTime::now_utc())
    }

    pub fn scenario_at(self, now: OffsetDateTime) -> OktaScenario {
        let account = defaults::ACCOUNT_SID;
        let connection = defaults::CONNECTION_SID;
        let flex = |urls: FlexUrls| apps::flex(&urls);
        let (apps, fault) = match self {
            OktaPreset::Legacy => (vec![flex(FlexUrls::legacy(account)), apps::salesforce(), apps::bookmark()], OktaFault::None),
            OktaPreset::OlderLegacy => {
                (vec![flex(FlexUrls::older_legacy(account)), apps::salesforce(), apps::bookmark()], OktaFault::None)
            }
            OktaPreset::Migrated => {
                (vec![flex(FlexUrls::migrated(connection)), apps::salesforce(), apps::bookmark()], OktaFault::None)
            }
            OktaPreset::PartlyMigrated => {
                let urls = FlexUrls::partly_migrated(account, connection);
                (vec![flex(urls), apps::salesforce(), apps::bookmark()], OktaFault::None)
            }
            OktaPreset::SeveralApps => {
                (vec![flex(FlexUrls::legacy(account)), apps::flex_test(), apps::salesforce(), apps::bookmark()], OktaFault::None)
            }
            OktaPreset::NoFlexApp => (vec![apps::salesforce(), apps::bookmark()], OktaFault::None),
            OktaPreset::Unauthorized => (Self::Legacy.scenario_at(now).apps, OktaFault::Unauthorized),
            OktaPreset::Forbidden => (Self::Legacy.scenario_at(now).apps, OktaFault::Forbidden),
            OktaPreset::RateLimited => {
                (Self::Legacy.scenario_at(now).apps, OktaFault::RateLimited { times: 2, retry_after_seconds: 1 })
            }
        };
        let log_events = match self {
            OktaPreset::Legacy | OktaPreset::Migrated => logs::sign_ins(now, Duration::ZERO),
            _ => Vec::new(),
        };
        OktaScenario { apps, log_events, fault }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_and_round_trip() {
        assert_eq!(OktaPreset::OlderLegacy.name(), "older_legacy");
        for preset in OktaPreset::ALL {
            assert_eq!(OktaPreset::from_name(&preset.name()), Some(preset));
        }
        assert_eq!(OktaPreset::from_name("nope"), None);
    }

    #[test]
    fn the_flex_app_carries_the_urls_of_its_preset() {
        let sign_on = |preset: OktaPreset| {
            let scenario = preset.scenario();
            let app = scenario.apps.into_iter().find(|a| a.id == defaults::FLEX_APP_ID).expect("Flex app");
            app.app["settings"]["signOn"].clone()
        };
        let legacy = sign_on(OktaPreset::Legacy);
        assert_eq!(legacy["audience"], format!("https://iam.twilio.com/v1/Accounts/{}/saml2/metadata", defaults::ACCOUNT_SID));
        assert_eq!(legacy["ssoAcsUrl"], format!("https://iam.twilio.com/v1/Accounts/{}/saml2", defaults::ACCOUNT_SID));
        let older = sign_on(OktaPreset::OlderLegacy);
        assert_eq!(older["audience"], older["ssoAcsUrl"]);
        assert!(older["audience"].as_str().unwrap().starts_with("https://preview.twilio.com/iam/Accounts/"));
        let migrated = sign_on(OktaPreset::Migrated);
        assert_eq!(migrated["audience"], format!("urn:flex:{}", defaults::CONNECTION_SID));
        assert_eq!(migrated["recipient"], migrated["ssoAcsUrl"]);
        let partly = sign_on(OktaPreset::PartlyMigrated);
        assert_eq!(partly["audience"], migrated["audience"]);
        assert_eq!(partly["ssoAcsUrl"], migrated["ssoAcsUrl"]);
        assert_eq!(partly["recipient"], legacy["recipient"]);
        assert_eq!(partly["destination"], legacy["destination"]);
        assert!(OktaPreset::NoFlexApp.scenario().apps.iter().all(|a| a.id != defaults::FLEX_APP_ID));
    }
}
