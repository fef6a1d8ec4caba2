//! Faults as the app's commands meet them (Tauri's mock runtime, the real handlers): Twilio's
//! connection reset during the preflight, and the data folder turning read-only or full between
//! two saves of the migration record. Each ends in its own code and words; what was saved stays.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{BedOptions, TestBed};
use flex_sso_twilio_emulator::{defaults, Fault, Preset, Scenario};
use serde_json::json;

fn create_profile(bed: &TestBed) -> String {
    let profile = bed.invoke("profile_create", json!({ "name": "Acme", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    profile["id"].as_str().unwrap().to_owned()
}

#[test]
fn a_connection_twilio_keeps_resetting_is_a_named_problem_of_the_preflight() {
    let bed = TestBed::start(BedOptions::default());
    let id = create_profile(&bed);
    bed.invoke("credentials_save", json!({
        "profileId": id,
        "credentials": { "kind": "auth_token", "account_sid": defaults::ACCOUNT_SID, "auth_token": defaults::AUTH_TOKEN },
        "sessionOnly": false,
    }))
    .unwrap();
    bed.emulator.set_scenario(Scenario { fault: Fault::ResetConnection { times: None }, ..Preset::Eligible.scenario() });
    let report = bed.invoke("preflight_run", json!({ "profileId": id })).unwrap();
    assert_eq!(report["ok"], false, "{report}");
    let problem = &report["problems"][0];
    assert_eq!(problem["code"], "connection_cut", "{report}");
    let host = &bed.emulator.base_url()["http://".len()..];
    assert_eq!(problem["message"], format!("The connection to {host} was cut off before an answer arrived."));
    // The app's own client: three attempts per call (the default), then the problem.
    assert_eq!(bed.emulator.request_counts().configuration, 3);
}

/// A tmpfs mounted over a folder for one test, unmounted when dropped.
struct Mounted(PathBuf);

impl Mounted {
    /// `None` (with the reason printed) where this process may not mount (needs root).
    fn tmpfs(at: PathBuf, size: &str) -> Option<Mounted> {
        std::fs::create_dir_all(&at).unwrap();
        let options = format!("size={size},mode=0755");
        let output = Command::new("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(&at).output().ok()?;
        if !output.status.success() {
            eprintln!("SKIPPED: mounting a tmpfs was refused ({}); run as root to check this", String::from_utf8_lossy(&output.stderr).trim());
            return None;
        }
        Some(Mounted(at))
    }

    fn remount_read_only(&self) {
        assert!(Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().unwrap().success());
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if !Command::new("umount").arg(&self.0).status().is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

#[test]
fn a_read_only_data_folder_refuses_the_change_and_the_last_saved_one_still_loads() {
    let bed = TestBed::start(BedOptions::default());
    let Some(disk) = Mounted::tmpfs(bed.dir.path().join("profiles"), "1m") else { return };
    let id = create_profile(&bed);
    let saved = bed.invoke("migration_set_idp", json!({ "profileId": id, "idpId": "okta" })).unwrap();
    assert_eq!(saved["idp_id"], "okta");
    disk.remount_read_only();

    let error = bed.invoke("migration_set_idp", json!({ "profileId": id, "idpId": "google" })).unwrap_err();
    assert_eq!(error["code"], "store_read_only", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains(" is read-only: couldn't write it, so this change was not saved. What was saved before is unchanged."), "{message}");

    let now = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(now["idp_id"], "okta", "the last saved change is what loads: {now}");
    assert_eq!(now["warning"], serde_json::Value::Null, "loaded from the main file, not a backup");
}

/// Fills the filesystem at `dir` until a write fails with "no space left" (ENOSPC).
fn fill(dir: &std::path::Path) {
    use std::io::Write;
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0x5Au8; 4096];
    while filler.write_all(&block).is_ok() {}
}

#[test]
fn a_full_data_folder_refuses_the_change_and_the_last_saved_one_still_loads() {
    let bed = TestBed::start(BedOptions::default());
    let Some(disk) = Mounted::tmpfs(bed.dir.path().join("profiles"), "64k") else { return };
    let id = create_profile(&bed);
    bed.invoke("migration_set_idp", json!({ "profileId": id, "idpId": "okta" })).unwrap();
    fill(&disk.0);

    let error = bed.invoke("migration_set_idp", json!({ "profileId": id, "idpId": "google" })).unwrap_err();
    assert_eq!(error["code"], "store_disk_full", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.starts_with("The disk is full: couldn't write "), "{message}");
    assert!(message.ends_with("What was saved before is unchanged. Free some space on that disk, then do this step again."), "{message}");

    let now = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(now["idp_id"], "okta", "the last saved change is what loads: {now}");
    assert_eq!(now["warning"], serde_json::Value::Null);

    // Space again: the same change goes through.
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let saved = bed.invoke("migration_set_idp", json!({ "profileId": id, "idpId": "google" })).unwrap();
    assert_eq!(saved["idp_id"], "google");
}
