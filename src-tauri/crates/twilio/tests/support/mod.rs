//! Shared helpers for the tests that run the client against the emulator over real HTTP.
#![allow(dead_code)]

pub mod untrusted_tls;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flex_sso_model::ids::{AccountSid, ApiKeySid};
use flex_sso_secrets::Secret;
use flex_sso_twilio::{ClientOptions, Credentials, Endpoints, RetryPolicy, TwilioClient};
use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig, EmulatorHandle, Preset};
use url::Url;

/// Every wait the client asked for, in order.
pub type Waits = Arc<Mutex<Vec<Duration>>>;

/// Options with a recording sleeper that returns at once: retries are observed, not waited for.
pub fn recording_options(total_timeout: Duration, max_attempts: u32) -> (ClientOptions, Waits) {
    let waits: Waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let options = ClientOptions {
        connect_timeout: total_timeout,
        total_timeout,
        retry: RetryPolicy { max_attempts, ..RetryPolicy::default() },
        sleeper: Arc::new(move |d| {
            seen.lock().unwrap().push(d);
            Box::pin(async {})
        }),
        resolver: None,
    };
    (options, waits)
}

pub fn client_at(base: &str, options: ClientOptions) -> TwilioClient {
    let url = Url::parse(base).expect("emulator base URL");
    TwilioClient::with_options(Endpoints::all_at(&url), options).expect("client builds")
}

pub async fn start(preset: Preset) -> EmulatorHandle {
    Emulator::start(EmulatorConfig::with_preset(preset)).await.expect("emulator starts")
}

pub fn token_credentials(token: &str) -> Credentials {
    Credentials::with_auth_token(AccountSid::parse(defaults::ACCOUNT_SID).unwrap(), Secret::new(token))
}

pub fn api_key_credentials(secret: &str) -> Credentials {
    Credentials::with_api_key(
        AccountSid::parse(defaults::ACCOUNT_SID).unwrap(),
        ApiKeySid::parse(defaults::API_KEY_SID).unwrap(),
        Secret::new(secret),
    )
}

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}
