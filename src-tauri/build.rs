// Declaring the app's commands makes Tauri generate an `allow-<command>` permission for each and
// check every command call against the window's capability (without this list, app commands are
// allowed from any window). The validation window of step 4 relies on that: it must reach only
// the one command its job needs.
const COMMANDS: &[&str] = &["app_info", "keyring_check", "log_ui_error"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
