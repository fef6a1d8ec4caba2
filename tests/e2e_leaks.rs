//! Secrets stay in the keyring: the real app, logging at `trace`, signs in with both kinds of
//! credentials (an Auth Token, and an API key SID + secret) and walks the wizard; Twilio then
//! refuses them, the API key is entered again and the Auth Token forgotten. Afterwards every file the run left (the data folder with `profiles/` and `logs/`,
//! HOME, the config, cache, runtime and temporary folders) and everything the app printed is
//! searched for each secret as typed, URL-encoded, in base64 and inside a Basic header.

mod support;

use std::path::{Path, PathBuf};

use flex_sso_twilio_emulator::{defaults, ApiKeyCredential, Emulator, EmulatorConfig, EmulatorHandle, Preset};
use support::app::{Options, TestApp};
use support::flows::{sign_in, twilio_env};
use support::leak_search::{files_under, needles, report, search, total_bytes, Needle};
use support::wizard::{choose_modify, click, enter_idp_by_hand_and_continue, start_wizard, update_idp};

/// Canaries, not the emulator's usual secrets: found anywhere, they can only have come from this
/// run. Each holds characters URL-encoding changes, so that form differs from the typed one.
const AUTH_TOKEN: &str = "e2eCanaryAuthToken+7f3a/9c=Qx&k~1";
const KEY_SECRET: &str = "e2eCanaryKeySecret/b81e07+Zw=%p!";

fn every_form() -> Vec<Needle> {
    let users = [defaults::ACCOUNT_SID, defaults::API_KEY_SID];
    let mut all = needles("the Auth Token", AUTH_TOKEN, &users);
    all.extend(needles("the API key secret", KEY_SECRET, &users));
    all
}

/// The proof that the search can fail: each form of a secret planted in a nested file is found,
/// at its offset, and named; clean files, links and pipes give nothing (and do not hang it).
#[test]
fn the_search_finds_every_form_of_a_secret_planted_deep_in_a_folder() {
    use base64::Engine;
    let b64 = |text: String| base64::engine::general_purpose::STANDARD.encode(text);
    let root = tempfile::tempdir().unwrap();
    let deep = root.path().join("data/dev.flexssomigrator.desktop/profiles/migrations");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("clean.json"), "{\"profile\": \"acme\", \"token\": \"<redacted>\"}").unwrap();
    let needles = every_form();
    assert!(needles.len() >= 20, "{needles:?}");

    // The ways a secret shows up in practice, each with a prefix of 0, 1 and 2 bytes (mod 3) so
    // base64 of a longer text meets the secret at every alignment.
    let header = format!("Authorization: Basic {}", b64(format!("{}:{AUTH_TOKEN}", defaults::ACCOUNT_SID)));
    let basic = |user: &str| format!("the Basic header of {user}:");
    let planted: Vec<(&str, String, String)> = vec![
        ("typed.log", format!("request body auth_token={AUTH_TOKEN}"), "the Auth Token as typed".into()),
        ("query.log", "GET /x?secret=e2eCanaryKeySecret%2Fb81e07%2BZw%3D%25p%21".into(), "the API key secret URL-encoded".into()),
        ("header.log", header, format!("{}the Auth Token", basic(defaults::ACCOUNT_SID))),
        ("key-header.log", format!("authorization: basic {}", b64(format!("{}:{KEY_SECRET}", defaults::API_KEY_SID))),
            format!("{}the API key secret", basic(defaults::API_KEY_SID))),
        ("lead0.b64", b64(format!("{{\"s\":\"{KEY_SECRET}\"}}")), "the API key secret in base64 inside a longer text".into()),
        ("lead1.b64", b64(format!("{{\"ss\":\"{KEY_SECRET}\"}}")), "the API key secret in base64 inside a longer text".into()),
        ("lead2.b64", b64(format!("{{\"sss\":\"{KEY_SECRET}\"}}")), "the API key secret in base64 inside a longer text".into()),
        ("alone.b64", b64(AUTH_TOKEN.to_owned()), "the Auth Token in base64".into()),
    ];
    for (name, text, what) in &planted {
        let file = deep.join(name);
        std::fs::write(&file, format!("0123456789 {text} trailing")).unwrap();
        let hits = search(&files_under(&[root.path().to_owned()], &[]), &needles);
        let hit = hits.iter().find(|h| h.file == file && h.what.starts_with(what.as_str()));
        let hit = hit.unwrap_or_else(|| panic!("{name}: {what} not found in {text:?}; hits: {}", report(&hits)));
        assert!(hit.offset >= 11, "{name}: {hit}");
        assert!(report(&hits).contains(&format!("{} at byte ", file.display())), "the message names file and offset");
        std::fs::remove_file(&file).unwrap();
    }

    // Nothing planted: nothing found. A skipped folder is not read; a link is not followed (the
    // file it points at is found where it is); a pipe is not opened (reading it would hang).
    assert_eq!(search(&files_under(&[root.path().to_owned()], &[]), &needles), vec![]);
    let skipped = root.path().join("data/keyrings");
    std::fs::create_dir_all(&skipped).unwrap();
    std::fs::write(skipped.join("login.keyring"), AUTH_TOKEN).unwrap();
    assert_eq!(search(&files_under(&[root.path().to_owned()], &[skipped.clone()]), &needles), vec![]);
    assert_eq!(search(&files_under(&[root.path().to_owned()], &[]), &needles).len(), 1);
    std::os::unix::fs::symlink(skipped.join("login.keyring"), deep.join("link")).unwrap();
    let fifo = std::ffi::CString::new(deep.join("pipe").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path in the test's own folder.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let hits = search(&files_under(&[root.path().to_owned()], &[skipped]), &needles);
    assert_eq!(hits, vec![]);
}

fn canary_emulator() -> EmulatorHandle {
    let mut config = EmulatorConfig::with_preset(Preset::Eligible);
    config.auth_token = AUTH_TOKEN.to_owned();
    config.api_keys = vec![ApiKeyCredential { sid: defaults::API_KEY_SID.to_owned(), secret: KEY_SECRET.to_owned() }];
    tauri::async_runtime::block_on(Emulator::start(config)).unwrap()
}

/// From the home screen: a second account, signed in with an API key. The name is first one
/// already taken, so the secret is typed into a form that shows an error (which the app logs,
/// also on stderr) before it is sent again under `name`.
fn sign_in_with_api_key(app: &mut TestApp, taken: &str, name: &str) {
    let s = &app.session;
    s.click_on("#add-account");
    s.type_text(&s.wait_for("#profile-name"), taken);
    s.type_text(&s.wait_for("#account-sid"), defaults::ACCOUNT_SID);
    s.wait_for("#account-sid[aria-invalid='false']");
    s.click_on("#credential-kind-api_key");
    s.type_text(&s.wait_for("#api-key-sid"), defaults::API_KEY_SID);
    s.wait_for("#api-key-sid[aria-invalid='false']");
    s.type_text(&s.wait_for("#api-key-secret"), KEY_SECRET);
    s.click_on("#sign-in-submit");
    s.wait_for_text("#sign-in-form [data-code='profile_name_taken']", "already a profile");
    s.execute("document.getElementById('profile-name').value = arguments[0];", serde_json::json!([name])).unwrap();
    s.click_on("#sign-in-submit");
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

#[test]
fn no_secret_of_either_credential_kind_is_left_anywhere_after_a_run_at_trace_level() {
    let emulator = canary_emulator();
    // Temporary files land in a folder that is searched too.
    let tmp = tempfile::tempdir().unwrap();
    let mut env = twilio_env(&emulator);
    env.push(("FLEX_SSO_LOG".into(), "trace".into()));
    env.push(("TMPDIR".into(), tmp.path().display().to_string()));
    let mut app = TestApp::start("leaks", Options { env, capture_output: true, ..Options::default() });

    // The Auth Token: sign in, the modify path up to the login test.
    sign_in(&mut app, "Acme", AUTH_TOKEN);
    start_wizard(&mut app);
    choose_modify(&app);
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &emulator, false);
    app.session.wait_for_text("#step-title", "Test a real login");

    // The API key: a second account on the create path, its IdP typed in, up to the login test.
    emulator.set_preset(Preset::Eligible);
    click(&app, "#nav-home");
    sign_in_with_api_key(&mut app, "Acme", "Beta");
    start_wizard(&mut app);
    click(&app, "#choose-create_new");
    app.session.wait_for_text(".step-count", "of 4");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &emulator, true);
    enter_idp_by_hand_and_continue(&app);
    app.screenshot("api-key-account-at-the-login-test");

    // Twilio refuses both now (rotated in the Console, say): the error paths see the secrets too.
    emulator.set_preset(Preset::WrongCredentials);
    for profile in ["acme", "beta"] {
        click(&app, "#nav-home");
        click(&app, &format!("[data-profile='{profile}'] [data-action='check']"));
        app.session.wait_for("#preflight-problems [data-code='wrong_credentials']");
    }

    // The API key is entered again (the screen for a refused account), Twilio accepts it again.
    emulator.set_preset(Preset::Eligible);
    click(&app, "#nav-home");
    click(&app, "[data-profile='beta'] .credential-line[data-accepted='false'] ~ .actions [data-action='sign-in']");
    let s = &app.session;
    s.click_on("#credential-kind-api_key");
    s.type_text(&s.wait_for("#api-key-sid"), defaults::API_KEY_SID);
    s.type_text(&s.wait_for("#api-key-secret"), KEY_SECRET);
    s.click_on("#sign-in-submit");
    s.wait_for_text("#preflight-verdict", "can move");

    // The secrets are where they belong: a second client of the Secret Service reads both back.
    let kept = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(kept.contains(AUTH_TOKEN) && kept.contains(KEY_SECRET), "both secrets are in the keyring: {kept}");
    // Forgotten, the Auth Token is gone from there too.
    click(&app, "#nav-home");
    click(&app, "[data-profile='acme'] [data-action='forget']");
    app.session.wait_for_text("[data-profile='acme'] .credential-line", "No credentials saved");
    let kept = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(!kept.contains(AUTH_TOKEN) && kept.contains(KEY_SECRET), "only the API key is left in the keyring: {kept}");
    let keyrings = app.bus.data_home.join("keyrings");
    let data_dir = app.data_dir();
    let (stdout, stderr) = (app.stdout.clone().unwrap(), app.stderr.clone().unwrap());
    let root = app.keep_folders();
    // The app stops (and flushes) before anything is read.
    drop(app);

    // The keyring's own files are GNOME Keyring's (encrypted); everything else is searched.
    let files = files_under(&[root.path().to_owned(), tmp.path().to_owned()], &[keyrings]);
    let logs: Vec<&PathBuf> = files.iter().filter(|f| f.starts_with(data_dir.join("logs"))).collect();
    let log_text: String = logs.iter().map(|f| read(f)).collect();
    // The search covers what it must: the log at trace level from the very start (nothing rotated
    // away), the profiles and both progress files, and the captured output.
    assert!(log_text.contains(" TRACE "), "the log is at trace level");
    assert!(log_text.contains("app started"), "the log still holds the run's first lines");
    assert_eq!(log_text.matches("credentials saved").count(), 3, "every sign-in is in the log");
    assert!(log_text.contains("credentials forgotten"), "so is the forgotten one");
    for file in ["profiles/profiles.json", "profiles/migrations/acme.json", "profiles/migrations/beta.json"] {
        assert!(files.contains(&data_dir.join(file)), "{file} is searched");
    }
    assert!(files.contains(&stdout) && files.contains(&stderr), "the app's output is searched");
    assert!(read(&stderr).contains("the UI showed an error"), "the app's own stderr was captured: {}", read(&stderr));
    let hits = search(&files, &every_form());
    eprintln!(
        "leak search: {} files, {} bytes ({} bytes of log, {} of stdout, {} of stderr), {} forms of 2 secrets",
        files.len(),
        total_bytes(&files),
        log_text.len(),
        read(&stdout).len(),
        read(&stderr).len(),
        every_form().len()
    );
    assert!(hits.is_empty(), "{}", report(&hits));
}
