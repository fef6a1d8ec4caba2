//! The end-to-end harness: real parts, started by the tests themselves and stopped by process
//! group when the test ends (pass or fail).
//!
//! - [`process`]: child processes in their own process group, killed on drop.
//! - [`display`]: Xvfb on a free display.
//! - [`session`]: a private D-Bus session bus, optionally with an unlocked gnome-keyring-daemon
//!   in a temporary `XDG_DATA_HOME`, so the app's keyring calls hit the real Secret Service.
//! - [`webdriver`]: WebKitWebDriver and a small blocking client for it.
//! - [`axe`]: axe-core injected into the page, WCAG 2.2 A/AA checks on every screenshot.
//! - [`app`]: all of the above around the real app binary, with screenshots per step.
//! - [`wizard`]: the wizard's steps as the tests walk them; [`leak_search`]: a secret looked for
//!   in every form, in every file a run left.
#![allow(dead_code)]

pub mod app;
pub mod axe;
pub mod display;
pub mod flows;
pub mod http;
pub mod leak_search;
pub mod login_window;
pub mod process;
pub mod save_dialog;
pub mod sandbox;
pub mod session;
pub mod update_server;
pub mod wait;
pub mod webdriver;
pub mod wizard;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A file of the repository, by its path from the repository's root. The e2e login tests are
/// also built by `./dev bench` in the benches/ workspace, which points FLEX_SSO_REPO_ROOT (at
/// compile time, benches/.cargo/config.toml) back here; the main package is the root itself.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(option_env!("FLEX_SSO_REPO_ROOT").unwrap_or(env!("CARGO_MANIFEST_DIR"))).join(relative)
}

/// Runs a future to its end on the harness's runtime, which lives as long as the test binary: a
/// server started on it (the Twilio emulator) keeps serving after this returns.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("the test harness's tokio runtime")
    });
    RUNTIME.block_on(future)
}
