//! Twilio's facts as the admin meets them, in the real window: the Sources screen lists every
//! fact with its page and date and opens a page in the system browser (a stand-in `xdg-open` on
//! the app's PATH records what the app asked the desktop to open); and the self-hosted path of
//! the wizard, whose snippet step checks the redirectUrl against the Console's Trusted domains.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use flex_sso_model::facts::{sources, twilio};
use flex_sso_twilio_emulator::{defaults, Preset, SsoSetup};
use support::app::{Options, TestApp};
use support::flows::{emulator, sign_in, twilio_env};
use support::wait::poll_for;

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

/// A folder with an `xdg-open` that appends each address it is given to `opened.txt`, put first
/// on the app's PATH: the app's request reaches the desktop's opener, and the test reads it.
struct FakeBrowser {
    dir: tempfile::TempDir,
}

impl FakeBrowser {
    fn new() -> FakeBrowser {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("xdg-open");
        let log = dir.path().join("opened.txt");
        std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display())).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakeBrowser { dir }
    }

    fn env(&self) -> (String, String) {
        ("PATH".to_owned(), format!("{}:{}", self.dir.path().display(), std::env::var("PATH").unwrap_or_default()))
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("opened.txt")
    }

    /// Waits until `url` was opened.
    fn wait_opened(&self, url: &str) {
        let log = self.log();
        poll_for(Duration::from_secs(20), || read(&log).lines().any(|l| l == url).then_some(()))
            .unwrap_or_else(|| panic!("{url} was not opened; opened so far: {:?}", read(&log)));
    }
}

/// Scrolls an element to the top of the window, for a screenshot of it.
fn scroll_to(app: &TestApp, css: &str) {
    app.session.wait_for(css);
    app.session.execute("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", serde_json::json!([css])).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn the_sources_screen_lists_every_fact_with_its_page_and_opens_the_page() {
    let browser = FakeBrowser::new();
    let mut app = TestApp::start("sources", Options { env: vec![browser.env()], ..Options::default() });
    let s = &app.session;
    s.click_on("#nav-sources");
    s.wait_for_text("h1", "Where these instructions come from");
    let rows = s.execute("return document.querySelectorAll('.facts-table tr[data-fact]').length;", serde_json::json!([])).unwrap();
    assert_eq!(rows.as_u64(), Some(twilio::ALL.len() as u64), "one row per fact");
    // The corrected Console path, with the older menu named as another page's words.
    let row = s.wait_for_text("tr[data-fact='console.sso_page']", twilio::CONSOLE_SSO_PAGE.text);
    assert!(row.contains(twilio::CONSOLE_SSO_PAGE.also.unwrap().text), "{row}");
    assert!(row.contains("checked"), "{row}");
    // An unconfirmed fact says why.
    let inferred = s.wait_for_text("tr[data-fact='self_hosted.https']", "Not confirmed by Twilio");
    assert!(inferred.contains(twilio::HTTPS_ONLY.inferred.unwrap()), "{inferred}");
    app.screenshot("list");

    app.session.click_on("#open-source-twilio_self_hosted");
    browser.wait_opened(sources::SELF_HOSTED.url);
    app.session.wait_for_text("[data-source='twilio_self_hosted'] .link-note", "Opened in your web browser");
    app.screenshot("opened");
}

/// The self-hosted path of a modified connection: the snippet step refuses a redirectUrl that is
/// not in the Trusted domains (naming what to add where), makes the snippet once it is, and the
/// test login then starts at the self-hosted Flex.
#[test]
fn the_self_hosted_snippet_step_checks_the_trusted_domains_and_the_login_starts_there() {
    let browser = FakeBrowser::new();
    let emulator = emulator(Preset::Eligible);
    let mut env = twilio_env(&emulator);
    env.push(browser.env());
    let mut app = TestApp::start("self-hosted", Options { env, ..Options::default() });
    sign_in(&mut app, "Acme", defaults::AUTH_TOKEN);
    // The preflight says, once and plainly, that Twilio's date has passed on the legacy connection.
    app.session.wait_for_text("#preflight-verdict", "can move");
    let note = app.session.wait_for_text("#sso-deadline", twilio::DEADLINE.text);
    assert!(note.contains("still signs in through the legacy connection"), "{note}");
    scroll_to(&app, "#sso-heading");
    app.screenshot("preflight-deadline");
    let s = &app.session;
    s.click_on("#start-migration");
    s.wait_for_text("#step-title", "Choose how to migrate");
    // Step 1 names the current Console path, and the older one once.
    let console = s.wait_for_text(".console-note", twilio::CONSOLE_SSO_PAGE.text);
    assert!(console.contains(twilio::CONSOLE_SSO_PAGE.also.unwrap().text), "{console}");
    s.click_on("#wizard-self-hosted-yes");
    s.wait_for_text(".step-count", "of 4");
    s.click_on("#choose-modify_existing");
    s.click_on("#wizard-continue:not([disabled])");

    s.wait_for_text("#step-title", twilio::STEP_UPDATE_IDP.text);
    s.type_text(&s.wait_for("#console-value"), &format!("urn:flex:{JQ}"));
    s.wait_for_text("#pasted-result", JQ);
    s.click_on("#idp-okta");
    let name_id = s.wait_for_text("#idp-name-id", "Unspecified");
    assert!(!name_id.contains("Not confirmed"), "Twilio's Okta page states it: {name_id}");
    s.wait_for_text("#idp-guide", "String.join");
    scroll_to(&app, "#idp-guide");
    app.screenshot("okta-guide");
    app.session.click_on("#open-idp-guide");
    browser.wait_opened(sources::OKTA.url);

    let s = &app.session;
    s.click_on("#confirm-idp_values_updated");
    s.wait_for("#confirm-idp_values_updated:checked");
    s.click_on("#confirm-saved_and_continued");
    s.wait_for("#confirm-saved_and_continued:checked");
    let mut scenario = emulator.scenario();
    scenario.sso = SsoSetup::NewSaved;
    scenario.connection_sid = Some(JQ.into());
    emulator.set_scenario(scenario);
    s.click_on("#wizard-continue:not([disabled])");

    // The snippet step: its timing first, then where Flex runs and the trusted list.
    s.wait_for_text("#step-title", "Self-hosted Flex");
    let warning = s.wait_for_text("#snippet-warning", "before the test login");
    assert!(warning.contains("Removing appConfig.oauth"), "{warning}");
    s.type_text(&s.wait_for("#oauth-trusted-urls"), "https://flex.example.com");
    s.type_text(&s.wait_for("#oauth-redirect-url"), "https://agents.example.com/desk");
    let refused = s.wait_for_text("#oauth-redirect-problems [data-code='redirect_not_trusted']", "https://agents.example.com");
    assert!(refused.contains(twilio::CONSOLE_SSO_PAGE.text), "{refused}");
    app.screenshot("not-trusted");
    let s = &app.session;
    // WebDriver's Enter key (U+E007) starts a new line in the list.
    s.type_text(&s.wait_for("#oauth-trusted-urls"), "\u{E007}https://agents.example.com");
    s.wait_for("#oauth-redirect-problems [data-state='trusted']");
    s.click_on("#oauth-redirect-save");
    let snippet = s.wait_for_text("#oauth-snippet-value", "appConfig.oauth");
    assert!(snippet.contains(JQ) && snippet.contains("redirectUrl: \"https://agents.example.com/desk\""), "{snippet}");
    app.screenshot("snippet");
    let s = &app.session;
    s.click_on("#confirm-oauth_snippet_added");
    s.wait_for("#confirm-oauth_snippet_added:checked");
    s.click_on("#wizard-continue:not([disabled])");

    // Step 4 starts at the self-hosted Flex, not at the hosted login link.
    s.wait_for_text("#step-title", "Test a real login");
    s.wait_for_text("#login-check-start-url", "https://agents.example.com/desk");
    s.wait_for_text("#login-check-slot", "the address of your self-hosted Flex");
    app.screenshot("validate");
}
