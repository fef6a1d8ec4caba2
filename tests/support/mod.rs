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
