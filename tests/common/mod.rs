//! Shared by the command tests: the real app (handlers, ACL, context) on Tauri's mock runtime,
//! with its state in a temporary folder, an in-memory keyring and a Twilio emulator on loopback.
#![allow(dead_code)]

use std::sync::Arc;

use flex_sso_migrator::{builder, context, AppState, StateConfig};
use flex_sso_model::clock::{Clock, SystemClock};
use flex_sso_secrets::{MemorySecretStore, SecretStore};
use flex_sso_twilio::Endpoints;
use flex_sso_twilio_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Preset};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

#[allow(unused_imports)]
pub use flex_sso_twilio_emulator::defaults;

/// The origin of the app's own pages on Linux and macOS (Windows uses http://tauri.localhost).
pub const APP_ORIGIN: &str = "tauri://localhost";

pub struct TestBed {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub emulator: EmulatorHandle,
    pub dir: tempfile::TempDir,
}

pub struct BedOptions {
    pub preset: Preset,
    pub secrets: Arc<dyn SecretStore>,
    pub clock: Arc<dyn Clock>,
    pub sandbox: bool,
}

impl Default for BedOptions {
    fn default() -> Self {
        Self { preset: Preset::Eligible, secrets: Arc::new(MemorySecretStore::new()), clock: Arc::new(SystemClock), sandbox: false }
    }
}

impl TestBed {
    pub fn start(options: BedOptions) -> TestBed {
        let emulator = tauri::async_runtime::block_on(Emulator::start(EmulatorConfig::with_preset(options.preset)))
            .expect("the Twilio emulator starts");
        let base = url::Url::parse(emulator.base_url()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(StateConfig {
            profiles_dir: dir.path().join("profiles"),
            secrets: options.secrets,
            // Like the sandbox: the login host is local too, so the ACS URLs point at it.
            endpoints: Endpoints { login: base.clone(), ..Endpoints::all_at(&base) },
            clock: options.clock,
            sandbox: options.sandbox,
        })
        .expect("state");
        let app = builder(mock_builder()).manage(state).build(context()).expect("the app builds");
        let window = app
            .get_webview_window("main")
            .unwrap_or_else(|| WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window"));
        TestBed { app, window, emulator, dir }
    }

    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke_from(&self.window, APP_ORIGIN, cmd, args)
    }
}

pub fn invoke_from(window: &WebviewWindow<MockRuntime>, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
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
