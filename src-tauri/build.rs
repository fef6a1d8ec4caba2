// Declaring the app's commands makes Tauri generate an `allow-<command>` permission for each and
// check every command call against the window's capability (without this list, app commands are
// allowed from any window). The validation window of step 4 relies on that: it must reach only
// the one command its job needs.
const COMMANDS: &[&str] = &[
    "app_info",
    "log_ui_error",
    "first_screen_ready",
    "copy_text",
    "keyring_check",
    "migration_get",
    "migration_apply",
    "journal_export",
    "migration_set_idp",
    // Step 2's check of the IdP through its API
    "idp_link_status",
    "idp_connect",
    "idp_check",
    "idp_apply",
    "idp_restore",
    "idp_disconnect",
    "idp_sign_in_log",
    "idp_certificates",
    "idp_device_start",
    "idp_device_open",
    "idp_device_wait",
    "migration_set_self_hosted_urls",
    "preference_get",
    "preference_set",
    "preflight_run",
    "profiles_list",
    "profile_create",
    "profile_rename",
    "profile_delete",
    "profile_set_self_hosted",
    "credentials_save",
    "credentials_forget",
    "idp_catalog",
    "check_sid",
    "legacy_values",
    "parse_new_value",
    "assess_ui_version",
    "advise_setup_type",
    "check_self_hosted",
    "oauth_snippet",
    "check_oauth_redirect",
    "migration_set_oauth_redirect",
    // Facts about Twilio and their sources
    "facts_sheet",
    "open_link",
    // IdP metadata import
    "metadata_inspect_text",
    "metadata_inspect_url",
    "metadata_pick_file",
    "metadata_inspect_file_again",
    "metadata_save",
    "metadata_saved",
    // SAML response inspection
    "saml_inspect",
    "saml_expectations",
    // Step 4's login check (login_check_capture: the login window's only command, granted at run
    // time to that window for the origins it visits; see ARCHITECTURE.md "Validation window")
    "login_check_plan",
    "login_check_start",
    "login_check_status",
    "login_check_close",
    "login_check_capture",
    // The Health page's role checklist (the login check once per test user)
    "role_checklist_get",
    "role_checklist_set_users",
    "role_check_record",
    // Files for someone else: the handoff pack, the trace for support, the change record, the reminder
    "handoff_pack_text",
    "handoff_pack_save",
    "trace_preview",
    "trace_save",
    "journal_save",
    "reminder_save",
    // Health after the switch
    "health_check",
    "health_configured_set",
    "health_metadata_url_set",
    "health_reminders_save",
    // About and updates
    "about_info",
    "open_project_page",
    "update_status",
    "update_consent_set",
    "update_check_if_due",
    "update_check",
    "update_install",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
