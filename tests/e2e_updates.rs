//! Updates end to end, in the real app window: the consent question, the daily check at start, the
//! About page, and Tauri's updater downloading from a local update server. The release key is a
//! throwaway pair made by each test; the debug build is pointed at it and at the server with
//! FLEX_SSO_UPDATE_PUBKEY and FLEX_SSO_UPDATE_ENDPOINT (release builds ignore both).

mod support;

use serde_json::json;
use support::app::{Options, TestApp};
use support::update_server::{Release, SigningKey, UpdateServer};

const NOTES: &str = "Step 3 follows the Console's new \"Save and test\" button.\nOkta's labels updated.";

fn options(server: &UpdateServer, key: &SigningKey) -> Options {
    Options { env: server.env(key), ..Options::default() }
}

fn notice_state(app: &TestApp) -> String {
    let notice = app.session.wait_for("#update-notice[data-ready='true']");
    app.session.attribute(&notice, "data-updates").unwrap_or_default()
}

#[test]
fn the_first_start_asks_and_after_a_yes_checks_at_most_once_a_day() {
    let key = SigningKey::generate();
    let server = UpdateServer::start(Some(Release::signed(&key, "9.9.9", NOTES)));
    let data = tempfile::tempdir().unwrap();
    {
        let mut app = TestApp::start_with_data("updates-consent-yes", options(&server, &key), data.path());
        let question = app.session.wait_for_text("#update-notice[data-updates='ask']", "Look for new versions?");
        assert!(question.contains("once a day"), "{question}");
        app.screenshot("asks");
        assert_eq!(server.requests("/latest.json"), 0, "nothing is asked of the server before the admin agrees");

        app.session.click_on("#updates-allow");
        let line = app.session.wait_for_text("#update-notice[data-updates='available']", "9.9.9");
        assert!(line.contains(&format!("you have {}", env!("CARGO_PKG_VERSION"))), "{line}");
        assert_eq!(server.requests("/latest.json"), 1);
        app.screenshot("available");

        app.session.click_on("#update-see");
        let about = app.session.wait_for_text("#update-state[data-state='available']", "Version 9.9.9 is available");
        assert!(about.contains("Okta's labels updated."), "the notes are shown: {about}");
        app.session.wait_for_text("#updates-consent[data-consent='true']", "once a day");
        app.screenshot("about-available");
    }
    // Reopened the same day: the answer is remembered and the app does not ask the server again.
    let app = TestApp::start_with_data("updates-consent-yes-again", options(&server, &key), data.path());
    assert_eq!(notice_state(&app), "available");
    app.session.wait_for_text("#update-notice", "9.9.9");
    assert_eq!(server.requests("/latest.json"), 1, "at most one check a day");
    let status = app.session.invoke("update_status", json!({})).unwrap();
    assert_eq!(status["consent"], true);
    assert_eq!(status["result"]["version"], "9.9.9");
}

#[test]
fn a_no_is_remembered_and_the_app_never_checks_by_itself() {
    let key = SigningKey::generate();
    let server = UpdateServer::start(Some(Release::signed(&key, "9.9.9", NOTES)));
    let data = tempfile::tempdir().unwrap();
    {
        let app = TestApp::start_with_data("updates-consent-no", options(&server, &key), data.path());
        app.session.wait_for("#update-notice[data-updates='ask']");
        app.session.click_on("#updates-deny");
        let notice = app.session.wait_for("#update-notice[data-updates='off']");
        assert_eq!(app.session.attribute(&notice, "hidden").as_deref(), Some("true"));
    }
    let mut app = TestApp::start_with_data("updates-consent-no-again", options(&server, &key), data.path());
    assert_eq!(notice_state(&app), "off", "not asked again");
    app.session.click_on("#nav-about");
    app.session.wait_for_text("#updates-consent[data-consent='false']", "does not look for new versions by itself");
    app.screenshot("about-off");
    assert_eq!(server.requests("/latest.json"), 0);
}

#[test]
fn the_practice_sandbox_never_checks() {
    let key = SigningKey::generate();
    let server = UpdateServer::start(Some(Release::signed(&key, "9.9.9", NOTES)));
    let mut env = server.env(&key);
    env.push(("FLEX_SSO_SANDBOX".into(), "1".into()));
    let mut app = TestApp::start("updates-sandbox", Options { env, ..Options::default() });
    assert_eq!(notice_state(&app), "none", "no question in the sandbox");
    // Even with consent given, nothing reaches the server.
    app.session.invoke("update_consent_set", json!({ "allow": true })).unwrap();
    let status = app.session.invoke("update_check_if_due", json!({})).unwrap();
    assert_eq!(status["checked_now"], false);
    for command in ["update_check", "update_install"] {
        let error = app.session.invoke(command, json!({})).unwrap_err();
        assert_eq!(error["code"], "updates_sandbox", "{command}: {error}");
    }
    app.session.click_on("#nav-about");
    app.session.wait_for_text("#update-state[data-state='sandbox']", "never looks for new versions");
    app.screenshot("about-sandbox");
    assert_eq!(server.requests("/latest.json") + server.requests("/package"), 0);
}

#[test]
fn only_a_package_signed_with_the_release_key_is_accepted() {
    let key = SigningKey::generate();
    let server = UpdateServer::start(Some(Release::signed(&key, "9.9.9", NOTES).tampered()));
    let binary = support::app::app_binary();
    let before = std::fs::read(&binary).unwrap();
    let mut app = TestApp::start("updates-signature", options(&server, &key));
    app.session.wait_for("#update-notice[data-updates='ask']");
    app.session.click_on("#nav-about");

    // 1. The package was changed after it was signed.
    app.session.click_on("#update-check");
    app.session.click_on("#update-install");
    let refused = app.session.wait_for_text("#update-outcome[data-code='update_signature_invalid']", "was refused");
    assert!(refused.contains("Nothing was installed"), "{refused}");
    app.screenshot("tampered-refused");

    // 2. A package signed, but with another key.
    let stranger = SigningKey::generate();
    server.serve(Some(Release::signed(&stranger, "9.9.10", NOTES)));
    app.session.click_on("#update-check");
    app.session.wait_for_text("#update-state[data-state='available']", "9.9.10");
    app.session.click_on("#update-install");
    app.session.wait_for_text("#update-outcome[data-code='update_signature_invalid']", "version 9.9.10 was refused");

    // 3. Signed with the release key: downloaded and verified. A build from source cannot
    //    replace itself, and says so instead of overwriting its own file.
    server.serve(Some(Release::signed(&key, "9.9.11", NOTES)));
    app.session.click_on("#update-check");
    app.session.wait_for_text("#update-state[data-state='available']", "9.9.11");
    app.session.click_on("#update-install");
    let verified = app.session.wait_for_text("#update-outcome[data-state='verified-not-installed']", "signature is valid");
    assert!(verified.contains("Version 9.9.11"), "{verified}");
    app.screenshot("signed-verified");
    assert_eq!(server.requests("/package"), 3, "each package was downloaded");
    assert_eq!(std::fs::read(&binary).unwrap(), before, "the app's own file is untouched");

    // 4. Nothing newer: up to date.
    server.serve(None);
    app.session.click_on("#update-check");
    let up_to_date = app.session.wait_for_text("#update-state[data-state='up-to-date']", "You have the newest version");
    assert!(up_to_date.contains(env!("CARGO_PKG_VERSION")), "{up_to_date}");
    app.screenshot("up-to-date");
}

#[test]
fn without_a_release_key_the_app_never_checks_and_the_page_cannot_reach_the_updater() {
    // No overrides: the build's own key, which is the placeholder until the maintainer sets it.
    let mut app = TestApp::start("updates-not-configured", Options::default());
    assert_eq!(notice_state(&app), "none");
    let error = app.session.invoke("update_check", json!({})).unwrap_err();
    assert_eq!(error["code"], "updates_not_configured", "{error}");
    assert!(error["message"].as_str().unwrap().contains("release key"), "{error}");
    // The updater plugin's own commands are not granted to the page.
    let error = app.session.invoke("plugin:updater|check", json!({})).unwrap_err();
    assert!(error.as_str().unwrap_or_default().contains("not allowed"), "{error}");
    app.session.click_on("#nav-about");
    app.session.wait_for_text("#about-version", env!("CARGO_PKG_VERSION"));
    app.session.wait_for_text("#update-state[data-state='not-configured']", "without the project's release key");
    app.screenshot("about");
}
