//! Accessibility of the main screens in both palettes. Every e2e screenshot is checked with
//! axe-core (WCAG 2.2 A/AA, `support::axe`), but most tests run in the light theme: this one walks
//! home, sign-in, the preflight report, every wizard step up to the login test (the create path of
//! a self-hosted Flex has them all), the metadata import, the SAML response inspector and the
//! Sources screen, once light and once dark (`GTK_THEME=Adwaita:dark`, as in `e2e_looks.rs`).
//! Any serious or critical violation fails it; moderate and minor ones are listed.

mod support;

use flex_sso_twilio_emulator::{defaults, EmulatorHandle, Preset, SsoSetup};
use serde_json::json;
use support::app::{Options, TestApp};
use support::flows::{emulator, sign_in, twilio_env};

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

fn fixture(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Puts `text` into a field as a paste would (one input event).
fn paste(app: &TestApp, css: &str, text: &str) {
    app.session.wait_for(css);
    app.session
        .execute(
            "const el = document.querySelector(arguments[0]); el.focus(); el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true })); return true;",
            json!([css, text]),
        )
        .unwrap();
}

/// The app in the given theme, on its home screen, with the palette checked to be that theme's.
fn start(name: &str, emulator: &EmulatorHandle, dark: bool) -> TestApp {
    let mut env = twilio_env(emulator);
    if dark {
        env.push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    let app = TestApp::start(name, Options { env, ..Options::default() });
    app.session.wait_for_text("main h1", "Move Flex single sign-on");
    // --bg of each palette in ui/styles.css: the theme asked for is the one shown.
    let background = app.session.execute("return getComputedStyle(document.body).backgroundColor;", json!([])).unwrap();
    assert_eq!(background, if dark { "rgb(20, 23, 28)" } else { "rgb(246, 247, 249)" });
    app
}

fn walk_the_main_screens(app: &mut TestApp, emulator: &EmulatorHandle) {
    // The palette is really checked: axe computed the text colours against their backgrounds.
    let check = support::axe::run(&app.session);
    assert!(check.passed.iter().any(|id| id == "color-contrast"), "color-contrast did not apply: {:?} (undecided: {:?})", check.passed, check.incomplete);
    app.screenshot("home");

    // Sign-in, first with a mistake (the field's error state), then the real account.
    app.session.click_on("#add-account");
    app.session.wait_for_text("main h1", "Add your Twilio account");
    app.session.type_text(&app.session.wait_for("#account-sid"), "AC123");
    app.session.wait_for("#account-sid[aria-invalid='true']");
    app.session.wait_for(".field-error");
    app.screenshot("sign-in-mistake");
    app.session.click_on("#nav-home");
    app.session.wait_for("main[data-screen='home'] #add-account");
    sign_in(app, "Acme", defaults::AUTH_TOKEN);
    app.session.wait_for_text("#preflight-verdict", "can move");
    app.screenshot("preflight");

    // The wizard: a new connection for a self-hosted Flex has every step.
    let s = &app.session;
    s.click_on("#start-migration");
    s.wait_for_text("#step-title", "Choose how to migrate");
    s.click_on("#realtime_with_idp_admin-yes");
    s.click_on("#tolerate_failed_new_logins-no");
    s.wait_for(".recommendation");
    s.click_on("#wizard-self-hosted-yes");
    s.click_on("#choose-create_new");
    s.wait_for("#choose-create_new[aria-pressed='true']");
    s.wait_for_text(".step-count", "of 5");
    app.screenshot("select-type");

    let s = &app.session;
    s.click_on("#wizard-continue:not([disabled])");
    s.wait_for_text("#step-title", flex_sso_model::facts::twilio::STEP_UPDATE_IDP.text);
    s.type_text(&s.wait_for("#console-value"), &format!("urn:flex:{JQ}"));
    s.wait_for_text("#pasted-result", JQ);
    s.click_on("#idp-okta");
    s.wait_for_text("#idp-guide", "Audience URI (SP Entity ID)");
    app.screenshot("update-idp");
    let s = &app.session;
    for confirmation in ["idp_values_updated", "users_assigned", "saved_and_continued"] {
        s.click_on(&format!("#confirm-{confirmation}"));
        s.wait_for(&format!("#confirm-{confirmation}:checked"));
    }
    let mut scenario = emulator.scenario();
    scenario.sso = SsoSetup::NewSaved;
    scenario.connection_sid = Some(JQ.into());
    emulator.set_scenario(scenario);
    s.click_on("#check-connection");
    s.wait_for_text("#connection-check [data-state='found']", JQ);
    app.screenshot("connection-saved");

    let s = &app.session;
    s.click_on("#wizard-continue:not([disabled])");
    s.wait_for_text("#step-title", "Enter your identity provider");
    s.wait_for_text("#wizard-blockers", "X.509");
    s.click_on("#manual-entry > summary");
    s.wait_for("#manual-issuer");
    app.screenshot("idp-data");
    let s = &app.session;
    s.type_text(&s.wait_for("#manual-issuer"), "http://www.okta.com/exk1234567890");
    s.type_text(&s.wait_for("#manual-sso-url"), "https://acme.okta.com/app/acme_flex/exk1234567890/sso/saml");
    s.execute("document.getElementById('manual-cert').value = arguments[0];", json!([fixture("tests/fixtures/idp/cert/idp.crt")])).unwrap();
    s.click_on("#manual-save");
    s.wait_for_text("#idp-cert-value", "BEGIN CERTIFICATE");
    // Self-hosted Flex: its addresses are part of this step on the create path.
    paste(app, "#trusted-urls", "https://agents.example.com");
    paste(app, "#redirect-url", "https://agents.example.com/desk");
    app.session.wait_for("#self-hosted-problems .field-ok");
    app.session.click_on("#self-hosted-save");
    app.session.wait_for_text("#copy-redirect-value", "https://agents.example.com/desk");
    for confirmation in ["idp_data_saved", "trusted_urls_saved"] {
        app.session.click_on(&format!("#confirm-{confirmation}"));
        app.session.wait_for(&format!("#confirm-{confirmation}:checked"));
    }
    app.screenshot("idp-data-saved");

    let s = &app.session;
    s.click_on("#wizard-continue:not([disabled])");
    s.wait_for_text("#step-title", "Self-hosted Flex");
    // An address outside the trusted list first (the error state), then the right one.
    paste(app, "#oauth-redirect-url", "https://elsewhere.example.com/desk");
    app.session.wait_for("#oauth-redirect-problems [data-code='redirect_not_trusted']");
    app.screenshot("self-hosted-not-trusted");
    paste(app, "#oauth-redirect-url", "https://agents.example.com/desk");
    let s = &app.session;
    s.wait_for("#oauth-redirect-problems [data-state='trusted']");
    s.click_on("#oauth-redirect-save");
    s.wait_for_text("#oauth-snippet-value", "appConfig.oauth");
    app.screenshot("self-hosted-snippet");
    let s = &app.session;
    s.click_on("#confirm-oauth_snippet_added");
    s.wait_for("#confirm-oauth_snippet_added:checked");
    s.click_on("#wizard-continue:not([disabled])");
    s.wait_for_text("#step-title", "Test a real login");
    s.wait_for("#wizard-finish[disabled]");
    app.screenshot("validate");

    // Home again, now with an account in progress.
    app.session.click_on("#nav-home");
    app.session.wait_for("[data-profile='acme'] [data-action='continue']");
    app.screenshot("home-with-account");

    // The metadata import, with values, certificate cards and findings shown.
    app.session.click_on("#nav-import-metadata");
    app.session.wait_for_text("main h1", "Import your identity provider's metadata");
    app.screenshot("import-metadata");
    let certificate: String = fixture("src-tauri/crates/metadata/tests/fixtures/certs/rsa2048-sha1.pem")
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let metadata = fixture("src-tauri/crates/metadata/tests/fixtures/okta.xml").replace("{{SIGNING}}", &certificate);
    app.session.click_on("label[for='source-paste']");
    paste(app, "#metadata-text", &metadata);
    app.session.click_on("#metadata-read-text");
    app.session.wait_for("#metadata-verdict");
    app.session.wait_for(".cert-card");
    app.screenshot("import-metadata-values");

    // The SAML response inspector, empty and with a verdict.
    app.session.click_on("#nav-inspect-response");
    app.session.wait_for("main[data-screen='inspect-response'] #saml-input");
    // The open account's migration gives the values Flex expects (the response is for another
    // one, so the verdict has findings to show).
    app.session.wait_for_text("main[data-screen='inspect-response']", "Values of the account “Acme”");
    app.screenshot("inspect-response");
    paste(app, "#saml-input", &fixture("tests/fixtures/idp/captured/bad-role.xml"));
    app.session.click_on("#saml-check");
    app.session.wait_for("#saml-verdict");
    app.session.wait_for("#saml-result li.finding");
    app.screenshot("inspect-response-verdict");

    // Sources.
    app.session.click_on("#nav-sources");
    app.session.wait_for("#source-pages li");
    app.screenshot("sources");
}

#[test]
fn the_main_screens_pass_axe_in_the_light_theme() {
    let emulator = emulator(Preset::Eligible);
    let mut app = start("a11y-light", &emulator, false);
    walk_the_main_screens(&mut app, &emulator);
}

#[test]
fn the_main_screens_pass_axe_in_the_dark_theme() {
    let emulator = emulator(Preset::Eligible);
    let mut app = start("a11y-dark", &emulator, true);
    walk_the_main_screens(&mut app, &emulator);
}

/// The check can fail: planted violations (a button with no name, pale text on the dark
/// background) are reported with their rule, impact and element, in the real window.
#[test]
fn axe_reports_planted_violations() {
    let emulator = emulator(Preset::Eligible);
    let app = start("a11y-planted", &emulator, true);
    app.session
        .execute(
            "const b = document.createElement('button'); b.id = 'planted-unnamed';
             const p = document.createElement('p'); p.id = 'planted-pale'; p.textContent = 'Hard to read';
             p.style.color = '#3a3f47';
             document.querySelector('#screen .page').append(b, p); return true;",
            json!([]),
        )
        .unwrap();
    let check = support::axe::run(&app.session);
    // axe-core ran under the app's real CSP: scripts in the page still may not evaluate strings.
    let eval = app.session.execute("try { new Function('return 1')(); return 'allowed'; } catch (e) { return e.name; }", json!([])).unwrap();
    assert_eq!(eval, "EvalError", "the page's CSP is not in force");
    let find = |id: &str| check.violations.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no {id} in {:?}", check.violations)).clone();
    let unnamed = find("button-name");
    assert!(unnamed.blocks(), "{unnamed:?}");
    assert_eq!(unnamed.impact, "critical");
    assert!(unnamed.nodes.iter().any(|n| n.selector == "#planted-unnamed"), "{unnamed:?}");
    let pale = find("color-contrast");
    assert_eq!(pale.impact, "serious");
    assert!(pale.nodes.iter().any(|n| n.selector == "#planted-pale" && n.summary.contains("contrast")), "{pale:?}");
    // The failure message names the step, the rule, its impact and the element.
    let message = support::axe::failure("a11y-planted", "01-home", &[unnamed.clone()]);
    assert!(message.contains("01-home") && message.contains("[critical] button-name") && message.contains("#planted-unnamed"), "{message}");
}

/// Moderate and minor violations are listed (each rule and element once, with the steps it was
/// seen on), not failed on; serious and critical ones are returned to fail the test.
#[test]
fn moderate_violations_are_listed_and_serious_ones_fail() {
    use support::axe::{Check, Log, Node, Violation};
    let violation = |id: &str, impact: &str, selector: &str| Violation {
        id: id.into(),
        impact: impact.into(),
        help: format!("help for {id}"),
        help_url: format!("https://example.invalid/{id}"),
        nodes: vec![Node { selector: selector.into(), summary: "Fix this".into() }],
    };
    let check = |violations: Vec<Violation>| Check {
        violations,
        passed: vec![],
        incomplete: vec![],
        axe_version: "4.x".into(),
        took: std::time::Duration::from_millis(100),
    };
    let mut log = Log::default();
    assert!(log.summary("t").is_none(), "nothing checked, nothing to say");
    let moderate = violation("landmark-ish", "moderate", "#aside");
    assert!(log.record("01-home", check(vec![moderate.clone()])).is_empty());
    let blocking = log.record("02-next", check(vec![moderate, violation("label", "serious", "#field")]));
    assert_eq!(blocking.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["label"]);
    let summary = log.summary("t").unwrap();
    assert!(summary.starts_with("accessibility [t]: 2 screen(s) checked with axe-core 4.x in 0.2 s; moderate/minor: 1\n"), "{summary}");
    assert!(summary.contains("[moderate] landmark-ish") && summary.contains("#aside") && summary.contains("on: 01-home, 02-next"), "{summary}");
    assert_eq!(summary.matches("landmark-ish:").count(), 1, "listed once: {summary}");
    assert!(!summary.contains("[serious]"), "serious ones fail the test instead: {summary}");
}
