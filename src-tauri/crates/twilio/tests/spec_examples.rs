//! The client's types decode Twilio's own example answers from the OpenAPI specs.

use flex_sso_twilio::resources::{Account, AccountStatus, AccountType, FlexConfiguration, FlexStatus};
use flex_sso_twilio_emulator::spec;

#[test]
fn configuration_example_decodes() {
    let examples = spec::examples(spec::FLEX_V1_CONFIGURATION);
    assert_eq!(examples.len(), 1);
    let config: FlexConfiguration = serde_json::from_value(examples[0].clone()).expect("decodes");
    assert_eq!(config.account_sid.as_deref(), Some("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(config.status, Some(FlexStatus::Ok));
    assert_eq!(config.ui_version.as_deref(), Some("1.0"));
    assert_eq!(config.service_version.as_deref(), Some("1.0"));
    assert_eq!(config.runtime_domain.as_deref(), Some("https://flex.twilio.com"));
    assert_eq!(config.flex_url.as_deref(), Some("https://flex.twilio.com"));
}

#[test]
fn account_example_decodes_without_keeping_the_token() {
    let examples = spec::examples(spec::API_V2010_ACCOUNT);
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0]["auth_token"], "auth_token", "the example carries a token field");
    let account: Account = serde_json::from_value(examples[0].clone()).expect("decodes");
    assert_eq!(account.sid.as_deref(), Some("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(account.friendly_name.as_deref(), Some("friendly_name"));
    assert_eq!(account.status, Some(AccountStatus::Active));
    assert_eq!(account.account_type, Some(AccountType::Full));
    assert!(!format!("{account:?}").contains("auth_token"));
}
