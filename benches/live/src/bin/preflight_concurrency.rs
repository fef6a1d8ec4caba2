//! `preflight_concurrency [RUNS]`: times the preflight against the Twilio emulator with 200 ms
//! added to every answer, and each of its three calls alone, in the same run; prints the
//! figures as JSON (`preflight_timing::Summary`).
//!
//! The preflight timed is `flex_sso_twilio::preflight`, the function the app's preflight screen
//! and its `preflight --json` command both call; this skips only the command's process start and
//! its reading of the environment. Each measurement gets a new client, as each run of the
//! command does, so connection set-up is in both the preflight and the single calls.

use std::time::{Duration, Instant};

use flex_sso_bench_live::preflight_timing::{summarize, Run};
use flex_sso_twilio::{preflight, Credentials, Endpoints, TwilioClient};
use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig, RequestCounts};

const ADDED_LATENCY_MS: u64 = 200;

fn client(base: &url::Url) -> TwilioClient {
    TwilioClient::new(Endpoints::all_at(base)).expect("the client builds")
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> (T, f64) {
    let start = Instant::now();
    let out = work.await;
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::args().nth(1).map_or(7, |n| n.parse().expect("RUNS is a number"));
    let config = EmulatorConfig { added_latency: Duration::from_millis(ADDED_LATENCY_MS), ..EmulatorConfig::default() };
    let emulator = Emulator::start(config).await.expect("the emulator starts");
    let base = url::Url::parse(emulator.base_url()).expect("the emulator's URL");
    let credentials = Credentials::from_lookup(|name| match name {
        "TWILIO_ACCOUNT_SID" => Some(defaults::ACCOUNT_SID.to_owned()),
        "TWILIO_AUTH_TOKEN" => Some(defaults::AUTH_TOKEN.to_owned()),
        _ => None,
    })
    .expect("the emulator's credentials");

    let mut measured = Vec::with_capacity(runs);
    for _ in 0..runs {
        emulator.reset_counts();
        let (report, preflight_ms) = timed(preflight(&client(&base), &credentials)).await;
        // The full success path, one request per endpoint (no retry in the time).
        assert!(report.ok, "the eligible preset passes: {:?}", report.problems);
        assert_eq!(emulator.request_counts(), RequestCounts { configuration: 1, account: 1, sso_config: 1 });
        let (configuration, configuration_ms) = timed(client(&base).fetch_flex_configuration(&credentials)).await;
        let (account, account_ms) = timed(client(&base).fetch_account(&credentials)).await;
        let (connections, sso_connections_ms) = timed(client(&base).fetch_sso_connections(&credentials.account_sid)).await;
        assert!(configuration.is_ok() && account.is_ok() && connections.is_ok(), "each call alone succeeds");
        measured.push(Run { preflight_ms, configuration_ms, account_ms, sso_connections_ms });
    }
    emulator.shutdown().await;
    let summary = summarize(ADDED_LATENCY_MS, measured);
    println!("{}", serde_json::to_string_pretty(&summary).expect("JSON"));
}
