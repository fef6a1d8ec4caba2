//! What the emulated Twilio account looks like and how it misbehaves.
//!
//! A [`Scenario`] is a plain value (serde), so it can be set at start, swapped at runtime through
//! `POST /__emulator/scenario`, or picked by name from the [`Preset`]s the tests and the practice
//! sandbox use.

use serde::{Deserialize, Serialize};

/// Flex's onboarding state on the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlexSetup {
    /// Configuration answers with `status: ok`.
    Ok,
    /// `status: inprogress`.
    InProgress,
    /// `status: notstarted`.
    NotStarted,
    /// No Flex at all: Configuration answers 404 with Twilio's error 20404.
    Absent,
}

/// The Account resource's `status` (`account_enum_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    Active,
    Suspended,
    Closed,
}

/// The Account resource's `type` (`account_enum_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Trial,
    Full,
}

/// Which new SSO connections the public list shows, and in which shape.
///
/// Public callers of the real endpoint read only `connection_name` and `client_id`, and one reads
/// `config_list` as a single object; an `active` field is not confirmed. So the plain cases send
/// no `active`, and the cases that send one are named for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SsoSetup {
    /// An empty list.
    LegacyOnly,
    /// One new connection, with the confirmed fields only (no `active`).
    NewSaved,
    /// One new connection as a single object, not a list (no `active`).
    NewSavedAsObject,
    /// One new connection with `"active": false`.
    NewSavedReportedInactive,
    /// One new connection with `"active": true`.
    NewActive,
}

/// A failure the three API endpoints (not the control ones) show before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Fault {
    None,
    /// 429 with `Retry-After` and Twilio's error 20429, for the first `times` requests to each
    /// endpoint (every request when `times` is absent).
    RateLimited { retry_after_seconds: u64, times: Option<u32> },
    /// `status` (5xx) with Twilio's error body, for the first `failures` requests to each
    /// endpoint; later ones succeed.
    ServerError { status: u16, failures: u32 },
    /// Every answer is held back this long (to run past a client's timeout).
    Slow { delay_ms: u64 },
    /// The first `times` requests to the three endpoints (every one when absent) have their
    /// connection reset (TCP RST) once the request has arrived, before any answer; later ones are
    /// served normally. The control endpoints are never reset.
    ResetConnection { times: Option<u32> },
    /// The first `times` requests to the three endpoints (every one when absent) get the status
    /// line, the headers and the start of the body, then nothing more, until the client gives up.
    Stall { times: Option<u32> },
}

/// Everything the emulator answers from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Configuration's `ui_version` (`null` when absent).
    pub ui_version: Option<String>,
    /// Configuration's `runtime_domain`.
    pub runtime_domain: Option<String>,
    pub flex: FlexSetup,
    pub account_status: AccountState,
    pub account_type: AccountKind,
    pub friendly_name: String,
    /// Whether API keys may read the Account resource. Twilio lets only Main keys do that;
    /// standard and restricted keys get 401/403 there (FLEX-SSO-FACTS §2).
    pub api_keys_read_account: bool,
    /// Refuse every credential with 401 / 20003, as for a mistyped token.
    pub reject_credentials: bool,
    pub fault: Fault,
    pub sso: SsoSetup,
    /// The new connection's SID in the SSO list; `None` derives one from the Account SID. The
    /// practice sandbox sets its own, the one its IdP knows.
    pub connection_sid: Option<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        Preset::Eligible.scenario()
    }
}

/// The named scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Flex UI 2.8.x, everything fine, legacy connection only.
    Eligible,
    /// Flex UI 2.6.x.
    NotEligible,
    /// `ui_version` pinned as a range, `~2.7.x`.
    UiVersionRange,
    WrongCredentials,
    ApiKeyWithoutAccountAccess,
    AccountSuspended,
    AccountClosed,
    FlexNotSetUp,
    /// 429 with `Retry-After: 1` on every request.
    RateLimited,
    /// Each endpoint fails twice with 500, then answers.
    Intermittent500,
    /// Every answer takes 3 seconds.
    Slow,
    SsoLegacyOnly,
    SsoNewSaved,
    SsoNewSavedAsObject,
    SsoNewSavedReportedInactive,
    SsoNewActive,
}

impl Preset {
    pub const ALL: [Preset; 16] = [
        Preset::Eligible,
        Preset::NotEligible,
        Preset::UiVersionRange,
        Preset::WrongCredentials,
        Preset::ApiKeyWithoutAccountAccess,
        Preset::AccountSuspended,
        Preset::AccountClosed,
        Preset::FlexNotSetUp,
        Preset::RateLimited,
        Preset::Intermittent500,
        Preset::Slow,
        Preset::SsoLegacyOnly,
        Preset::SsoNewSaved,
        Preset::SsoNewSavedAsObject,
        Preset::SsoNewSavedReportedInactive,
        Preset::SsoNewActive,
    ];

    /// The snake_case name used on the command line and the control endpoint.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(name.trim().to_owned())).ok()
    }

    pub fn scenario(self) -> Scenario {
        let base = Scenario {
            ui_version: Some("2.8.3".to_owned()),
            runtime_domain: Some("dancing-owl-1234.twil.io".to_owned()),
            flex: FlexSetup::Ok,
            account_status: AccountState::Active,
            account_type: AccountKind::Full,
            friendly_name: "Owl Contact Center".to_owned(),
            api_keys_read_account: true,
            reject_credentials: false,
            fault: Fault::None,
            sso: SsoSetup::LegacyOnly,
            connection_sid: None,
        };
        match self {
            Preset::Eligible | Preset::SsoLegacyOnly => base,
            Preset::NotEligible => Scenario { ui_version: Some("2.6.4".to_owned()), ..base },
            Preset::UiVersionRange => Scenario { ui_version: Some("~2.7.x".to_owned()), ..base },
            Preset::WrongCredentials => Scenario { reject_credentials: true, ..base },
            Preset::ApiKeyWithoutAccountAccess => Scenario { api_keys_read_account: false, ..base },
            Preset::AccountSuspended => Scenario { account_status: AccountState::Suspended, ..base },
            Preset::AccountClosed => Scenario { account_status: AccountState::Closed, ..base },
            Preset::FlexNotSetUp => Scenario { flex: FlexSetup::Absent, ..base },
            Preset::RateLimited => {
                Scenario { fault: Fault::RateLimited { retry_after_seconds: 1, times: None }, ..base }
            }
            Preset::Intermittent500 => Scenario { fault: Fault::ServerError { status: 500, failures: 2 }, ..base },
            Preset::Slow => Scenario { fault: Fault::Slow { delay_ms: 3000 }, ..base },
            Preset::SsoNewSaved => Scenario { sso: SsoSetup::NewSaved, ..base },
            Preset::SsoNewSavedAsObject => Scenario { sso: SsoSetup::NewSavedAsObject, ..base },
            Preset::SsoNewSavedReportedInactive => Scenario { sso: SsoSetup::NewSavedReportedInactive, ..base },
            Preset::SsoNewActive => Scenario { sso: SsoSetup::NewActive, ..base },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_names_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_name(&preset.name()), Some(preset));
        }
        assert_eq!(Preset::Intermittent500.name(), "intermittent500");
        assert_eq!(Preset::ApiKeyWithoutAccountAccess.name(), "api_key_without_account_access");
        assert_eq!(Preset::from_name("no_such_thing"), None);
    }
}
