//! A crash at any point loses nothing saved: the real app is killed with SIGKILL at every wizard
//! step once that step is saved, and once in the middle of a save (after the temporary file is
//! written, before the rename), then started again on the same data folder, where it shows the
//! same step and the same data. In each test one Twilio emulator and one data folder (with its
//! keyring) serve every run; the create path's own step has a test of its own.

// The mid-save pause exists only in debug builds (the ones `cargo test` makes).
#![cfg(debug_assertions)]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use flex_sso_model::store::crash_test::{ARMED, PAUSED, PAUSE_SAVE_DIR_ENV};
use flex_sso_twilio_emulator::{defaults, Preset, SsoSetup};
use serde_json::{json, Value};
use support::app::{Options, TestApp};
use support::flows::{emulator, sign_in, twilio_env};
use support::wait;
use support::wizard::{choose_modify, click, enter_idp_by_hand, start_wizard, update_idp, JQ};

/// The progress file of the profile "Acme" (`profiles/migrations/<id>.json` in the data folder).
fn progress_file(data_home: &Path) -> PathBuf {
    data_home.join("dev.flexssomigrator.desktop/profiles/migrations/acme.json")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The saved record's `data`, once the file satisfies `saved` (the state the test just reached,
/// read from disk: what a crash right now would leave).
fn wait_until_saved(data_home: &Path, what: &str, saved: impl Fn(&Value) -> bool) -> Vec<u8> {
    let file = progress_file(data_home);
    wait::until(&format!("the progress file to hold {what}"), Duration::from_secs(30), || {
        let bytes = std::fs::read(&file).ok()?;
        let record: Value = serde_json::from_slice(&bytes).ok()?;
        saved(&record["data"]).then_some(bytes)
    })
}

fn confirmed(data: &Value, item: &str) -> bool {
    data["state"]["confirmed"].as_array().is_some_and(|items| items.iter().any(|i| i == item))
}

/// What the wizard shows of the migration, asked the way its screen asks.
fn view(app: &TestApp) -> Value {
    app.session.invoke("migration_get", json!({ "profileId": "acme" })).expect("migration_get")
}

/// The parts of the view that are the saved data (not derived from today's date). The journal
/// only grows: a check run after the restart adds its entry.
fn saved_part(view: &Value) -> Value {
    json!({ "state": view["state"], "idp_id": view["idp_id"], "idp_data": view["idp_data"], "current_step": view["current_step"] })
}

/// Starts the app again on the same data. Before anything is clicked, the progress file is the
/// one saved before the kill, byte for byte (starting and showing never write). Then Acme's
/// migration is opened from the home screen, where the card says where it stands and that the
/// credentials are still in the keyring, and the wizard shows the same migration, with no warning
/// of a recovery.
fn restart(name: &str, env: &[(String, String)], data_home: &Path, (step, steps): (usize, usize), file_before: &[u8], view_before: &Value) -> TestApp {
    let app = TestApp::start_with_data(name, Options { env: env.to_vec(), ..Options::default() }, data_home);
    app.session.wait_for_text("[data-profile='acme'] .credential-line", "saved (Auth Token) in this computer's keyring");
    let file_now = std::fs::read(progress_file(data_home)).unwrap();
    assert!(
        file_now == file_before,
        "the progress file is not the one saved before the kill:\n{}\nbefore the kill:\n{}",
        String::from_utf8_lossy(&file_now),
        String::from_utf8_lossy(file_before)
    );
    if step == 1 {
        // On step 1 the card offers the check first, and the wizard after it.
        app.session.wait_for_text("[data-profile='acme'] .migration-line", "not started yet");
        click(&app, "[data-profile='acme'] [data-action='check']");
        app.session.wait_for_text("#preflight-verdict", "can move");
        click(&app, "#start-migration");
    } else {
        app.session.wait_for_text("[data-profile='acme'] .migration-line", &format!("step {step} of {steps}"));
        click(&app, "[data-profile='acme'] [data-action='continue']");
    }
    app.session.wait_for_text(".step-count", &format!("Step {step} of {steps}"));
    let now = view(&app);
    assert_eq!(saved_part(&now), saved_part(view_before), "the same migration after the restart");
    assert!(now["journal_entries"].as_u64() >= view_before["journal_entries"].as_u64(), "the journal kept every entry");
    assert!(now["warning"].is_null(), "no recovery was needed: {}", now["warning"]);
    assert!(app.session.try_find("#wizard-body [role='alert']").is_none(), "no recovery message");
    app
}

#[test]
fn killed_at_every_step_and_in_the_middle_of_a_save_the_app_comes_back_with_nothing_lost() {
    let emulator = emulator(Preset::Eligible);
    let data = tempfile::tempdir().unwrap();
    let hook = tempfile::tempdir().unwrap();
    let mut env = twilio_env(&emulator);
    env.push((PAUSE_SAVE_DIR_ENV.into(), hook.path().display().to_string()));
    let options = || Options { env: env.clone(), ..Options::default() };
    // How long each run took (on stderr): a run that waits out a timeout shows here.
    let started = std::time::Instant::now();
    let phase = |what: &str| eprintln!("crash test: {what} at {:.1} s", started.elapsed().as_secs_f64());

    phase("run 1");
    // Run 1: sign in, step 1 answered and the setup type chosen; killed once that is saved.
    let mut app = TestApp::start_with_data("crash-1-step1", options(), data.path());
    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    start_wizard(&mut app);
    choose_modify(&app);
    let file = wait_until_saved(data.path(), "the modify choice", |d| {
        d["state"]["setup_type"] == "modify_existing" && d["state"]["self_hosting_answered"] == true
    });
    let before = view(&app);
    assert_eq!(before["current_step"], "select_type", "{before}");
    app.kill_app();
    drop(app);

    phase("run 2");
    // Run 2: the same step, the same answers; then step 2 half done, killed once saved.
    let app = restart("crash-2-step2", &env, data.path(), (1, 3), &file, &before);
    app.session.wait_for_text("#step-title", "Choose how to migrate");
    app.session.wait_for("#choose-modify_existing[aria-pressed='true']");
    app.session.wait_for("#wizard-self-hosted-no:checked");
    click(&app, "#wizard-continue:not([disabled])");
    app.session.wait_for_text("#step-title", flex_sso_model::facts::twilio::STEP_UPDATE_IDP.text);
    app.session.type_text(&app.session.wait_for("#console-value"), &format!("urn:flex:{JQ}"));
    app.session.wait_for_text("#pasted-result", JQ);
    click(&app, "#idp-okta");
    app.session.wait_for("#idp-chosen[data-idp='okta']");
    click(&app, "#confirm-idp_values_updated");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    let file = wait_until_saved(data.path(), "the pasted connection, Okta and the tick", |d| {
        d["state"]["connection_sid"] == JQ && d["idp_id"] == "okta" && confirmed(d, "idp_values_updated")
    });
    let before = view(&app);
    assert_eq!(before["current_step"], "update_idp", "{before}");
    app.kill_app();
    drop(app);

    phase("run 3");
    // Run 3: step 2 as it was left; Twilio now lists the connection; on to step 3, killed there.
    let app = restart("crash-3-step3", &env, data.path(), (2, 3), &file, &before);
    // The paste box starts empty in a new session; what it gave is saved and shown as the values.
    app.session.wait_for_text("#new-acs-url-value", &format!("connection={JQ}"));
    app.session.wait_for_text("#new-entity-id-value", &format!("urn:flex:{JQ}"));
    app.session.wait_for("#idp-chosen[data-idp='okta']");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    let mut scenario = emulator.scenario();
    scenario.sso = SsoSetup::NewSaved;
    scenario.connection_sid = Some(JQ.into());
    emulator.set_scenario(scenario);
    click(&app, "#check-connection");
    app.session.wait_for("#confirm-saved_and_continued:checked");
    click(&app, "#wizard-continue:not([disabled])");
    app.session.wait_for_text("#step-title", "Test a real login");
    // The step reads the Flex login link from Twilio first (and journals that check).
    app.session.wait_for("#login-check-open");
    let file = wait_until_saved(data.path(), "the move to the login test", |d| {
        confirmed(d, "saved_and_continued") && view_step(d) == "validate"
    });
    let before = view(&app);
    assert_eq!(before["current_step"], "validate", "{before}");
    app.kill_app();
    drop(app);

    phase("run 4");
    // Run 4: step 3 as it was left; then a save (Back) is stopped between its temporary file and
    // the rename, and the app is killed right there.
    let app = restart("crash-4-mid-save", &env, data.path(), (3, 3), &file, &before);
    app.session.wait_for_text("#step-title", "Test a real login");
    app.session.wait_for("#login-check-open");
    let progress = progress_file(data.path());
    // What is saved now (the step's own check added its journal entry): the interrupted save
    // must leave exactly this.
    let file = std::fs::read(&progress).unwrap();
    let before = view(&app);
    std::fs::write(hook.path().join(ARMED), "acme.json").unwrap();
    // Clicked without waiting for WebDriver's answer: the command runs on the app's main thread,
    // which the pause holds, and the answer would come through that thread.
    app.session.wait_for("#wizard-back:not([disabled])");
    app.session.execute_detached("document.querySelector('#wizard-back').click();");
    let tmp = wait::until("the save to pause before its rename", Duration::from_secs(30), || {
        std::fs::read_to_string(hook.path().join(PAUSED)).ok().filter(|t| !t.is_empty())
    });
    let tmp = PathBuf::from(tmp);
    assert_eq!(tmp, with_suffix(&progress, ".tmp"));
    let new_version: Value = serde_json::from_slice(&std::fs::read(&tmp).unwrap()).expect("the temporary file is whole");
    assert_eq!(view_step(&new_version["data"]), "update_idp", "the save being made goes back to step 2");
    assert!(std::fs::read(&progress).unwrap() == file, "the main file is untouched until the rename");
    app.kill_app();
    drop(app);
    std::fs::remove_file(hook.path().join(PAUSED)).unwrap();

    phase("run 5");
    // Run 5: the version before the interrupted save, whole, with no warning; the stray
    // temporary file changes nothing, and the next save replaces it and goes through.
    assert!(tmp.exists(), "the kill left the temporary file behind");
    let app = restart("crash-5-after-mid-save", &env, data.path(), (3, 3), &file, &before);
    app.session.wait_for_text("#step-title", "Test a real login");
    // Its check with Twilio is journaled first (a save of its own, which also meets the stray file).
    app.session.wait_for("#login-check-open");
    click(&app, "#wizard-back:not([disabled])");
    app.session.wait_for_text(".step-count", "Step 2 of 3");
    wait_until_saved(data.path(), "the move back to step 2", |d| view_step(d) == "update_idp");
    assert!(!tmp.exists(), "the next save used and removed the temporary file");
    assert!(!with_suffix(&progress, ".bak.tmp").exists());
    let after = view(&app);
    assert_eq!(after["state"]["connection_sid"], JQ, "nothing saved before was lost: {after}");
    assert_eq!(after["idp_id"], "okta");
    assert!(after["warning"].is_null());

    // The profile list is saved the same way: adding a second account is stopped in the middle
    // of its save and killed there.
    let list = data.path().join("dev.flexssomigrator.desktop/profiles/profiles.json");
    let list_before = std::fs::read(&list).unwrap();
    click(&app, "#nav-home");
    let s = &app.session;
    s.click_on("#add-account");
    s.type_text(&s.wait_for("#profile-name"), "Beta");
    s.type_text(&s.wait_for("#account-sid"), defaults::ACCOUNT_SID);
    s.wait_for("#account-sid[aria-invalid='false']");
    s.type_text(&s.wait_for("#auth-token"), defaults::AUTH_TOKEN);
    std::fs::write(hook.path().join(ARMED), "profiles.json").unwrap();
    s.execute_detached("document.querySelector('#sign-in-submit').click();");
    let list_tmp = wait::until("the profile list's save to pause before its rename", Duration::from_secs(30), || {
        std::fs::read_to_string(hook.path().join(PAUSED)).ok().filter(|t| !t.is_empty())
    });
    let list_tmp = PathBuf::from(list_tmp);
    assert_eq!(list_tmp, with_suffix(&list, ".tmp"));
    assert!(std::fs::read_to_string(&list_tmp).unwrap().contains("\"Beta\""), "the save being made adds Beta");
    assert!(std::fs::read(&list).unwrap() == list_before, "the list is untouched until the rename");
    app.kill_app();
    drop(app);
    std::fs::remove_file(hook.path().join(PAUSED)).unwrap();

    phase("run 6");
    // Run 6: the list as it was (Acme only, no warning); adding the account again goes through.
    let mut app = TestApp::start_with_data("crash-6-after-list-mid-save", options(), data.path());
    app.session.wait_for("[data-profile='acme']");
    assert!(std::fs::read(&list).unwrap() == list_before, "starting does not write the list");
    assert!(app.session.try_find("[data-profile='beta']").is_none(), "the interrupted account is not half there");
    assert!(app.session.try_find(".account .result.problem").is_none(), "no warning on the home screen");
    sign_in(&mut app, "Beta", defaults::AUTH_TOKEN);
    app.session.wait_for_text("#preflight-verdict", "can move");
    assert!(!list_tmp.exists(), "the next save used and removed the temporary file");
    let names: Value = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    let ids: Vec<&str> = names["data"]["profiles"].as_array().unwrap().iter().filter_map(|p| p["id"].as_str()).collect();
    phase("the end");
    assert_eq!(ids, ["acme", "beta"]);
}

/// The step a saved record's `data` is on.
fn view_step(data: &Value) -> &str {
    data["state"]["stage"]["step"].as_str().unwrap_or("(not on a step)")
}

/// The create path's own step: killed once the IdP's values (typed in, with a certificate) are
/// saved, the app comes back on that step with the same values.
#[test]
fn killed_on_the_create_paths_idp_step_the_app_comes_back_with_the_idp_values() {
    let emulator = emulator(Preset::Eligible);
    let data = tempfile::tempdir().unwrap();
    let env = twilio_env(&emulator);
    let mut app = TestApp::start_with_data("crash-create-idp-data", Options { env: env.clone(), ..Options::default() }, data.path());
    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    start_wizard(&mut app);
    click(&app, "#choose-create_new");
    app.session.wait_for_text(".step-count", "of 4");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &emulator, true);
    enter_idp_by_hand(&app);
    let file = wait_until_saved(data.path(), "the IdP's values", |d| {
        d["idp_data"]["issuer"] == "http://www.okta.com/exk1234567890" && d["idp_data"]["certificates"].as_array().is_some_and(|c| c.len() == 1)
    });
    let before = view(&app);
    assert_eq!(before["current_step"], "enter_idp_data", "{before}");
    app.kill_app();
    drop(app);

    let app = restart("crash-create-idp-data-restarted", &env, data.path(), (3, 4), &file, &before);
    app.session.wait_for_text("#step-title", "Enter your identity provider");
    app.session.wait_for_text("#idp-issuer-value", "exk1234567890");
    app.session.wait_for_text("#idp-cert-summary", "Flex SSO Migrator sandbox IdP (test only)");
    click(&app, "#confirm-idp_data_saved");
    click(&app, "#wizard-continue:not([disabled])");
    app.session.wait_for_text(".step-count", "Step 4 of 4");
}
