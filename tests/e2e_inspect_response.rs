//! End to end, in the real app window: the "Inspect a SAML response" screen over the real
//! SimpleSAMLphp responses in `tests/fixtures/idp/captured/`, and the same response through the
//! CLI, which must give the same findings.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use support::app::{Options, TestApp};
use support::wait;

fn idp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/idp")
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(idp_dir().join("captured/manifest.json")).unwrap()).unwrap()
}

fn entry(file: &str) -> Value {
    manifest()["responses"].as_array().unwrap().iter().find(|r| r["file"] == file).unwrap().clone()
}

/// The finding codes the screen shows, in order.
fn screen_codes(app: &TestApp) -> Vec<String> {
    let codes = app
        .session
        .execute("return [...document.querySelectorAll('#saml-result li.finding')].map((li) => li.dataset.code);", json!([]))
        .unwrap();
    codes.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

/// The same check through the CLI (at the current time, like the app's clock).
fn cli_codes(file: &str, entity_id: &str, acs_url: &str, cert: Option<&Path>) -> (Vec<String>, Value) {
    let path = idp_dir().join("captured").join(file);
    let mut command = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"));
    command.args(["inspect-response", path.to_str().unwrap(), "--entity-id", entity_id, "--acs-url", acs_url, "--json"]);
    if let Some(cert) = cert {
        command.args(["--idp-cert", cert.to_str().unwrap()]);
    }
    let output = command.output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect();
    (codes, report)
}

/// Opens the screen from the header, once the UI has wired its navigation (the first screen shows).
fn open_screen(app: &TestApp) {
    app.session.wait_for("main[data-screen='home']");
    let nav = app.session.wait_for("#nav-inspect-response");
    app.session.click(&nav);
    app.session.wait_for("main[data-screen='inspect-response'] #saml-input");
}

/// Scrolls the element matching `css` to the top of the window (for a screenshot of that part).
fn scroll_to(app: &TestApp, css: &str) {
    app.session.wait_for(css);
    app.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;", json!([css])).unwrap();
}

/// Puts `text` into a field as a paste would (one input event), without typing it key by key.
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

#[test]
fn a_pasted_response_is_explained_and_its_lines_highlighted() {
    let mut app = TestApp::start("inspect-response", Options::default());
    open_screen(&app);
    app.session.wait_for_text("main h1", "Inspect a SAML response");
    app.session.wait_for_text("main .lead", "nothing is sent anywhere");
    app.screenshot("empty");

    // Checking with nothing pasted says what to do first.
    let check = app.session.wait_for("#saml-check");
    app.session.click(&check);
    app.session.wait_for_text("#saml-form-error", "Paste the SAML response first");

    let file = "bad-role.xml";
    let case = entry(file);
    let xml = std::fs::read_to_string(idp_dir().join("captured").join(file)).unwrap();
    let cert_path = idp_dir().join("cert/idp.crt");
    let cert = std::fs::read_to_string(&cert_path).unwrap();
    let entity_id = case["expected_audience"].as_str().unwrap();
    let acs_url = case["destination"].as_str().unwrap();

    paste(&app, "#saml-input", &xml);
    let entity = app.session.wait_for("#saml-entity-id");
    app.session.type_text(&entity, entity_id);
    let acs = app.session.wait_for("#saml-acs-url");
    app.session.type_text(&acs, acs_url);
    let optional = app.session.wait_for("#saml-optional summary");
    app.session.click(&optional);
    app.session.wait_for("#saml-certificate");
    paste(&app, "#saml-certificate", &cert);
    app.screenshot("filled");

    app.session.click(&check);
    let verdict = app.session.wait_for_text("#saml-live #saml-verdict", "Flex will refuse this response.");
    assert!(verdict.contains("to fix"), "{verdict}");
    let verdict_el = app.session.wait_for("#saml-verdict");
    assert_eq!(app.session.attribute(&verdict_el, "data-verdict").as_deref(), Some("fail"));
    app.session.wait_for("#saml-result li.finding[data-code='roles_invalid']");
    app.screenshot("verdict");

    // The screen and the CLI agree on the findings.
    let shown = screen_codes(&app);
    let (from_cli, report) = cli_codes(file, entity_id, acs_url, Some(&cert_path));
    assert_eq!(shown, from_cli, "screen vs CLI");
    assert!(shown.contains(&"roles_invalid".to_owned()), "{shown:?}");
    // Signatures were verified with the pasted certificate: nothing says they were not.
    assert_eq!(report["checked"]["signature_crypto"], true);
    let checked = app.session.wait_for_text("#saml-checked", "Signatures: verified");
    assert!(checked.contains("Who it is for"), "{checked}");
    // Each check says passed, failed or not checked, and a failed one links to its finding.
    app.session.wait_for_text("#saml-checked li[data-part='attributes'][data-result='fail']", "Failed:");
    app.session.wait_for_text("#saml-checked li[data-part='audience'][data-result='pass']", "Passed:");
    app.session.wait_for_text("#saml-not-checked li[data-part='issuer'][data-result='not_checked']", "Not checked:");
    app.session.wait_for("#saml-checked li[data-part='attributes'] a[href='#finding-roles_invalid']");
    app.session.wait_for("li.finding#finding-roles_invalid");
    app.session.wait_for_text("#saml-not-checked", "issuer");
    app.session.wait_for_text("#saml-summary", "agent@sandbox.example");
    app.session.wait_for_text("#saml-attributes", "roles");
    scroll_to(&app, "#saml-findings-title");
    app.screenshot("findings");
    scroll_to(&app, "#saml-summary-title");
    app.screenshot("summary");

    // Clicking the finding highlights exactly its lines in the decoded XML.
    let finding = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "roles_invalid").unwrap().clone();
    let (start, end) = (finding["location"]["line_start"].as_u64().unwrap(), finding["location"]["line_end"].as_u64().unwrap());
    assert_eq!(app.session.execute("return document.querySelectorAll('#saml-xml .xml-line.is-selected').length;", json!([])).unwrap(), json!(0));
    let show = app.session.wait_for("#saml-result li.finding[data-code='roles_invalid'] .show-lines");
    app.session.click(&show);
    let selected = wait::until("the finding's lines to be highlighted", std::time::Duration::from_secs(10), || {
        let lines = app
            .session
            .execute("return [...document.querySelectorAll('#saml-xml .xml-line.is-selected')].map((l) => Number(l.dataset.line));", json!([]))
            .ok()?;
        let lines: Vec<u64> = lines.as_array()?.iter().filter_map(Value::as_u64).collect();
        (!lines.is_empty()).then_some(lines)
    });
    assert_eq!(selected, (start..=end).collect::<Vec<_>>());
    app.session.wait_for_text("#saml-xml-caption", "The roles attribute has a value Flex does not accept.");
    let highlighted = app
        .session
        .execute("return [...document.querySelectorAll('#saml-xml .xml-line.is-selected')].map((l) => l.textContent).join('\\n');", json!([]))
        .unwrap();
    assert!(highlighted.as_str().unwrap().contains("Agent"), "{highlighted}");
    // And the highlighted lines are scrolled into the XML view's visible part.
    let visible = app
        .session
        .execute(
            "const view = document.getElementById('saml-xml').getBoundingClientRect();
             const line = document.querySelector('#saml-xml .xml-line.is-selected').getBoundingClientRect();
             return line.top >= view.top && line.bottom <= view.bottom;",
            json!([]),
        )
        .unwrap();
    assert_eq!(visible, json!(true));
    app.screenshot("highlighted");

    // The support summary: copied, without the XML.
    let copy = app.session.wait_for("#saml-copy-summary");
    app.session.click(&copy);
    app.session.wait_for_text("#saml-copy-summary", "Copied");
    app.screenshot("copied");
}

#[test]
fn an_unsigned_response_without_a_certificate_says_what_was_not_checked() {
    // In the dark theme, to see that the screen's colours follow it.
    let mut app = TestApp::start("inspect-response-unsigned", Options {
        env: vec![("GTK_THEME".into(), "Adwaita:dark".into())],
        ..Options::default()
    });
    open_screen(&app);
    let file = "unsigned.xml";
    let case = entry(file);
    let xml = std::fs::read_to_string(idp_dir().join("captured").join(file)).unwrap();
    let entity_id = case["expected_audience"].as_str().unwrap();
    let acs_url = case["destination"].as_str().unwrap();
    // Pasted the way a browser posts it: base64.
    use base64::Engine as _;
    paste(&app, "#saml-input", &base64::engine::general_purpose::STANDARD.encode(xml));
    let entity = app.session.wait_for("#saml-entity-id");
    app.session.type_text(&entity, entity_id);
    let acs = app.session.wait_for("#saml-acs-url");
    app.session.type_text(&acs, acs_url);
    let check = app.session.wait_for("#saml-check");
    app.session.click(&check);
    app.session.wait_for_text("#saml-verdict", "Flex will refuse this response.");
    app.session.wait_for_text("#saml-not-checked", "the response carries none");
    app.session.wait_for_text("#saml-result", "Read as base64 text");
    let shown = screen_codes(&app);
    let (from_cli, _) = cli_codes(file, entity_id, acs_url, None);
    assert_eq!(shown, from_cli, "screen vs CLI");
    assert_eq!(&shown[..2], ["response_unsigned", "assertion_unsigned"]);
    let dark = app.session.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", json!([])).unwrap();
    assert_eq!(dark, json!(true), "the dark theme reached the page");
    app.screenshot("unsigned");

    // Unreadable input: the error says what to do, in the live region.
    paste(&app, "#saml-input", "this is not a response");
    app.session.click(&check);
    let error = app.session.wait_for("#saml-live [data-state='error']");
    assert_eq!(app.session.attribute(&error, "data-code").as_deref(), Some("input_invalid"));
    app.session.wait_for_text("#saml-live", "Copy the SAMLResponse value again");
    app.screenshot("unreadable");
}

#[test]
fn with_an_account_open_the_migrations_values_are_used() {
    let mut app = TestApp::start("inspect-response-profile", Options::default());
    app.session.wait_for("main[data-screen='home']");
    let ok = entry("agent-ok.xml");
    let sid = ok["connection_sid"].as_str().unwrap();
    // An account whose migration is at step 2 with the connection SID, set through the app's own
    // commands; then the screen opened for it, as the account's pages do.
    let opened = app
        .session
        .execute_async(
            "const [sid, done] = [arguments[0], arguments[arguments.length - 1]];
             const invoke = window.__TAURI__.core.invoke;
             (async () => {
               const profile = await invoke('profile_create', { name: 'Acme Support', accountSid: 'AC5a4db0c50000000000000000000000ac' });
               for (const action of [
                 { action: 'set_self_hosted', self_hosted: false },
                 { action: 'choose_setup_type', setup_type: 'create_new' },
                 { action: 'continue' },
                 { action: 'set_connection_sid', connection_sid: sid },
               ]) await invoke('migration_apply', { profileId: profile.id, action });
               const router = await import('./router.js');
               router.showScreen('inspect-response', { profileId: profile.id });
               return profile.id;
             })().then(done, (e) => done({ failed: String(e?.message ?? e) }));",
            json!([sid]),
        )
        .unwrap();
    assert!(opened.is_string(), "{opened}");
    let known = app.session.wait_for_text("#saml-known", &format!("urn:flex:{sid}"));
    assert!(known.contains("from this account's migration"), "{known}");
    let acs_url = format!("https://login.flex.us1.twilio.com/login/callback?connection={sid}");
    assert!(known.contains(&acs_url), "{known}");
    // The profile knows both values: no field asks for them, only the optional ones remain.
    assert!(app.session.try_find("#saml-entity-id").is_none());
    app.session.wait_for("#saml-optional");
    scroll_to(&app, "#saml-expected");
    app.screenshot("known-values");

    let xml = std::fs::read_to_string(idp_dir().join("captured/agent-ok.xml")).unwrap();
    paste(&app, "#saml-input", &xml);
    let check = app.session.wait_for("#saml-check");
    app.session.click(&check);
    app.session.wait_for("#saml-verdict");
    app.session.wait_for("#saml-result li.finding");
    // The captured response went to the capture run's host, so Flex's real ACS URL does not match.
    let shown = screen_codes(&app);
    let (from_cli, _) = cli_codes("agent-ok.xml", &format!("urn:flex:{sid}"), &acs_url, None);
    assert_eq!(shown, from_cli, "screen vs CLI");
    assert!(shown.contains(&"destination_mismatch".to_owned()), "{shown:?}");
    assert!(!shown.contains(&"audience_mismatch".to_owned()), "{shown:?}");
    // A pasted response from an earlier sign-in has expired since: a note, not a problem.
    app.session.wait_for_text("#saml-result li.finding.info[data-code='assertion_expired']", "Note");
    app.screenshot("profile-result");

    // What was not checked offers the way to check it: the optional fields, opened and focused.
    let add = app.session.wait_for("#saml-add-missing");
    app.session.click(&add);
    app.session.wait_for("#saml-optional[open]");
    let focused = wait::until("the issuer field to have focus", std::time::Duration::from_secs(10), || {
        let id = app.session.execute("return document.activeElement?.id ?? null;", json!([])).ok()?;
        (id == json!("saml-issuer")).then_some(id)
    });
    assert_eq!(focused, json!("saml-issuer"));
    app.screenshot("add-missing");
}
