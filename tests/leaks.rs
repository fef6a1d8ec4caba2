//! A known secret goes through sign-in and preflight in every emulator scenario; afterwards it is
//! in no answer or error the UI received, no file in the app's data folder, and no log line.

mod common;

use common::{defaults, BedOptions, TestBed};
use flex_sso_twilio_emulator::Preset;
use serde_json::json;

fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).contains(needle) {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

#[test]
fn the_auth_token_never_reaches_disk_logs_or_the_ui() {
    let logs = tempfile::tempdir().unwrap();
    // The only test in this binary, so nothing else reads the environment meanwhile.
    std::env::set_var("FLEX_SSO_LOG", "debug");
    flex_sso_migrator::logging::init(logs.path()).unwrap();

    let bed = TestBed::start(BedOptions::default());
    let mut seen = Vec::new();
    let profile = bed.invoke("profile_create", json!({ "name": "Leak check", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    let id = profile["id"].as_str().unwrap().to_owned();
    let save = |token: &str| {
        bed.invoke("credentials_save", json!({
            "profileId": id,
            "credentials": { "kind": "auth_token", "account_sid": defaults::ACCOUNT_SID, "auth_token": token },
            "sessionOnly": false,
        }))
    };
    seen.push(format!("{:?}", save(defaults::AUTH_TOKEN)));
    for preset in Preset::ALL {
        if preset == Preset::Slow {
            continue; // only slower, not different
        }
        bed.emulator.set_preset(preset);
        seen.push(format!("{:?}", bed.invoke("preflight_run", json!({ "profileId": id }))));
        seen.push(format!("{:?}", bed.invoke("profiles_list", json!({}))));
    }
    // A refused save (other account) and an export of the journal.
    seen.push(format!("{:?}", bed.invoke("credentials_save", json!({
        "profileId": id,
        "credentials": { "kind": "auth_token", "account_sid": "AC11111111111111111111111111111111", "auth_token": defaults::AUTH_TOKEN },
        "sessionOnly": false,
    }))));
    seen.push(format!("{:?}", bed.invoke("journal_export", json!({ "profileId": id, "format": "json" }))));
    seen.push(format!("{:?}", bed.invoke("journal_export", json!({ "profileId": id, "format": "text" }))));

    assert!(seen.len() > 20);
    for answer in &seen {
        assert!(!answer.contains(defaults::AUTH_TOKEN), "the UI received the secret: {answer}");
    }
    assert_eq!(files_containing(bed.dir.path(), defaults::AUTH_TOKEN), Vec::<String>::new());
    assert!(!files_containing(bed.dir.path(), "Leak check").is_empty(), "the search looks in the right folder");
    assert_eq!(files_containing(logs.path(), defaults::AUTH_TOKEN), Vec::<String>::new());
    assert!(!files_containing(logs.path(), "preflight").is_empty(), "the log was written");
}
