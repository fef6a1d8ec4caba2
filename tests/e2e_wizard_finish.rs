//! Both migration paths from sign-in to Finish, and both ways of switching back, in the real
//! window on the practice sandbox: the Twilio emulator, SimpleSAMLphp and the Flex login emulator.
//! The test login is a real one, typed into step 4's private window as a person would.

mod support;

use flex_sso_twilio_emulator::SsoSetup;
use support::app::{Options, TestApp};
use support::login_window;
use support::sandbox::{connection_sid, LoginSandbox};

fn click(app: &TestApp, css: &str) {
    app.session.click_on(css);
}

/// The practice account is ready on the home screen: check it and start the migration.
fn start(app: &mut TestApp) {
    click(app, "[data-profile='practice-sandbox'] [data-action='check']");
    app.session.wait_for_text("#preflight-verdict", "can move");
    click(app, "#start-migration");
    app.session.wait_for(".option-card");
}

/// Step 2 with the sandbox's connection, the generic SAML IdP, the confirmations and Twilio's
/// answer that the connection is saved.
fn update_idp(app: &mut TestApp, sandbox: &LoginSandbox, sid: &str, create_new: bool) {
    // (The sandbox IdP stands in for the admin's; Okta's labels show how the guide follows the choice.)
    app.session.wait_for_text("#step-title", flex_sso_model::facts::twilio::STEP_UPDATE_IDP.text);
    // Practice mode says what the absent Console would show.
    app.session.wait_for_text("#practice-note", &format!("urn:flex:{sid}"));
    app.session.type_text(&app.session.wait_for("#console-value"), &format!("urn:flex:{sid}"));
    app.session.wait_for_text("#pasted-result", sid);
    click(app, "#idp-okta");
    app.session.wait_for("#idp-chosen[data-idp='okta']");
    click(app, "#confirm-idp_values_updated");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    if create_new {
        click(app, "#confirm-users_assigned");
        app.session.wait_for("#confirm-users_assigned:checked");
    }
    click(app, "#confirm-saved_and_continued");
    app.session.wait_for("#confirm-saved_and_continued:checked");
    let mut scenario = sandbox.twilio.scenario();
    scenario.sso = SsoSetup::NewSaved;
    sandbox.twilio.set_scenario(scenario);
    click(app, "#check-connection");
    app.session.wait_for("#connection-check [data-state='found']");
    click(app, "#wizard-continue:not([disabled])");
}

/// Step 4: a real login as `agent`, then Finish.
fn validate_and_finish(app: &mut TestApp, name: &str) {
    app.session.wait_for_text("#step-title", "Test a real login");
    app.session.wait_for("#wizard-finish[disabled]");
    click(app, "#login-check-open:not([disabled])");
    // Type only once the IdP's form is there, as a person would.
    app.session.wait_for("li.phase.current[data-phase='idp_sign_in']");
    app.session.wait_for_text("#login-check-page-title", "username and password");
    login_window::type_credentials(app, "agent", "agent-pass");
    app.session.wait_for("#login-check-verdict[data-status='success']");
    login_window::screenshot(app, &support::app::screenshot_dir().join(format!("{name}-login-window.png")));
    app.screenshot("login-succeeded");
    click(app, "#wizard-finish:not([disabled])");
    app.session.wait_for_text("#step-title", "Migration finished");
    app.session.wait_for_text("#switch-back-window", "30 days from now");
    // What is in use is said from what was checked: the last login went through the new
    // connection (its sign-in request said so); Twilio's list shows the connection but not
    // whether it is active (the sandbox's list has only the confirmed fields).
    app.session.wait_for_text("#status-login[data-state='yes']", "Flex used the new connection");
    app.session.wait_for_text("#status-twilio[data-state='unknown']", "does not say which connection is active");
    let page = app.session.text(&app.session.wait_for("main")).unwrap();
    assert!(!page.contains("Your agents now sign in"), "no outcome stated on trust: {page}");
    app.screenshot("finished");
}

fn practice_app(name: &str, sandbox: &LoginSandbox) -> TestApp {
    let app = TestApp::start(name, Options { env: sandbox.app_env(&[]), ..Options::default() });
    app.session.wait_for("#sandbox-banner:not([hidden])");
    app
}

#[test]
fn modify_path_finishes_and_switches_back_through_the_revert_page() {
    let sid = connection_sid("ok");
    let sandbox = LoginSandbox::start(&sid);
    let mut app = practice_app("finish-modify", &sandbox);
    start(&mut app);
    click(&app, "#choose-modify_existing");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &sandbox, &sid, false);
    validate_and_finish(&mut app, "finish-modify");

    // Switch back: the legacy values go back to the IdP, the Console's box, Switch connection.
    click(&app, "#start-switch-back");
    app.session.wait_for_text("#legacy-values", "Audience URI (SP Entity ID)");
    let legacy = app.session.wait_for_text("#legacy-entity-id-value", "https://iam.twilio.com/v1/Accounts/");
    assert!(legacy.contains(&sandbox.vars["FLEX_SSO_SANDBOX_ACCOUNT_SID"]), "{legacy}");
    app.session.wait_for("#switch-connection[disabled]");
    // The outage is said where it happens: the legacy values in the IdP break new logins until the switch.
    app.session.wait_for_text("#revert-outage", "new logins fail until");
    app.screenshot("revert-page");
    click(&app, "#confirm-legacy");
    click(&app, "#switch-connection:not([disabled])");
    app.session.wait_for_text("#way-forward", "complete the migration steps again");
    app.session.wait_for("#connection-status #status-twilio");
    app.screenshot("reverted");
    click(&app, "#start-again");
    app.session.wait_for_text("#step-title", "Choose how to migrate");
    app.session.wait_for("#choose-modify_existing[aria-pressed='true']");
}

#[test]
fn create_path_finishes_and_switches_to_legacy_and_back() {
    let sid = connection_sid("ok");
    let sandbox = LoginSandbox::start(&sid);
    let mut app = practice_app("finish-create", &sandbox);
    start(&mut app);
    click(&app, "#choose-create_new");
    click(&app, "#wizard-continue:not([disabled])");
    update_idp(&mut app, &sandbox, &sid, true);

    // Step 3: the sandbox IdP's values typed in, certificate included.
    app.session.wait_for_text("#step-title", "Enter your identity provider");
    click(&app, "#manual-entry > summary");
    let s = &app.session;
    s.type_text(&s.wait_for("#manual-issuer"), &sandbox.vars["FLEX_SSO_IDP_ENTITY_ID"]);
    s.type_text(&s.wait_for("#manual-sso-url"), &sandbox.vars["FLEX_SSO_IDP_SSO_URL"]);
    let cert = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp/cert/idp.crt")).unwrap();
    s.execute("document.getElementById('manual-cert').value = arguments[0];", serde_json::json!([cert])).unwrap();
    click(&app, "#manual-save");
    app.session.wait_for_text("#idp-issuer-value", &sandbox.vars["FLEX_SSO_IDP_ENTITY_ID"]);
    click(&app, "#confirm-idp_data_saved");
    click(&app, "#wizard-continue:not([disabled])");
    validate_and_finish(&mut app, "finish-create");
    // With the IdP's certificate known, the login's signatures were verified against it.
    let journal = app.session.text(&app.session.wait_for("#journal-text-value")).unwrap_or_default();
    assert!(journal.contains("Login check"), "{journal}");

    // Both connections are saved: one Confirm switches, and the way forward is one link.
    click(&app, "#start-switch-back");
    app.session.wait_for_text("#step-title", "Switch back to the legacy connection");
    app.screenshot("switch-dialog");
    click(&app, "#confirm-switch");
    app.session.wait_for("#switch-to-oauth");
    app.session.wait_for("#connection-status #status-twilio");
    app.screenshot("legacy-active");
    click(&app, "#switch-to-oauth");
    app.session.wait_for_text("#step-title", "Switch back to the new connection");
    click(&app, "#confirm-switch");
    app.session.wait_for_text("#step-title", "Migration finished");
}
