//! Command tests through Tauri's mock runtime: each call goes through the real invoke handler and
//! the real ACL (the capabilities in `capabilities/`), as the UI's `invoke` would, with no display.

use std::sync::Arc;

use flex_sso_migrator::{builder, context, AppState};
use flex_sso_secrets::{MemorySecretStore, SecretStore};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// The origin of the app's own pages on Linux and macOS (Windows uses http://tauri.localhost).
const APP_ORIGIN: &str = "tauri://localhost";

fn app_with(secrets: Arc<dyn SecretStore>, sandbox: bool) -> App<MockRuntime> {
    builder(mock_builder(), AppState { secrets, sandbox }).build(context()).expect("the app builds")
}

fn main_window(app: &App<MockRuntime>) -> WebviewWindow<MockRuntime> {
    app.get_webview_window("main")
        .unwrap_or_else(|| WebviewWindowBuilder::new(app, "main", Default::default()).build().expect("main window"))
}

fn invoke(window: &WebviewWindow<MockRuntime>, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_reports_name_version_and_sandbox() {
    let app = app_with(Arc::new(MemorySecretStore::new()), true);
    let window = main_window(&app);
    let info = invoke(&window, APP_ORIGIN, "app_info", json!({})).unwrap();
    assert_eq!(info["name"], "Flex SSO Migrator");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["sandbox"], true);
}

#[test]
fn keyring_check_round_trips_through_the_store() {
    let store = Arc::new(MemorySecretStore::new());
    let app = app_with(store, false);
    let window = main_window(&app);
    let check = invoke(&window, APP_ORIGIN, "keyring_check", json!({})).unwrap();
    assert_eq!(check["read_back"], true);
    assert_eq!(check["deleted"], true);
    assert!(check["message"].as_str().unwrap().starts_with("Secure storage works"));
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let app = app_with(Arc::new(MemorySecretStore::new()), false);
    let window = main_window(&app);
    // A malformed argument is Tauri's own error; our errors are {code, message} (see error.rs).
    let error = invoke(&window, APP_ORIGIN, "log_ui_error", json!({ "report": 5 })).unwrap_err();
    assert!(error.as_str().unwrap().contains("invalid type"), "{error}");
}

#[test]
fn a_window_that_no_capability_names_cannot_call_app_commands() {
    let app = app_with(Arc::new(MemorySecretStore::new()), false);
    let stranger = WebviewWindowBuilder::new(&app, "stranger", Default::default()).build().unwrap();
    let error = invoke(&stranger, APP_ORIGIN, "app_info", json!({})).unwrap_err();
    assert!(error.as_str().unwrap().contains("not allowed"), "{error}");
}

#[test]
fn a_remote_page_in_the_main_window_cannot_call_app_commands() {
    let app = app_with(Arc::new(MemorySecretStore::new()), false);
    let window = main_window(&app);
    let error = invoke(&window, "https://attacker.example", "keyring_check", json!({})).unwrap_err();
    assert!(error.as_str().unwrap().contains("not allowed"), "{error}");
}
