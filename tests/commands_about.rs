//! About and updates through Tauri's mock runtime (real handlers, real ACL), and the version the
//! command line prints: one version, from Cargo.toml, everywhere.

mod common;

use std::process::Command;

use common::{BedOptions, TestBed};
use serde_json::json;

/// A test bed whose preferences (the update consent) live in a temporary folder of this test
/// binary, never in the home folder of whoever runs the tests. Every test starts with this, so
/// the variable is set once, before any app reads it.
fn bed(options: BedOptions) -> TestBed {
    static DATA: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("XDG_DATA_HOME", dir.path());
        dir
    });
    TestBed::start(options)
}

#[test]
fn about_names_version_license_project_and_what_it_runs_on() {
    let bed = bed(BedOptions::default());
    let about = bed.invoke("about_info", json!({})).unwrap();
    assert_eq!(about["name"], "Flex SSO Migrator");
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["license"], "MIT");
    assert_eq!(about["project_url"], env!("CARGO_PKG_REPOSITORY"));
    assert!(about["project_url"].as_str().unwrap().starts_with("https://"));
    // The Tauri the app was built with, as Cargo resolved it.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let tauri = lock.split("[[package]]").find(|p| p.contains("\nname = \"tauri\"\n")).unwrap();
    assert!(tauri.contains(&format!("version = \"{}\"", about["tauri_version"].as_str().unwrap())), "{about}");
    assert_eq!(about["webview"]["name"], "WebKitGTK");
    let webkit = about["webview"]["version"].as_str().unwrap();
    assert!(webkit.split('.').count() >= 3 && webkit.starts_with("2."), "{webkit}");
}

#[test]
fn the_command_line_prints_the_same_version() {
    let output = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator")).arg("--version").env_remove("DISPLAY").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("flex-sso-migrator {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn tauri_conf_has_no_version_of_its_own() {
    let conf: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap()).unwrap();
    assert!(conf.get("version").is_none(), "the version lives in Cargo.toml alone");
    assert_eq!(bed_version(), env!("CARGO_PKG_VERSION"));
}

fn bed_version() -> String {
    let bed = bed(BedOptions::default());
    bed.app.package_info().version.to_string()
}

#[test]
fn with_the_placeholder_release_key_updates_are_off_and_say_why() {
    let bed = bed(BedOptions::default());
    let status = bed.invoke("update_status", json!({})).unwrap();
    assert_eq!(status["configured"], false);
    assert!(status["not_configured"].as_str().unwrap().contains("release key"), "{status}");
    assert_eq!(status["consent"], json!(null));
    // Consent alone does not make the app check.
    bed.invoke("update_consent_set", json!({ "allow": true })).unwrap();
    let status = bed.invoke("update_check_if_due", json!({})).unwrap();
    assert_eq!(status["consent"], true);
    assert_eq!(status["checked_now"], false);
    let error = bed.invoke("update_check", json!({})).unwrap_err();
    assert_eq!(error["code"], "updates_not_configured");
}

#[test]
fn the_sandbox_refuses_to_check() {
    let bed = bed(BedOptions { sandbox: true, ..BedOptions::default() });
    let error = bed.invoke("update_check", json!({})).unwrap_err();
    assert_eq!(error["code"], "updates_sandbox");
    assert!(error["message"].as_str().unwrap().contains("practice sandbox"), "{error}");
}

/// The startup benchmark's mark: the main window may call it, and it answers nothing.
#[test]
fn the_main_window_may_report_its_first_screen() {
    let bed = bed(BedOptions::default());
    assert_eq!(bed.invoke("first_screen_ready", json!({})).unwrap(), serde_json::Value::Null);
    // A second call is allowed too; only the first one is logged (src-tauri/startup.rs's test).
    assert_eq!(bed.invoke("first_screen_ready", json!({})).unwrap(), serde_json::Value::Null);
}
