//! The migration wizard end to end in the real window, against the Twilio emulator: the modify
//! path and the create path up to the login test, and resuming after the app was closed.

mod support;

use flex_sso_twilio_emulator::{defaults, Preset, SsoSetup};
use support::app::{Options, TestApp};
use support::flows::{app_against, emulator, sign_in, twilio_env};

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

fn click(app: &TestApp, css: &str) {
    app.session.click_on(css);
}

/// From the preflight report into step 1, answering the advisor's questions.
fn start_wizard(app: &mut TestApp) {
    app.session.wait_for_text("#preflight-verdict", "can move");
    click(app, "#start-migration");
    app.session.wait_for_text("#step-title", "Choose how to migrate");
    app.session.wait_for("#wizard-continue[disabled]");
    app.session.wait_for_text("#wizard-blockers", "Choose a setup type");
    // The preflight question was left unanswered: step 1 asks instead of assuming Twilio-hosted.
    app.session.wait_for("#where-flex-runs[data-answered='false']");
    app.session.wait_for_text("#self-hosting-unsure", "flex.twilio.com");
    app.session.wait_for("#wizard-blockers li[data-code='self_hosting_unanswered']");
    assert!(app.session.try_find("input[name='wizard-self-hosted']:checked").is_none(), "nothing is chosen for the admin");
    app.session.execute("document.getElementById('where-flex-runs').scrollIntoView({ block: 'center' });", serde_json::json!([])).unwrap();
    app.screenshot("where-flex-runs");
    click(app, "#wizard-self-hosted-no");
    app.session.wait_for("#where-flex-runs[data-answered='true']");
    app.session.wait_for("#wizard-self-hosted-no:checked");
    assert!(app.session.try_find("#wizard-blockers li[data-code='self_hosting_unanswered']").is_none());
}

/// Step 2: paste what the Console shows, pick Okta, tick the confirmations, check with Twilio.
fn update_idp(app: &mut TestApp, emulator: &flex_sso_twilio_emulator::EmulatorHandle, create_new: bool) {
    app.session.wait_for_text("#step-title", flex_sso_model::facts::twilio::STEP_UPDATE_IDP.text);
    app.session.type_text(&app.session.wait_for("#console-value"), &format!(" urn:flex:{JQ} "));
    app.session.wait_for_text("#pasted-result", JQ);
    let acs = app.session.wait_for_text("#new-acs-url-value", "login/callback?connection=");
    assert!(acs.ends_with(JQ), "{acs}");
    // One tile per identity provider until one is chosen; then only that one's name and labels.
    assert_eq!(app.session.execute("return document.querySelectorAll('.idp-tile').length;", serde_json::json!([])).unwrap(), serde_json::json!(6));
    if create_new {
        app.session.execute("document.getElementById('idp-picker').scrollIntoView({ block: 'center' });", serde_json::json!([])).unwrap();
        app.screenshot("idp-tiles");
    }
    click(app, "#idp-okta");
    app.session.wait_for_text("#idp-chosen[data-idp='okta']", "Okta");
    assert!(app.session.try_find(".idp-tile").is_none(), "the tiles go once an IdP is chosen");
    let guide = app.session.wait_for_text("#idp-guide", "Audience URI (SP Entity ID)");
    assert!(!guide.contains("Identifier (Entity ID)"), "no other IdP's labels: {guide}");
    if create_new {
        // Change brings the tiles back, the current choice marked.
        click(app, "#idp-change");
        app.session.wait_for(".idp-tile.chosen[data-idp='okta'][aria-pressed='true']");
        click(app, "#idp-okta");
        app.session.wait_for("#idp-chosen[data-idp='okta']");
    }
    assert!(guide.contains(if create_new { "Create a new SAML application" } else { "Open the SAML application Flex uses today" }), "{guide}");
    app.screenshot("update-idp");

    click(app, "#confirm-idp_values_updated");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    if create_new {
        app.session.wait_for_text("#wizard-blockers", "assigned to the new");
        click(app, "#confirm-users_assigned");
        app.session.wait_for("#confirm-users_assigned:checked");
    }
    // Before the Console saved it, Twilio lists nothing and the box stays for the admin to tick.
    click(app, "#check-connection");
    app.session.wait_for("#connection-check [data-state='missing']");
    app.session.wait_for("#confirm-saved_and_continued:not(:checked)");

    // The Console saved the new connection: Twilio now lists it, which proves Save and Continue:
    // the app ticks it.
    let mut scenario = emulator.scenario();
    scenario.sso = SsoSetup::NewSaved;
    scenario.connection_sid = Some(JQ.into());
    emulator.set_scenario(scenario);
    click(app, "#check-connection");
    app.session.wait_for_text("#connection-check [data-state='found']", JQ);
    app.session.wait_for("#confirm-saved_and_continued:checked");
    app.screenshot("connection-saved");
    click(app, "#wizard-continue:not([disabled])");
}

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
    let cert = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp/cert/idp.crt")).unwrap();
    let s = &app.session;
    s.click_on("#manual-entry > summary");
    s.type_text(&s.wait_for("#manual-issuer"), "http://www.okta.com/exk1234567890");
    s.type_text(&s.wait_for("#manual-sso-url"), "https://acme.okta.com/app/acme_flex/exk1234567890/sso/saml");
    s.execute("document.getElementById('manual-cert').value = arguments[0];", serde_json::json!([cert])).unwrap();
    click(&app, "#manual-save");
    app.session.wait_for_text("#idp-issuer-value", "exk1234567890");
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
