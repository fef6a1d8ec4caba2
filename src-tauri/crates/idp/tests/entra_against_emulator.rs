//! The Entra ID client against the Graph emulator (held to Microsoft's OpenAPI cut of Graph by its
//! contract test): the device code sign-in, find, compare, apply with compare-then-write and a
//! re-read, switch back, refusals, certificates and the sign-in log.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flex_sso_idp::entra::{compare, plan_change, plan_restore, DeviceSignIn, EntraClient, Search, READ_SCOPES, WRITE_SCOPES};
use flex_sso_idp::{Action, ClientOptions, FlexTarget, IdpError, SignInEnd};
use flex_sso_idp_emulator::{defaults, EmulatorConfig, EmulatorHandle, GraphPreset, IdpEmulator};
use flex_sso_secrets::Secret;
use flex_sso_twilio::retry::Sleeper;
use serde_json::{json, Value};

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

async fn emulator(preset: GraphPreset) -> EmulatorHandle {
    IdpEmulator::start(EmulatorConfig::with_graph_preset(preset)).await.unwrap()
}

type Waits = Arc<Mutex<Vec<Duration>>>;

/// Waits recorded, never spent. On the `decide_on`-th wait the user acts at the sign-in page
/// (through the emulator's control endpoint), so the client sees "pending" before that.
fn recording_sleeper(control: Option<(String, usize, &'static str)>) -> (Sleeper, Waits) {
    let waits: Waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let sleeper: Sleeper = Arc::new(move |d| {
        let count = {
            let mut list = seen.lock().unwrap();
            list.push(d);
            list.len()
        };
        let control = control.clone();
        Box::pin(async move {
            if let Some((base, on, decision)) = control {
                if count == on {
                    let answer = reqwest::Client::new()
                        .post(format!("{base}/__emulator/graph/device/approve"))
                        .json(&json!({ "decision": decision }))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(answer.status(), 204);
                }
            }
        })
    });
    (sleeper, waits)
}

fn options(sleeper: Sleeper) -> ClientOptions {
    ClientOptions { sleeper, ..ClientOptions::default() }
}

fn client(emulator: &EmulatorHandle, token: &str) -> EntraClient {
    let (sleeper, _) = recording_sleeper(None);
    EntraClient::new(&emulator.graph_base_url(), defaults::ENTRA_TENANT_DOMAIN, Secret::new(token), options(sleeper)).unwrap()
}

async fn sign_in(emulator: &EmulatorHandle, scopes: &str) -> Secret {
    let (sleeper, _) = recording_sleeper(Some((emulator.base_url(), 1, "approve")));
    let device = DeviceSignIn::new(&emulator.login_base_url(), defaults::ENTRA_TENANT_ID, defaults::ENTRA_CLIENT_ID, options(sleeper)).unwrap();
    let code = device.start(scopes).await.unwrap();
    device.wait_for_token(&code).await.unwrap().access_token
}

fn target() -> FlexTarget {
    common::target(JQ)
}

fn flex_application(emulator: &EmulatorHandle) -> Value {
    emulator.graph_apps().into_iter().find(|a| a.app_id() == defaults::ENTRA_FLEX_APP_ID).expect("the Flex app is served").application
}

fn requests(emulator: &EmulatorHandle, method: &str) -> Vec<(String, Option<Value>)> {
    emulator.requests().into_iter().filter(|r| r.method == method).map(|r| (r.path, r.body)).collect()
}

#[tokio::test]
async fn signed_in_the_legacy_app_is_found_flagged_changed_proven_and_switched_back() {
    // One object a page, so the listing takes two pages.
    let scenario = flex_sso_idp_emulator::GraphScenario { page_size: 1, ..GraphPreset::Legacy.scenario() };
    let emulator = IdpEmulator::start(EmulatorConfig { graph: scenario, ..EmulatorConfig::default() }).await.unwrap();
    let t = target();
    let original = flex_application(&emulator);
    let others_before: Vec<Value> = emulator.graph_apps().into_iter().filter(|a| a.app_id() != defaults::ENTRA_FLEX_APP_ID).map(|a| a.application).collect();

    let read_token = sign_in(&emulator, READ_SCOPES).await;
    assert_eq!(read_token.expose(), defaults::GRAPH_TOKEN_READ_ONLY, "the read scopes give a read-only token");
    let reader = EntraClient::new(&emulator.graph_base_url(), defaults::ENTRA_TENANT_DOMAIN, read_token, ClientOptions::default()).unwrap();
    let app = reader.find_app(&Search::Automatic, &t).await.unwrap();
    assert_eq!(app.app_id(), defaults::ENTRA_FLEX_APP_ID);
    let lists: Vec<String> = requests(&emulator, "GET").into_iter().map(|(p, _)| p).filter(|p| p.starts_with("/v1.0/servicePrincipals?")).collect();
    assert_eq!(lists.len(), 2, "the second page was followed: {lists:?}");
    assert!(lists[1].contains("skiptoken=1"), "{lists:?}");
    let comparison = compare(&app, &t);
    assert!(comparison.needs_change());
    assert_eq!(comparison.row("entity_id").unwrap().label, "Identifier (Entity ID)");

    let plan = plan_change(&app, &t);
    let snapshot = EntraClient::snapshot(&app, time::OffsetDateTime::now_utc());
    let refused = reader.apply(&plan).await.unwrap_err();
    assert_eq!(refused.code(), "idp_read_only", "{refused}");
    assert!(refused.to_string().contains("Application.ReadWrite.All"), "{refused}");

    let writer = EntraClient::new(&emulator.graph_base_url(), defaults::ENTRA_TENANT_DOMAIN, sign_in(&emulator, WRITE_SCOPES).await, ClientOptions::default()).unwrap();
    let applied = writer.apply(&plan).await.unwrap();
    assert!(!compare(&applied.app, &t).needs_change(), "the re-read proves it");
    let patches = requests(&emulator, "PATCH");
    assert_eq!(patches.len(), 2, "the refused PATCH and the one that worked, nothing more: {patches:?}");
    assert_eq!(patches[0], patches[1], "the same request both times");
    assert_eq!(patches[1].0, format!("/v1.0/applications/{}", defaults::ENTRA_FLEX_APPLICATION_ID));
    let body = patches[1].1.clone().unwrap();
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["identifierUris", "web"], "only the two properties");
    let stored = flex_application(&emulator);
    assert_eq!(stored["identifierUris"], json!([format!("urn:flex:{JQ}")]));
    assert_eq!(stored["web"]["redirectUris"], json!([t.acs_url]));
    assert_eq!(stored["web"]["implicitGrantSettings"], original["web"]["implicitGrantSettings"], "the rest of web as it was");
    let others_after: Vec<Value> = emulator.graph_apps().into_iter().filter(|a| a.app_id() != defaults::ENTRA_FLEX_APP_ID).map(|a| a.application).collect();
    assert_eq!(others_after, others_before, "no other app touched");
    let sp = emulator.graph_apps().into_iter().find(|a| a.app_id() == defaults::ENTRA_FLEX_APP_ID).unwrap().service_principal;
    assert_eq!(sp["replyUrls"], json!([t.acs_url]), "the service principal mirrors the application");

    let restore = plan_restore(&applied.app, &snapshot);
    writer.apply(&restore).await.unwrap();
    assert_eq!(flex_application(&emulator), original, "switched back exactly");
    let recorded = format!("{:?}", emulator.requests());
    for token in [defaults::GRAPH_TOKEN_READ_ONLY, defaults::GRAPH_TOKEN_READ_WRITE, "emulator-device-code"] {
        assert!(!recorded.contains(token), "the emulator never keeps {token}");
    }
}

#[tokio::test]
async fn a_change_made_in_entra_after_the_read_stops_the_write() {
    let emulator = emulator(GraphPreset::Legacy).await;
    let entra = client(&emulator, defaults::GRAPH_TOKEN_READ_WRITE);
    let app = entra.read_app(defaults::ENTRA_FLEX_APP_ID).await.unwrap();
    let plan = plan_change(&app, &target());
    emulator.change_entra_app_behind_the_clients_back(defaults::ENTRA_FLEX_APP_ID);
    let error = entra.apply(&plan).await.unwrap_err();
    assert_eq!(error.code(), "idp_changed_since_read", "{error}");
    assert!(requests(&emulator, "PATCH").is_empty(), "nothing was written");
}

#[tokio::test]
async fn apps_are_found_by_id_and_name_and_several_candidates_are_listed() {
    let emulator = emulator(GraphPreset::SeveralApps).await;
    let entra = client(&emulator, defaults::GRAPH_TOKEN_READ_ONLY);
    match entra.find_app(&Search::Automatic, &target()).await.unwrap_err() {
        IdpError::SeveralApps { candidates, .. } => assert_eq!(candidates.len(), 2, "{candidates:?}"),
        other => panic!("{other:?}"),
    }
    let by_sp_id = entra.find_app(&Search::Named(defaults::ENTRA_FLEX_SP_ID.to_uppercase()), &target()).await.unwrap();
    assert_eq!(by_sp_id.app_id(), defaults::ENTRA_FLEX_APP_ID);
    let by_name = entra.find_app(&Search::Named("twilio flex".into()), &target()).await.unwrap();
    assert_eq!(by_name.app_id(), defaults::ENTRA_FLEX_APP_ID, "the exact name wins over its longer namesake");
    assert_eq!(entra.find_app(&Search::Named("Flex reporting".into()), &target()).await.unwrap_err().code(), "idp_no_flex_app", "not a SAML app");
}

#[tokio::test]
async fn refusals_and_absences_have_their_codes() {
    let emulator = emulator(GraphPreset::Legacy).await;
    assert_eq!(client(&emulator, "not-a-token").find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_token_refused");
    let entra = client(&emulator, defaults::GRAPH_TOKEN_READ_WRITE);
    assert_eq!(entra.read_app("00000000-0000-4000-8000-000000000000").await.unwrap_err().code(), "idp_app_not_found");
    assert_eq!(entra.read_app("f1e1'); DROP").await.unwrap_err().code(), "idp_app_not_found");
    emulator.set_graph_preset(GraphPreset::NoFlexApp);
    assert_eq!(entra.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_no_flex_app");
    emulator.set_graph_preset(GraphPreset::Forbidden);
    assert_eq!(entra.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_no_permission");
    emulator.set_graph_preset(GraphPreset::Unauthorized);
    let expired = entra.find_app(&Search::Automatic, &target()).await.unwrap_err();
    assert_eq!(expired, IdpError::TokenRefused { idp: flex_sso_idp::IdpKind::Entra, idp_code: Some("InvalidAuthenticationToken".into()) });
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_graph_asks() {
    let emulator = emulator(GraphPreset::RateLimited).await;
    let (sleeper, waits) = recording_sleeper(None);
    let entra = EntraClient::new(&emulator.graph_base_url(), defaults::ENTRA_TENANT_ID, Secret::new(defaults::GRAPH_TOKEN_READ_ONLY), options(sleeper)).unwrap();
    entra.read_app(defaults::ENTRA_FLEX_APP_ID).await.unwrap();
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1), Duration::from_secs(1)], "Retry-After honoured twice");
}

#[tokio::test]
async fn signing_certificates_and_the_sign_in_log_are_read() {
    let emulator = emulator(GraphPreset::Legacy).await;
    let entra = client(&emulator, defaults::GRAPH_TOKEN_READ_ONLY);
    let app = entra.read_app(defaults::ENTRA_FLEX_APP_ID).await.unwrap();
    let certificates = entra.signing_certificates(&app).await.unwrap();
    assert_eq!(certificates.len(), 2, "{certificates:?}");
    assert!(certificates[0].signs_now && !certificates[1].signs_now);
    assert!(certificates[0].pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(certificates[0].sha256_fingerprint.len(), 95);

    let now = time::OffsetDateTime::now_utc();
    let lines = entra.sign_in_log(defaults::ENTRA_FLEX_APP_ID, None, now - time::Duration::hours(1), now + time::Duration::minutes(1)).await.unwrap();
    assert_eq!(lines.len(), 3, "only the Flex app's: {lines:?}");
    assert!(lines[0].when > lines[1].when, "newest first");
    let unassigned = lines.iter().find(|l| l.idp_says.starts_with("AADSTS50105")).expect("the user who is not assigned");
    assert!(unassigned.failed());
    assert!(unassigned.meaning.contains("not assigned"), "{}", unassigned.meaning);
    let agent = entra.sign_in_log(defaults::ENTRA_FLEX_APP_ID, Some("AGENT@flexemulator.example"), now - time::Duration::hours(1), now).await.unwrap();
    assert_eq!(agent.len(), 1);
    let recent = entra.sign_in_log(defaults::ENTRA_FLEX_APP_ID, None, now - time::Duration::minutes(8), now).await.unwrap();
    assert_eq!(recent.len(), 1, "createdDateTime ge is applied");

    emulator.set_graph_preset(GraphPreset::NoPremiumLicence);
    match entra.sign_in_log(defaults::ENTRA_FLEX_APP_ID, None, now - time::Duration::hours(1), now).await.unwrap_err() {
        error @ IdpError::NoPermission { action: Action::ReadLogs, .. } => {
            assert!(error.to_string().contains("P1 or P2"), "{error}");
            assert!(error.to_string().contains("Authentication_RequestFromNonPremiumTenantOrB2CTenant"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_device_sign_in_waits_as_told_and_ends_when_the_user_says_no() {
    let mut scenario = GraphPreset::Legacy.scenario();
    scenario.slow_down_first_poll = true;
    let emulator = IdpEmulator::start(EmulatorConfig { graph: scenario, ..EmulatorConfig::default() }).await.unwrap();
    let (sleeper, waits) = recording_sleeper(Some((emulator.base_url(), 3, "approve")));
    let device = DeviceSignIn::new(&emulator.login_base_url(), defaults::ENTRA_TENANT_DOMAIN, defaults::ENTRA_CLIENT_ID, options(sleeper)).unwrap();
    let code = device.start(WRITE_SCOPES).await.unwrap();
    assert_eq!((code.interval, code.expires_in), (5, 900));
    assert!(code.message.as_deref().unwrap().contains(&code.user_code));
    assert!(!format!("{code:?}").contains("emulator-device-code"), "the device code is not in Debug");
    let tokens = device.wait_for_token(&code).await.unwrap();
    assert_eq!(tokens.access_token.expose(), defaults::GRAPH_TOKEN_READ_WRITE);
    assert!(tokens.refresh_token.is_some());
    assert!(!format!("{tokens:?}").contains(defaults::GRAPH_TOKEN_READ_WRITE));
    // slow_down (5 s more), then pending, then approved during the third wait.
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(5), Duration::from_secs(10), Duration::from_secs(10)]);

    for (decision, why) in [("decline", SignInEnd::Declined), ("expire", SignInEnd::Expired)] {
        let (sleeper, _) = recording_sleeper(Some((emulator.base_url(), 2, decision)));
        let device = DeviceSignIn::new(&emulator.login_base_url(), defaults::ENTRA_TENANT_DOMAIN, defaults::ENTRA_CLIENT_ID, options(sleeper)).unwrap();
        let code = device.start(READ_SCOPES).await.unwrap();
        assert_eq!(device.wait_for_token(&code).await.unwrap_err(), IdpError::SignInEnded { idp: flex_sso_idp::IdpKind::Entra, why });
    }
    let (sleeper, _) = recording_sleeper(None);
    let stranger = DeviceSignIn::new(&emulator.login_base_url(), defaults::ENTRA_TENANT_DOMAIN, "00000000-0000-4000-8000-000000000001", options(sleeper)).unwrap();
    let refused = stranger.start(READ_SCOPES).await.unwrap_err();
    assert_eq!(refused, IdpError::UnexpectedAnswer { host: emulator.base_url().trim_start_matches("http://").to_owned(), status: 400, idp_code: Some("unauthorized_client".into()) });
}
