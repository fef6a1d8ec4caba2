//! Small preferences (last account opened, the advisor's answers, the window's size) through
//! tauri-plugin-store. Progress is not here: it needs the atomic store of `flex-sso-model`.

use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_store::StoreExt;

use crate::error::{AppError, AppResult};

pub const PREFERENCES_FILE: &str = "preferences.json";

/// The keys a page may read and write; anything else is refused.
const PAGE_KEYS: &[&str] = &["last_profile", "advisor_answers"];
/// A preference is a few words, not a document.
const MAX_VALUE_BYTES: usize = 4096;

fn check_key(key: &str) -> AppResult<()> {
    if PAGE_KEYS.contains(&key) {
        Ok(())
    } else {
        Err(AppError::Domain { code: "preference_unknown", message: format!("\"{key}\" is not a preference of this app.") })
    }
}

fn store_error(error: tauri_plugin_store::Error) -> AppError {
    AppError::Domain { code: "preferences_unavailable", message: format!("Your preferences could not be read or saved ({error}). The app works without them.") }
}

#[tauri::command]
pub fn preference_get<R: Runtime>(app: AppHandle<R>, key: String) -> AppResult<Option<Value>> {
    check_key(&key)?;
    Ok(app.store(PREFERENCES_FILE).map_err(store_error)?.get(&key))
}

#[tauri::command]
pub fn preference_set<R: Runtime>(app: AppHandle<R>, key: String, value: Value) -> AppResult<()> {
    check_key(&key)?;
    if value.to_string().len() > MAX_VALUE_BYTES {
        return Err(AppError::Domain { code: "preference_too_large", message: "This preference is too large to keep.".into() });
    }
    let store = app.store(PREFERENCES_FILE).map_err(store_error)?;
    store.set(key, value);
    store.save().map_err(store_error)
}

/// Gives the main window the size it had when it was last closed, and remembers it on close.
pub fn remember_window_size<R: Runtime>(window: &WebviewWindow<R>) {
    let app = window.app_handle().clone();
    if let Ok(store) = app.store(PREFERENCES_FILE) {
        if let Some(size) = store.get("window").and_then(|v| Some((v.get("width")?.as_f64()?, v.get("height")?.as_f64()?))) {
            // Never smaller than the window's minimum (900x640).
            let _ = window.set_size(tauri::LogicalSize::new(size.0.max(900.0), size.1.max(640.0)));
        }
    }
    let window_for_events = window.clone();
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::CloseRequested { .. } = event {
            let scale = window_for_events.scale_factor().unwrap_or(1.0);
            if let (Ok(size), Ok(store)) = (window_for_events.inner_size(), app.store(PREFERENCES_FILE)) {
                let logical = size.to_logical::<f64>(scale);
                store.set("window", serde_json::json!({ "width": logical.width, "height": logical.height }));
                let _ = store.save();
            }
        }
    });
}
