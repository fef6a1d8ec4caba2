//! The JSON bodies the emulator serves, shaped after Twilio's OpenAPI schemas
//! (`flex.v1.configuration`, `api.v2010.account`; checked by the contract test) and Twilio's
//! error body `{code, message, more_info, status}`.

use serde_json::{json, Value};

use crate::scenario::{AccountKind, AccountState, FlexSetup, Scenario, SsoSetup};

/// A SID of another kind, made from the account's 32 hex digits so every answer for one account
/// is consistent (and valid against the spec's `^XX[0-9a-fA-F]{32}$` patterns).
pub fn sibling_sid(account_sid: &str, prefix: &str) -> String {
    let hex: String = account_sid.chars().skip(2).collect();
    let hex: String = hex.chars().rev().collect();
    format!("{prefix}{hex}")
}

/// Twilio's error body.
pub fn twilio_error(code: u32, status: u16, message: &str) -> Value {
    json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    })
}

/// `GET /v1/Configuration`. `base_url` is the emulator's, for the resource's own `url`.
pub fn configuration(scenario: &Scenario, account_sid: &str, base_url: &str) -> Value {
    let status = match scenario.flex {
        FlexSetup::Ok | FlexSetup::Absent => "ok",
        FlexSetup::InProgress => "inprogress",
        FlexSetup::NotStarted => "notstarted",
    };
    json!({
        "account_sid": account_sid,
        "date_created": "2024-02-01T09:30:00Z",
        "date_updated": "2025-06-12T14:05:00Z",
        "attributes": {},
        "status": status,
        "taskrouter_workspace_sid": sibling_sid(account_sid, "WS"),
        "taskrouter_target_workflow_sid": sibling_sid(account_sid, "WW"),
        "taskrouter_target_taskqueue_sid": sibling_sid(account_sid, "WQ"),
        "taskrouter_offline_activity_sid": sibling_sid(account_sid, "WA"),
        "runtime_domain": scenario.runtime_domain,
        "chat_service_instance_sid": sibling_sid(account_sid, "IS"),
        "flex_service_instance_sid": sibling_sid(account_sid, "IS"),
        "flex_instance_sid": sibling_sid(account_sid, "GO"),
        "ui_language": "en",
        "ui_attributes": {},
        "ui_dependencies": {},
        "ui_version": scenario.ui_version,
        "service_version": "1.0",
        "call_recording_enabled": false,
        "crm_enabled": false,
        "public_attributes": {},
        "plugin_service_enabled": true,
        "serverless_service_sids": [sibling_sid(account_sid, "ZS")],
        "flex_url": null,
        "url": format!("{}/v1/Configuration", base_url.trim_end_matches('/')),
    })
}

/// `GET /2010-04-01/Accounts/{sid}.json`. Twilio's real answer includes the account's Auth
/// Token; so does this one, so tests prove the client never keeps it.
pub fn account(scenario: &Scenario, account_sid: &str, auth_token: &str) -> Value {
    let status = match scenario.account_status {
        AccountState::Active => "active",
        AccountState::Suspended => "suspended",
        AccountState::Closed => "closed",
    };
    let kind = match scenario.account_type {
        AccountKind::Trial => "Trial",
        AccountKind::Full => "Full",
    };
    let uri = |tail: &str| format!("/2010-04-01/Accounts/{account_sid}/{tail}");
    json!({
        "auth_token": auth_token,
        "date_created": "Thu, 01 Feb 2024 09:30:00 +0000",
        "date_updated": "Thu, 12 Jun 2025 14:05:00 +0000",
        "friendly_name": scenario.friendly_name,
        "owner_account_sid": account_sid,
        "sid": account_sid,
        "status": status,
        "subresource_uris": {
            "calls": uri("Calls.json"),
            "keys": uri("Keys.json"),
            "usage": uri("Usage.json"),
        },
        "type": kind,
        "uri": format!("/2010-04-01/Accounts/{account_sid}.json"),
    })
}

/// `GET /v1/Flex/Authentication/Config`. The entries carry two fields beyond the three known
/// ones, so clients are tested for tolerating what they do not know.
pub fn sso_config(scenario: &Scenario, account_sid: &str) -> Value {
    let connection_sid = scenario.connection_sid.clone().unwrap_or_else(|| sibling_sid(account_sid, "JQ"));
    let connection = |active: Option<bool>| {
        let mut entry = json!({
            "connection_name": connection_sid,
            "client_id": format!("flex-{}", &sibling_sid(account_sid, "")[..12]),
        });
        if let Some(active) = active {
            entry["active"] = json!(active);
        }
        entry
    };
    let list = match scenario.sso {
        SsoSetup::LegacyOnly => json!([]),
        SsoSetup::NewSaved => json!([connection(None)]),
        SsoSetup::NewSavedAsObject => connection(None),
        SsoSetup::NewSavedReportedInactive => json!([connection(Some(false))]),
        SsoSetup::NewActive => json!([connection(Some(true))]),
    };
    json!({ "config_list": list })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_sids_are_well_formed() {
        let sid = sibling_sid("AC0123456789abcdef0123456789abcdef", "JQ");
        assert_eq!(sid, "JQfedcba9876543210fedcba9876543210");
    }

    #[test]
    fn error_body_has_twilios_four_fields() {
        assert_eq!(
            twilio_error(20003, 401, "Authenticate"),
            json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401})
        );
    }
}
