//! The added latency changes no answer: in every preset, the same requests get the same status,
//! headers and body from an emulator with latency as from one without. (That the latency is
//! really waited is checked on tokio's paused clock in `server.rs`, not with wall time here.)

use std::time::Duration;

use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig, EmulatorHandle, Fault, Preset, Scenario};

/// What a client can see of one answer, with the emulator's own address written as `{base}`
/// (the Configuration payload carries URLs under it, and the two emulators listen on different
/// ports).
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    request: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// Headers that describe the answer; `date` and `content-length` aside (the first is the clock,
/// the second follows the body, whose base URL differs in length only by the port).
const COMPARED_HEADERS: [&str; 3] = ["content-type", "retry-after", "www-authenticate"];

/// Method, path (query included) and Basic auth user and password.
type Request<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);

fn scenario_for(preset: Preset) -> Scenario {
    let mut scenario = preset.scenario();
    if let Fault::Slow { .. } = scenario.fault {
        // The slow preset's 3 s changes nothing here but the test's duration.
        scenario.fault = Fault::Slow { delay_ms: 20 };
    }
    scenario
}

/// Three rounds of every API request (so the counted faults show their failures and their
/// recovery), then the control endpoints; all one after another, so counts line up.
async fn answers(emulator: &EmulatorHandle) -> Vec<Seen> {
    let http = reqwest::Client::new();
    let base = emulator.base_url();
    let account = format!("/2010-04-01/Accounts/{}.json", defaults::ACCOUNT_SID);
    let sso = format!("/v1/Flex/Authentication/Config?AccountSid={}", defaults::ACCOUNT_SID);
    let token = Some((defaults::ACCOUNT_SID, defaults::AUTH_TOKEN));
    let api_key = Some((defaults::API_KEY_SID, defaults::API_KEY_SECRET));
    let wrong = Some((defaults::ACCOUNT_SID, "not-the-token"));
    let api_requests: Vec<Request> = vec![
        ("GET", "/v1/Configuration", token),
        ("GET", "/v1/Configuration", api_key),
        ("GET", "/v1/Configuration", wrong),
        ("GET", "/v1/Configuration", None),
        ("GET", &account, token),
        ("GET", &account, api_key),
        ("GET", "/2010-04-01/Accounts/AC00000000000000000000000000000000.json", token),
        ("GET", &sso, None),
        ("GET", "/v1/Flex/Authentication/Config", None),
        ("GET", "/v1/Nothing/Here", token),
    ];
    let control_requests: Vec<Request> =
        vec![("GET", "/__emulator/requests", None), ("GET", "/__emulator/scenario", None), ("POST", "/__emulator/reset", None)];
    let rounds = std::iter::repeat_n(api_requests.iter(), 3).flatten();
    let mut seen = Vec::new();
    for (method, path, auth) in rounds.chain(control_requests.iter()) {
        let url = format!("{base}{path}");
        let mut request = match *method {
            "POST" => http.post(&url),
            _ => http.get(&url),
        };
        if let Some((user, password)) = auth {
            request = request.basic_auth(user, Some(password));
        }
        let response = request.timeout(Duration::from_secs(10)).send().await.expect("the emulator answers");
        let headers = COMPARED_HEADERS
            .iter()
            .filter_map(|name| response.headers().get(*name).map(|v| (name.to_string(), v.to_str().unwrap_or("").to_owned())))
            .collect();
        let status = response.status().as_u16();
        let body = response.text().await.expect("a body").replace(base, "{base}");
        seen.push(Seen { request: format!("{method} {path} {:?}", auth.map(|a| a.0)), status, headers, body });
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_in_every_preset_is_the_same_with_added_latency() {
    let mut compared = 0;
    for preset in Preset::ALL {
        let start = |added_latency| {
            Emulator::start(EmulatorConfig { scenario: scenario_for(preset), added_latency, ..EmulatorConfig::default() })
        };
        let plain = start(Duration::ZERO).await.expect("emulator starts");
        let delayed = start(Duration::from_millis(5)).await.expect("emulator starts");
        let (without, with) = tokio::join!(answers(&plain), answers(&delayed));
        assert_eq!(with, without, "{preset:?}");
        compared += with.len();
        plain.shutdown().await;
        delayed.shutdown().await;
    }
    assert_eq!(compared, Preset::ALL.len() * 33);
}
