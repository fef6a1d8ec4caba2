//! Step 2 checked through the IdP's API (Okta; Auth0 through the same card; Entra ID after a
//! Microsoft sign-in with a code), end to end in the real window, against the Twilio emulator
//! and the Okta emulator (held to Okta's API description by its contract test): a read-only
//! token sees the legacy values flagged and is refused the change with a clear message; a token
//! that may edit apps previews, applies (the copy saved first), sees every row ✓ and the step's
//! confirmation ticked; "Switch back" puts Okta's app back exactly. No token is left on disk or
//! in the log.

mod support;

use flex_sso_idp_emulator::{defaults as okta, DeviceDecision, EmulatorConfig, EmulatorHandle, IdpEmulator, OktaPreset};
use flex_sso_twilio_emulator::{defaults, Preset};
use serde_json::Value;
use support::app::{Options, TestApp};
use support::flows::{emulator, sign_in, twilio_env};
use support::leak_search::{files_under, needles, report, search};
use support::sandbox::{connection_sid, practice_profile, walk_to_validate, LoginSandbox};
use support::wizard::{choose_modify, click, start_wizard, JQ};
use support::{login_window, wait};

fn okta_emulator(preset: OktaPreset) -> EmulatorHandle {
    tauri::async_runtime::block_on(IdpEmulator::start(EmulatorConfig::with_preset(preset))).unwrap()
}

fn flex_app(emulator: &EmulatorHandle) -> Value {
    emulator.apps().into_iter().find(|a| a["id"] == okta::FLEX_APP_ID).expect("the Flex app")
}

fn puts(emulator: &EmulatorHandle) -> Vec<String> {
    emulator.requests().into_iter().filter(|r| r.method == "PUT").map(|r| r.path).collect()
}

fn without_version(mut app: Value) -> Value {
    app.as_object_mut().unwrap().remove("lastUpdated");
    app
}

/// Signed in, on the modify path, at step 2 with the Console's value pasted.
fn to_step_two(app: &mut TestApp) {
    sign_in(app, "Acme", defaults::AUTH_TOKEN);
    start_wizard(app);
    choose_modify(app);
    click(app, "#wizard-continue:not([disabled])");
    app.session.type_text(&app.session.wait_for("#console-value"), &format!("urn:flex:{JQ}"));
    app.session.wait_for_text("#pasted-result", JQ);
}

fn connect(app: &TestApp, address: &str, token: &str) {
    let s = &app.session;
    let field = s.wait_for("#idp-address");
    s.execute("document.getElementById('idp-address').value = '';", serde_json::json!([])).unwrap();
    s.type_text(&field, address);
    s.type_text(&s.wait_for("#idp-token"), token);
    click(app, "#idp-connect:not([disabled])");
}

#[test]
fn okta_is_checked_changed_on_request_and_switched_back() {
    let twilio = emulator(Preset::Eligible);
    let okta_api = okta_emulator(OktaPreset::Legacy);
    let original = flex_app(&okta_api);
    let others: Vec<Value> = okta_api.apps().into_iter().filter(|a| a["id"] != okta::FLEX_APP_ID).collect();
    let mut env = twilio_env(&twilio);
    env.push(("FLEX_SSO_LOG".into(), "trace".into()));
    let mut app = TestApp::start("idp-okta", Options { env, capture_output: true, ..Options::default() });

    to_step_two(&mut app);
    click(&app, "#idp-okta");
    app.session.wait_for_text("#idp-api h2", "Check it in Okta");

    // A token of an admin who may only view apps: the legacy values are flagged in Okta's labels.
    connect(&app, &okta_api.base_url(), okta::ORG_TOKEN_READ_ONLY);
    app.session.wait_for("#idp-verdict[data-state='must_change']");
    let entity = app.session.wait_for_text("#idp-rows tr[data-key='entity_id'][data-verdict='must_change']", "Audience URI (SP Entity ID)");
    assert!(entity.contains("legacy Entity ID") && entity.contains(&format!("urn:flex:{JQ}")), "{entity}");
    app.session.wait_for_text("#idp-rows tr[data-key='acs_url'][data-verdict='must_change']", "Single sign on URL");
    app.session.wait_for("#idp-rows tr[data-key='response_signed'][data-verdict='matches']");
    app.session.wait_for("#confirm-idp_values_updated:not(:checked)");
    app.screenshot("okta-legacy-flagged");

    // The preview shows exactly what changes; the read-only token is refused, nothing changed.
    click(&app, "#idp-preview-change");
    let changes = app.session.wait_for_text("#idp-changes", "Audience URI (SP Entity ID)");
    assert!(changes.contains("Single sign on URL") && changes.contains("Recipient URL") && changes.contains("Destination URL"), "{changes}");
    assert_eq!(app.session.execute("return document.querySelectorAll('#idp-changes li').length;", serde_json::json!([])).unwrap(), serde_json::json!(4));
    app.session.execute("document.getElementById('idp-preview').scrollIntoView({ block: 'center' });", serde_json::json!([])).unwrap();
    app.screenshot("okta-preview");
    click(&app, "#idp-apply-confirm");
    let refusal = app.session.wait_for_text("#idp-api-status [data-code='idp_read_only']", "may not change apps");
    assert!(refusal.contains("okta.apps.manage"), "{refusal}");
    app.session.wait_for("#idp-rows tr[data-key='entity_id'][data-verdict='must_change']");
    assert_eq!(without_version(flex_app(&okta_api)), without_version(original.clone()), "a refused change changes nothing");
    let flex_path = format!("/api/v1/apps/{}", okta::FLEX_APP_ID);
    assert_eq!(puts(&okta_api), vec![flex_path.clone()], "the refused attempt, to the Flex app");

    // Another token, one that may edit apps: apply, read back, every row that must change is ✓
    // and the step's "values updated" box is ticked by the check.
    click(&app, "#idp-disconnect");
    connect(&app, &okta_api.base_url(), okta::ORG_TOKEN_READ_WRITE);
    click(&app, "#idp-preview-change");
    click(&app, "#idp-apply-confirm");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    app.session.wait_for("#idp-verdict[data-state='matches']");
    assert!(app.session.try_find("#idp-rows tr[data-verdict='must_change']").is_none(), "nothing left to change");
    let changed = flex_app(&okta_api);
    assert_eq!(changed["settings"]["signOn"]["audience"], format!("urn:flex:{JQ}"));
    for key in ["ssoAcsUrl", "recipient", "destination"] {
        assert!(changed["settings"]["signOn"][key].as_str().unwrap().ends_with(&format!("connection={JQ}")), "{key}: {changed}");
    }
    assert_eq!(puts(&okta_api), [flex_path.clone(), flex_path.clone()], "one more write, to the Flex app again");
    assert_eq!(okta_api.apps().into_iter().filter(|a| a["id"] != okta::FLEX_APP_ID).collect::<Vec<_>>(), others, "no other app touched");
    app.session.execute("document.getElementById('idp-api').scrollIntoView({ block: 'start' });", serde_json::json!([])).unwrap();
    app.screenshot("okta-changed");

    // The copy was saved with the progress before the write.
    let progress = std::fs::read_to_string(app.data_dir().join("profiles/migrations/acme.json")).unwrap();
    let saved: Value = serde_json::from_str(&progress).unwrap();
    assert_eq!(saved["data"]["idp_api"]["snapshot"]["settings"]["settings"]["signOn"]["audience"], original["settings"]["signOn"]["audience"]);

    // Switch back: Okta's app is exactly as it was.
    click(&app, "#idp-restore");
    app.session.wait_for("#idp-verdict[data-state='must_change']");
    assert_eq!(without_version(flex_app(&okta_api)), without_version(original), "switched back exactly");

    // The headless check finds all it needs in the saved profile: the org, the app, the token
    // (from the keyring) and the new values; Okta's app is back on the legacy values.
    let headless = std::process::Command::new(support::app::app_binary())
        .args(["idp-check", "--idp", "okta", "--profile", "Acme", "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(app.bus.env())
        .env("HOME", app.root().join("home"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&headless.stdout).into_owned();
    assert_eq!(headless.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&headless.stderr));
    let checked: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(checked["app"]["id"], okta::FLEX_APP_ID);
    assert_eq!(checked["rows"][0]["needed"], format!("urn:flex:{JQ}"));
    assert!(!stdout.contains(okta::ORG_TOKEN_READ_WRITE), "no token in the report");

    // The Health page lists the app's signing certificates as Okta's API gives them.
    app.session.execute("import('./router.js').then((m) => m.showScreen('health', { profileId: 'acme' })); return true;", serde_json::json!([])).unwrap();
    let signing = app.session.wait_for_text("#health-idp-certificates li[data-signs-now='true']", "Okta signs with this one");
    assert!(signing.contains("SHA-256 fingerprint"), "{signing}");
    app.session.wait_for("#health-idp-certificates li[data-signs-now='false']");
    // The same connection is there too: the Flex app read again, beside what Flex needs.
    app.session.wait_for_text("#health-idp-api h2", "Checked in Okta");
    app.session.wait_for("#health-idp-api #idp-rows tr[data-key='entity_id'][data-verdict='must_change']");
    app.session.execute("document.getElementById('health-idp-certificates').scrollIntoView({ block: 'start' });", serde_json::json!([])).unwrap();
    app.screenshot("okta-certificates-on-health");

    // The token is in the keyring and nowhere else.
    let kept = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(kept.contains(okta::ORG_TOKEN_READ_WRITE), "the token is in the keyring: {kept}");
    let keyrings = app.bus.data_home.join("keyrings");
    let root = app.keep_folders();
    drop(app);
    let files = files_under(&[root.path().to_owned()], &[keyrings]);
    let mut forms = needles("the read-write Okta token", okta::ORG_TOKEN_READ_WRITE, &[]);
    forms.extend(needles("the read-only Okta token", okta::ORG_TOKEN_READ_ONLY, &[]));
    let hits = search(&files, &forms);
    assert!(hits.is_empty(), "an Okta token was left on disk or in the output:\n{}", report(&hits));
}

/// A failed login check shows, beside the app's diagnosis, what Okta itself recorded about the
/// Flex app in those minutes (the emulated System Log), in plain words with the fix.
#[test]
fn a_failed_login_shows_oktas_own_log_line_beside_the_diagnosis() {
    let sid = connection_sid("legacy_values");
    let sandbox = LoginSandbox::start(&sid);
    let okta_api = okta_emulator(OktaPreset::Legacy);
    let mut app = TestApp::start("idp-okta-log", Options { env: sandbox.app_env(&[]), ..Options::default() });
    app.session.wait_for("main[data-screen='home']");
    let profile = practice_profile(&app);
    walk_to_validate(&app, &profile, &sid, false);
    let connected = app.session.invoke("idp_connect", serde_json::json!({
        "profileId": profile, "idp": "okta", "address": okta_api.base_url(), "token": okta::ORG_TOKEN_READ_ONLY,
    }));
    assert_eq!(connected.expect("connected")["app"]["id"], okta::FLEX_APP_ID);
    app.session
        .execute("import('./router.js').then((m) => m.showScreen('wizard', { profileId: arguments[0] })); return true;", serde_json::json!([profile]))
        .unwrap();
    // What Okta logs when it signs the user in and sends its answer to Flex (an answer with the
    // legacy audience, which Flex then refuses): a successful SSO, in the attempt's minutes.
    let now = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap();
    okta_api.add_log_event(serde_json::json!({
        "uuid": "e2e00000-0000-4000-8000-000000000001", "published": now, "eventType": "user.authentication.sso",
        "legacyEventType": "app.auth.sso", "displayMessage": "User single sign on to app", "severity": "INFO",
        "outcome": {"result": "SUCCESS"},
        "actor": {"id": "00u1agent000000000001", "type": "User", "alternateId": "agent@example.com", "displayName": "Agent"},
        "target": [{"id": okta::FLEX_APP_ID, "type": "AppInstance", "alternateId": "Twilio Flex", "displayName": "Twilio Flex"}],
    }));
    app.session.wait_for("#login-check-open:not([disabled])");
    click(&app, "#login-check-open");
    app.session.wait_for_text("#login-check-page-title", "username and password");
    login_window::type_credentials(&app, "agent", "agent-pass");
    wait::until("the failed login", std::time::Duration::from_secs(40), || app.session.try_find("#login-check-verdict[data-status='error_page']"));
    app.session.wait_for("#login-check-answer-verdict");
    let line = app.session.wait_for_text("#login-check-idp-log li[data-event='user.authentication.sso']", "Okta signed the user in");
    assert!(line.contains("Okta says “User single sign on to app”") && line.contains("agent@example.com"), "{line}");
    // Okta's earlier entries (the emulator's, 12 and more minutes old) are outside the attempt's minutes.
    assert_eq!(app.session.execute("return document.querySelectorAll('#login-check-idp-log li').length;", serde_json::json!([])).unwrap(), serde_json::json!(1));
    app.session.execute("document.getElementById('login-check-idp-log').scrollIntoView({ block: 'center' });", serde_json::json!([])).unwrap();
    app.screenshot("okta-log-beside-diagnosis");
    let asked: Vec<String> = okta_api.requests().into_iter().filter(|r| r.path.starts_with("/api/v1/logs")).map(|r| r.path).collect();
    assert_eq!(asked.len(), 1, "the log is read once per attempt: {asked:?}");
    assert!(asked[0].contains(okta::FLEX_APP_ID), "only the Flex app's entries: {asked:?}");
}

/// Auth0 through the same card, in its own words: the tenant domain and a Management API token,
/// the rows in Auth0's labels, the change applied and read back.
#[test]
fn auth0_is_checked_and_changed_through_the_same_card() {
    let twilio = emulator(Preset::Eligible);
    let api = okta_emulator(OktaPreset::Legacy);
    let mut app = TestApp::start("idp-auth0", Options { env: twilio_env(&twilio), ..Options::default() });
    to_step_two(&mut app);
    // Google has no API for these settings: the card says why, and the confirm step stays.
    click(&app, "#idp-google");
    let why = app.session.wait_for_text("#idp-no-api", "Google publishes no API");
    assert!(why.contains("by hand"), "{why}");
    app.session.wait_for("#idp-no-api-source");
    app.session.wait_for("#confirm-idp_values_updated:not(:checked)");
    app.session.execute("document.getElementById('idp-api').scrollIntoView({ block: 'center' });", serde_json::json!([])).unwrap();
    app.screenshot("google-no-api");
    click(&app, "#idp-change");
    click(&app, "#idp-auth0");
    app.session.wait_for_text("#idp-api h2", "Check it in Auth0");
    app.session.wait_for_text("label[for='idp-token']", "Auth0 Management API token");
    connect(&app, &api.auth0_base_url(), okta::AUTH0_TOKEN_READ_WRITE);
    app.session.wait_for_text("#idp-rows tr[data-key='entity_id'][data-verdict='must_change']", "audience setting");
    app.session.wait_for_text("#idp-rows tr[data-key='acs_url'][data-verdict='must_change']", "Application Callback URL");
    app.screenshot("auth0-legacy-flagged");
    click(&app, "#idp-preview-change");
    app.session.wait_for_text("#idp-changes", "audience setting");
    click(&app, "#idp-apply-confirm");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    app.session.wait_for("#idp-verdict[data-state='matches']");
    let patches: Vec<String> = api.requests().into_iter().filter(|r| r.method == "PATCH").map(|r| r.path).collect();
    assert_eq!(patches, [format!("/api/v2/clients/{}", okta::AUTH0_FLEX_CLIENT_ID)], "one PATCH, to the Flex client");
    app.screenshot("auth0-changed");
}

/// The code the card shows, once Microsoft gave one: the emulated Microsoft then signs the
/// admin in (what they would do in their browser).
fn approve_the_code_shown(app: &TestApp, api: &EmulatorHandle) {
    let code = wait::until("a sign-in code", std::time::Duration::from_secs(30), || {
        let text = app.session.text(&app.session.try_find("#idp-device-code")?).ok()?;
        (!text.trim().is_empty()).then(|| text.trim().to_owned())
    });
    app.session.wait_for_text("#idp-api-status", "Waiting for you to sign in at Microsoft");
    assert!(api.decide_device_sign_in(Some(&code), DeviceDecision::Approve), "the emulator knows the code {code}");
}

/// Entra ID: signed in to Microsoft with a code, read-only first; the change asks for a second
/// sign-in that allows it; then applied and read back.
#[test]
fn entra_is_checked_after_a_microsoft_sign_in_and_changed_after_a_second_one() {
    let twilio = emulator(Preset::Eligible);
    let api = okta_emulator(OktaPreset::Legacy);
    let mut env = twilio_env(&twilio);
    env.push(("FLEX_SSO_GRAPH_BASE_URL".into(), api.graph_base_url()));
    env.push(("FLEX_SSO_ENTRA_LOGIN_BASE_URL".into(), api.login_base_url()));
    let mut app = TestApp::start("idp-entra", Options { env, ..Options::default() });
    to_step_two(&mut app);
    click(&app, "#idp-azure_ad");
    app.session.wait_for_text("#idp-api h2", "Check it in");
    app.session.type_text(&app.session.wait_for("#idp-tenant"), okta::ENTRA_TENANT_DOMAIN);
    app.session.type_text(&app.session.wait_for("#idp-client-id"), okta::ENTRA_CLIENT_ID);
    app.screenshot("entra-sign-in-form");
    click(&app, "#idp-sign-in:not([disabled])");
    app.session.wait_for("#idp-device-code");
    app.screenshot("entra-code");
    approve_the_code_shown(&app, &api);
    app.session.wait_for_text("#idp-rows tr[data-key='entity_id'][data-verdict='must_change']", "Identifier (Entity ID)");
    app.session.wait_for_text("#idp-rows tr[data-key='acs_url'][data-verdict='must_change']", "Reply URL");
    app.screenshot("entra-legacy-flagged");

    click(&app, "#idp-preview-change");
    click(&app, "#idp-apply-confirm");
    app.session.wait_for("#idp-api-status [data-code='idp_read_only']");
    click(&app, "#idp-sign-in-write");
    approve_the_code_shown(&app, &api);
    app.session.wait_for("#idp-verdict[data-state='must_change']");
    click(&app, "#idp-preview-change");
    click(&app, "#idp-apply-confirm");
    app.session.wait_for("#confirm-idp_values_updated:checked");
    app.session.wait_for("#idp-verdict[data-state='matches']");
    let patches: Vec<String> = api.requests().into_iter().filter(|r| r.method == "PATCH").map(|r| r.path).collect();
    assert_eq!(patches.len(), 2, "the refused one and the one that changed it: {patches:?}");
    assert!(patches.iter().all(|p| p.contains(okta::ENTRA_FLEX_APPLICATION_ID)), "only the Flex application: {patches:?}");
    app.screenshot("entra-changed");

    // Both Microsoft tokens: the last one in the keyring, neither anywhere on disk.
    let kept = app.bus.secret_tool_search("service", "flex-sso-migrator");
    assert!(kept.contains(okta::GRAPH_TOKEN_READ_WRITE), "the token is in the keyring: {kept}");
    let keyrings = app.bus.data_home.join("keyrings");
    let root = app.keep_folders();
    drop(app);
    let mut forms = needles("the read-write Graph token", okta::GRAPH_TOKEN_READ_WRITE, &[]);
    forms.extend(needles("the read-only Graph token", okta::GRAPH_TOKEN_READ_ONLY, &[]));
    let hits = search(&files_under(&[root.path().to_owned()], &[keyrings]), &forms);
    assert!(hits.is_empty(), "a Graph token was left on disk:\n{}", report(&hits));
}
