//! The client against a misbehaving network, over real sockets on loopback: connections reset by
//! the emulator, an answer that stalls half way, a storm of 429s with `Retry-After`, a
//! certificate nothing trusts, a name DNS does not know. Each ends in its own code and message;
//! retries happen only where a GET may simply be asked again, a bounded number of times, and
//! every wait is recorded (not spent) by the test's sleeper.

mod support;

use std::time::Duration;

use flex_sso_twilio::{Endpoints, TwilioClient};
use flex_sso_twilio_emulator::{defaults, Fault, Preset};
use support::*;
use url::Url;

fn with_fault(fault: Fault) -> flex_sso_twilio_emulator::Scenario {
    flex_sso_twilio_emulator::Scenario { fault, ..Preset::Eligible.scenario() }
}

/// Waits of the default exponential backoff (500 ms doubling), each jittered into [d/2, d].
fn assert_backoff(waits: &[Duration]) {
    for (wait, full) in waits.iter().zip([500u64, 1000, 2000, 4000]) {
        let ms = wait.as_millis() as u64;
        assert!(ms >= full / 2 && ms <= full, "{ms} ms not within [{}, {full}]", full / 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_connections_are_asked_again_a_bounded_number_of_times_then_said_so() {
    let emulator = start(Preset::Eligible).await;
    emulator.set_scenario(with_fault(Fault::ResetConnection { times: None }));
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    let host = &emulator.base_url()["http://".len()..];
    assert_eq!(error.code(), "connection_cut", "{error}");
    assert_eq!(error.message(), format!("The connection to {host} was cut off before an answer arrived."));
    assert_eq!(error.fix(), "Try again. If it keeps happening, a proxy, firewall or VPN on this network may be closing connections to Twilio.");
    assert_eq!(emulator.request_counts().configuration, 3, "three attempts, each one reaching the server");
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 2);
    assert_backoff(&waits);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_that_passes_is_recovered_from_quietly() {
    let emulator = start(Preset::Eligible).await;
    emulator.set_scenario(with_fault(Fault::ResetConnection { times: Some(2) }));
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    let configuration = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.expect("third attempt answers");
    assert_eq!(configuration.ui_version.as_deref(), Some("2.8.3"));
    assert_eq!(emulator.request_counts().configuration, 3);
    assert_eq!(waits.lock().unwrap().len(), 2);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_stalls_half_way_runs_into_the_timeout() {
    let emulator = start(Preset::Eligible).await;
    emulator.set_scenario(with_fault(Fault::Stall { times: None }));
    let (options, waits) = recording_options(Duration::from_millis(300), 2);
    let client = client_at(emulator.base_url(), options);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    let host = &emulator.base_url()["http://".len()..];
    assert_eq!(error.code(), "timeout", "{error}");
    assert_eq!(error.message(), format!("{host} did not answer within 1 second."));
    assert_eq!(emulator.request_counts().configuration, 2);
    assert_eq!(waits.lock().unwrap().len(), 1);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_is_waited_out_as_twilio_asks_then_reported() {
    let emulator = start(Preset::Eligible).await;
    emulator.set_scenario(with_fault(Fault::RateLimited { retry_after_seconds: 2, times: None }));
    let (options, waits) = recording_options(Duration::from_secs(5), 4);
    let client = client_at(emulator.base_url(), options.clone());
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.code(), "rate_limited");
    assert_eq!(error.message(), "Twilio is limiting how fast this account may call it and asked to wait 2 seconds.");
    assert_eq!(emulator.request_counts().configuration, 4, "max_attempts bounds the storm");
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(2); 3], "Retry-After, not the backoff");

    // A wait longer than the client will sit through is not waited for: the admin hears at once.
    emulator.set_scenario(with_fault(Fault::RateLimited { retry_after_seconds: 120, times: None }));
    waits.lock().unwrap().clear();
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.message(), "Twilio is limiting how fast this account may call it and asked to wait 120 seconds.");
    assert_eq!(emulator.request_counts().configuration, 1);
    assert!(waits.lock().unwrap().is_empty());
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_then_recovery_and_a_client_error_is_never_retried() {
    let emulator = start(Preset::Eligible).await;
    emulator.set_scenario(with_fault(Fault::ServerError { status: 502, failures: 2 }));
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(emulator.base_url(), options);
    client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.expect("the third attempt answers");
    assert_eq!(emulator.request_counts().configuration, 3);
    assert_backoff(&waits.lock().unwrap());

    emulator.set_preset(Preset::WrongCredentials);
    waits.lock().unwrap().clear();
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.code(), "wrong_credentials");
    assert_eq!(emulator.request_counts().configuration, 1);
    assert!(waits.lock().unwrap().is_empty());
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_nobody_trusts_stops_before_the_credentials_go() {
    let server = support::untrusted_tls::UntrustedHttps::start();
    let (options, waits) = recording_options(Duration::from_secs(5), 3);
    let client = client_at(&format!("https://localhost:{}", server.port), options);
    let error = client.fetch_flex_configuration(&token_credentials(defaults::AUTH_TOKEN)).await.unwrap_err();
    assert_eq!(error.code(), "tls_certificate_untrusted", "{error}");
    assert_eq!(
        error.message(),
        format!("The server at localhost:{} showed a certificate this computer does not trust, so the app stopped before sending your credentials.", server.port)
    );
    assert!(waits.lock().unwrap().is_empty(), "a certificate does not get better by asking again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_dns_does_not_know_is_a_lookup_failure() {
    // The system's own resolver: `.invalid` never resolves (RFC 6761).
    let (options, waits) = recording_options(Duration::from_secs(10), 3);
    let base = Url::parse("https://flex-api.no-such-twilio.invalid").unwrap();
    let client = TwilioClient::with_options(Endpoints::all_at(&base), options).unwrap();
    let error = client.fetch_flex_configuration(&token_credentials("t")).await.unwrap_err();
    assert_eq!(error.code(), "dns_failure", "{error}");
    assert_eq!(error.message(), "Could not find flex-api.no-such-twilio.invalid: the name lookup failed.");
    assert!(waits.lock().unwrap().is_empty());
}
