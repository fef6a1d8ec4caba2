//! No secret ever leaves through an error, a Debug string or the serialized report: a full
//! preflight runs with known secrets through every scenario and every transport failure, and
//! each string the app could show or log is searched for them (also in Basic-auth encoding).
//! The emulator's Account answer carries the Auth Token in its body, as Twilio's does.

mod support;

use std::time::Duration;

use base64::Engine;
use flex_sso_twilio::{preflight, Credentials, TwilioClient};
use flex_sso_twilio_emulator::{defaults, ApiKeyCredential, Emulator, EmulatorConfig, Fault, Preset};
use support::*;

const TOKEN: &str = "leak-canary-auth-token-5f3a9c";
const KEY_SECRET: &str = "leak-canary-key-secret-b81e07";
const WRONG: &str = "leak-canary-wrong-secret-22d4";

fn forbidden() -> Vec<String> {
    let mut needles: Vec<String> = [TOKEN, KEY_SECRET, WRONG].iter().map(|s| s.to_string()).collect();
    for (user, secret) in [
        (defaults::ACCOUNT_SID, TOKEN),
        (defaults::API_KEY_SID, KEY_SECRET),
        (defaults::ACCOUNT_SID, WRONG),
        (defaults::API_KEY_SID, WRONG),
    ] {
        needles.push(base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}")));
    }
    needles
}

fn assert_clean(label: &str, text: &str) {
    for needle in forbidden() {
        assert!(!text.contains(&needle), "{label} leaks a secret: {text}");
    }
}

/// Everything observable from one client and one set of credentials.
async fn exercise(label: &str, client: &TwilioClient, credentials: &Credentials) -> usize {
    let mut checked = 0;
    assert_clean(label, &format!("{credentials:?} {} {:?}", credentials.masked(), client));
    let report = preflight(client, credentials).await;
    assert_clean(label, &serde_json::to_string(&report).expect("serializes"));
    assert_clean(label, &format!("{report:?} {report:#?}"));
    if let Err(e) = client.fetch_flex_configuration(credentials).await {
        assert_clean(label, &format!("{e} {e:?} {}", e.fix()));
        checked += 1;
    }
    match client.fetch_account(credentials).await {
        Ok(account) => assert_clean(label, &format!("{account:?}")),
        Err(e) => {
            assert_clean(label, &format!("{e} {e:?}"));
            checked += 1;
        }
    }
    if let Err(e) = client.fetch_sso_connections(&credentials.account_sid).await {
        assert_clean(label, &format!("{e} {e:?}"));
        checked += 1;
    }
    checked + report.problems.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_escapes_in_any_scenario() {
    let config = EmulatorConfig {
        auth_token: TOKEN.to_owned(),
        api_keys: vec![ApiKeyCredential { sid: defaults::API_KEY_SID.to_owned(), secret: KEY_SECRET.to_owned() }],
        ..EmulatorConfig::default()
    };
    let emulator = Emulator::start(config).await.expect("emulator starts");
    let all_credentials = [
        token_credentials(TOKEN),
        api_key_credentials(KEY_SECRET),
        token_credentials(WRONG),
        api_key_credentials(WRONG),
    ];
    let mut failures_seen = 0;
    for preset in Preset::ALL {
        let mut scenario = preset.scenario();
        if let Fault::Slow { .. } = scenario.fault {
            scenario.fault = Fault::Slow { delay_ms: 400 };
        }
        for credentials in &all_credentials {
            emulator.set_scenario(scenario.clone());
            let (options, _) = recording_options(Duration::from_millis(150), 2);
            let client = client_at(emulator.base_url(), options);
            failures_seen += exercise(&preset.name(), &client, credentials).await;
        }
    }
    // Transport failures, where error chains are longest.
    let (options, _) = recording_options(Duration::from_millis(300), 1);
    for (label, base) in [
        ("offline", format!("http://127.0.0.1:{}", closed_port())),
        ("tls", format!("https://{}", emulator.addr())),
    ] {
        let client = client_at(&base, options.clone());
        for credentials in &all_credentials {
            failures_seen += exercise(label, &client, credentials).await;
        }
    }
    assert!(failures_seen > 100, "the scenarios really failed ({failures_seen} failures checked)");
    emulator.shutdown().await;
}

#[test]
fn keyring_form_is_a_secret_too() {
    let stored = token_credentials(TOKEN).to_keyring_secret();
    assert_clean("keyring Debug", &format!("{stored:?} {stored}"));
    assert!(stored.expose().contains(TOKEN), "the value itself is there, for the keyring only");
}
