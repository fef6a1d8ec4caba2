//! The Auth0 client against the Auth0 emulator (held to Auth0's API description by its contract
//! test): find, compare, apply with compare-then-write and a re-read, switch back, refusals,
//! signing keys, the tenant log.

mod common;

use std::time::Duration;

use flex_sso_idp::auth0::{compare, plan_change, plan_restore, Auth0Client, Search};
use flex_sso_idp::{ClientOptions, FlexTarget, IdpError, Verdict};
use flex_sso_idp_emulator::auth0::fixtures::clients as fixture_clients;
use flex_sso_idp_emulator::{defaults, Auth0Preset, Auth0Scenario, EmulatorConfig, EmulatorHandle, IdpEmulator};
use flex_sso_secrets::Secret;
use serde_json::{json, Value};

const JQ: &str = defaults::CONNECTION_SID;

async fn emulator(preset: Auth0Preset) -> EmulatorHandle {
    IdpEmulator::start(EmulatorConfig::with_auth0_preset(preset)).await.unwrap()
}

fn client(emulator: &EmulatorHandle, token: &str) -> Auth0Client {
    let (sleeper, _) = common::recording_sleeper();
    Auth0Client::new(&emulator.auth0_base_url(), Secret::new(token), ClientOptions { sleeper, ..ClientOptions::default() }).unwrap()
}

fn target() -> FlexTarget {
    common::target(JQ)
}

fn flex_client(emulator: &EmulatorHandle) -> Value {
    emulator.auth0_clients().into_iter().find(|c| c["client_id"] == defaults::AUTH0_FLEX_CLIENT_ID).expect("the Flex client is served")
}

fn writes(emulator: &EmulatorHandle) -> Vec<(String, Option<Value>)> {
    emulator.requests().into_iter().filter(|r| r.method != "GET").map(|r| (format!("{} {}", r.method, r.path), r.body)).collect()
}

#[tokio::test]
async fn the_legacy_client_is_found_flagged_changed_proven_and_switched_back() {
    let emulator = emulator(Auth0Preset::Legacy).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    let original = flex_client(&emulator);
    let others_before: Vec<Value> = emulator.auth0_clients().into_iter().filter(|c| c["client_id"] != defaults::AUTH0_FLEX_CLIENT_ID).collect();

    let app = auth0.find_app(&Search::Automatic, &target()).await.unwrap();
    assert_eq!(app.id(), defaults::AUTH0_FLEX_CLIENT_ID);
    assert!(app.raw().get("client_secret").is_none() && app.raw().get("signing_keys").is_none(), "only the fields asked for");
    let comparison = compare(&app, &target());
    assert!(comparison.needs_change());
    assert_eq!(comparison.row("entity_id").unwrap().note, "This is the legacy Entity ID. Change audience setting to the value shown.");

    let snapshot = Auth0Client::snapshot(&app, time::OffsetDateTime::now_utc());
    let plan = plan_change(&app, &target());
    let applied = auth0.apply(&plan).await.unwrap();
    assert!(!compare(&applied.app, &target()).needs_change(), "the re-read proves it");
    let sent = writes(&emulator);
    assert_eq!(sent.len(), 1, "one PATCH: {sent:?}");
    assert_eq!(sent[0].0, format!("PATCH /api/v2/clients/{}", defaults::AUTH0_FLEX_CLIENT_ID));
    assert_eq!(sent[0].1.as_ref(), Some(&plan.request.body), "the body the preview showed");

    let stored = flex_client(&emulator);
    assert_eq!(stored["addons"]["samlp"]["audience"], format!("urn:flex:{JQ}"));
    assert_eq!(stored["callbacks"][0], target().acs_url);
    assert_eq!(stored["callbacks"][1], fixture_clients::WALLBOARD_CALLBACK, "the other callback kept in place");
    assert_eq!(stored["signing_keys"], original["signing_keys"], "what was not sent is untouched");
    let mut unchanged_samlp = original["addons"]["samlp"].clone();
    unchanged_samlp["audience"] = stored["addons"]["samlp"]["audience"].clone();
    unchanged_samlp["recipient"] = stored["addons"]["samlp"]["recipient"].clone();
    assert_eq!(stored["addons"]["samlp"], unchanged_samlp, "only the Flex values of the add-on changed");
    let others_after: Vec<Value> = emulator.auth0_clients().into_iter().filter(|c| c["client_id"] != defaults::AUTH0_FLEX_CLIENT_ID).collect();
    assert_eq!(others_after, others_before, "no other client touched");

    let restore = plan_restore(&applied.app, &snapshot);
    auth0.apply(&restore).await.unwrap();
    assert_eq!(flex_client(&emulator), original, "switched back exactly");
}

#[tokio::test]
async fn the_half_done_edit_moves_the_new_acs_url_first() {
    let emulator = emulator(Auth0Preset::PartlyMigrated).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    let app = auth0.find_app(&Search::Named("twilio flex".into()), &target()).await.unwrap();
    let comparison = compare(&app, &target());
    assert_eq!(comparison.row("entity_id").unwrap().verdict, Verdict::Matches);
    assert!(comparison.row("acs_url").unwrap().note.contains("but not first"));
    let plan = plan_change(&app, &target());
    assert_eq!(plan.request.body["callbacks"], json!([target().acs_url, fixture_clients::WALLBOARD_CALLBACK]));
    auth0.apply(&plan).await.unwrap();
    assert!(!compare(&auth0.read_app(defaults::AUTH0_FLEX_CLIENT_ID).await.unwrap(), &target()).needs_change());
}

#[tokio::test]
async fn a_change_made_in_auth0_after_the_read_stops_the_write() {
    let emulator = emulator(Auth0Preset::Legacy).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    let app = auth0.read_app(defaults::AUTH0_FLEX_CLIENT_ID).await.unwrap();
    let plan = plan_change(&app, &target());
    emulator.change_auth0_client_behind_the_clients_back(defaults::AUTH0_FLEX_CLIENT_ID);
    let error = auth0.apply(&plan).await.unwrap_err();
    assert_eq!(error.code(), "idp_changed_since_read", "{error}");
    assert!(writes(&emulator).is_empty(), "nothing was written");
}

#[tokio::test]
async fn a_read_only_token_reads_but_cannot_change() {
    let emulator = emulator(Auth0Preset::Legacy).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_ONLY);
    let app = auth0.find_app(&Search::Named(defaults::AUTH0_FLEX_CLIENT_ID.into()), &target()).await.unwrap();
    let error = auth0.apply(&plan_change(&app, &target())).await.unwrap_err();
    assert_eq!(error.code(), "idp_read_only");
    assert!(error.to_string().contains("update:clients"), "{error}");
    assert!(error.to_string().contains("(insufficient_scope)"), "{error}");
    assert_eq!(flex_client(&emulator)["addons"]["samlp"], app.raw()["addons"]["samlp"]);
}

#[tokio::test]
async fn several_candidates_are_listed_and_none_is_said() {
    let emulator = emulator(Auth0Preset::SeveralClients).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    match auth0.find_app(&Search::Automatic, &target()).await.unwrap_err() {
        IdpError::SeveralApps { candidates, .. } => {
            let names: Vec<&str> = candidates.iter().map(|c| c.label.as_str()).collect();
            assert_eq!(names, ["Twilio Flex", "Twilio Flex (test)"]);
        }
        other => panic!("{other:?}"),
    }
    let exact = auth0.find_app(&Search::Named("Twilio Flex".into()), &target()).await.unwrap();
    assert_eq!(exact.id(), defaults::AUTH0_FLEX_CLIENT_ID, "an exact name wins over a longer one");
    emulator.set_auth0_preset(Auth0Preset::NoFlexClient);
    assert_eq!(auth0.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_no_flex_app");
}

#[tokio::test]
async fn clients_beyond_the_first_page_are_found() {
    let mut scenario = Auth0Scenario { clients: Vec::new(), ..Auth0Preset::Legacy.scenario() };
    for n in 0..150 {
        let mut other = fixture_clients::default_app();
        other["client_id"] = json!(format!("Other{n:0>27}"));
        other["name"] = json!(format!("Other app {n}"));
        other["addons"] = json!({"samlp": {"audience": format!("urn:other:{n}")}});
        scenario.clients.push(other);
    }
    scenario.clients.push(fixture_clients::flex(&fixture_clients::FlexValues::legacy(defaults::ACCOUNT_SID)));
    let emulator = IdpEmulator::start(EmulatorConfig { auth0: scenario, ..EmulatorConfig::default() }).await.unwrap();
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    assert_eq!(auth0.find_app(&Search::Automatic, &target()).await.unwrap().id(), defaults::AUTH0_FLEX_CLIENT_ID);
    let pages: Vec<String> = emulator.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[1].contains("page=1") && pages[1].contains("per_page=100"), "{pages:?}");
}

#[tokio::test]
async fn refusals_and_absences_have_their_codes() {
    let emulator = emulator(Auth0Preset::Legacy).await;
    let wrong = client(&emulator, "not-a-token");
    assert_eq!(wrong.find_app(&Search::Automatic, &target()).await.unwrap_err().code(), "idp_token_refused");
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_WRITE);
    assert_eq!(auth0.read_app("NoSuchClient0000000000000000000x").await.unwrap_err().code(), "idp_app_not_found");
    emulator.set_auth0_preset(Auth0Preset::Forbidden);
    let forbidden = auth0.find_app(&Search::Automatic, &target()).await.unwrap_err();
    assert_eq!(forbidden.code(), "idp_no_permission");
    assert!(forbidden.to_string().contains("read:clients"), "{forbidden}");
    emulator.set_auth0_preset(Auth0Preset::Unauthorized);
    assert_eq!(auth0.signing_certificates().await.unwrap_err().code(), "idp_token_refused");
    let recorded = emulator.requests();
    assert!(recorded.iter().all(|r| r.auth_scheme.as_deref() == Some("Bearer")));
    assert!(recorded.iter().all(|r| !format!("{r:?}").contains(defaults::AUTH0_TOKEN_READ_WRITE)), "the emulator never keeps the token");
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_auth0_asks() {
    let emulator = emulator(Auth0Preset::RateLimited).await;
    let (sleeper, waits) = common::recording_sleeper();
    let auth0 = Auth0Client::new(&emulator.auth0_base_url(), Secret::new(defaults::AUTH0_TOKEN_READ_WRITE), ClientOptions { sleeper, ..ClientOptions::default() }).unwrap();
    auth0.read_app(defaults::AUTH0_FLEX_CLIENT_ID).await.unwrap();
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1), Duration::from_secs(1)], "Retry-After honoured twice");
}

#[tokio::test]
async fn signing_certificates_and_the_tenant_log_are_read() {
    let emulator = emulator(Auth0Preset::Legacy).await;
    let auth0 = client(&emulator, defaults::AUTH0_TOKEN_READ_ONLY);
    let certificates = auth0.signing_certificates().await.unwrap();
    assert_eq!(certificates.len(), 3, "previous, current, next");
    assert!(certificates[0].signs_now && certificates.iter().filter(|c| c.signs_now).count() == 1);
    assert!(certificates[1].not_after > certificates[2].not_after, "the next one before the previous one");
    assert!(certificates[0].pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(certificates[0].subject.contains("dev-flexsso.us.auth0.com"), "{}", certificates[0].subject);

    let now = time::OffsetDateTime::now_utc();
    let since = now - time::Duration::hours(2);
    let until = now + time::Duration::minutes(1);
    let lines = auth0.sign_in_log(defaults::AUTH0_FLEX_CLIENT_ID, None, since, until).await.unwrap();
    let kinds: Vec<&str> = lines.iter().map(|l| l.event.as_str()).collect();
    assert_eq!(kinds, ["f", "fp", "s"], "newest first, the Flex client's only");
    let failed = &lines[0];
    assert!(failed.failed() && failed.user.as_deref() == Some("agent@example.com"));
    assert!(failed.meaning.contains("Allowed Callback URLs"), "{}", failed.meaning);
    let agent = auth0.sign_in_log(defaults::AUTH0_FLEX_CLIENT_ID, Some("agent@example.com"), since, until).await.unwrap();
    assert_eq!(agent.len(), 2);
    let later = auth0.sign_in_log(defaults::AUTH0_FLEX_CLIENT_ID, None, now - time::Duration::minutes(22), until).await.unwrap();
    assert_eq!(later.len(), 1, "the window holds");
    let query = emulator.requests().into_iter().rfind(|r| r.path.starts_with("/api/v2/logs")).unwrap().path;
    assert!(query.contains("q=") && query.contains("sort=date%3A-1"), "{query}");
}
