//! What the emulated tenant holds and how it misbehaves. A [`GraphScenario`] is a plain value
//! (serde); set it at start, swap it through `POST /__emulator/graph/scenario`, or take a
//! [`GraphPreset`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use super::fixtures::{self, GraphApp};
use crate::defaults;

/// A failure every Graph call shows (not the sign-in endpoints, not the control endpoints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GraphFault {
    None,
    /// Every call: 401 `InvalidAuthenticationToken` (an expired token).
    Unauthorized,
    /// Every call with a valid token: 403 `Authorization_RequestDenied`.
    Forbidden,
    /// The first `times` authenticated calls: 429 with `Retry-After`.
    RateLimited { times: u32, retry_after_seconds: u64 },
    /// The sign-in log answers 403: the tenant has no P1/P2 licence.
    NoPremiumLicence,
}

/// The tenant's contents and behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphScenario {
    pub apps: Vec<GraphApp>,
    /// `signIn` objects, in any order.
    pub sign_ins: Vec<Value>,
    pub fault: GraphFault,
    /// The most objects a list page holds, whatever `$top` asks (Graph pages directory lists;
    /// a small number here makes clients follow `@odata.nextLink`).
    pub page_size: usize,
    /// Whether the first token poll of a device code sign-in is answered `slow_down`.
    pub slow_down_first_poll: bool,
}

impl Default for GraphScenario {
    fn default() -> Self {
        GraphPreset::Legacy.scenario()
    }
}

/// Named scenarios for tests and the practice sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GraphPreset {
    /// The Flex app with the legacy Entity ID and Reply URL, beside a Salesforce SAML app and an
    /// OIDC app; lists come two to a page.
    Legacy,
    /// The Flex app already holds the new connection's values.
    Migrated,
    /// Two Flex-looking SAML apps.
    SeveralApps,
    /// No Flex app.
    NoFlexApp,
    /// Legacy's apps, every call refused with 401.
    Unauthorized,
    /// Legacy's apps, every call refused with 403.
    Forbidden,
    /// Legacy's apps; the first two calls get 429 with `Retry-After: 1`.
    RateLimited,
    /// Legacy's apps; the sign-in log needs a licence the tenant lacks.
    NoPremiumLicence,
}

impl GraphPreset {
    pub const ALL: [GraphPreset; 8] = [
        GraphPreset::Legacy,
        GraphPreset::Migrated,
        GraphPreset::SeveralApps,
        GraphPreset::NoFlexApp,
        GraphPreset::Unauthorized,
        GraphPreset::Forbidden,
        GraphPreset::RateLimited,
        GraphPreset::NoPremiumLicence,
    ];

    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<GraphPreset> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The scenario, with sign-ins timed relative to now (so `createdDateTime ge` filters work).
    pub fn scenario(self) -> GraphScenario {
        self.scenario_at(OffsetDateTime::now_utc())
    }

    pub fn scenario_at(self, now: OffsetDateTime) -> GraphScenario {
        let legacy = fixtures::FlexValues::legacy(defaults::ACCOUNT_SID);
        let others = || vec![fixtures::salesforce(), fixtures::oidc_app()];
        let with = |flex: Vec<GraphApp>| flex.into_iter().chain(others()).collect::<Vec<_>>();
        let (apps, fault) = match self {
            GraphPreset::Legacy => (with(vec![fixtures::flex(&legacy)]), GraphFault::None),
            GraphPreset::Migrated => (with(vec![fixtures::flex(&fixtures::FlexValues::migrated(defaults::CONNECTION_SID))]), GraphFault::None),
            GraphPreset::SeveralApps => (with(vec![fixtures::flex(&legacy), fixtures::flex_test()]), GraphFault::None),
            GraphPreset::NoFlexApp => (others(), GraphFault::None),
            GraphPreset::Unauthorized => (with(vec![fixtures::flex(&legacy)]), GraphFault::Unauthorized),
            GraphPreset::Forbidden => (with(vec![fixtures::flex(&legacy)]), GraphFault::Forbidden),
            GraphPreset::RateLimited => (with(vec![fixtures::flex(&legacy)]), GraphFault::RateLimited { times: 2, retry_after_seconds: 1 }),
            GraphPreset::NoPremiumLicence => (with(vec![fixtures::flex(&legacy)]), GraphFault::NoPremiumLicence),
        };
        let sign_ins = if apps.iter().any(|a| a.app_id() == defaults::ENTRA_FLEX_APP_ID) { fixtures::sign_ins(now) } else { Vec::new() };
        GraphScenario { apps, sign_ins, fault, page_size: 2, slow_down_first_poll: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_flex_app_carries_its_presets_values() {
        for preset in GraphPreset::ALL {
            assert_eq!(GraphPreset::from_name(&preset.name()), Some(preset));
        }
        let flex = |p: GraphPreset| p.scenario().apps.into_iter().find(|a| a.app_id() == defaults::ENTRA_FLEX_APP_ID);
        let legacy = flex(GraphPreset::Legacy).unwrap();
        assert_eq!(legacy.application["identifierUris"][0], format!("https://iam.twilio.com/v1/Accounts/{}/saml2/metadata", defaults::ACCOUNT_SID));
        let migrated = flex(GraphPreset::Migrated).unwrap();
        assert_eq!(migrated.application["identifierUris"][0], format!("urn:flex:{}", defaults::CONNECTION_SID));
        assert_eq!(migrated.service_principal["replyUrls"], migrated.application["web"]["redirectUris"]);
        assert!(flex(GraphPreset::NoFlexApp).is_none());
    }
}
