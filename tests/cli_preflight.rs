//! `flex-sso-migrator preflight` end to end: the real binary, headless (no display), against the
//! Twilio emulator through the FLEX_SSO_* base-URL variables.

use std::process::{Command, Output};

use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig, EmulatorHandle, Preset};
use serde_json::Value;

fn emulator(preset: Preset) -> EmulatorHandle {
    tauri::async_runtime::block_on(Emulator::start(EmulatorConfig::with_preset(preset))).unwrap()
}

fn cli(emulator: &EmulatorHandle, args: &[&str], credentials: &[(&str, &str)]) -> Output {
    let base = emulator.base_url();
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        // No display at all: the CLI must not need one.
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .env("FLEX_SSO_API_BASE_URL", base)
        .env("FLEX_SSO_FLEX_API_BASE_URL", base)
        .env("FLEX_SSO_SERVICES_BASE_URL", base)
        .envs(credentials.iter().copied())
        .output()
        .unwrap()
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
}

const TOKEN: [(&str, &str); 2] = [("TWILIO_ACCOUNT_SID", defaults::ACCOUNT_SID), ("TWILIO_AUTH_TOKEN", defaults::AUTH_TOKEN)];

#[test]
fn an_eligible_account_exits_0_with_the_report() {
    let emulator = emulator(Preset::Eligible);
    let output = cli(&emulator, &["preflight", "--json"], &TOKEN);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json_of(&output);
    assert_eq!(report["ok"], true);
    assert_eq!(report["flex"]["eligible"], "eligible");
    assert_eq!(report["sso"]["state"], "legacy_only");
    for key in ["status", "ui_version", "eligibility_reason", "runtime_domain", "login_url"] {
        assert!(report["flex"].get(key).is_some(), "flex.{key} missing: {report}");
    }
    assert!(report["problems"].as_array().unwrap().is_empty());
}

#[test]
fn a_not_eligible_account_exits_1_and_says_why() {
    let emulator = emulator(Preset::NotEligible);
    let output = cli(&emulator, &["preflight", "--json"], &TOKEN);
    assert_eq!(output.status.code(), Some(1));
    let report = json_of(&output);
    assert_eq!(report["flex"]["eligible"], "not_eligible");
    assert!(report["flex"]["eligibility_reason"].as_str().unwrap().contains("2.7"), "{report}");
}

/// The corrected facts of December 2026, as the CLI prints them: the version lives in the Flex
/// Admin UI, the legacy connection past Twilio's date is said once, and a connection whose
/// activity Twilio does not report is "exists", with where to look.
#[test]
fn the_cli_states_the_current_facts() {
    use flex_sso_model::facts::twilio;
    let emulator = emulator(Preset::NotEligible);
    let report = json_of(&cli(&emulator, &["preflight", "--json"], &TOKEN));
    let fix = report["problems"][0]["fix"].as_str().unwrap();
    assert!(fix.contains(twilio::FLEX_UI_VERSIONING.url.unwrap()) && !fix.contains("Manage"), "{fix}");
    let note = report["sso"]["deadline_note"].as_str().expect("legacy only, after Twilio's date");
    assert!(note.contains(twilio::DEADLINE.text), "{note}");

    let emulator = self::emulator(Preset::SsoNewSavedAsObject);
    let output = cli(&emulator, &["preflight"], &TOKEN);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("A new SSO connection exists"), "{text}");
    assert!(text.contains(twilio::CONSOLE_SSO_PAGE.text) && text.contains("login check"), "{text}");
    assert!(!text.contains(twilio::DEADLINE.text), "activity unknown: no deadline words: {text}");
}

#[test]
fn an_api_key_works_too_and_the_human_output_is_readable() {
    let emulator = emulator(Preset::Eligible);
    let output = cli(&emulator, &["preflight"], &[
        ("TWILIO_ACCOUNT_SID", defaults::ACCOUNT_SID),
        ("TWILIO_API_KEY", defaults::API_KEY_SID),
        ("TWILIO_API_SECRET", defaults::API_KEY_SECRET),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("Ready to migrate."), "{text}");
    assert!(!text.contains(defaults::API_KEY_SECRET));
}

#[test]
fn missing_credentials_exit_2_with_json_that_says_what_to_set() {
    let emulator = emulator(Preset::Eligible);
    let output = cli(&emulator, &["preflight", "--json"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let answer = json_of(&output);
    assert_eq!(answer["ok"], false);
    assert!(answer["problems"][0]["fix"].as_str().unwrap().contains("TWILIO_ACCOUNT_SID"), "{answer}");
}

#[test]
fn an_unknown_profile_exits_2_and_bad_arguments_exit_2() {
    let emulator = emulator(Preset::Eligible);
    let output = cli(&emulator, &["preflight", "--json", "--profile", "nobody"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["problems"][0]["code"], "profile_not_found");
    let output = cli(&emulator, &["preflight", "--no-such-flag"], &[]);
    assert_eq!(output.status.code(), Some(2));
}
