//! End to end, the Health page through a real key rotation of the practice IdP: the real app on
//! the practice sandbox (SimpleSAMLphp, the Flex login emulator, the Twilio emulator). The
//! account's step 3 saved the IdP's certificate, entered by hand; the admin gives the metadata
//! address on the Health page and sees "agree". Then the IdP announces a second signing key,
//! and the page shows it with the rotation steps; the IdP switches to it, and the page says to
//! paste the new certificate into Flex, while a test user's login is refused by Flex. Once the
//! new certificate is in Flex (the sandbox's control route stands in for the Console) and the
//! admin tells the app, the page agrees again and the same user signs in.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::app::{Options, TestApp};
use support::login_window;
use support::sandbox::{connection_sid, practice_profile, walk_to_validate, LoginSandbox};
use support::wait;

const CURRENT_CERT: &str = include_str!("fixtures/idp/cert/idp.crt");
const NEXT_CERT: &str = include_str!("fixtures/idp/cert/idp-next.crt");

fn sha256(pem: &str) -> String {
    let certificates = flex_sso_certificate::parse_text(pem).unwrap();
    certificates[0].sha256_fingerprint().to_owned()
}

fn invoke(app: &TestApp, command: &str, args: Value) -> Value {
    app.session.invoke(command, args).unwrap_or_else(|e| panic!("{command}: {e}"))
}

/// The sandbox's control route (what a test drives beside the app): the IdP's rotation stage,
/// or the certificate the Flex login emulator trusts.
fn control(sandbox: &LoginSandbox, route: &str, body: &str) -> Value {
    let url = format!("{}/{route}", sandbox.vars["FLEX_SSO_SANDBOX_CONTROL_URL"]);
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let answer = client.post(&url).body(body.to_owned()).send().unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = answer.status();
    let text = answer.text().unwrap();
    assert!(status.is_success(), "{url}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

fn headline(app: &TestApp) -> String {
    app.session.text(&app.session.wait_for("#health-headline")).unwrap()
}

/// The page after a check whose headline holds `needle` (each check draws the page anew).
fn wait_for_headline(app: &TestApp, status: &str, needle: &str) -> String {
    app.session.wait_for(&format!("#health-body[data-status='{status}']:not([aria-busy])"));
    app.session.wait_for_text("#health-headline", needle)
}

fn read_again(app: &TestApp) {
    app.session.click_on("#health-read-again");
}

/// One login of `user` through the role checklist (its own private window), and its row's state.
fn sign_in_through_checklist(app: &TestApp, user: &str, password: &str) -> String {
    let s = &app.session;
    s.click_on("#role-check-start:not([disabled])");
    let attempt =
        s.attribute(&s.wait_for(&format!("#role-check-instruction[data-user='{user}']")), "data-attempt").unwrap();
    wait::until("the IdP's sign-in form", Duration::from_secs(40), || {
        let view = s.invoke("login_check_status", json!({ "attemptId": attempt.parse::<u64>().unwrap() })).ok()?;
        (view["waiting_at_idp"] == true && view["page_title"].as_str().is_some_and(|t| t.contains("username and password"))).then_some(())
    });
    login_window::type_credentials(app, user, password);
    let row = s.wait_for(&format!("#role-check-results tr[data-user='{user}'][data-attempt='{attempt}']"));
    s.wait_for("#role-checklist[data-state='idle']");
    s.attribute(&row, "data-state").unwrap()
}

fn screenshot_at(app: &mut TestApp, step: &str, css: &str) {
    app.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;", json!([css])).unwrap();
    app.screenshot(step);
}

#[test]
fn the_health_page_follows_a_key_rotation_from_announced_to_pasted() {
    let sid = connection_sid("ok");
    let sandbox = LoginSandbox::start(&sid);
    let data = tempfile::tempdir().unwrap();
    let options = Options { env: sandbox.app_env(&[]), ..Options::default() };
    let mut app = TestApp::start_with_data("health", options, data.path());
    app.session.wait_for("#sandbox-banner:not([hidden])");
    let profile = practice_profile(&app);
    let (current, next) = (sha256(CURRENT_CERT), sha256(NEXT_CERT));
    // Step 3 as an admin did it weeks ago: the IdP's values typed in by hand, no metadata address.
    invoke(&app, "metadata_save", json!({ "profileId": profile, "values": {
        "issuer": sandbox.vars["FLEX_SSO_IDP_ENTITY_ID"], "sso_url": sandbox.vars["FLEX_SSO_IDP_SSO_URL"],
        "certificates": [CURRENT_CERT], "source": "manual" } }));
    // The migration stands at its step 4 (so a checklist login that counted as step 4's check
    // would show in it).
    walk_to_validate(&app, &profile, &sid, false);

    // Home: the certificate's line, then the Health page.
    app.session.execute("import('./router.js').then((m) => m.showScreen('home')); return true;", json!([])).unwrap();
    let line = app.session.wait_for_text("[data-profile='practice-sandbox'] .certificate-line[data-needs-admin='false']", "Sign-in certificate in Flex valid until");
    assert!(line.contains("days left"), "{line}");
    app.session.click_on("[data-profile='practice-sandbox'] [data-action='health']");
    let text = wait_for_headline(&app, "could_not_check", "give your IdP's metadata");
    assert!(text.starts_with("Could not check"), "{text}");
    app.session.wait_for(&format!(".health-cert[data-sha256='{current}'][data-configured='true']"));
    app.session.wait_for("#health-expiry[data-level='none']");
    screenshot_at(&mut app, "no-metadata-yet", "#health-title");

    // A wrong address is refused with the reason; the right one is read at once.
    let input = app.session.wait_for("#health-metadata-url");
    app.session.type_text(&input, "not a web address");
    app.session.click_on("#health-metadata-url-save");
    app.session.wait_for("#health-metadata-url-message [data-code='health_metadata_url_invalid'], #health-metadata-url-message .problem");
    app.session.execute("document.querySelector('#health-metadata-url').value = ''; return true;", json!([])).unwrap();
    app.session.type_text(&app.session.wait_for("#health-metadata-url"), &sandbox.vars["FLEX_SSO_IDP_METADATA_URL"]);
    app.session.click_on("#health-metadata-url-save:not([disabled])");
    let agree = wait_for_headline(&app, "healthy", "Flex and your IdP agree");
    assert!(agree.contains(&current), "{agree}");
    app.session.wait_for(&format!(".health-cert[data-sha256='{current}'][data-configured='true'][data-announced='false']"));
    assert!(app.session.try_find("#health-rotation").is_none(), "no rotation while the IdP has one key");
    screenshot_at(&mut app, "healthy", "#health-title");

    // The IdP announces its next key: both are listed, the current one still signs.
    let stage = control(&sandbox, "idp-rotation", "announced");
    assert_eq!(stage["stage"], "announced", "{stage}");
    read_again(&app);
    app.session.wait_for(&format!(".health-cert[data-sha256='{next}'][data-announced='true'][data-configured='false']"));
    let announced = headline(&app);
    assert!(announced.contains("announces a new signing certificate") && announced.contains(&next), "{announced}");
    let rotation = app.session.text(&app.session.wait_for("#health-rotation")).unwrap();
    assert!(rotation.contains("Changing to the new certificate"), "{rotation}");
    let steps = app.session.execute("return document.querySelectorAll('#health-rotation .health-steps li').length;", json!([])).unwrap();
    assert!(steps.as_u64().unwrap() >= 2, "the steps in order: {rotation}");
    screenshot_at(&mut app, "rotation-announced", "#health-summary");
    screenshot_at(&mut app, "rotation-steps", "#health-rotation");

    // The IdP switches: its metadata lists only the new key and it signs with it.
    control(&sandbox, "idp-rotation", "rotated");
    read_again(&app);
    let rotated = wait_for_headline(&app, "action_needed", "no longer lists the certificate Flex has");
    assert!(rotated.contains(&next) && rotated.contains("Users and access"), "{rotated}");
    app.session.wait_for(&format!(".health-cert[data-sha256='{next}'] [id$='-copy']"));
    screenshot_at(&mut app, "rotated-paste-now", "#health-title");
    // The home screen says the same, in its warning colour, without the admin opening the page.
    app.session.click_on("#health-home");
    let home = app.session.wait_for_text(
        "[data-profile='practice-sandbox'] .certificate-line.problem[data-needs-admin='true'][data-status='action_needed']",
        "no longer lists the certificate Flex has",
    );
    assert!(home.contains(&next), "{home}");
    screenshot_at(&mut app, "home-paste-now", "[data-profile='practice-sandbox']");
    app.session.click_on("[data-profile='practice-sandbox'] [data-action='health']");
    wait_for_headline(&app, "action_needed", "no longer lists the certificate Flex has");

    // A test user's login now fails at Flex, and the page names the certificate that signed it.
    let roles = &app.session;
    roles.type_text(&roles.wait_for("#role-user-input:not([disabled])"), "agent");
    roles.click_on("#role-user-add");
    roles.wait_for("#role-users li[data-user='agent']");
    let refused = sign_in_through_checklist(&app, "agent", "agent-pass");
    assert_ne!(refused, "signed_in", "Flex still trusts only the old certificate");
    read_again(&app);
    let signed = wait_for_headline(&app, "action_needed", "Your IdP now signs with a new certificate");
    assert!(signed.contains(&next) && signed.contains("or agents cannot sign in"), "{signed}");
    app.session.wait_for(&format!(".health-cert[data-sha256='{next}'][data-signing='true']"));
    // The migration is untouched by the checklist's login (it records only the journal).
    let view = invoke(&app, "migration_get", json!({ "profileId": profile }));
    assert_eq!(view["current_step"], "validate", "{view}");
    assert!(view["state"]["login_check"].is_null(), "{}", view["state"]);
    screenshot_at(&mut app, "signed-by-new-certificate", "#health-title");

    // The admin pastes the new certificate into Flex (here: the emulator's control route) and
    // tells the app which one it is.
    control(&sandbox, "flex-certificate", NEXT_CERT);
    app.session.click_on("#health-configured > summary");
    app.session.execute("document.getElementById('health-configured-text').value = arguments[0]; return true;", json!([NEXT_CERT])).unwrap();
    app.session.click_on("#health-configured-save");
    let fixed = wait_for_headline(&app, "healthy", "Flex and your IdP agree");
    assert!(fixed.contains(&next), "{fixed}");
    app.session.wait_for(&format!(".health-cert[data-sha256='{next}'][data-configured='true']"));
    let signed_in = sign_in_through_checklist(&app, "agent", "agent-pass");
    assert_eq!(signed_in, "signed_in");
    read_again(&app);
    let proven = wait_for_headline(&app, "healthy", "your IdP signs with the certificate Flex has");
    assert!(proven.contains(&next), "{proven}");
    screenshot_at(&mut app, "fixed", "#health-title");

    // The journal keeps what the admin said they pasted, by fingerprint.
    let json = invoke(&app, "journal_export", json!({ "profileId": profile, "format": "json" }));
    let entries: Vec<Value> = serde_json::from_str(json.as_str().unwrap()).unwrap();
    assert!(
        entries.iter().any(|e| e["data"]["what"] == "configured_certificate" && e["data"]["sha256"] == next.as_str()),
        "{entries:#?}"
    );
    // And the home screen's line is about the new certificate, calm again.
    app.session.click_on("#health-home");
    app.session.wait_for("[data-profile='practice-sandbox'] .certificate-line[data-needs-admin='false'][data-status='healthy']");
}
