//! End to end, step 4's login check in the real app: a real incognito WebKit login window under
//! Xvfb, the real SimpleSAMLphp IdP and the Flex login emulator (the practice sandbox), the
//! Twilio emulator for the preflight's login link. The login window is typed into as a person
//! would (X keyboard events through xdotool: WebKit's ephemeral, incognito context cannot be
//! automated by WebKitWebDriver), and every test asserts what the MAIN window shows.
//! Screenshots of both windows per step land in target/e2e-screenshots/.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use support::app::{screenshot_dir, Options, TestApp};
use support::sandbox::{connection_sid, practice_profile, walk_to_validate, LoginSandbox};
use support::wait;



struct Check {
    app: TestApp,
    profile: String,
    name: String,
    shots: u32,
    _sandbox: LoginSandbox,
}

/// Calls an app command from the main window, as its screens do.
fn invoke(app: &TestApp, command: &str, args: Value) -> Result<Value, Value> {
    app.session.invoke(command, args)
}

use support::login_window;

impl Check {
    /// The sandbox with `variant` as the active connection, the app in practice mode, the
    /// migration on its validate step with that connection, and the login check screen open.
    fn start(name: &str, variant: &str, extra_env: &[(&str, &str)]) -> Check {
        Self::start_with(name, variant, extra_env, false)
    }

    /// The same for a self-hosted Flex: the practice sandbox's self-hosted Flex is where the
    /// snippet's redirectUrl points, and where the login check starts.
    fn start_self_hosted(name: &str) -> Check {
        Self::start_with(name, "ok", &[], true)
    }

    fn start_with(name: &str, variant: &str, extra_env: &[(&str, &str)], self_hosted: bool) -> Check {
        let sid = connection_sid(variant);
        let sandbox = LoginSandbox::start(&sid);
        let app = TestApp::start(name, Options { env: sandbox.app_env(extra_env), ..Options::default() });
        app.session.wait_for("main[data-screen='home']");
        let profile = practice_profile(&app);
        walk_to_validate(&app, &profile, &sid, self_hosted);
        if self_hosted {
            let home = sandbox.vars["FLEX_SSO_SANDBOX_SELF_HOSTED_URL"].clone();
            let trusted = sandbox.vars["FLEX_SSO_FLEX_UI_BASE_URL"].clone();
            let saved = invoke(&app, "migration_set_oauth_redirect", json!({ "profileId": profile, "trustedUrls": [trusted], "redirectUrl": home })).unwrap();
            assert_eq!(saved["problems"], json!([]), "{saved}");
            for action in [json!({ "action": "confirm", "item": "oauth_snippet_added", "value": true }), json!({ "action": "continue" })] {
                invoke(&app, "migration_apply", json!({ "profileId": profile, "action": action })).unwrap();
            }
        }
        let view = invoke(&app, "migration_get", json!({ "profileId": profile })).unwrap();
        assert_eq!(view["current_step"], "validate", "{view}");
        app.session
            .execute("import('./router.js').then((m) => m.showScreen('wizard', { profileId: arguments[0] })); return true;", json!([profile]))
            .unwrap();
        let start = if self_hosted { "/self-hosted/flex".to_owned() } else { sandbox.vars["FLEX_SSO_SANDBOX_RUNTIME_DOMAIN"].clone() };
        app.session.wait_for_text("#login-check-start-url", &start);
        Check { app, profile, name: name.to_owned(), shots: 0, _sandbox: sandbox }
    }

    fn verdict(&self) -> Value {
        self.app.session.execute("const v = document.querySelector('#login-check-verdict'); return v ? { status: v.dataset.status, text: v.textContent } : null;", json!([])).unwrap()
    }

    /// Waits until the main window shows the outcome `status`; returns its text.
    fn wait_status(&self, status: &str) -> String {
        let css = format!("#login-check-verdict[data-status='{status}']");
        wait::until(&format!("the main window to show {status}"), Duration::from_secs(40), || self.app.session.try_find(&css));
        self.verdict()["text"].as_str().unwrap_or_default().to_owned()
    }

    fn open(&self) {
        let s = &self.app.session;
        s.wait_for("#login-check-open:not([disabled])");
        s.click_on("#login-check-open");
    }


    /// Waits until the main window says the IdP's sign-in form is shown (the IdP asks for the
    /// password: no session from before).
    fn wait_for_idp_form(&self) {
        self.app.session.wait_for("li.phase.current[data-phase='idp_sign_in']");
        self.app.session.wait_for_text("#login-check-page-title", "username and password");
    }

    fn type_credentials(&self, user: &str, password: &str) {
        login_window::type_credentials(&self.app, user, password);
    }

    /// Screenshots of the main window and, when open, the login window.
    fn shots(&mut self, step: &str) {
        self.app.session.execute("const v = document.querySelector('#login-check-outcome'); if (v) v.scrollIntoView({ block: 'start' }); return true;", json!([])).unwrap();
        self.app.screenshot(step);
        self.shots += 1;
        let path: PathBuf = screenshot_dir().join(format!("{}-login-window-{:02}-{step}.png", self.name, self.shots));
        login_window::screenshot(&self.app, &path);
    }

    fn finding_codes(&self) -> Vec<String> {
        let v = self.app.session.execute("return [...document.querySelectorAll('#login-check-findings li.finding')].map((li) => li.dataset.code);", json!([])).unwrap();
        v.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
    }

    fn wait_for_diagnosis(&self) -> Vec<String> {
        self.app.session.wait_for("#login-check-answer-verdict");
        self.finding_codes()
    }

    fn journal(&self) -> String {
        wait::until("the attempt in the journal", Duration::from_secs(10), || {
            let text = invoke(&self.app, "journal_export", json!({ "profileId": self.profile, "format": "text" })).ok()?;
            let text = text.as_str()?.to_owned();
            text.contains("Login check #").then_some(text)
        })
    }

    fn timeline_text(&self) -> String {
        self.app.session.text(&self.app.session.wait_for("#login-check-timeline")).unwrap()
    }
}

#[test]
fn an_agent_signs_in_flex_loads_and_a_second_attempt_starts_clean() {
    let mut c = Check::start("login-check-success", "ok", &[]);
    c.shots("ready");
    let intro = c.app.session.text(&c.app.session.wait_for("#login-check")).unwrap();
    assert!(intro.contains("private login window"), "{intro}");
    c.open();
    c.wait_for_idp_form();
    let waiting = c.wait_status("running");
    assert!(waiting.contains("Waiting for you to sign in"), "{waiting}");
    c.shots("at-the-idp");

    c.type_credentials("agent", "agent-pass");
    let text = c.wait_status("success");
    assert!(text.contains("Flex loaded"), "{text}");
    let codes = c.wait_for_diagnosis();
    assert!(!codes.iter().any(|code| code == "legacy_audience"), "{codes:?}");
    let verdict = c.app.session.attribute(&c.app.session.wait_for("#login-check-answer-verdict"), "data-verdict");
    assert_eq!(verdict.as_deref(), Some("pass"), "findings: {codes:?}");
    // Every phase reached, each address shown as host + path with the SAML data hidden.
    for phase in ["flex_login", "idp_sign_in", "acs_post", "flex_loaded"] {
        c.app.session.wait_for(&format!("li.phase.done[data-phase='{phase}']"));
    }
    let timeline = c.timeline_text();
    assert!(timeline.contains("/agent-desktop"), "{timeline}");
    assert!(timeline.contains("SAMLRequest=[hidden]"), "{timeline}");
    // The next step follows from the result, and the sign-in request shows the connection used.
    c.app.session.wait_for_text("#login-check-next", "Nothing to fix: click Finish.");
    c.app.session.wait_for("#login-check-connection-used[data-connection='new']");
    assert!(c.app.session.try_find("#login-check-fix").is_none(), "no fix card on success");
    c.shots("success");

    // Recorded: the journal has the attempt, the migration's Finish is no longer blocked by it.
    let journal = c.journal();
    assert!(journal.contains("Login check #1: Success: Flex loaded"), "{journal}");
    assert!(journal.contains("Login check succeeded"), "{journal}");
    let view = invoke(&c.app, "migration_get", json!({ "profileId": c.profile })).unwrap();
    let blockers = view["blockers"].to_string();
    assert!(!blockers.contains("login_check"), "{blockers}");
    // The capture script reported how long it held the IdP's form, and the app logged it (what
    // `./dev bench` reads for capture_hold_ms).
    let log = c.app.data_dir().join("logs").join("flex-sso-migrator.log");
    let held = wait::until("the form hold in the app's log", Duration::from_secs(30), || {
        let text = std::fs::read_to_string(&log).ok()?;
        let line = text.lines().find(|line| line.contains("the IdP's form post was held held_ms="))?;
        line.rsplit_once("held_ms=").and_then(|(_, ms)| ms.trim().parse::<f64>().ok())
    });
    assert!((0.0..4000.0).contains(&held), "held {held} ms, beyond the script's cap");

    // A second attempt: a new private window with no session from the first, so the IdP asks
    // for the password again instead of signing in at once.
    c.open();
    c.wait_for_idp_form();
    let again = c.wait_status("running");
    assert!(again.contains("Waiting for you to sign in"), "{again}");
    c.shots("second-attempt-asks-again");
    c.type_credentials("agent", "agent-pass");
    c.wait_status("success");
    c.shots("second-success");
}

#[test]
fn an_idp_still_on_the_legacy_values_is_explained() {
    let mut c = Check::start("login-check-legacy", "legacy_values", &[]);
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("agent", "agent-pass");
    let text = c.wait_status("error_page");
    assert!(text.contains("legacy"), "{text}");
    let codes = c.wait_for_diagnosis();
    assert!(codes.iter().any(|code| code == "legacy_audience"), "{codes:?}");
    c.app.session.wait_for_text("#login-check-legacy", "legacy Twilio address");
    // The fix comes first: the setting in the IdP's words and the new value, with Copy.
    let value = c.app.session.wait_for_text("#login-check-fix-value-value", "urn:flex:");
    assert!(value.ends_with(&connection_sid("legacy_values")), "{value}");
    c.app.session.wait_for("#login-check-fix-value-copy");
    // Stopped at the answer; Flex was not reached.
    c.app.session.wait_for("li.phase.stopped[data-phase='acs_post']");
    c.app.session.wait_for_text("li.phase.pending[data-phase='flex_loaded']", "not reached");
    let timeline = c.timeline_text();
    assert!(timeline.contains("/saml2"), "the legacy ACS is in the timeline: {timeline}");
    c.shots("legacy");
    let journal = c.journal();
    assert!(journal.contains("Login check failed"), "{journal}");
}

#[test]
fn a_user_without_roles_gets_twilios_error_explained() {
    let mut c = Check::start("login-check-noroles", "ok", &[]);
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("noroles", "noroles-pass");
    c.wait_status("error_page");
    // Twilio's own words on its error page are recognised (FLEX-SSO-FACTS section 7).
    c.app.session.wait_for_text("#login-check-verdict", "doesn't have a role attribute");
    let codes = c.wait_for_diagnosis();
    assert!(codes.iter().any(|code| code == "attribute_missing"), "{codes:?}");
    c.app.session.wait_for("#login-check-fix[data-code='attribute_missing']");
    c.shots("no-roles");
}

#[test]
fn an_unsigned_assertion_is_found() {
    let mut c = Check::start("login-check-unsigned", "assertion_unsigned", &[]);
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("agent", "agent-pass");
    c.wait_status("error_page");
    let codes = c.wait_for_diagnosis();
    assert!(codes.iter().any(|code| code == "assertion_unsigned"), "{codes:?}");
    c.shots("assertion-unsigned");
}

#[test]
fn a_wrong_password_waits_at_the_idp_until_the_time_is_up() {
    let mut c = Check::start("login-check-wrong-password", "ok", &[("FLEX_SSO_LOGIN_CHECK_TIMEOUT_SECS", "25")]);
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("agent", "not-the-password");
    c.app.session.wait_for_text("#login-check-verdict", "came back");
    let text = c.wait_status("running");
    assert!(text.contains("password"), "{text}");
    c.shots("password-refused");
    let text = c.wait_status("timed_out");
    assert!(text.contains("not accepted"), "{text}");
    // It stopped at the IdP: that step is not passed, the next ones not reached.
    c.app.session.wait_for_text("li.phase.stopped[data-phase='idp_sign_in']", "stopped here");
    c.app.session.wait_for_text("li.phase.pending[data-phase='acs_post']", "not reached");
    assert!(c.app.session.try_find("li.phase.done[data-phase='idp_sign_in']").is_none());
    wait::until("the login window to close", Duration::from_secs(10), || {
        login_window::find(&c.app).is_none().then_some(())
    });
    c.shots("timed-out");
}

#[test]
fn closing_the_login_window_cancels_the_attempt() {
    let mut c = Check::start("login-check-cancel", "ok", &[]);
    c.open();
    c.wait_for_idp_form();
    c.shots("before-closing");
    c.app.session.click_on("#login-check-close");
    let text = c.wait_status("cancelled");
    assert!(text.contains("closed"), "{text}");
    c.app.session.wait_for("li.phase.stopped[data-phase='idp_sign_in']");
    c.app.session.wait_for("#login-check-open:not([disabled])");
    c.shots("cancelled");
    let journal = c.journal();
    assert!(journal.contains("Login check #1: Stopped"), "{journal}");
    assert!(!journal.contains("Login check failed"), "a cancelled check records no outcome: {journal}");
}

/// A page in the login window tries every kind of command; it reports what happened to a
/// server of the test's own.
const HOSTILE_PAGE: &str = r#"<!DOCTYPE html><html><head><title>Hostile page</title></head><body><p>hostile</p><script>
(async () => {
  const I = window.__TAURI_INTERNALS__;
  const results = [{ cmd: "internals", ok: !!(I && I.invoke) }];
  const attempts = [
    ["profiles_list", {}],
    ["copy_text", { what: "x", value: "pwned", profileId: null }],
    ["login_check_start", { profileId: "x", startUrl: "https://example.com/", timeoutSecs: null }],
    ["plugin:app|version", {}],
    ["plugin:window|title", { label: "main" }],
    ["plugin:event|emit", { event: "x", payload: null }],
    ["plugin:dialog|open", { options: {} }],
    ["plugin:store|load", { path: "pwned.json" }],
    ["login_check_capture", { message: { kind: "page", title: "hostile" } }],
  ];
  for (const [cmd, args] of attempts) {
    try {
      const value = await I.invoke(cmd, args);
      results.push({ cmd, ok: true, value: JSON.stringify(value) });
    } catch (e) {
      results.push({ cmd, ok: false, error: String((e && e.message) || e) });
    }
  }
  await fetch("/results", { method: "POST", body: JSON.stringify(results) });
  try { location.href = "tauri://localhost/index.html"; } catch (_) {}
  setTimeout(() => fetch("/still-here?href=" + encodeURIComponent(location.href)), 1500);
})();
</script></body></html>"#;

/// What the test's server received: (request target, body).
type Received = Arc<Mutex<Vec<(String, String)>>>;

fn hostile_server() -> (String, Received) {
    test_server(vec![("/hostile", HOSTILE_PAGE.to_owned())], Arc::default())
}

/// A tiny HTTP server on loopback: serves each `(path prefix, page)` as HTML, answers `/where`
/// with the JSON the test fills in once the sandbox runs (pages need its addresses), and keeps
/// what it was sent.
fn test_server(pages: Vec<(&'static str, String)>, where_json: Arc<Mutex<String>>) -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Received = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            let target = request_line.split_whitespace().nth(1).unwrap_or("").to_owned();
            log.lock().unwrap().push((target.clone(), String::from_utf8_lossy(&body).into_owned()));
            let (kind, page) = if target.starts_with("/where") {
                ("application/json", where_json.lock().unwrap().clone())
            } else {
                let page = pages.iter().find(|(prefix, _)| target.starts_with(prefix)).map(|(_, p)| p.clone());
                ("text/html", page.unwrap_or_else(|| "ok".to_owned()))
            };
            let mut stream = stream;
            let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}", page.len());
        }
    });
    (base, seen)
}

#[test]
fn a_page_in_the_login_window_can_call_no_other_command() {
    let (base, seen) = hostile_server();
    let mut c = Check::start("login-check-hostile", "ok", &[]);
    // The admin pastes a link: here, the hostile page.
    let s = &c.app.session;
    s.click_on("#login-check-paste summary");
    s.type_text(&s.wait_for("#login-check-link"), &format!("{base}/hostile"));
    s.wait_for_text("#login-check-link-message", "will open this link");
    c.open();
    let results = wait::until("the hostile page's report", Duration::from_secs(30), || {
        let seen = seen.lock().unwrap();
        seen.iter().find(|(t, _)| t == "/results").map(|(_, body)| serde_json::from_str::<Value>(body).unwrap())
    });
    let results = results.as_array().unwrap();
    let by = |cmd: &str| results.iter().find(|r| r["cmd"] == cmd).unwrap_or_else(|| panic!("{cmd} missing in {results:?}")).clone();
    assert_eq!(by("internals")["ok"], true, "the page has IPC at all: {results:?}");
    // The capture command is the one that works (so the refusals below are the ACL's).
    assert_eq!(by("login_check_capture")["ok"], true, "{results:?}");
    for cmd in [
        "profiles_list",
        "copy_text",
        "login_check_start",
        "plugin:app|version",
        "plugin:window|title",
        "plugin:event|emit",
        "plugin:dialog|open",
        "plugin:store|load",
    ] {
        let r = by(cmd);
        assert_eq!(r["ok"], false, "{cmd} must be refused: {r}");
        assert!(r["error"].as_str().unwrap_or_default().contains("not allowed"), "{cmd}: {r}");
    }
    // The page also tried to go to the app's own pages: refused, it stays where it was.
    let still = wait::until("the page to report where it is", Duration::from_secs(15), || {
        let seen = seen.lock().unwrap();
        seen.iter().find(|(t, _)| t.starts_with("/still-here")).map(|(t, _)| t.clone())
    });
    assert!(still.contains("http%3A%2F%2F127.0.0.1"), "{still}");
    // The main window shows the page's address in the timeline, and no profile changed.
    let host = base.trim_start_matches("http://").to_owned();
    c.app.session.wait_for_text("#login-check-timeline", &format!("{host}/hostile"));
    // The page's calls changed nothing: the attempt is still simply running at that page.
    let still_running = c.app.session.try_find("#login-check-verdict[data-status='running']").is_some();
    assert!(still_running, "{:?}", c.verdict());
    c.shots("hostile-page");
}


/// The admin opens the login window at a pasted link; that page plants a SAML response that
/// would pass every check, for this migration's ACS, then forwards to the real Flex login.
/// The forged one is ignored (it did not come from a page the Flex login led to, and nothing
/// posted it): the verdict is the real one (roles missing), not the planted success.
#[test]
fn a_planted_capture_is_ignored_and_the_real_answer_decides() {
    let sid = connection_sid("ok");
    let forged = std::fs::read(support::repo_path("tests/fixtures/idp/captured/agent-ok.xml")).unwrap();
    let forged = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, forged);
    // The page needs the sandbox's addresses, which exist only once it runs: it asks the test's
    // server for them.
    let page = format!(r#"<!DOCTYPE html><html><head><title>Start</title></head><body><p>Starting…</p><script>
(async () => {{
  const where = await (await fetch("/where")).json();
  try {{
    await window.__TAURI_INTERNALS__.invoke("login_check_capture",
      {{ message: {{ kind: "saml_post", saml_response: "{forged}", action: where.acs }} }});
  }} catch (_) {{}}
  location.href = where.login;
}})();
</script></body></html>"#);
    let where_json = Arc::new(Mutex::new(String::new()));
    let (base, _) = test_server(vec![("/forge", page)], where_json.clone());
    let mut c = Check::start("login-check-forged", "ok", &[]);
    let login = c._sandbox.vars["FLEX_SSO_SANDBOX_LOGIN_LINK"].clone();
    let acs = format!("{}/login/callback?connection={sid}", c._sandbox.vars["FLEX_SSO_LOGIN_BASE_URL"]);
    *where_json.lock().unwrap() = json!({ "acs": acs, "login": login }).to_string();
    let s = &c.app.session;
    s.click_on("#login-check-paste summary");
    s.type_text(&s.wait_for("#login-check-link"), &format!("{base}/forge"));
    s.wait_for_text("#login-check-link-message", "will open this link");
    c.open();
    // The planted response is shown as ignored in the timeline, before the real login.
    c.app.session.wait_for_text("#login-check-timeline li.ignored", "came from a page the Flex login did not lead to");
    c.wait_for_idp_form();
    c.type_credentials("noroles", "noroles-pass");
    let text = c.wait_status("error_page");
    assert!(!text.contains("Success"), "{text}");
    c.app.session.wait_for_text("#login-check-verdict", "doesn't have a role attribute");
    let codes = c.wait_for_diagnosis();
    assert!(codes.iter().any(|code| code == "attribute_missing"), "the real response was diagnosed: {codes:?}");
    c.shots("forged-ignored");
    let view = invoke(&c.app, "migration_get", json!({ "profileId": c.profile })).unwrap();
    assert_eq!(view["state"]["login_check"]["outcome"], "failed", "{view}");
}

/// Real IdP pages run scripts that assign to prototypes: the login window runs them as a browser
/// does (Tauri's freezePrototype is for the main window only, which stays frozen).
#[test]
fn a_page_that_assigns_to_a_prototype_still_logs_in() {
    let page = r#"<!DOCTYPE html><html><head><title>Strict page</title></head><body><script>
'use strict';
function F() {}
F.prototype.toString = () => '';
fetch("/where").then((r) => r.json()).then((where) => { location.href = where.login; });
</script></body></html>"#.to_owned();
    let where_json = Arc::new(Mutex::new(String::new()));
    let (base, _) = test_server(vec![("/strict", page)], where_json.clone());
    let mut c = Check::start("login-check-prototype", "ok", &[]);
    *where_json.lock().unwrap() = json!({ "login": c._sandbox.vars["FLEX_SSO_SANDBOX_LOGIN_LINK"] }).to_string();
    let frozen = c.app.session.execute("return Object.isFrozen(Object.prototype);", json!([])).unwrap();
    assert_eq!(frozen, json!(true), "the main window's prototype is frozen");
    let s = &c.app.session;
    s.click_on("#login-check-paste summary");
    s.type_text(&s.wait_for("#login-check-link"), &format!("{base}/strict"));
    s.wait_for_text("#login-check-link-message", "will open this link");
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("agent", "agent-pass");
    let text = c.wait_status("success");
    assert!(text.contains("Flex loaded"), "{text}");
    c.shots("prototype-page");
}

/// A self-hosted Flex: the check starts at the self-hosted Flex, which sends the window to the
/// login, and succeeds when the window comes back to it signed in.
#[test]
fn a_self_hosted_login_starts_and_ends_at_the_self_hosted_flex() {
    let mut c = Check::start_self_hosted("login-check-self-hosted");
    c.app.session.wait_for_text("#login-check-slot", "the address of your self-hosted Flex");
    c.open();
    c.wait_for_idp_form();
    c.type_credentials("supervisor", "supervisor-pass");
    let text = c.wait_status("success");
    assert!(text.contains("Flex loaded"), "{text}");
    let timeline = c.timeline_text();
    assert!(timeline.contains("/self-hosted/flex"), "{timeline}");
    c.app.session.wait_for("li.phase.done[data-phase='flex_loaded']");
    c.shots("self-hosted-success");
    // Finish is enabled by the recorded outcome.
    c.app.session.wait_for("#wizard-finish:not([disabled])");
}
