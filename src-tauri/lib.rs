//! Flex SSO Migrator: the desktop shell. It builds the Tauri app (plugins, state, commands,
//! windows) over the domain crates in `src-tauri/crates/`, which know nothing of Tauri.

pub mod accounts;
pub mod cli;
pub mod commands;
pub mod error;
pub mod health;
pub mod health_reminder;
pub mod idp_tokens;
pub mod logging;
pub mod notices;
pub mod paths;
pub mod records;
pub mod sandbox;
// When the process started: the first-screen-ready line measures from it.
pub mod rendering;
pub mod startup;
pub mod state;
pub mod switch_back_reminder;
// The clipboard the copy buttons write to.
pub mod system_clipboard;
// New versions: the rules (consent, daily, release key); commands/updates.rs does the checking.
pub mod updates;
// Step 4's login check (the incognito window, its timeline and capture).
pub mod validation;

use tauri::{Manager, Runtime};

pub use error::{AppError, AppResult};
pub use state::{AppState, StateConfig};

/// Registers everything the app's windows can call. Shared by the real app and the command tests
/// (which use Tauri's mock runtime), so both go through the same handlers and the same ACL.
/// The caller manages the [`AppState`].
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(system_clipboard::SystemClipboard::default())
        // IdP metadata import: the native file dialog, used from Rust only (no page permission).
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::metadata::PickedFile::default())
        // Step 4's login check: the attempts of this run.
        .manage(crate::validation::window::LoginChecks::default())
        // Updates: Tauri's updater, used from Rust only (no page permission), and the update a
        // check found.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(commands::updates::PendingUpdate::default())
        .invoke_handler(tauri::generate_handler![
            app::app_info,
            app::log_ui_error,
            app::first_screen_ready,
            clipboard::copy_text,
            keyring::keyring_check,
            migration::migration_get,
            migration::migration_apply,
            migration::journal_export,
            migration::migration_set_idp,
            idp::idp_link_status,
            idp::idp_connect,
            idp::idp_check,
            idp::idp_apply,
            idp::idp_restore,
            idp::idp_disconnect,
            idp::idp_sign_in_log,
            idp::idp_certificates,
            idp::idp_device_start,
            idp::idp_device_open,
            idp::idp_device_wait,
            migration::migration_set_self_hosted_urls,
            preferences::preference_get,
            preferences::preference_set,
            preflight::preflight_run,
            profiles::profiles_list,
            profiles::profile_create,
            profiles::profile_rename,
            profiles::profile_delete,
            profiles::profile_set_self_hosted,
            profiles::credentials_save,
            profiles::credentials_forget,
            reference::idp_catalog,
            reference::check_sid,
            reference::legacy_values,
            reference::parse_new_value,
            reference::assess_ui_version,
            reference::advise_setup_type,
            reference::check_self_hosted,
            reference::oauth_snippet,
            reference::check_oauth_redirect,
            migration::migration_set_oauth_redirect,
            // Facts about Twilio and their sources
            facts::facts_sheet,
            facts::open_link,
            // IdP metadata import
            metadata::metadata_inspect_text,
            metadata::metadata_inspect_url,
            metadata::metadata_pick_file,
            metadata::metadata_inspect_file_again,
            metadata::metadata_save,
            metadata::metadata_saved,
            // SAML response inspection
            saml::saml_inspect,
            saml::saml_expectations,
            // Step 4's login check (login_check_capture: the login window's only command)
            commands::validation::login_check_plan,
            commands::validation::login_check_start,
            commands::validation::login_check_status,
            commands::validation::login_check_close,
            commands::validation::login_check_capture,
            // The Health page's role checklist (the login check once per test user)
            commands::role_check::role_checklist_get,
            commands::role_check::role_checklist_set_users,
            commands::role_check::role_check_record,
            // Files for someone else
            commands::reports::handoff_pack_text,
            commands::reports::handoff_pack_save,
            commands::reports::trace_preview,
            commands::reports::trace_save,
            commands::reports::journal_save,
            commands::reports::reminder_save,
            // Health after the switch
            commands::health::health_check,
            commands::health::health_configured_set,
            commands::health::health_metadata_url_set,
            commands::health::health_reminders_save,
            // About and updates
            about::about_info,
            about::open_project_page,
            commands::updates::update_status,
            commands::updates::update_consent_set,
            commands::updates::update_check_if_due,
            commands::updates::update_check,
            commands::updates::update_install,
        ])
}

/// The app's Tauri context (configuration, capabilities, embedded `ui/`).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Freezes `Object.prototype` before any of the page's scripts run: what Tauri's
/// `freezePrototype` does, but for the main window only. Tauri's setting applies to every
/// webview, and the login window must run identity providers' pages as a browser would (they
/// assign to prototypes, which a frozen `Object.prototype` turns into errors in strict mode).
const FREEZE_PROTOTYPE: &str = "Object.freeze(Object.prototype);";

/// The main window, as `tauri.conf.json` describes it (`"create": false` there, so it is made
/// here), with the prototype frozen.
pub fn open_main_window<R: Runtime, M: Manager<R>>(manager: &M) -> tauri::Result<tauri::WebviewWindow<R>> {
    let config = manager
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    tauri::WebviewWindowBuilder::from_config(manager, &config)?.initialization_script(FREEZE_PROTOTYPE).build()
}

/// Starts the windowed app. Called by `main` when no command-line arguments are given.
pub fn run() {
    builder(tauri::Builder::default())
        // System notifications: the switch-back reminder only (not granted to any window).
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            startup::mark("setup started");
            let log_dir = app.path().app_log_dir()?;
            if let Err(error) = logging::init(&log_dir) {
                eprintln!("could not open the log folder {}: {error}", log_dir.display());
            }
            let profiles_dir = app.path().app_data_dir()?.join("profiles");
            let state = AppState::from_environment(profiles_dir).map_err(|e| {
                tracing::error!(code = e.code(), "cannot start: {e}");
                eprintln!("error: {e}");
                e
            })?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), sandbox = state.sandbox, "app started");
            if let Err(error) = sandbox::prepare(&state) {
                tracing::warn!(code = error.code(), "the practice account could not be prepared: {error}");
            }
            app.manage(state);
            startup::mark("state ready");
            let window = open_main_window(app)?;
            startup::mark("window built");
            commands::preferences::remember_window_size(&window);
            // Beside the window's start: reading every migration must not delay the first screen.
            let handle = app.handle().clone();
            std::thread::spawn(move || switch_back_reminder::notify_due(&handle));
            // The certificate check reads each IdP's metadata (at most daily): off the main thread.
            tauri::async_runtime::spawn(health_reminder::check_at_start(app.handle().clone()));
            Ok(())
        })
        .build(context())
        .expect("the app could not start its window")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<system_clipboard::SystemClipboard>().release();
            }
        });
}
