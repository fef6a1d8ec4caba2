//! The About page: which version this is, under which license, where the project lives, and
//! what it runs on. Opening the project page is a command of its own that can open that one
//! address and nothing else, so the page needs no permission to open links.

use serde::Serialize;

use crate::error::{AppError, AppResult};

/// The project's home (Cargo.toml's `repository`).
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Debug, Serialize)]
pub struct AboutInfo {
    pub name: &'static str,
    /// From Cargo.toml alone (tauri.conf.json has no version of its own).
    pub version: &'static str,
    pub license: &'static str,
    pub project_url: &'static str,
    pub tauri_version: &'static str,
    pub webview: Webview,
}

#[derive(Debug, Serialize)]
pub struct Webview {
    /// The engine that draws the window on this OS.
    pub name: &'static str,
    /// Its version as the running engine reports it (null when it cannot say).
    pub version: Option<String>,
}

pub fn webview_name() -> &'static str {
    if cfg!(target_os = "linux") {
        "WebKitGTK"
    } else if cfg!(target_os = "windows") {
        "Microsoft Edge WebView2"
    } else if cfg!(target_os = "macos") {
        "WebKit (WKWebView)"
    } else {
        "WebView"
    }
}

pub fn about() -> AboutInfo {
    AboutInfo {
        name: "Flex SSO Migrator",
        version: env!("CARGO_PKG_VERSION"),
        license: env!("CARGO_PKG_LICENSE"),
        project_url: PROJECT_URL,
        tauri_version: tauri::VERSION,
        webview: Webview { name: webview_name(), version: tauri::webview_version().ok() },
    }
}

#[tauri::command]
pub fn about_info() -> AboutInfo {
    about()
}

/// Opens the project page in the system's web browser.
#[tauri::command]
pub fn open_project_page() -> AppResult<()> {
    // The same opener as `open_link`, so there is one way the app starts the browser.
    tauri_plugin_opener::open_url(PROJECT_URL, None::<&str>).map_err(|error| AppError::Domain {
        code: "browser_unavailable",
        message: format!("The app could not open your web browser ({error}). The project page is {PROJECT_URL}"),
    })
}
