//! End to end, the Health page's role checklist ("Every role signs in") in the real app, on the
//! practice sandbox: the real SimpleSAMLphp IdP with its test users (tests/fixtures/idp/README.md),
//! the Flex login emulator and the Twilio emulator. The migration is finished first (the state the
//! checklist is for: a login check then records no outcome in the migration), then the admin
//! names five test users, runs the checklist and signs in as each in the private window that
//! opens, typed as a person would (xdotool). Every row's roles and verdict, and the journal's
//! entries, are asserted; the list and the last results are still there after a restart.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use support::app::{screenshot_dir, Options, TestApp};
use support::login_window;
use support::sandbox::{connection_sid, practice_profile, walk_to_validate, LoginSandbox};
use support::wait;

/// The sandbox users to check: (label typed, password, roles Flex should receive, verdict).
const USERS: [(&str, &str, &str, &str); 5] = [
    ("agent", "agent-pass", "agent", "signed_in"),
    ("supervisor", "supervisor-pass", "supervisor", "signed_in"),
    ("admin", "admin-pass", "admin", "signed_in"),
    ("insights", "insights-pass", "supervisor,wfo.team_leader", "signed_in"),
    ("noroles", "noroles-pass", "", "refused"),
];

fn invoke(app: &TestApp, command: &str, args: Value) -> Value {
    app.session.invoke(command, args).unwrap_or_else(|e| panic!("{command}: {e}"))
}

/// The migration of the practice account walked to its validate step, one real login as the
/// agent in step 4's window, and Finish.
fn finish_migration(app: &mut TestApp, profile: &str, sid: &str) {
    walk_to_validate(app, profile, sid, false);
    app.session.execute("import('./router.js').then((m) => m.showScreen('wizard', { profileId: arguments[0] })); return true;", json!([profile])).unwrap();
    app.session.click_on("#login-check-open:not([disabled])");
    app.session.wait_for("li.phase.current[data-phase='idp_sign_in']");
    app.session.wait_for_text("#login-check-page-title", "username and password");
    login_window::type_credentials(app, "agent", "agent-pass");
    app.session.wait_for("#login-check-verdict[data-status='success']");
    app.session.click_on("#wizard-finish:not([disabled])");
    app.session.wait_for_text("#step-title", "Migration finished");
    // Step 4's window stays open on Flex after a good login; the admin closes it.
    invoke(app, "login_check_close", json!({ "attemptId": 1 }));
    wait::until("step 4's login window to close", Duration::from_secs(10), || login_window::find(app).is_none().then_some(()));
    let view = invoke(app, "migration_get", json!({ "profileId": profile }));
    assert_eq!(view["stage"], "finished", "{view}");
}

/// From the home screen, the account's "Check single sign-on health" button.
fn open_health(app: &TestApp) {
    app.session.execute("import('./router.js').then((m) => m.showScreen('home')); return true;", json!([])).unwrap();
    app.session.click_on("[data-profile='practice-sandbox'] [data-action='health']");
    app.session.wait_for("#health-roles #role-checklist[data-state='idle']");
}

fn add_user(app: &TestApp, label: &str) {
    let s = &app.session;
    s.type_text(&s.wait_for("#role-user-input:not([disabled])"), label);
    s.click_on("#role-user-add");
    s.wait_for(&format!("#role-users li[data-user='{label}']"));
    s.wait_for("#role-user-input[aria-invalid='true'], #role-user-input:not([aria-invalid])");
}

/// The role-check entries of the journal (kind `role_check`), oldest first.
fn role_entries(app: &TestApp, profile: &str) -> Vec<Value> {
    let json = invoke(app, "journal_export", json!({ "profileId": profile, "format": "json" }));
    let entries: Vec<Value> = serde_json::from_str(json.as_str().unwrap()).unwrap();
    entries.into_iter().filter(|e| e["kind"] == "role_check").collect()
}

/// A row's data attributes, once the row shows a recorded result.
fn row(app: &TestApp, user: &str) -> Value {
    app.session
        .execute(
            "const r = document.querySelector(`#role-check-results tr[data-user='${arguments[0]}']`); \
             return r ? { state: r.dataset.state, roles: r.dataset.roles ?? null, attempt: r.dataset.attempt ?? null, text: r.textContent } : null;",
            json!([user]),
        )
        .unwrap()
}

/// How many login windows are open (shown on the screen).
fn login_windows(app: &TestApp) -> usize {
    login_window::xdotool(app, &["search", "--onlyvisible", "--name", login_window::TITLE]).lines().count()
}

/// A screenshot of the main window scrolled to `css` (and of the login window, when asked).
fn screenshots(app: &mut TestApp, step: &str, css: &str, with_login_window: bool) {
    app.session.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;", json!([css])).unwrap();
    app.screenshot(step);
    if with_login_window {
        login_window::screenshot(app, &screenshot_dir().join(format!("role-checklist-login-window-{step}.png")));
    }
}

#[test]
fn every_role_signs_in_one_private_window_per_test_user() {
    let sid = connection_sid("ok");
    let sandbox = LoginSandbox::start(&sid);
    let data = tempfile::tempdir().unwrap();
    let options = || Options { env: sandbox.app_env(&[]), ..Options::default() };
    let mut app = TestApp::start_with_data("role-checklist", options(), data.path());
    app.session.wait_for("#sandbox-banner:not([hidden])");
    let profile = practice_profile(&app);
    finish_migration(&mut app, &profile, &sid);

    open_health(&app);
    let login = sandbox.vars["FLEX_SSO_SANDBOX_RUNTIME_DOMAIN"].clone();
    app.session.wait_for_text("#role-check-start-url", &login);
    app.session.wait_for("#role-users-empty");
    app.session.wait_for("#role-check-start[disabled]");
    // The admin's own words are checked: the same user twice is refused, and says so.
    for (label, ..) in USERS {
        add_user(&app, label);
    }
    app.session.type_text(&app.session.wait_for("#role-user-input"), "Agent");
    app.session.click_on("#role-user-add");
    app.session.wait_for_text("#role-user-message", "\"Agent\" is already in the list.");
    app.session.wait_for("#role-user-input[aria-invalid='true']");
    assert_eq!(app.session.execute("return document.querySelectorAll('#role-users li[data-user]').length;", json!([])).unwrap(), json!(5));
    // Typing again clears the answer.
    app.session.type_text(&app.session.wait_for("#role-user-input"), "x");
    app.session.wait_for("#role-user-input:not([aria-invalid])");
    assert_eq!(app.session.text(&app.session.wait_for("#role-user-message")).unwrap(), "");
    app.session.execute("document.querySelector('#role-user-input').value = ''; return true;", json!([])).unwrap();
    screenshots(&mut app, "users-named", "#role-checklist", false);

    // Run it: each user in turn, each in a new private window.
    app.session.click_on("#role-check-start:not([disabled])");
    app.session.wait_for("#role-checklist[data-state='running']");
    let mut attempts: Vec<u64> = Vec::new();
    for (n, (label, password, roles, verdict)) in USERS.iter().enumerate() {
        let instruction = app.session.wait_for_text(&format!("#role-check-instruction[data-user='{label}']"), &format!("Sign in as {label} in the window that opened."));
        assert!(instruction.contains("private"), "{instruction}");
        let attempt: u64 = app
            .session
            .attribute(&app.session.wait_for(&format!("#role-check-instruction[data-user='{label}']")), "data-attempt")
            .unwrap()
            .parse()
            .unwrap();
        assert!(!attempts.contains(&attempt), "a new login check per user: {attempt} after {attempts:?}");
        attempts.push(attempt);
        app.session.wait_for(&format!("#role-check-results tr[data-user='{label}'][data-state='running']"));
        // A new, empty session: the IdP asks for the user name and password again (with the
        // session of the user before, SimpleSAMLphp would sign in at once).
        let view = wait::until(&format!("the IdP's sign-in form for {label}"), Duration::from_secs(40), || {
            let view = app.session.invoke("login_check_status", json!({ "attemptId": attempt })).ok()?;
            let asks = view["waiting_at_idp"] == true && view["page_title"].as_str().is_some_and(|t| t.contains("username and password"));
            asks.then_some(view)
        });
        assert_eq!(view["window_label"], format!("login-check-{attempt}"), "{view}");
        // The window of the user before was closed: the one open is this user's.
        wait::until("one login window", Duration::from_secs(10), || (login_windows(&app) == 1).then_some(()));
        if n == 0 {
            screenshots(&mut app, "first-user-at-the-idp", "#role-check-now", true);
        }
        login_window::type_credentials(&app, label, password);
        let css = format!("#role-check-results tr[data-user='{label}'][data-attempt='{attempt}']");
        app.session.wait_for(&css);
        let shown = row(&app, label);
        assert_eq!(shown["state"], *verdict, "{label}: {shown}");
        assert_eq!(shown["roles"], *roles, "{label}: {shown}");
    }
    app.session.wait_for("#role-checklist[data-state='idle']");
    let summary = app.session.wait_for_text("#role-check-summary", "Checklist done: 4 of 5 test users signed in.");
    assert!(summary.contains("what stopped the others"), "{summary}");
    screenshots(&mut app, "done", "#role-check-now", false);

    // The rows in words an admin can follow.
    let text = |user: &str| row(&app, user)["text"].as_str().unwrap().to_owned();
    assert!(text("agent").contains("Signed in") && text("agent").contains("Flex opened for this user."), "{}", text("agent"));
    let insights = text("insights");
    assert!(insights.contains("wfo.team_leader (Flex Insights role)") && insights.contains("supervisor (Flex role)"), "{insights}");
    let noroles = text("noroles");
    assert!(noroles.contains("Refused") && noroles.contains("None: your identity provider sent no roles"), "{noroles}");
    assert!(noroles.contains("did not send this user's roles"), "{noroles}");

    // The journal: one entry per user, written by the backend from each attempt.
    let entries = role_entries(&app, &profile);
    assert_eq!(entries.len(), USERS.len(), "{entries:#?}");
    for ((label, _, roles, verdict), (entry, attempt)) in USERS.iter().zip(entries.iter().zip(&attempts)) {
        let data = &entry["data"];
        assert_eq!(data["user"], *label, "{entry}");
        assert_eq!(data["attempt"], *attempt, "{entry}");
        let expected: Vec<&str> = roles.split(',').filter(|r| !r.is_empty()).collect();
        assert_eq!(data["roles"], json!(expected), "{entry}");
        assert_eq!(data["verdict"]["kind"], *verdict, "{entry}");
        assert!(entry["detail"].as_str().unwrap().starts_with(&format!("Role checklist, test user \"{label}\"")), "{entry}");
    }
    // The migration is finished: none of these login checks changed its recorded outcome.
    let view = invoke(&app, "migration_get", json!({ "profileId": profile }));
    assert_eq!(view["stage"], "finished", "{view}");

    // Skip and stop: no journal entry for either.
    app.session.click_on("#role-check-start:not([disabled])");
    app.session.wait_for("#role-check-instruction[data-user='agent']");
    app.session.click_on("#role-check-skip");
    app.session.wait_for("#role-check-instruction[data-user='supervisor']");
    app.session.wait_for("#role-check-results tr[data-user='agent'][data-state='skipped']");
    app.session.click_on("#role-check-stop");
    app.session.wait_for_text("#role-check-summary", "Checklist stopped: 0 of 5 test users checked this time");
    app.session.wait_for("#role-check-results tr[data-user='supervisor'][data-state='stopped']");
    // The users not reached keep their last result.
    app.session.wait_for("#role-check-results tr[data-user='noroles'][data-state='refused']");
    wait::until("the login window to close", Duration::from_secs(10), || login_window::find(&app).is_none().then_some(()));
    assert_eq!(role_entries(&app, &profile).len(), USERS.len());
    screenshots(&mut app, "skipped-and-stopped", "#role-check-now", false);

    // A restart: the list and each user's last result are kept with the account.
    drop(app);
    let mut app = TestApp::start_with_data("role-checklist-restarted", options(), data.path());
    open_health(&app);
    for (label, _, roles, verdict) in USERS {
        app.session.wait_for(&format!("#role-users li[data-user='{label}']"));
        let css = format!("#role-check-results tr[data-user='{label}'][data-state='{verdict}']");
        app.session.wait_for(&css);
        assert_eq!(row(&app, label)["roles"], roles, "{label}");
    }
    // Removing a user keeps the others.
    app.session.click_on("#role-users li[data-user='admin'] button");
    wait::until("admin removed", Duration::from_secs(10), || app.session.try_find("#role-users li[data-user='admin']").is_none().then_some(()));
    let kept = invoke(&app, "role_checklist_get", json!({ "profileId": practice_profile(&app) }));
    assert_eq!(kept["users"], json!(["agent", "supervisor", "insights", "noroles"]), "{kept}");
    screenshots(&mut app, "after-restart", "#role-checklist", false);
    let file = data.path().join("dev.flexssomigrator.desktop/profiles/migrations").join(format!("{profile}.json"));
    assert!(Path::new(&file).exists(), "{}", file.display());
}
