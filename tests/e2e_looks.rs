//! How the app looks where admins use it: the smallest supported window (900x640) in the dark
//! theme. Every screen must fit the width (no sideways scrolling) and follow the OS theme.

mod support;

use flex_sso_twilio_emulator::{defaults, Preset};
use support::app::{Options, TestApp};
use support::flows::{emulator, sign_in, twilio_env};

fn fits_the_width(app: &TestApp) {
    let overflow = app
        .session
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", serde_json::json!([]))
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "the page scrolls sideways by {overflow}px");
}

#[test]
fn small_window_dark_theme() {
    let emulator = emulator(Preset::Eligible);
    let mut env = twilio_env(&emulator);
    env.push(("GTK_THEME".into(), "Adwaita:dark".into()));
    let mut app = TestApp::start("looks-dark-900", Options { env, ..Options::default() });
    app.session.set_window_size(900, 640);
    app.session.wait_for_text("main h1", "Move Flex single sign-on");
    let width = app.session.execute("return window.innerWidth;", serde_json::json!([])).unwrap();
    assert!(width.as_i64().unwrap() <= 900, "window is {width} wide");
    // The dark palette is in use (--bg of the dark theme).
    let background = app.session.execute("return getComputedStyle(document.body).backgroundColor;", serde_json::json!([])).unwrap();
    assert_eq!(background, "rgb(20, 23, 28)");
    fits_the_width(&app);
    app.screenshot("home");

    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    app.session.wait_for_text("#preflight-verdict", "can move");
    fits_the_width(&app);
    app.screenshot("preflight");
    app.session.click_on("#start-migration");
    app.session.wait_for(".option-card");
    fits_the_width(&app);
    app.screenshot("select-type");
    app.session.click_on("#wizard-self-hosted-no");
    app.session.wait_for("#where-flex-runs[data-answered='true']");
    app.session.click_on("#choose-modify_existing");
    app.session.click_on("#wizard-continue:not([disabled])");
    app.session.wait_for("#console-value");
    app.session.type_text(&app.session.wait_for("#console-value"), "urn:flex:JQ0123456789abcdef0123456789abcdef");
    app.session.click_on("#idp-azure_ad");
    app.session.wait_for_text("#idp-guide", "Identifier (Entity ID)");
    fits_the_width(&app);
    app.screenshot("update-idp");
}

/// Tabs until the element matching `css` has the focus; fails after `max` presses.
fn tab_to(app: &TestApp, css: &str, max: usize) {
    for _ in 0..max {
        let focused = app.session.execute("return document.activeElement.matches(arguments[0]);", serde_json::json!([css])).unwrap();
        if focused == serde_json::json!(true) {
            return;
        }
        app.session.press_keys("\u{E004}");
    }
    panic!("{css} never got the focus after {max} Tab presses");
}

#[test]
fn keyboard_only_from_home_to_the_preflight_with_a_visible_focus() {
    let emulator = emulator(Preset::Eligible);
    let mut app = TestApp::start("keyboard", Options { env: twilio_env(&emulator), ..Options::default() });
    app.session.wait_for("#add-account");
    tab_to(&app, "#add-account", 15);
    // The focused control shows the focus ring (the --focus colour), not the browser's default.
    let outline = app.session.execute(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineColor, s.outlineWidth];",
        serde_json::json!([]),
    ).unwrap();
    assert_eq!(outline, serde_json::json!(["solid", "rgb(194, 106, 0)", "3px"]));
    app.screenshot("focus-ring");
    app.session.press_keys("\u{E007}");
    app.session.wait_for("#profile-name");
    tab_to(&app, "#profile-name", 10);
    app.session.press_keys("Acme");
    tab_to(&app, "#account-sid", 5);
    app.session.press_keys(defaults::ACCOUNT_SID);
    tab_to(&app, "#auth-token", 10);
    app.session.press_keys(defaults::AUTH_TOKEN);
    tab_to(&app, "#sign-in-submit", 10);
    app.session.press_keys("\u{E007}");
    app.session.wait_for_text("#preflight-verdict", "can move");
    tab_to(&app, "#start-migration", 25);
    app.session.press_keys("\u{E007}");
    app.session.wait_for(".option-card");
}
