//! The Okta client against the Okta emulator (held to Okta's API description by its contract
//! test): find, compare, apply with compare-then-write and a re-read, switch back, refusals.

mod common;

use std::time::Duration;

use flex_sso_idp::okta::{compare, plan_change, plan_restore, OktaClient, OktaToken, Search};
use flex_sso_idp::{ClientOptions, FlexTarget, IdpError};
use flex_sso_idp_emulator::{defaults, EmulatorConfig, EmulatorHandle, IdpEmulator, OktaPreset};
use flex_sso_secrets::Secret;
use serde_json::Value;

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

async fn emulator(preset: OktaPreset) -> EmulatorHandle {
    IdpEmulator::start(EmulatorConfig::with_preset(preset)).await.unwrap()
}

fn client(emulator: &EmulatorHandle, token: &str) -> OktaClient {
    let (sleeper, _) = common::recording_sleeper();
    OktaClient::new(&emulator.base_url(), OktaToken::ApiToken(Secret::new(token)), ClientOptions { sleeper, ..ClientOptions::default() }).unwrap()
}

fn target() -> FlexTarget {
    common::target(JQ)
}

fn flex_app(emulator: &EmulatorHandle) -> Value {
    emulator.apps().into_iter().find(|a| a["id"] == defaults::FLEX_APP_ID).expect("the Flex app is served")
}

fn puts(emulator: &EmulatorHandle) -> Vec<String> {
    emulator.requests().into_iter().filter(|r| r.method == "PUT").map(|r| r.path).collect()
}

/// The app object without the fields Okta itself changes on an update.
fn settings_only(mut app: Value) -> Value {
    app.as_object_mut().unwrap().remove("lastUpdated");
    app
}

#[tokio::test]
async fn the_legacy_app_is_found_flagged_changed_proven_and_switched_back() {
    let emulator = emulator(OktaPreset::Legacy).await;
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_WRITE);
    let original = flex_app(&emulator);
    let others_before: Vec<Value> = emulator.apps().into_iter().filter(|a| a["id"] != defaults::FLEX_APP_ID).collect();

    let app = okta.find_app(&Search::Automatic, &target()).await.unwrap();
    assert_eq!(app.id(), defaults::FLEX_APP_ID);
    let comparison = compare(&app, &target());
    assert!(comparison.needs_change());
    assert_eq!(comparison.row("entity_id").unwrap().note, "This is the legacy Entity ID. Change Audience URI (SP Entity ID) to the value shown.");

    let snapshot = OktaClient::snapshot(&app, time::OffsetDateTime::now_utc());
    let plan = plan_change(&app, &target());
    let applied = okta.apply(&plan).await.unwrap();
    assert!(!compare(&applied.app, &target()).needs_change(), "the re-read proves it");
    assert_eq!(puts(&emulator), [format!("/api/v1/apps/{}", defaults::FLEX_APP_ID)], "one PUT, to the Flex app only");
    let stored = flex_app(&emulator);
    assert_eq!(stored["settings"]["signOn"]["audience"], format!("urn:flex:{JQ}"));
    let others_after: Vec<Value> = emulator.apps().into_iter().filter(|a| a["id"] != defaults::FLEX_APP_ID).collect();
    assert_eq!(others_after, others_before, "no other app touched");

    let restore = plan_restore(&applied.app, &snapshot);
    okta.apply(&restore).await.unwrap();
    assert_eq!(settings_only(flex_app(&emulator)), settings_only(original), "switched back exactly");
}

#[tokio::test]
async fn a_change_made_in_okta_after_the_read_stops_the_write() {
    let emulator = emulator(OktaPreset::Legacy).await;
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_WRITE);
    let app = okta.read_app(defaults::FLEX_APP_ID).await.unwrap();
    let plan = plan_change(&app, &target());
    emulator.change_app_behind_the_clients_back(defaults::FLEX_APP_ID);
    let error = okta.apply(&plan).await.unwrap_err();
    assert_eq!(error.code(), "idp_changed_since_read", "{error}");
    assert!(puts(&emulator).is_empty(), "nothing was written");
}

#[tokio::test]
async fn a_read_only_token_reads_but_cannot_change() {
    let emulator = emulator(OktaPreset::Legacy).await;
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_ONLY);
    let app = okta.find_app(&Search::Named("Twilio Flex".into()), &target()).await.unwrap();
    let error = okta.apply(&plan_change(&app, &target())).await.unwrap_err();
    assert_eq!(error.code(), "idp_read_only");
    assert!(error.to_string().contains("okta.apps.manage"), "{error}");
    assert_eq!(flex_app(&emulator)["settings"]["signOn"]["audience"], app.raw()["settings"]["signOn"]["audience"]);
}

#[tokio::test]
async fn several_candidates_are_listed_for_the_admin_to_pick() {
    let emulator = emulator(OktaPreset::SeveralApps).await;
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_WRITE);
    match okta.find_app(&Search::Automatic, &target()).await.unwrap_err() {
        IdpError::SeveralApps { candidates, .. } => assert!(candidates.len() >= 2, "{candidates:?}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn refusals_and_absences_have_their_codes() {
    let emulator = emulator(OktaPreset::Legacy).await;
    let wrong = client(&emulator, "not-a-token");
    assert_eq!(wrong.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_token_refused");
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_WRITE);
    assert_eq!(okta.read_app("0oa0000000000000nope").await.unwrap_err().code(), "idp_app_not_found");
    emulator.set_preset(OktaPreset::NoFlexApp);
    assert_eq!(okta.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_no_flex_app");
    emulator.set_preset(OktaPreset::Forbidden);
    assert_eq!(okta.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_no_permission");
    let recorded = emulator.requests();
    assert!(recorded.iter().all(|r| !format!("{r:?}").contains(defaults::ORG_TOKEN_READ_WRITE)), "the emulator never keeps the token");
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_okta_asks() {
    let emulator = emulator(OktaPreset::RateLimited).await;
    let (sleeper, waits) = common::recording_sleeper();
    let okta = OktaClient::new(&emulator.base_url(), OktaToken::ApiToken(Secret::new(defaults::ORG_TOKEN_READ_WRITE)), ClientOptions { sleeper, ..ClientOptions::default() }).unwrap();
    okta.read_app(defaults::FLEX_APP_ID).await.unwrap();
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1), Duration::from_secs(1)], "Retry-After honoured twice");
}

#[tokio::test]
async fn signing_certificates_and_the_system_log_are_read() {
    let emulator = emulator(OktaPreset::Legacy).await;
    let okta = client(&emulator, defaults::ORG_TOKEN_READ_WRITE);
    let app = okta.read_app(defaults::FLEX_APP_ID).await.unwrap();
    let certificates = okta.signing_certificates(&app).await.unwrap();
    assert!(certificates.len() >= 2, "{certificates:?}");
    assert!(certificates[0].signs_now && !certificates[1].signs_now);
    assert!(certificates[0].pem.starts_with("-----BEGIN CERTIFICATE-----"));

    let now = time::OffsetDateTime::now_utc();
    let lines = okta.sign_in_log(defaults::FLEX_APP_ID, None, now - time::Duration::hours(2), now + time::Duration::minutes(1)).await.unwrap();
    let unassigned = lines.iter().find(|l| l.event == "app.generic.unauth_app_access_attempt").expect("the emulator's failed access is read");
    assert!(unassigned.failed());
    assert!(unassigned.meaning.contains("not assigned"), "{}", unassigned.meaning);
}
