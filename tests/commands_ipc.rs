//! Command tests through Tauri's mock runtime: each call goes through the real invoke handler and
//! the real ACL (the capabilities in `capabilities/`), as the UI's `invoke` would, with no display.
//! Twilio is the emulator on loopback, over real HTTP.

mod common;

use common::{defaults, invoke_from, BedOptions, TestBed, APP_ORIGIN};
use flex_sso_twilio_emulator::Preset;
use serde_json::{json, Value};
use tauri::WebviewWindowBuilder;

fn bed() -> TestBed {
    TestBed::start(BedOptions::default())
}

#[test]
fn app_info_reports_name_version_and_sandbox() {
    let bed = TestBed::start(BedOptions { sandbox: true, ..BedOptions::default() });
    let info = bed.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["name"], "Flex SSO Migrator");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["sandbox"], true);
}

#[test]
fn keyring_check_round_trips_through_the_store() {
    let check = bed().invoke("keyring_check", json!({})).unwrap();
    assert_eq!(check["read_back"], true);
    assert_eq!(check["deleted"], true);
    assert!(check["message"].as_str().unwrap().starts_with("Secure storage works"));
}

#[test]
fn our_errors_reach_the_ui_as_code_and_message() {
    let error = bed().invoke("check_sid", json!({ "kind": "account", "input": "AC123" })).unwrap_err();
    assert_eq!(error, json!({
        "code": "sid_wrong_length",
        "message": "An Account SID has 34 characters; this has 5. Copy it again in one piece."
    }));
}

#[test]
fn a_window_that_no_capability_names_cannot_call_app_commands() {
    let bed = bed();
    let stranger = WebviewWindowBuilder::new(&bed.app, "stranger", Default::default()).build().unwrap();
    let error = invoke_from(&stranger, APP_ORIGIN, "app_info", json!({})).unwrap_err();
    assert!(error.as_str().unwrap().contains("not allowed"), "{error}");
}

#[test]
fn a_remote_page_in_the_main_window_cannot_call_app_commands() {
    let bed = bed();
    let error = invoke_from(&bed.window, "https://attacker.example", "profiles_list", json!({})).unwrap_err();
    assert!(error.as_str().unwrap().contains("not allowed"), "{error}");
}

fn create_profile(bed: &TestBed, name: &str) -> String {
    let profile = bed.invoke("profile_create", json!({ "name": name, "accountSid": defaults::ACCOUNT_SID })).unwrap();
    profile["id"].as_str().unwrap().to_owned()
}

fn save_token(bed: &TestBed, id: &str, token: &str) -> serde_json::Value {
    bed.invoke("credentials_save", json!({
        "profileId": id,
        "credentials": { "kind": "auth_token", "account_sid": defaults::ACCOUNT_SID, "auth_token": token },
        "sessionOnly": false,
    }))
    .unwrap()
}

#[test]
fn a_profile_gets_credentials_runs_preflight_and_forgets_them() {
    let bed = bed();
    let id = create_profile(&bed, "Acme Support");
    assert_eq!(id, "acme-support");

    let saved = save_token(&bed, &id, defaults::AUTH_TOKEN);
    assert_eq!(saved["status"], "saved");
    assert_eq!(saved["place"], "keyring");
    assert!(!saved.to_string().contains(defaults::AUTH_TOKEN), "{saved}");

    let listed = bed.invoke("profiles_list", json!({})).unwrap();
    assert_eq!(listed["profiles"][0]["name"], "Acme Support");
    assert_eq!(listed["profiles"][0]["credentials"]["status"], "saved");

    let report = bed.invoke("preflight_run", json!({ "profileId": id })).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["flex"]["eligible"], "eligible");
    assert_eq!(report["sso"]["state"], "legacy_only");
    assert_eq!(bed.emulator.request_counts().configuration, 1);

    let journal = bed.invoke("journal_export", json!({ "profileId": id, "format": "text" })).unwrap();
    assert!(journal.as_str().unwrap().contains("preflight"), "{journal}");

    let forgotten = bed.invoke("credentials_forget", json!({ "profileId": id })).unwrap();
    assert_eq!(forgotten["status"], "missing");
    let error = bed.invoke("preflight_run", json!({ "profileId": id })).unwrap_err();
    assert_eq!(error["code"], "keyring_not_found");
}

#[test]
fn wrong_credentials_come_back_as_a_problem_with_what_to_do() {
    let bed = TestBed::start(BedOptions { preset: Preset::WrongCredentials, ..BedOptions::default() });
    let id = create_profile(&bed, "Acme");
    save_token(&bed, &id, "not-the-right-token-0000");
    let report = bed.invoke("preflight_run", json!({ "profileId": id })).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"][0]["code"], "wrong_credentials", "{report}");
    assert!(!report["problems"][0]["fix"].as_str().unwrap().is_empty());
}

#[test]
fn credentials_for_another_account_are_refused() {
    let bed = bed();
    let id = create_profile(&bed, "Acme");
    let error = bed
        .invoke("credentials_save", json!({
            "profileId": id,
            "credentials": { "kind": "auth_token", "account_sid": "AC11111111111111111111111111111111", "auth_token": "x" },
            "sessionOnly": false,
        }))
        .unwrap_err();
    assert_eq!(error["code"], "credentials_other_account");
}

#[test]
fn migration_actions_are_saved_and_refused_actions_change_nothing() {
    let bed = bed();
    let id = create_profile(&bed, "Acme");
    let start = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(start["step_number"], 1);
    assert_eq!(start["offers"]["can_continue"], false);

    let chosen = bed
        .invoke("migration_apply", json!({ "profileId": id, "action": { "action": "choose_setup_type", "setup_type": "create_new" } }))
        .unwrap();
    // The account never said where Flex runs: step 1 waits for the answer instead of assuming.
    assert_eq!(chosen["offers"]["can_continue"], false, "{chosen}");
    assert_eq!(chosen["blockers"][0]["code"], "self_hosting_unanswered", "{chosen}");
    bed.invoke("profile_set_self_hosted", json!({ "profileId": id, "selfHosted": false })).unwrap();
    let chosen = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(chosen["offers"]["can_continue"], true, "{chosen}");
    assert_eq!(chosen["state"]["self_hosting_answered"], true, "{chosen}");

    let refused = bed.invoke("migration_apply", json!({ "profileId": id, "action": { "action": "finish" } })).unwrap_err();
    assert_eq!(refused["code"], "finish_not_on_last_step", "{refused}");

    // What was saved is what a fresh read sees.
    let again = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(again["state"], chosen["state"]);
    let listed = bed.invoke("profiles_list", json!({})).unwrap();
    assert_eq!(listed["profiles"][0]["migration"]["step_number"], 1);
}

#[test]
fn pasted_console_values_are_understood() {
    let bed = bed();
    let parsed = bed
        .invoke("parse_new_value", json!({ "input": " urn:flex:JQ0123456789abcdef0123456789abcdef\n" }))
        .unwrap();
    assert_eq!(parsed["connection_sid"], "JQ0123456789abcdef0123456789abcdef");
    assert_eq!(
        parsed["values"]["acs_url"],
        format!("{}/login/callback?connection=JQ0123456789abcdef0123456789abcdef", bed.emulator.base_url().trim_end_matches('/'))
    );
    let catalog = bed.invoke("idp_catalog", json!({})).unwrap();
    assert_eq!(catalog["label_table"].as_array().unwrap().len(), 6);
}

#[test]
fn the_advisor_answers_with_both_options() {
    let advice = bed()
        .invoke("advise_setup_type", json!({ "answers": {
            "realtime_with_idp_admin": "yes", "tolerate_failed_new_logins": "yes", "assign_all_users_to_new_app": "unsure" } }))
        .unwrap();
    assert_eq!(advice["advice"]["recommendation"], "modify_existing", "{advice}");
    assert_eq!(advice["questions"].as_array().unwrap().len(), 3);
    assert_eq!(advice["advice"]["options"].as_array().unwrap().len(), 2);
}


/// Only the login check itself records its outcome: the page cannot declare one.
#[test]
fn the_ui_cannot_record_a_login_check_outcome() {
    let bed = bed();
    let profile = create_profile(&bed, "Acme");
    let error = bed
        .invoke("migration_apply", json!({ "profileId": profile, "action": { "action": "record_login_check", "outcome": { "outcome": "succeeded" } } }))
        .unwrap_err();
    assert_eq!(error["code"], "action_backend_only", "{error}");
    let view = bed.invoke("migration_get", json!({ "profileId": profile })).unwrap();
    assert!(view["state"]["login_check"].is_null(), "{view}");
}

/// The Health page's role checklist: labels are checked by the backend and kept with the account;
/// a row is recorded only from a settled login check of the same account, once, for a listed user,
/// with roles and verdict read from the attempt (here one closed before any IdP answered).
#[test]
fn the_role_checklist_records_only_settled_attempts_of_its_own_account() {
    let bed = bed();
    let profile = create_profile(&bed, "Acme");
    let other = create_profile(&bed, "Other");
    let set = |users: Value| bed.invoke("role_checklist_set_users", json!({ "profileId": profile, "users": users }));
    let list = set(json!([" agent ", "supervisor@example.com"])).unwrap();
    assert_eq!(list["users"], json!(["agent", "supervisor@example.com"]), "{list}");
    for (users, code) in [
        (json!(["agent", "line\nbreak"]), "role_user_control_character"),
        (json!(["agent", "x".repeat(101)]), "role_user_too_long"),
        (json!(["agent", "AGENT"]), "role_user_duplicate"),
        (json!(["agent", "  "]), "role_user_empty"),
    ] {
        assert_eq!(set(users.clone()).unwrap_err()["code"], code, "{users}");
    }
    let kept = bed.invoke("role_checklist_get", json!({ "profileId": profile })).unwrap();
    assert_eq!(kept["users"], json!(["agent", "supervisor@example.com"]), "a refused list changes nothing: {kept}");
    assert_eq!(bed.invoke("role_checklist_get", json!({ "profileId": other })).unwrap()["users"], json!([]));

    let record = |profile: &str, attempt: &Value, user: &str| {
        bed.invoke("role_check_record", json!({ "profileId": profile, "attemptId": attempt, "userLabel": user }))
    };
    assert_eq!(record(&profile, &json!(99), "agent").unwrap_err()["code"], "login_check_unknown");
    let start = format!("{}/start", bed.emulator.base_url().trim_end_matches('/'));
    // Step 4's check (the default purpose) is not the checklist's.
    let step4 = bed.invoke("login_check_start", json!({ "profileId": profile, "startUrl": start, "timeoutSecs": null })).unwrap();
    assert_eq!(record(&profile, &step4["attempt_id"], "agent").unwrap_err()["code"], "role_check_not_for_checklist");
    let view = bed
        .invoke("login_check_start", json!({ "profileId": profile, "startUrl": start, "timeoutSecs": null, "purpose": "role_checklist" }))
        .unwrap();
    let attempt = view["attempt_id"].clone();
    assert_eq!(record(&profile, &attempt, "agent").unwrap_err()["code"], "role_check_not_settled");
    bed.invoke("login_check_close", json!({ "attemptId": attempt })).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while bed.invoke("login_check_status", json!({ "attemptId": attempt })).unwrap()["settled"] != true {
        assert!(std::time::Instant::now() < deadline, "the closed attempt never settled");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(record(&other, &attempt, "agent").unwrap_err()["code"], "role_check_other_account");
    assert_eq!(record(&profile, &attempt, "admin").unwrap_err()["code"], "role_user_not_listed");
    assert_eq!(record(&profile, &attempt, "bad\u{202E}label").unwrap_err()["code"], "role_user_control_character");
    // A refusal leaves the attempt free for the right user.
    let row = record(&profile, &attempt, "agent").unwrap();
    assert_eq!(row["user"], "agent");
    assert_eq!(row["roles"], Value::Null, "no answer was read: {row}");
    assert_eq!(row["verdict"]["kind"], "stopped", "{row}");
    assert_eq!(record(&profile, &attempt, "agent").unwrap_err()["code"], "role_check_already_recorded");

    let journal: Vec<Value> = serde_json::from_str(
        bed.invoke("journal_export", json!({ "profileId": profile, "format": "json" })).unwrap().as_str().unwrap(),
    )
    .unwrap();
    let entries: Vec<&Value> = journal.iter().filter(|e| e["kind"] == "role_check").collect();
    assert_eq!(entries.len(), 1, "{journal:#?}");
    assert_eq!(entries[0]["data"]["user"], "agent");
    assert_eq!(entries[0]["data"]["attempt"], attempt);
    // The last result per user comes back with the list (after a restart too: it is the journal).
    let kept = bed.invoke("role_checklist_get", json!({ "profileId": profile })).unwrap();
    assert_eq!(kept["last"].as_array().unwrap().len(), 1, "{kept}");
    assert_eq!(kept["last"][0]["verdict"]["kind"], "stopped");
    assert_eq!(kept["last"][0]["at"], entries[0]["at"]);
}
