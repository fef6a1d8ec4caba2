//! End to end in the real window: add a Twilio account, sign in (credentials into the real
//! Secret Service), see the preflight report against the Twilio emulator, forget the credentials.

mod support;

use flex_sso_twilio_emulator::{defaults, Preset};
use support::app::TestApp;
use support::flows::{app_against, emulator};

fn sign_in(app: &mut TestApp, token: &str) {
    let s = &app.session;
    s.click_on("#add-account");
    s.type_text(&s.wait_for("#profile-name"), "Acme Support");
    let (head, last) = defaults::ACCOUNT_SID.split_at(33);
    s.type_text(&s.wait_for("#account-sid"), head); // one character short
    s.wait_for_text("#account-sid-message", "this has 33");
    s.type_text(&s.wait_for("#account-sid"), last);
    s.wait_for("#account-sid[aria-invalid='false']");
    s.type_text(&s.wait_for("#auth-token"), token);
    app.screenshot("sign-in-filled");
    let s = &app.session;
    s.click_on("#sign-in-submit");
}

#[test]
fn add_an_account_check_it_and_forget_its_credentials() {
    let emulator = emulator(Preset::Eligible);
    let mut app = app_against("accounts", &emulator);
    app.session.wait_for_text("main h1", "Move Flex single sign-on");
    app.screenshot("empty-home");
    sign_in(&mut app, defaults::AUTH_TOKEN);

    let verdict = app.session.wait_for_text("#preflight-verdict", "can move to the new single sign-on");
    assert!(verdict.contains("accepted your credentials"), "{verdict}");
    app.session.wait_for_text("#flex-ui-version", "2.8");
    app.session.wait_for_text("#sso-state", "Legacy connection only");
    app.screenshot("preflight-ready");

    // The answer to "self-hosted?" is remembered.
    let s = &app.session;
    s.click_on("#self-hosted-no");
    s.wait_for_text("#preflight-body [role='status']", "Saved.");

    // Credentials are in the real keyring, and only there.
    let found = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(found.contains("profile/acme-support"), "{found}");
    assert!(!std::fs::read_dir(app.data_dir()).unwrap().any(|e| {
        let path = e.unwrap().path();
        path.is_file() && std::fs::read_to_string(&path).unwrap_or_default().contains(defaults::AUTH_TOKEN)
    }));

    s.click_on("#nav-home");
    let card = s.wait_for_text("[data-profile='acme-support'] .credential-line", "saved (Auth Token) in this computer's keyring");
    assert!(card.contains("Twilio accepted them at the last check"), "{card}");
    app.screenshot("home-signed-in");
    let s = &app.session;
    s.click_on("[data-profile='acme-support'] [data-action='forget']");
    s.wait_for_text("[data-profile='acme-support'] .credential-line", "No credentials saved");
    let left = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(!left.contains("profile/acme-support"), "{left}");
    app.screenshot("home-forgotten");
}

#[test]
fn an_old_flex_ui_and_refused_credentials_are_explained() {
    let emulator = emulator(Preset::NotEligible);
    let mut app = app_against("preflight-problems", &emulator);
    sign_in(&mut app, defaults::AUTH_TOKEN);
    app.session.wait_for_text("#preflight-verdict", "Not ready yet");
    app.session.wait_for_text("#flex-eligibility", "2.7");
    app.session.wait_for_text("#preflight-body", "Upgrade Flex UI first");
    app.screenshot("not-eligible");

    // Say the token was rotated in the Console meanwhile: Twilio now refuses it.
    emulator.set_preset(Preset::WrongCredentials);
    let s = &app.session;
    s.click_on("#preflight-again");
    s.wait_for("#preflight-problems [data-code='wrong_credentials']");
    // Nothing was read with refused credentials: the Flex facts say "Not checked", and the problem
    // is said once, with the button that does what it asks.
    s.wait_for_text("#flex-ui-version", "Not checked");
    let page = s.text(&s.wait_for("#preflight-body")).unwrap();
    assert_eq!(page.matches("Copy the Account SID and Auth Token again").count(), 1, "{page}");
    assert!(!page.contains("paste them here"), "{page}");
    app.screenshot("wrong-credentials");
    // The home card no longer says the account is signed in.
    let s = &app.session;
    s.click_on("#nav-home");
    s.wait_for_text("[data-profile='acme-support'] .credential-line[data-accepted='false']", "Twilio refused them at the last check");
    s.click_on("[data-profile='acme-support'] [data-action='sign-in']");
    s.wait_for("#sign-in-form");
}

#[test]
fn without_a_keyring_sign_in_says_so_and_offers_this_session_only() {
    let emulator = emulator(Preset::Eligible);
    let mut env = support::flows::twilio_env(&emulator);
    env.push(("FLEX_SSO_LOG".into(), "info".into()));
    let mut app = TestApp::start("no-keyring", support::app::Options { keyring: false, env, ..Default::default() });
    support::flows::sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    let s = &app.session;
    let error = s.wait_for_text("#sign-in-form [data-code='keyring_unavailable']", "No secure storage is available");
    assert!(error.contains("Keep for this session only"), "{error}");
    s.wait_for("#session-only");
    app.screenshot("keyring-unavailable");
    let s = &app.session;
    s.click_on("#session-only");
    s.click_on("#sign-in-submit");
    s.wait_for_text("#preflight-verdict", "can move");
    s.click_on("#nav-home");
    s.wait_for_text("[data-profile='acme'] .credential-line", "for this session only");
    app.screenshot("session-only");
}
