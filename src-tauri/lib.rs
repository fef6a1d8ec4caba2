//! Flex SSO Migrator: the desktop shell. It builds the Tauri app (plugins, state, commands,
//! windows) over the domain crates in `src-tauri/crates/`, which know nothing of Tauri.

pub mod cli;
pub mod commands;
pub mod error;
pub mod logging;
pub mod state;

use tauri::{Manager, Runtime};

pub use error::{AppError, AppResult};
pub use state::AppState;

/// Registers everything the app's windows can call. Shared by the real app and the command tests
/// (which use Tauri's mock runtime), so both go through the same handlers and the same ACL.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::log_ui_error,
            commands::keyring::keyring_check,
        ])
}

/// The app's Tauri context (configuration, capabilities, embedded `ui/`).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts the windowed app. Called by `main` when no command-line arguments are given.
pub fn run() {
    builder(tauri::Builder::default(), AppState::from_environment())
        .setup(|app| {
            let log_dir = app.path().app_log_dir()?;
            if let Err(error) = logging::init(&log_dir) {
                eprintln!("could not open the log folder {}: {error}", log_dir.display());
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), sandbox = state::sandbox_from_env(), "app started");
            Ok(())
        })
        .run(context())
        .expect("the app could not start its window");
}
