//! Resets and stalls switched on and off through the control endpoint, as the practice sandbox
//! and other processes do it: the Twilio endpoints are faulted, the control endpoints never are
//! (or a fault could never be switched off again), and every faulted request is counted.

use std::time::Duration;

use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig};
use serde_json::{json, Value};

async fn control(client: &reqwest::Client, base: &str, body: Value) {
    let answer = client.post(format!("{base}/__emulator/scenario")).json(&body).send().await.expect("the control endpoint answers");
    assert!(answer.status().is_success(), "{}", answer.status());
}

async fn counts(client: &reqwest::Client, base: &str) -> Value {
    client.get(format!("{base}/__emulator/requests")).send().await.expect("counts").json().await.unwrap()
}

async fn configuration(client: &reqwest::Client, base: &str) -> Result<reqwest::Response, reqwest::Error> {
    client.get(format!("{base}/v1/Configuration")).basic_auth(defaults::ACCOUNT_SID, Some(defaults::AUTH_TOKEN)).send().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resets_and_stalls_are_switched_over_http_and_only_hit_the_twilio_endpoints() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let base = emulator.base_url().to_owned();
    // No connection reuse, so each request meets the listener afresh.
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).timeout(Duration::from_millis(500)).build().unwrap();

    control(&client, &base, json!({ "scenario": { "fault": { "kind": "reset_connection", "times": null } } })).await;
    for _ in 0..2 {
        let error = configuration(&client, &base).await.expect_err("reset");
        assert!(!error.is_timeout() && error.status().is_none(), "no answer at all: {error:?}");
    }
    assert_eq!(counts(&client, &base).await["configuration"], 2, "the control endpoint still answers, and counted both");

    control(&client, &base, json!({ "scenario": { "fault": { "kind": "stall", "times": 1 } } })).await;
    // The head arrives, then the body never completes.
    let stalled = configuration(&client, &base).await.expect("the status line and headers arrive");
    assert_eq!(stalled.status(), 200);
    let error = stalled.bytes().await.expect_err("the body stalls");
    assert!(error.is_timeout(), "{error:?}");
    let after = configuration(&client, &base).await.expect("the second request is served");
    assert_eq!(after.status(), 200);
    assert_eq!(counts(&client, &base).await["configuration"], 2);

    control(&client, &base, json!({ "preset": "eligible" })).await;
    assert_eq!(configuration(&client, &base).await.unwrap().status(), 200);
    emulator.shutdown().await;
}
