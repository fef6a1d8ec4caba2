//! What the emulated Auth0 tenant holds and how it misbehaves.
//!
//! An [`Auth0Scenario`] is a plain value (serde): the clients, the tenant log and a fault. Set it
//! at start (`EmulatorConfig::auth0`), swap it through `POST /__emulator/scenario` with
//! `{"auth0_preset": NAME}` or `{"auth0": {...}}`, or take one of the [`Auth0Preset`]s.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::fixtures::clients::{self, FlexValues};
use super::fixtures::logs;
use crate::defaults;

/// A failure every Auth0 API call shows (not the control endpoints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Auth0Fault {
    None,
    /// Every call: 401, whatever the token (expired, or for another tenant).
    Unauthorized,
    /// Every call with a valid token: 403 `insufficient_scope` (a token without the scopes).
    Forbidden,
    /// The first `times` authenticated calls: 429 with `Retry-After` and the `x-ratelimit-*`
    /// headers; later ones are answered normally.
    RateLimited { times: u32, retry_after_seconds: u64 },
}

/// The tenant's contents and behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Auth0Scenario {
    /// `Client` objects as `GET /api/v2/clients/{id}` answers them.
    pub clients: Vec<Value>,
    /// Tenant log events, in any order.
    pub log_events: Vec<Value>,
    pub fault: Auth0Fault,
}

impl Default for Auth0Scenario {
    fn default() -> Self {
        Auth0Preset::Legacy.scenario()
    }
}

/// Named scenarios for tests and the practice sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth0Preset {
    /// The Flex SAML2 Web App with the legacy audience and callback, beside unrelated clients.
    Legacy,
    /// The Flex client already carries the new connection's values.
    Migrated,
    /// Audience changed, new ACS URL added at the end of the callbacks: the first callback (the
    /// Application Callback URL) and `recipient` still legacy.
    PartlyMigrated,
    /// Two Flex-looking SAML clients ("Twilio Flex", "Twilio Flex (test)").
    SeveralClients,
    /// Only unrelated clients.
    NoFlexClient,
    /// Legacy's clients, every call refused with 401.
    Unauthorized,
    /// Legacy's clients, every call refused with 403 `insufficient_scope`.
    Forbidden,
    /// Legacy's clients; the first two calls get 429 with `Retry-After: 1`.
    RateLimited,
}

impl Auth0Preset {
    pub const ALL: [Auth0Preset; 8] = [
        Auth0Preset::Legacy,
        Auth0Preset::Migrated,
        Auth0Preset::PartlyMigrated,
        Auth0Preset::SeveralClients,
        Auth0Preset::NoFlexClient,
        Auth0Preset::Unauthorized,
        Auth0Preset::Forbidden,
        Auth0Preset::RateLimited,
    ];

    /// The snake_case name used by the bin and the control endpoint.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Auth0Preset> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The scenario, with log events timed relative to now.
    pub fn scenario(self) -> Auth0Scenario {
        self.scenario_at(OffsetDateTime::now_utc())
    }

    pub fn scenario_at(self, now: OffsetDateTime) -> Auth0Scenario {
        let account = defaults::ACCOUNT_SID;
        let connection = defaults::CONNECTION_SID;
        let with_others = |flex: Vec<Value>| {
            let mut all = vec![clients::default_app()];
            all.extend(flex);
            all.extend([clients::salesforce(), clients::machine_to_machine()]);
            all
        };
        let legacy = || with_others(vec![clients::flex(&FlexValues::legacy(account))]);
        let (clients, fault) = match self {
            Auth0Preset::Legacy => (legacy(), Auth0Fault::None),
            Auth0Preset::Migrated => (with_others(vec![clients::flex(&FlexValues::migrated(connection))]), Auth0Fault::None),
            Auth0Preset::PartlyMigrated => {
                (with_others(vec![clients::flex(&FlexValues::partly_migrated(account, connection))]), Auth0Fault::None)
            }
            Auth0Preset::SeveralClients => {
                (with_others(vec![clients::flex(&FlexValues::legacy(account)), clients::flex_test()]), Auth0Fault::None)
            }
            Auth0Preset::NoFlexClient => (with_others(Vec::new()), Auth0Fault::None),
            Auth0Preset::Unauthorized => (legacy(), Auth0Fault::Unauthorized),
            Auth0Preset::Forbidden => (legacy(), Auth0Fault::Forbidden),
            Auth0Preset::RateLimited => (legacy(), Auth0Fault::RateLimited { times: 2, retry_after_seconds: 1 }),
        };
        let log_events = match self {
            Auth0Preset::Legacy | Auth0Preset::Migrated | Auth0Preset::PartlyMigrated => logs::sign_ins(now),
            _ => Vec::new(),
        };
        Auth0Scenario { clients, log_events, fault }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_and_round_trip() {
        assert_eq!(Auth0Preset::SeveralClients.name(), "several_clients");
        for preset in Auth0Preset::ALL {
            assert_eq!(Auth0Preset::from_name(&preset.name()), Some(preset));
        }
        assert_eq!(Auth0Preset::from_name("legacy_app"), None);
    }

    #[test]
    fn the_flex_client_carries_the_values_of_its_preset() {
        let flex = |preset: Auth0Preset| {
            preset.scenario().clients.into_iter().find(|c| c["client_id"] == defaults::AUTH0_FLEX_CLIENT_ID).expect("Flex client")
        };
        let legacy = flex(Auth0Preset::Legacy);
        assert_eq!(legacy["addons"]["samlp"]["audience"], format!("https://iam.twilio.com/v1/Accounts/{}/saml2/metadata", defaults::ACCOUNT_SID));
        assert_eq!(legacy["callbacks"][0], format!("https://iam.twilio.com/v1/Accounts/{}/saml2", defaults::ACCOUNT_SID));
        let migrated = flex(Auth0Preset::Migrated);
        assert_eq!(migrated["addons"]["samlp"]["audience"], format!("urn:flex:{}", defaults::CONNECTION_SID));
        assert_eq!(migrated["callbacks"][0], migrated["addons"]["samlp"]["recipient"]);
        assert!(Auth0Preset::NoFlexClient.scenario().clients.iter().all(|c| c["client_id"] != defaults::AUTH0_FLEX_CLIENT_ID));
        assert_eq!(Auth0Preset::SeveralClients.scenario().clients.iter().filter(|c| c["name"].as_str().unwrap().starts_with("Twilio Flex")).count(), 2);
    }
}
