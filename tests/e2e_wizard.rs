//! The migration wizard end to end in the real window, against the Twilio emulator: the modify
//! path and the create path up to the login test, and resuming after the app was closed.

mod support;

use flex_sso_twilio_emulator::{defaults, Preset};
use support::app::{Options, TestApp};
use support::flows::{app_against, emulator, sign_in, twilio_env};
use support::wizard::{click, enter_idp_by_hand, start_wizard, update_idp};

#[test]
fn modify_path_to_the_login_test_and_resume_after_closing() {
    let emulator = emulator(Preset::Eligible);
    // The data folder outlives the first app, as it does on a real computer.
    let data = tempfile::tempdir().unwrap();
    let options = || Options { env: twilio_env(&emulator), ..Options::default() };
    let mut app = TestApp::start_with_data("wizard-modify", options(), data.path());
    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    start_wizard(&mut app);
    click(&app, "#realtime_with_idp_admin-yes");
    click(&app, "#tolerate_failed_new_logins-yes");
    app.session.wait_for_text(".recommendation", "modify the existing connection");
    app.screenshot("select-type");
    click(&app, "#choose-modify_existing");
    app.session.wait_for("#choose-modify_existing[aria-pressed='true']");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &emulator, false);

    app.session.wait_for_text("#step-title", "Test a real login");
    app.session.wait_for_text("#wizard-blockers", "login");
    app.session.wait_for("#wizard-finish[disabled]");
    app.screenshot("validate");
    drop(app);

    // Progress was saved on every change: a new app on the same data resumes at the same step.
    let resumed = TestApp::start_with_data("wizard-modify-resumed", options(), data.path());
    resumed.session.wait_for("[data-profile='acme'] [data-action='continue']");
    click(&resumed, "[data-profile='acme'] [data-action='continue']");
    resumed.session.wait_for_text("#step-title", "Test a real login");
    resumed.session.wait_for_text(".step-count", "Step 3 of 3");
}

#[test]
fn create_path_asks_for_the_new_idp_data() {
    let emulator = emulator(Preset::Eligible);
    let mut app = app_against("wizard-create", &emulator);
    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    start_wizard(&mut app);
    click(&app, "#choose-create_new");
    app.session.wait_for_text(".step-count", "of 4");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &emulator, true);

    app.session.wait_for_text("#step-title", "Enter your identity provider");
    app.session.wait_for_text("#wizard-blockers", "X.509");
    // Typed in by hand (the metadata import has its own tests).
    enter_idp_by_hand(&app);
    // The certificate by name, expiry and fingerprint; its text only under Show.
    let summary = app.session.wait_for_text("#idp-cert-summary", "Flex SSO Migrator sandbox IdP (test only)");
    assert!(summary.contains("Valid until") && summary.contains("SHA-256 fingerprint"), "{summary}");
    let summary_element = app.session.wait_for("#idp-cert-summary");
    assert_eq!(app.session.attribute(&summary_element, "data-state").as_deref(), Some("ok"));
    assert!(app.session.try_find("#idp-cert-cautions").is_none());
    let shown = |app: &TestApp| app.session.execute("return document.getElementById('idp-cert-show').open;", serde_json::json!([])).unwrap();
    assert_eq!(shown(&app), serde_json::json!(false), "the PEM shows only when asked");
    app.screenshot("idp-data");
    click(&app, "#idp-cert-show > summary");
    app.session.wait_for_text("#idp-cert-value", "BEGIN CERTIFICATE");
    assert_eq!(shown(&app), serde_json::json!(true));
    click(&app, "#confirm-idp_data_saved");
    click(&app, "#wizard-continue:not([disabled])");
    app.session.wait_for_text("#step-title", "Test a real login");
    app.session.wait_for_text(".step-count", "Step 4 of 4");
}
