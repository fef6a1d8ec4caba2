//! The client and the preflight check against the emulator, over real HTTP on loopback: every
//! scenario, with the user-facing code and message, retries counted on the server side.

mod support;

use std::sync::Arc;
use std::time::Duration;

use flex_sso_model::ui_version::Eligibility;
use flex_sso_twilio::preflight::{AccountDetails, SsoState};
use flex_sso_twilio::{preflight, ClientOptions, Endpoints, TwilioClient, TwilioError, USER_AGENT};
use flex_sso_twilio_emulator::{defaults, Fault, Preset, RequestCounts};
use support::*;
use url::Url;

fn codes(report: &flex_sso_twilio::PreflightReport) -> Vec<&str> {
    report.problems.iter().map(|p| p.code.as_str()).collect()
}

fn counts(n: u32) -> RequestCounts {
    RequestCounts { configuration: n, account: n, sso_config: n }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_gives_the_expected_verdict() {
    struct Case {
        preset: Preset,
        problems: &'static [&'static str],
        eligible: Eligibility,
        state: SsoState,
        accepted: Option<bool>,
        requests: u32,
        waits: usize,
    }
    let cases = [
        Case { preset: Preset::Eligible, problems: &[], eligible: Eligibility::Eligible, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::NotEligible, problems: &["flex_ui_not_eligible"], eligible: Eligibility::NotEligible, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::UiVersionRange, problems: &[], eligible: Eligibility::Eligible, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::WrongCredentials, problems: &["wrong_credentials"], eligible: Eligibility::Unknown, state: SsoState::LegacyOnly, accepted: Some(false), requests: 1, waits: 0 },
        Case { preset: Preset::AccountSuspended, problems: &["account_suspended"], eligible: Eligibility::Unknown, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::AccountClosed, problems: &["account_closed"], eligible: Eligibility::Unknown, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::FlexNotSetUp, problems: &["flex_not_set_up"], eligible: Eligibility::Unknown, state: SsoState::LegacyOnly, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::RateLimited, problems: &["rate_limited"], eligible: Eligibility::Unknown, state: SsoState::Unknown, accepted: None, requests: 3, waits: 6 },
        Case { preset: Preset::Intermittent500, problems: &[], eligible: Eligibility::Eligible, state: SsoState::LegacyOnly, accepted: Some(true), requests: 3, waits: 6 },
        Case { preset: Preset::SsoNewSaved, problems: &[], eligible: Eligibility::Eligible, state: SsoState::NewExists, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::SsoNewSavedAsObject, problems: &[], eligible: Eligibility::Eligible, state: SsoState::NewExists, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::SsoNewSavedReportedInactive, problems: &[], eligible: Eligibility::Eligible, state: SsoState::NewSavedLegacyActive, accepted: Some(true), requests: 1, waits: 0 },
        Case { preset: Preset::SsoNewActive, problems: &[], eligible: Eligibility::Eligible, state: SsoState::NewActive, accepted: Some(true), requests: 1, waits: 0 },
    ];
    let emulator = start(Preset::Eligible).await;
    let credentials = token_credentials(defaults::AUTH_TOKEN);
    for case in cases {
        emulator.set_preset(case.preset);
        let (options, waits) = recording_options(Duration::from_secs(5), 3);
        let client = client_at(emulator.base_url(), options);
        let report = preflight(&client, &credentials).await;
        let name = case.preset.name();
        assert_eq!(codes(&report), case.problems, "{name}");
        assert_eq!(report.flex.eligible, case.eligible, "{name}");
        assert_eq!(report.sso.state, case.state, "{name}");
        assert_eq!(report.account.credentials_accepted, case.accepted, "{name}");
        assert_eq!(report.ok, case.problems.is_empty() && case.eligible == Eligibility::Eligible, "{name}");
        assert_eq!(emulator.request_counts(), counts(case.requests), "{name}");
        assert_eq!(waits.lock().unwrap().len(), case.waits, "{name}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_eligible_account_is_reported_in_full() {
    let emulator = start(Preset::SsoNewSaved).await;
    let (options, _) = recording_options(Duration::from_secs(5), 3);
    let report = preflight(&client_at(emulator.base_url(), options), &token_credentials(defaults::AUTH_TOKEN)).await;
    assert!(report.ok);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.account.friendly_name.as_deref(), Some("Owl Contact Center"));
    assert_eq!(report.account.details, AccountDetails::Read);
    assert_eq!(report.flex.ui_version.as_deref(), Some("2.8.3"));
    assert_eq!(report.flex.login_url.as_deref(), Some("https://flex.twilio.com/dancing-owl-1234"));
    assert_eq!(report.sso.connections.len(), 1);
    assert_eq!(report.sso.connections[0].connection_name, flex_sso_twilio_emulator::payloads::sibling_sid(defaults::ACCOUNT_SID, "JQ"));
    assert_eq!(report.sso.connections[0].active, None, "the emulator sends only the confirmed fields");
    assert_eq!(emulator.last_user_agent().as_deref(), Some(USER_AGENT));
    assert_eq!(USER_AGENT, concat!("flex-sso-migrator/", env!("CARGO_PKG_VERSION")));
    emulator.shutdown().await;
}

#[tokio::test]
async fn messages_are_the_ones_the_admin_reads() {
    let emulator = start(Preset::WrongCredentials).await;
    let (options, _) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    let report = preflight(&client, &token_credentials(defaults::AUTH_TOKEN)).await;
    assert_eq!(report.problems[0].message, "Twilio did not accept the Account SID and Auth Token.");
    assert_eq!(report.problems[0].fix, "Copy the Account SID and Auth Token again from the Twilio Console (Account > API keys & tokens) and enter them in this app again (Enter new credentials).");

    emulator.set_preset(Preset::Eligible);
    let error = client.fetch_flex_configuration(&api_key_credentials("not-the-secret")).await.unwrap_err();
    assert_eq!(error.to_string(), "Twilio did not accept the API key and secret for this Account SID. Copy the API key SID and its secret again (Twilio shows a key's secret only once, when the key is created; if you no longer have it, create a new API key in the Twilio Console under Account > API keys & tokens) and enter them in this app again (Enter new credentials).");

    emulator.set_preset(Preset::FlexNotSetUp);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error, TwilioError::FlexNotSetUp);

    emulator.set_preset(Preset::RateLimited);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.to_string(), "Twilio is limiting how fast this account may call it and asked to wait 1 second. Wait a minute, then run the check again.");
    emulator.shutdown().await;
}

#[tokio::test]
async fn api_keys_that_cannot_read_the_account_are_not_a_problem() {
    let emulator = start(Preset::ApiKeyWithoutAccountAccess).await;
    let (options, _) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    let report = preflight(&client, &api_key_credentials(defaults::API_KEY_SECRET)).await;
    assert_eq!(codes(&report), Vec::<&str>::new());
    assert!(report.ok);
    assert_eq!(report.account.details, AccountDetails::NotAvailableWithApiKey);
    assert_eq!(report.account.friendly_name, None);
    assert_eq!(report.account.note, "Account name, status and type are not available with an API key. This is normal and does not affect the migration.");

    // A Main key may read it.
    emulator.set_preset(Preset::Eligible);
    let report = preflight(&client, &api_key_credentials(defaults::API_KEY_SECRET)).await;
    assert_eq!(report.account.details, AccountDetails::Read);

    // A wrong key secret is still caught, by the Configuration call.
    let report = preflight(&client, &api_key_credentials("wrong")).await;
    assert_eq!(codes(&report), vec!["wrong_credentials"]);
    assert_eq!(report.account.credentials_accepted, Some(false));
    emulator.shutdown().await;
}

#[tokio::test]
async fn retry_after_is_honoured_and_recovery_is_quiet() {
    let emulator = start(Preset::Eligible).await;
    let mut scenario = Preset::Eligible.scenario();
    scenario.fault = Fault::RateLimited { retry_after_seconds: 4, times: Some(1) };
    emulator.set_scenario(scenario);
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let report = preflight(&client_at(emulator.base_url(), options), &token_credentials(defaults::AUTH_TOKEN)).await;
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(4); 3]);
    assert_eq!(emulator.request_counts(), counts(2));
    emulator.shutdown().await;
}

#[tokio::test]
async fn server_errors_back_off_exponentially_then_give_up() {
    let emulator = start(Preset::Eligible).await;
    let mut scenario = Preset::Eligible.scenario();
    scenario.fault = Fault::ServerError { status: 503, failures: 10 };
    emulator.set_scenario(scenario);
    let (options, waits) = recording_options(Duration::from_secs(5), 4);
    let client = client_at(emulator.base_url(), options);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.code(), "twilio_unavailable");
    assert_eq!(error.message(), format!("Twilio ({}) is having trouble right now (HTTP 503).", &emulator.base_url()[7..]));
    assert_eq!(emulator.request_counts().configuration, 4);
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 3);
    // Base 500 ms doubling, each wait jittered into [d/2, d].
    for (wait, full) in waits.iter().zip([500u64, 1000, 2000]) {
        let ms = wait.as_millis() as u64;
        assert!(ms >= full / 2 && ms <= full, "{ms} not within [{}, {full}]", full / 2);
    }
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_twilio_times_out_after_a_few_attempts() {
    let emulator = start(Preset::Eligible).await;
    let mut scenario = Preset::Eligible.scenario();
    scenario.fault = Fault::Slow { delay_ms: 1500 };
    emulator.set_scenario(scenario);
    let (options, waits) = recording_options(Duration::from_millis(200), 2);
    let report = preflight(&client_at(emulator.base_url(), options), &token_credentials(defaults::AUTH_TOKEN)).await;
    assert_eq!(codes(&report), vec!["timeout"]);
    assert_eq!(report.problems[0].message, format!("{} did not answer within 1 second.", &emulator.base_url()[7..]));
    assert_eq!(emulator.request_counts(), counts(2));
    assert_eq!(waits.lock().unwrap().len(), 3);
    emulator.shutdown().await;
}

#[tokio::test]
async fn no_network_dns_and_tls_failures_are_told_apart() {
    let (options, waits) = recording_options(Duration::from_secs(5), 3);

    let offline = client_at(&format!("http://127.0.0.1:{}", closed_port()), options.clone());
    let error = offline.fetch_flex_configuration(&token_credentials("t")).await.unwrap_err();
    assert_eq!(error.code(), "offline", "{error}");
    assert!(error.to_string().starts_with("Could not connect to 127.0.0.1:"), "{error}");

    struct NoDns;
    impl reqwest::dns::Resolve for NoDns {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async { Err(Box::new(std::io::Error::other("failed to lookup address information")) as _) })
        }
    }
    let dns_options = ClientOptions { resolver: Some(Arc::new(NoDns)), ..options.clone() };
    let base = Url::parse("https://flex-api.example.invalid").unwrap();
    let client = TwilioClient::with_options(Endpoints::all_at(&base), dns_options).unwrap();
    let error = client.fetch_flex_configuration(&token_credentials("t")).await.unwrap_err();
    assert_eq!(error.code(), "dns_failure", "{error}");
    assert_eq!(error.message(), "Could not find flex-api.example.invalid: the name lookup failed.");

    // TLS spoken to a plain-HTTP server fails the handshake.
    let emulator = start(Preset::Eligible).await;
    let tls = client_at(&format!("https://{}", emulator.addr()), options);
    let error = tls.fetch_flex_configuration(&token_credentials("t")).await.unwrap_err();
    assert_eq!(error.code(), "tls_failure", "{error}");

    assert!(waits.lock().unwrap().is_empty(), "none of these is retried");
    emulator.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_are_not_retried() {
    let emulator = start(Preset::WrongCredentials).await;
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    let _ = preflight(&client, &token_credentials(defaults::AUTH_TOKEN)).await;
    assert_eq!(emulator.request_counts(), counts(1));
    assert!(waits.lock().unwrap().is_empty());
    emulator.shutdown().await;
}
