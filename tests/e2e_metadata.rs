//! End to end, in the real window: an admin pastes their IdP's metadata, sees the three Console
//! values and the certificate cards, copies a value (checked on the X clipboard with xclip),
//! confirms, and the values land in the account's migration record. The CLI, given the same
//! metadata, reports the same findings as the panel.

mod support;

use std::process::Command;

use serde_json::{json, Value};
use support::app::{Options, TestApp};
use support::webdriver::Session;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/crates/metadata/tests/fixtures")
}

fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// A fresh RSA-2048 / SHA-256 certificate valid from now for `days` days, made with OpenSSL.
fn fresh_certificate(days: u32) -> String {
    let output = Command::new("openssl")
        .args(["req", "-x509", "-sha256", "-days", &days.to_string(), "-subj", "/CN=Example IdP Signing 2027/O=Fixture"])
        .arg("-key")
        .arg(fixtures().join("certs/rsa2048-test-key.pem"))
        .output()
        .expect("openssl (in ./dev's PACKAGES)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// AD FS-shaped metadata during a certificate rotation: the old SHA-1 fixture certificate and a
/// new SHA-256 one, so the panel must say which one to paste.
fn rotating_adfs_metadata(new_pem: &str) -> String {
    let old = pem_body(&std::fs::read_to_string(fixtures().join("certs/rsa2048-sha1.pem")).unwrap());
    let new = pem_body(new_pem);
    std::fs::read_to_string(fixtures().join("adfs.xml"))
        .unwrap()
        .replace("{{SIGNING_PRIMARY}}", &old)
        .replace("{{SIGNING_SECONDARY}}", &new)
        .replace("{{ENCRYPTION}}", &old)
        .replace("{{DECOY}}", &old)
}

fn invoke(session: &Session, command: &str, args: Value) -> Value {
    session.invoke(command, args).unwrap_or_else(|failed| panic!("{command} failed: {failed}"))
}

fn clipboard(display: &str) -> String {
    let output = Command::new("xclip").args(["-o", "-selection", "clipboard"]).env("DISPLAY", display).output().expect("xclip");
    String::from_utf8(output.stdout).unwrap()
}

/// Waits (polling) until the X clipboard holds `expected`.
fn wait_for_clipboard(display: &str, expected: &str) {
    let mut last = String::new();
    let what = format!("the clipboard to hold {expected:?}");
    support::wait::until(&what, std::time::Duration::from_secs(10), || {
        last = clipboard(display);
        (last == expected).then_some(())
    });
}

/// The panel's findings as (code, title, detail), read from the page.
fn panel_findings(session: &Session) -> Vec<(String, String, String)> {
    let value = session
        .execute(
            "return [...document.querySelectorAll('#metadata-findings li.finding')].map((li) => [
               li.dataset.code,
               li.querySelector('.finding-head strong').textContent,
               li.querySelector('.finding-detail')?.textContent ?? '',
             ]);",
            json!([]),
        )
        .unwrap();
    let mut out: Vec<(String, String, String)> = serde_json::from_value(value).unwrap();
    out.sort();
    out
}

fn cli_findings(metadata: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("FederationMetadata.xml");
    std::fs::write(&path, metadata).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .args(["inspect-metadata", "--json"])
        .arg(&path)
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut out: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().into(), f["title"].as_str().unwrap().into(), f["detail"].as_str().unwrap().into()))
        .collect();
    out.sort();
    out
}

#[test]
fn pasted_metadata_is_shown_copied_confirmed_and_saved_to_the_account() {
    let mut app = TestApp::start("import-metadata", Options::default());
    let session = &app.session;
    session.wait_for("main h1");

    // An account, opened the way an admin opens it: Accounts, then its button, then the tool.
    let profile = invoke(session, "profile_create", json!({ "name": "Acme Support", "accountSid": "AC0123456789abcdef0123456789abcdef" }));
    let profile_id = profile["id"].as_str().unwrap().to_owned();
    session.click_on("#nav-home");
    session.click_on("[data-action='sign-in']");
    // The sign-in screen renders after loading the account: let it finish before moving on.
    session.wait_for_text("main h1", "Sign in to Acme Support");
    session.click_on("#nav-import-metadata");
    session.wait_for_text("main h1", "Import your identity provider's metadata");
    session.wait_for_text("#metadata-profile-name", "Acme Support");
    app.screenshot("start");

    // An address on this computer, outside practice mode: refused before any connection, in words.
    let session = &app.session;
    session.click_on("label[for='source-url']");
    let field = session.wait_for("#metadata-url");
    session.type_text(&field, "http://localhost:9/metadata");
    session.click_on("#metadata-read-url");
    session.wait_for_text("#metadata-verdict", "Nothing could be read");
    let refused = session.wait_for_text("#metadata-findings li.finding.error", "This address points back to your own computer or a private network: localhost leads to ");
    assert!(refused.contains("The metadata address leads to this computer or a private network"), "{refused}");
    app.screenshot("url-refused");

    // Paste the metadata.
    let session = &app.session;
    let new_pem = fresh_certificate(200);
    let metadata = rotating_adfs_metadata(&new_pem);
    session.click_on("label[for='source-paste']");
    session.wait_for("#metadata-text");
    // A paste: the whole text arrives at once (typing 4 KB key by key would only be slower).
    session.execute("document.getElementById('metadata-text').value = arguments[0];", json!([metadata])).unwrap();
    session.click_on("#metadata-read-text");

    // The values and the certificate cards, the one to paste marked, with its days left.
    let verdict = session.wait_for_text("#metadata-verdict", "Ready");
    assert!(verdict.contains("Twilio Console"), "{verdict}");
    session.wait_for_text("#value-issuer-value", "http://adfs.example.com/adfs/services/trust");
    session.wait_for_text("#value-sso-url-value", "https://adfs.example.com/adfs/ls/");
    let chosen = session.wait_for(".cert-card.chosen");
    let chosen_text = session.text(&chosen).unwrap();
    assert!(chosen_text.contains("Example IdP Signing 2027"), "{chosen_text}");
    assert!(chosen_text.contains("Paste this one into Flex"), "{chosen_text}");
    let days = session.wait_for(".cert-card.chosen .days-left");
    let days_text = session.text(&days).unwrap();
    assert!(days_text == "199 days left" || days_text == "200 days left", "{days_text}");
    assert_eq!(session.try_find(".cert-card:not(.chosen) .days-left").map(|e| session.text(&e).unwrap().contains("days left")), Some(true));
    // The other one is a hand-made SHA-1 certificate for a hundred years: valid, but amber, with why.
    session.wait_for(".cert-card:not(.chosen) .days-left.warn");
    session.wait_for_text(".cert-card:not(.chosen) .cert-cautions li[data-code='weak_hash']", "SHA-1");
    session.wait_for_text(".cert-card:not(.chosen) .cert-cautions li[data-code='long_lived']", "100 years");
    assert!(session.try_find(".cert-card.chosen .cert-cautions").is_none(), "the chosen certificate has nothing to caution about");
    // The value to paste is the certificate by name, expiry and fingerprint, not its base64.
    let summary = session.wait_for_text("#value-certificate-summary", "Example IdP Signing 2027");
    assert!(summary.contains("Valid until") && summary.contains("days left"), "{summary}");
    assert!(!summary.contains("BEGIN CERTIFICATE"), "{summary}");
    session.wait_for_text("#cert-choice-why", "2 signing certificates");
    session.wait_for("#metadata-findings li.finding[data-code='multiple_signing_certificates']");
    app.screenshot("values");
    for part in ["certificates", "metadata-findings"] {
        app.session.execute("document.getElementById(arguments[0]).scrollIntoView({ block: 'start' });", json!([part])).unwrap();
        app.screenshot(part);
    }

    // The same findings as the CLI gives for the same metadata.
    let session = &app.session;
    let from_panel = panel_findings(session);
    assert!(!from_panel.is_empty());
    assert_eq!(from_panel, cli_findings(&metadata));

    // Copy: the button says "Copied" and the clipboard holds exactly the value.
    session.click_on("#value-issuer-copy");
    session.wait_for_text("#value-issuer-copy", "Copied");
    wait_for_clipboard(&app.display.name, "http://adfs.example.com/adfs/services/trust");
    let width = |css: &str| session.execute("return document.querySelector(arguments[0]).getBoundingClientRect().width;", json!([css])).unwrap().as_f64().unwrap();
    let before = width("#value-certificate-copy");
    session.click_on("#value-certificate-copy");
    session.wait_for_text("#value-certificate-copy", "Copied");
    assert_eq!(width("#value-certificate-copy"), before, "the button keeps its width when it says Copied");
    let expected_pem = new_pem.trim_end().to_owned();
    wait_for_clipboard(&app.display.name, &expected_pem);
    app.screenshot("copied");

    // Confirm, then save.
    let session = &app.session;
    let confirm = session.wait_for("#metadata-confirm");
    assert_eq!(session.text(&confirm).unwrap(), "Use these values for Acme Support");
    session.click(&confirm);
    session.wait_for_text("#metadata-confirm-box", "Save these values to Acme Support?");
    app.screenshot("confirm");
    let session = &app.session;
    session.click_on("#metadata-save-button");
    session.wait_for_text("#metadata-saved", "Saved for Acme Support");
    session.wait_for_text("#saved-issuer", "http://adfs.example.com/adfs/services/trust");
    app.screenshot("saved");

    // In the account's migration record on disk: both signing certificates, the new one first.
    let record_path = app.data_dir().join("profiles").join("migrations").join(format!("{profile_id}.json"));
    let record: Value = serde_json::from_str(&std::fs::read_to_string(&record_path).unwrap()).unwrap();
    let record = &record["data"];
    let data = &record["idp_data"];
    assert_eq!(data["issuer"], "http://adfs.example.com/adfs/services/trust", "{record}");
    assert_eq!(data["sso_url"], "https://adfs.example.com/adfs/ls/");
    assert_eq!(data["source"], "pasted");
    assert_eq!(data["certificates"].as_array().unwrap().len(), 2);
    assert_eq!(data["certificates"][0], expected_pem);
    // The journal recorded the confirmation and both copies.
    let kinds: Vec<&str> = record["journal"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"confirmation"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "value_copied").count(), 2, "{kinds:?}");
    // And through the app's own command.
    let saved = invoke(&app.session, "metadata_saved", json!({ "profileId": profile_id }));
    assert_eq!(saved["idp_data"], *data);
}

#[test]
fn without_an_account_the_values_can_be_copied_and_a_bad_paste_says_what_to_do() {
    // In the dark theme, so the screenshots show that one too. In practice mode, the one setting
    // that lets a metadata download reach this computer (the address step below serves it here).
    let mut app = TestApp::start("import-metadata-no-account", Options {
        env: vec![("GTK_THEME".into(), "Adwaita:dark".into()), ("FLEX_SSO_SANDBOX".into(), "1".into())],
        ..Options::default()
    });
    let session = &app.session;
    session.wait_for("main h1");
    session.click_on("#nav-import-metadata");
    session.wait_for_text("main h1", "Import your identity provider's metadata");
    session.click_on("label[for='source-paste']");
    let area = session.wait_for("#metadata-text");
    session.type_text(&area, "This is the SSO link: see attached PDF");
    session.click_on("#metadata-read-text");
    let verdict = session.wait_for_text("#metadata-verdict", "Nothing could be read");
    assert!(verdict.contains("what to do"), "{verdict}");
    session.wait_for_text("#metadata-findings li.finding.error", "What to do:");
    app.screenshot("unreadable");

    // A certificate on its own: its card, and the note on how to save to an account.
    let session = &app.session;
    let pem = std::fs::read_to_string(fixtures().join("certs/rsa1024-sha256.pem")).unwrap();
    session.execute("document.getElementById('metadata-text').value = arguments[0];", json!([pem])).unwrap();
    session.click_on("#metadata-read-text");
    session.wait_for_text("#metadata-verdict", "Not usable yet");
    session.wait_for("#metadata-findings li.finding.error[data-code='weak_key']");
    session.wait_for_text(".cert-card .days-left", "days left");
    session.wait_for_text("#metadata-no-profile", "open the account first");
    // Called unusable, so nothing offers to copy it; the card says when Copy comes back.
    session.wait_for_text("#console-values-unusable", "Must fix");
    assert!(session.try_find("#value-certificate-copy").is_none(), "no Copy on a certificate the app calls unusable");
    session.wait_for_text("#value-certificate-cautions li[data-code='weak_key']", "1024");
    let summary = session.wait_for("#value-certificate-summary");
    assert_eq!(session.attribute(&summary, "data-state").as_deref(), Some("warn"));
    app.screenshot("weak-certificate");

    // A federation file with several entities: the admin picks theirs from the list.
    let session = &app.session;
    let cert = pem_body(&std::fs::read_to_string(fixtures().join("certs/rsa2048-sha1.pem")).unwrap());
    let federation = std::fs::read_to_string(fixtures().join("federation.xml")).unwrap().replace("{{SIGNING}}", &cert);
    session.execute("document.getElementById('metadata-text').value = arguments[0];", json!([federation])).unwrap();
    session.click_on("#metadata-read-text");
    session.wait_for_text("label[for='metadata-entity']", "This file describes 3");
    session.wait_for_text("#value-issuer-value", "https://idp-one.example.org/idp/shibboleth");
    session.click_on("#metadata-entity option[value='2']");
    session.wait_for_text("#value-issuer-value", "https://idp-two.example.org/idp/shibboleth");
    session.wait_for_text("#value-sso-url-value", "https://idp-two.example.org/idp/profile/SAML2/POST/SSO");
    app.screenshot("entity-chosen");

    // A web address: metadata served on this computer (practice mode allows it; plain http is
    // allowed only here).
    let session = &app.session;
    let url = serve_once(std::fs::read_to_string(fixtures().join("okta.xml")).unwrap().replace("{{SIGNING}}", &cert));
    session.click_on("label[for='source-url']");
    let field = session.wait_for("#metadata-url");
    session.type_text(&field, &url);
    session.click_on("#metadata-read-url");
    session.wait_for_text("#value-issuer-value", "http://www.okta.com/exk9flexfixture0001");
    session.wait_for_text("#value-sso-url-value", "https://example.okta.com/app/example_twilioflex_1/exk9flexfixture0001/sso/saml");
    app.screenshot("from-url");
}

/// Serves `body` to one request on loopback; returns its address.
fn serve_once(body: String) -> String {
    support::http::serve(body, "/app/exk9flexfixture0001/sso/saml/metadata", 1)
}
