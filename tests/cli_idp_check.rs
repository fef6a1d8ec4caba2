//! `flex-sso-migrator idp-check` end to end: the real binary, headless, against the emulated
//! Okta, Graph (Entra ID) and Auth0. It reads and compares, never writes: exit 0 when the app matches, 1 when
//! something must change, 2 when it could not check.

use std::process::{Command, Output};

use flex_sso_idp_emulator::{defaults, EmulatorConfig, EmulatorHandle, IdpEmulator, OktaPreset};
use serde_json::Value;

const ENTITY: &str = "urn:flex:JQ5a4db0c5000000000000000000000001";
const ACS: &str = "https://login.flex.us1.twilio.com/login/callback?connection=JQ5a4db0c5000000000000000000000001";

fn okta(preset: OktaPreset) -> EmulatorHandle {
    tauri::async_runtime::block_on(IdpEmulator::start(EmulatorConfig::with_preset(preset))).unwrap()
}

fn cli(args: &[&str], token: Option<&str>) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"));
    command.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("HOME", home.path()).env("XDG_DATA_HOME", home.path());
    if let Some(token) = token {
        command.env("OKTA_API_TOKEN", token);
    }
    command.output().unwrap()
}

fn check(emulator: &EmulatorHandle, extra: &[&str], token: Option<&str>) -> Output {
    let url = emulator.base_url();
    let mut args = vec!["idp-check", "--idp", "okta", "--org-url", url.as_str(), "--entity-id", ENTITY, "--acs-url", ACS, "--json"];
    args.extend_from_slice(extra);
    cli(&args, token)
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
}

fn no_token_in(output: &Output) {
    for token in [defaults::ORG_TOKEN_READ_WRITE, defaults::ORG_TOKEN_READ_ONLY] {
        assert!(!String::from_utf8_lossy(&output.stdout).contains(token) && !String::from_utf8_lossy(&output.stderr).contains(token));
    }
}

#[test]
fn legacy_values_exit_1_with_each_difference_in_oktas_labels_and_nothing_is_written() {
    let emulator = okta(OktaPreset::Legacy);
    let output = check(&emulator, &[], Some(defaults::ORG_TOKEN_READ_ONLY));
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json_of(&output);
    assert_eq!(report["ok"], false);
    assert_eq!(report["app"]["id"], defaults::FLEX_APP_ID);
    let row = |key: &str| report["rows"].as_array().unwrap().iter().find(|r| r["key"] == key).cloned().unwrap();
    assert_eq!(row("entity_id")["label"], "Audience URI (SP Entity ID)");
    assert_eq!(row("entity_id")["verdict"], "must_change");
    assert_eq!(row("entity_id")["needed"], ENTITY);
    assert_eq!(row("acs_url")["label"], "Single sign on URL");
    assert_eq!(row("response_signed")["verdict"], "matches");
    assert_eq!(report["changes"].as_array().unwrap().len(), 4);
    assert!(emulator.requests().iter().all(|r| r.method == "GET"), "idp-check never writes");
    no_token_in(&output);
}

#[test]
fn a_migrated_app_exits_0() {
    let emulator = okta(OktaPreset::Migrated);
    let output = check(&emulator, &["--app", "Twilio Flex"], Some(defaults::ORG_TOKEN_READ_ONLY));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(json_of(&output)["ok"], true);
}

#[test]
fn what_stops_the_check_exits_2_with_the_reason() {
    let emulator = okta(OktaPreset::SeveralApps);
    let several = check(&emulator, &[], Some(defaults::ORG_TOKEN_READ_ONLY));
    assert_eq!(several.status.code(), Some(2));
    let problem = &json_of(&several)["problems"][0];
    assert_eq!(problem["code"], "idp_several_apps");
    assert!(problem["message"].as_str().unwrap().contains("Twilio Flex (test)"), "{problem}");

    let refused = check(&emulator, &[], Some("wrong-token"));
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(json_of(&refused)["problems"][0]["code"], "idp_token_refused");

    let missing = check(&emulator, &[], None);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(json_of(&missing)["problems"][0]["code"], "idp_token_missing");

    let url = emulator.base_url();
    let legacy = cli(&["idp-check", "--idp", "okta", "--org-url", &url, "--entity-id", "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2/metadata", "--acs-url", ACS], Some(defaults::ORG_TOKEN_READ_ONLY));
    assert_eq!(legacy.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&legacy.stderr).contains("is the legacy Entity ID, not the new one"), "{}", String::from_utf8_lossy(&legacy.stderr));
    no_token_in(&refused);
}

#[test]
fn the_human_report_marks_each_row() {
    let emulator = okta(OktaPreset::PartlyMigrated);
    let url = emulator.base_url();
    let output = cli(&["idp-check", "--idp", "okta", "--org-url", &url, "--entity-id", ENTITY, "--acs-url", ACS], Some(defaults::ORG_TOKEN_READ_ONLY));
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("✓ Audience URI (SP Entity ID)"), "{text}");
    assert!(text.contains("✗ Recipient URL"), "{text}");
    assert!(text.contains("Recipient URL: https://iam.twilio.com/"), "the change is listed: {text}");
}

fn row_of(report: &Value, key: &str) -> Value {
    report["rows"].as_array().unwrap().iter().find(|r| r["key"] == key).cloned().unwrap_or_else(|| panic!("no {key} row: {report}"))
}

#[test]
fn entra_and_auth0_are_checked_alike_in_their_own_labels() {
    let emulator = okta(OktaPreset::Legacy);
    let graph = emulator.graph_base_url();
    let entra = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .args(["idp-check", "--idp", "entra", "--tenant", defaults::ENTRA_TENANT_DOMAIN, "--entity-id", ENTITY, "--acs-url", ACS, "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FLEX_SSO_GRAPH_BASE_URL", &graph)
        .env("ENTRA_ACCESS_TOKEN", defaults::GRAPH_TOKEN_READ_ONLY)
        .output()
        .unwrap();
    assert_eq!(entra.status.code(), Some(1), "{}", String::from_utf8_lossy(&entra.stderr));
    let report = json_of(&entra);
    assert_eq!(report["idp"], "entra");
    assert_eq!(row_of(&report, "entity_id")["label"], "Identifier (Entity ID)");
    assert_eq!(row_of(&report, "entity_id")["verdict"], "must_change");
    assert_eq!(row_of(&report, "acs_url")["label"], "Reply URL (Assertion Consumer Service URL)");

    let auth0_base = emulator.auth0_base_url();
    let auth0 = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .args(["idp-check", "--idp", "auth0", "--domain", auth0_base.as_str(), "--entity-id", ENTITY, "--acs-url", ACS, "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AUTH0_MANAGEMENT_TOKEN", defaults::AUTH0_TOKEN_READ_ONLY)
        .output()
        .unwrap();
    assert_eq!(auth0.status.code(), Some(1), "{}", String::from_utf8_lossy(&auth0.stderr));
    let report = json_of(&auth0);
    assert_eq!(report["idp"], "auth0");
    assert_eq!(report["app"]["id"], defaults::AUTH0_FLEX_CLIENT_ID);
    assert_eq!(row_of(&report, "entity_id")["label"], "audience setting");
    assert_eq!(row_of(&report, "acs_url")["label"], "Application Callback URL");
    assert!(emulator.requests().iter().all(|r| r.method == "GET"), "idp-check never writes");

    let no_token = cli(&["idp-check", "--idp", "auth0", "--domain", auth0_base.as_str(), "--entity-id", ENTITY, "--acs-url", ACS, "--json"], None);
    assert_eq!(no_token.status.code(), Some(2));
    assert_eq!(json_of(&no_token)["problems"][0]["code"], "idp_token_missing");
}
