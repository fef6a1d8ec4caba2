//! The wizard's steps as the end-to-end tests walk them in the real window, against the Twilio
//! emulator (shared by the wizard, leak and crash tests).

use flex_sso_twilio_emulator::SsoSetup;

use super::app::TestApp;

pub const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

pub fn click(app: &TestApp, css: &str) {
    app.session.click_on(css);
}

/// From the preflight report into step 1, answering the advisor's questions.
pub fn start_wizard(app: &mut TestApp) {
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
pub fn update_idp(app: &mut TestApp, emulator: &flex_sso_twilio_emulator::EmulatorHandle, create_new: bool) {
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

/// Step 1 on the modify path: the advisor's two answers and the choice (not yet Continue).
pub fn choose_modify(app: &TestApp) {
    click(app, "#realtime_with_idp_admin-yes");
    click(app, "#tolerate_failed_new_logins-yes");
    app.session.wait_for_text(".recommendation", "modify the existing connection");
    click(app, "#choose-modify_existing");
    app.session.wait_for("#choose-modify_existing[aria-pressed='true']");
}

/// The create path's "Enter your identity provider" step, typed in by hand (the sandbox IdP's
/// certificate), ticked and continued to the login test.
pub fn enter_idp_by_hand_and_continue(app: &TestApp) {
    enter_idp_by_hand(app);
    click(app, "#confirm-idp_data_saved");
    click(app, "#wizard-continue:not([disabled])");
    app.session.wait_for_text("#step-title", "Test a real login");
}

/// The create path's "Enter your identity provider" step: the IdP's values typed in by hand (the
/// sandbox IdP's certificate) and saved.
pub fn enter_idp_by_hand(app: &TestApp) {
    app.session.wait_for_text("#step-title", "Enter your identity provider");
    let cert = std::fs::read_to_string(super::repo_path("tests/fixtures/idp/cert/idp.crt")).unwrap();
    let s = &app.session;
    s.click_on("#manual-entry > summary");
    s.type_text(&s.wait_for("#manual-issuer"), "http://www.okta.com/exk1234567890");
    s.type_text(&s.wait_for("#manual-sso-url"), "https://acme.okta.com/app/acme_flex/exk1234567890/sso/saml");
    s.execute("document.getElementById('manual-cert').value = arguments[0];", serde_json::json!([cert])).unwrap();
    click(app, "#manual-save");
    app.session.wait_for_text("#idp-issuer-value", "exk1234567890");
}
