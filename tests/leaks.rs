//! Both kinds of secret (an Auth Token, and an API key's secret) go through sign-in and preflight
//! in every emulator scenario, logging at `trace`; afterwards neither is in any answer or error
//! the UI received, any file in the app's data folder (recursively) or any log line, in any form
//! (as typed, URL-encoded, base64, the Basic header). Command-level and quick: the real keyring,
//! window and binary are `e2e_leaks.rs`'s.

mod common;
#[allow(dead_code)]
#[path = "support/leak_search.rs"]
mod leak_search;

use common::{defaults, BedOptions, TestBed};
use flex_sso_twilio_emulator::Preset;
use leak_search::{files_under, needles, report, search};
use serde_json::{json, Value};

fn every_form() -> Vec<leak_search::Needle> {
    let users = [defaults::ACCOUNT_SID, defaults::API_KEY_SID];
    let mut all = needles("the Auth Token", defaults::AUTH_TOKEN, &users);
    all.extend(needles("the API key secret", defaults::API_KEY_SECRET, &users));
    all
}

fn contains_any(text: &str, forms: &[leak_search::Needle]) -> Option<String> {
    forms.iter().find(|n| text.as_bytes().windows(n.bytes.len()).any(|w| w == n.bytes.as_slice())).map(|n| n.what.clone())
}

#[test]
fn neither_secret_reaches_disk_logs_or_the_ui() {
    let logs = tempfile::tempdir().unwrap();
    // The only test in this binary, so nothing else reads the environment meanwhile.
    std::env::set_var("FLEX_SSO_LOG", "trace");
    flex_sso_migrator::logging::init(logs.path()).unwrap();

    let bed = TestBed::start(BedOptions::default());
    let mut seen = Vec::new();
    let create = |name: &str| {
        let profile = bed.invoke("profile_create", json!({ "name": name, "accountSid": defaults::ACCOUNT_SID })).unwrap();
        profile["id"].as_str().unwrap().to_owned()
    };
    let save = |id: &str, credentials: Value| bed.invoke("credentials_save", json!({ "profileId": id, "credentials": credentials, "sessionOnly": false }));
    let token = create("Leak check token");
    let key = create("Leak check key");
    seen.push(format!("{:?}", save(&token, json!({ "kind": "auth_token", "account_sid": defaults::ACCOUNT_SID, "auth_token": defaults::AUTH_TOKEN }))));
    seen.push(format!("{:?}", save(&key, json!({
        "kind": "api_key", "account_sid": defaults::ACCOUNT_SID, "api_key_sid": defaults::API_KEY_SID, "api_key_secret": defaults::API_KEY_SECRET,
    }))));
    for preset in Preset::ALL {
        if preset == Preset::Slow {
            continue; // only slower, not different
        }
        bed.emulator.set_preset(preset);
        for id in [&token, &key] {
            seen.push(format!("{:?}", bed.invoke("preflight_run", json!({ "profileId": id }))));
        }
        seen.push(format!("{:?}", bed.invoke("profiles_list", json!({}))));
    }
    // Refused saves (another account), and an export of each journal.
    seen.push(format!("{:?}", save(&token, json!({ "kind": "auth_token", "account_sid": "AC11111111111111111111111111111111", "auth_token": defaults::AUTH_TOKEN }))));
    seen.push(format!("{:?}", save(&key, json!({
        "kind": "api_key", "account_sid": "AC11111111111111111111111111111111", "api_key_sid": defaults::API_KEY_SID, "api_key_secret": defaults::API_KEY_SECRET,
    }))));
    for id in [&token, &key] {
        for format in ["json", "text"] {
            seen.push(format!("{:?}", bed.invoke("journal_export", json!({ "profileId": id, "format": format }))));
        }
    }

    let forms = every_form();
    assert!(seen.len() > 30);
    for answer in &seen {
        assert_eq!(contains_any(answer, &forms), None, "the UI received a secret: {answer}");
    }
    let data = files_under(&[bed.dir.path().to_owned()], &[]);
    let log_files = files_under(&[logs.path().to_owned()], &[]);
    let hits = search(&data, &forms).into_iter().chain(search(&log_files, &forms)).collect::<Vec<_>>();
    assert!(hits.is_empty(), "{}", report(&hits));
    // The search looked where it had to: the profiles and the log, at trace level.
    let read_all = |files: &[std::path::PathBuf]| files.iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect::<String>();
    assert!(read_all(&data).contains("Leak check key"), "the search looks in the right folder");
    let log = read_all(&log_files);
    assert!(log.contains("preflight") && log.contains(" TRACE "), "the log was written at trace level");
}
