//! End to end, in the real app window (WebKitGTK under Xvfb, driven over WebDriver), with the
//! real Secret Service on a private D-Bus session.

mod support;

use serde_json::json;
use support::app::{Options, TestApp};

#[test]
fn the_welcome_screen_appears() {
    let mut app = TestApp::start("welcome", Options::default());
    let heading = app.session.wait_for_text("main h1", "Move Flex single sign-on");
    assert!(heading.contains("new connection"), "{heading}");
    app.session.wait_for_text(".app-version", env!("CARGO_PKG_VERSION"));
    assert_eq!(app.session.title(), "Flex SSO Migrator");
    // Not the sandbox: the banner stays hidden.
    let banner = app.session.wait_for("#sandbox-banner");
    assert_eq!(app.session.attribute(&banner, "hidden").as_deref(), Some("true"));
    app.screenshot("welcome");
}

#[test]
fn a_command_round_trips_from_the_page_to_rust_and_back() {
    let app = TestApp::start("command-round-trip", Options {
        env: vec![("FLEX_SSO_SANDBOX".into(), "1".into())],
        ..Options::default()
    });
    app.session.wait_for("main h1");
    let info = app
        .session
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('app_info').then(done, (e) => done({ failed: e }));",
            json!([]),
        )
        .unwrap();
    assert_eq!(info["name"], "Flex SSO Migrator");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["sandbox"], true, "the app saw the environment WebKitWebDriver passed on");
    app.session.wait_for("#sandbox-banner:not([hidden])");
}

#[test]
fn the_keyring_check_writes_reads_and_deletes_in_the_real_secret_service() {
    let mut app = TestApp::start("keyring-check", Options::default());
    let button = app.session.wait_for("#keyring-check");
    // The card comes after the account list has its answer, so the list cannot grow under the
    // pointer and take the click (CI once lost this click that way).
    let accounts = app.session.wait_for("#accounts");
    let listed = app.session.text(&accounts).unwrap();
    assert!(!listed.contains("Loading your accounts"), "the card was drawn before the list: {listed}");
    app.session.click(&button);
    let text = app.session.wait_for_text("#keyring-result[data-state]", "Secure storage");
    assert!(text.starts_with("Secure storage works (Secret Service)"), "{text}");
    app.screenshot("keyring-ok");
    // The app wrote a probe into the Secret Service and removed it: nothing of ours is left.
    let left = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(!left.contains("flex-sso-migrator"), "left in the keyring: {left}");
    // And the keyring really is the one the app used: an item written by another client is seen.
    let store = std::process::Command::new("secret-tool")
        .args(["store", "--label=e2e", "service", "e2e-witness", "username", "w"])
        .envs(app.bus.env())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"witness")?;
            child.wait()
        })
        .unwrap();
    assert!(store.success());
    assert!(app.bus.secret_tool_search("service", "e2e-witness").contains("e2e-witness"));
}

#[test]
fn without_a_keyring_the_app_says_so_in_plain_words() {
    let mut app = TestApp::start("keyring-missing", Options { keyring: false, ..Options::default() });
    let button = app.session.wait_for("#keyring-check");
    app.session.click(&button);
    let result = app.session.wait_for("#keyring-result[data-state='error']");
    let text = app.session.text(&result).unwrap();
    assert_eq!(app.session.attribute(&result, "data-code").as_deref(), Some("keyring_unavailable"), "{text}");
    assert!(text.contains("No secure storage is available"), "{text}");
    assert!(text.contains("GNOME Keyring or KWallet"), "{text}");
    app.screenshot("keyring-missing");
}
