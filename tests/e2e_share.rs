//! Files for someone else, saved through the app's real window and the system's save dialog on
//! the practice sandbox: the handoff pack at step 2, the support trace of a real login at step 4
//! (previewed with personal data hidden, then saved), and after Finish the change record and the
//! calendar reminder. Each file is read back from disk.

mod support;

use flex_sso_twilio_emulator::SsoSetup;
use serde_json::Value;
use support::app::{Options, TestApp};
use support::login_window;
use support::sandbox::{connection_sid, LoginSandbox};
use support::save_dialog::save_as;

fn click(app: &TestApp, css: &str) {
    app.session.click_on(css);
}

/// The practice IdP's users: nothing personal of any of them may be in a trace.
fn sandbox_people() -> Vec<String> {
    let users: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp/sandbox.json")).unwrap()).unwrap();
    users["users"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| [u["email"].as_str().unwrap().to_owned(), u["full_name"].as_str().unwrap().to_owned()])
        .collect()
}

#[test]
fn a_pack_a_trace_a_change_record_and_a_reminder_are_saved_through_the_app() {
    let sid = connection_sid("ok");
    let sandbox = LoginSandbox::start(&sid);
    let mut app = TestApp::start("share", Options { env: sandbox.app_env(&[]), ..Options::default() });
    let out = tempfile::tempdir().unwrap();
    app.session.wait_for("#sandbox-banner:not([hidden])");
    click(&app, "[data-profile='practice-sandbox'] [data-action='check']");
    app.session.wait_for_text("#preflight-verdict", "can move");
    click(&app, "#start-migration");
    click(&app, "#choose-modify_existing");
    click(&app, "#wizard-continue:not([disabled])");

    // Step 2: the pack for the IdP administrator, with Okta's own labels.
    app.session.wait_for_text("#step-title", flex_sso_model::facts::twilio::STEP_UPDATE_IDP.text);
    app.session.type_text(&app.session.wait_for("#console-value"), &format!("urn:flex:{sid}"));
    app.session.wait_for_text("#pasted-result", &sid);
    click(&app, "#idp-okta");
    app.session.wait_for_text("#handoff[data-setup='modify'] h2", "Okta administrator");
    app.session.wait_for("#handoff-copy");
    scroll_to(&app, "#handoff");
    app.screenshot("handoff-card");
    click(&app, "#handoff-save");
    let pack = out.path().join("pack.html");
    save_as(&app, "Save the handoff pack for your IdP administrator", &pack);
    app.session.wait_for_text("#handoff-status [data-state='saved']", "pack.html");
    let html = std::fs::read_to_string(&pack).unwrap();
    assert!(html.contains(&format!("urn:flex:{sid}")), "the new Entity ID is in the pack");
    assert!(html.contains("Audience URI (SP Entity ID)"), "under Okta's own label");
    assert!(html.contains("It replaces https://iam.twilio.com/v1/Accounts/"), "the value it replaces");
    assert!(!html.contains(out.path().to_str().unwrap()), "the folder is not written into the file");
    let page = app.session.text(&app.session.wait_for("main")).unwrap();
    assert!(!page.contains(out.path().to_str().unwrap()), "the page saw only the file's name");

    click(&app, "#confirm-idp_values_updated");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    click(&app, "#confirm-saved_and_continued");
    app.session.wait_for("#confirm-saved_and_continued:checked");
    let mut scenario = sandbox.twilio.scenario();
    scenario.sso = SsoSetup::NewSaved;
    sandbox.twilio.set_scenario(scenario);
    click(&app, "#wizard-continue:not([disabled])");

    // Step 4: a real login, then its trace.
    app.session.wait_for_text("#step-title", "Test a real login");
    click(&app, "#login-check-open:not([disabled])");
    app.session.wait_for("li.phase.current[data-phase='idp_sign_in']");
    app.session.wait_for_text("#login-check-page-title", "username and password");
    login_window::type_credentials(&app, "agent", "agent-pass");
    app.session.wait_for("#login-check-verdict[data-status='success']");
    click(&app, "#trace-open");
    let preview = app.session.wait_for_text("#trace-preview", "[NameID]");
    for person in sandbox_people() {
        assert!(!preview.contains(&person), "the preview shows {person}:\n{preview}");
    }
    assert!(preview.contains("roles | agent"), "roles stay: {preview}");
    assert!(preview.contains("Flex used the new connection"), "{preview}");
    app.session.wait_for("#trace-reveal-name");
    scroll_to(&app, "#trace");
    app.screenshot("trace-preview");
    // Showing names on purpose changes the preview; hiding them again restores it.
    click(&app, "#trace-reveal-name");
    app.session.wait_for_text("#trace-preview", "Ada Agent");
    click(&app, "#trace-reveal-name");
    let hidden_again = wait_until_hidden(&app, "Ada Agent");
    assert!(hidden_again.contains("[name 1]"));
    click(&app, "#trace-save-json");
    let trace = out.path().join("trace.json");
    save_as(&app, "Save the trace for support", &trace);
    app.session.wait_for_text("#trace-status [data-state='saved']", "trace.json");
    let saved = std::fs::read_to_string(&trace).unwrap();
    for person in sandbox_people() {
        assert!(!saved.contains(&person), "the saved trace holds {person}");
    }
    let json: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(json["format"], "flex-sso-migrator/trace");
    assert_eq!(json["kind"], "login_check");
    assert_eq!(json["summary"]["name_id"], "[NameID]");
    assert!(json["timeline"].as_array().is_some_and(|t| !t.is_empty()), "the timeline is in the trace");
    assert!(json["revealed"].as_array().is_some_and(|r| r.is_empty()), "nothing was left shown");

    // After Finish: the change record and the reminder.
    click(&app, "#wizard-finish:not([disabled])");
    app.session.wait_for_text("#step-title", "Migration finished");
    app.session.wait_for("#reminder-save");
    scroll_to(&app, "#records");
    app.screenshot("finished-records");
    click(&app, "#journal-save-html");
    let record = out.path().join("record.html");
    save_as(&app, "Save the change record", &record);
    app.session.wait_for_text("#records-status [data-state='saved']", "record.html");
    let record = std::fs::read_to_string(&record).unwrap();
    assert!(record.contains("Login check succeeded"), "the login check is in the change record");
    assert!(record.contains(&sid), "public values (the connection ID) are in the change record");

    click(&app, "#reminder-save");
    let ics = out.path().join("reminder.ics");
    save_as(&app, "Save a calendar reminder", &ics);
    app.session.wait_for_text("#records-status [data-state='saved']", "reminder.ics");
    let ics = std::fs::read_to_string(&ics).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("BEGIN:VALARM"), "{ics}");
}

fn scroll_to(app: &TestApp, css: &str) {
    app.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })", serde_json::json!([css])).unwrap();
}

/// The preview once it no longer shows `text`.
fn wait_until_hidden(app: &TestApp, text: &str) -> String {
    support::wait::until("the preview to hide the value again", std::time::Duration::from_secs(20), || {
        let preview = app.session.text(&app.session.wait_for("#trace-preview")).ok()?;
        (!preview.contains(text)).then_some(preview)
    })
}
