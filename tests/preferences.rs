//! Preferences through tauri-plugin-store: only known keys, kept in the app's data folder.
//! One test in this binary: it points XDG_DATA_HOME at a temporary folder first.

mod common;

use common::{BedOptions, TestBed};
use serde_json::json;

#[test]
fn preferences_keep_known_keys_only_in_the_app_data_folder() {
    let data = tempfile::tempdir().unwrap();
    std::env::set_var("XDG_DATA_HOME", data.path());
    let bed = TestBed::start(BedOptions::default());
    bed.invoke("preference_set", json!({ "key": "last_profile", "value": "acme" })).unwrap();
    assert_eq!(bed.invoke("preference_get", json!({ "key": "last_profile" })).unwrap(), json!("acme"));
    let refused = bed.invoke("preference_set", json!({ "key": "window", "value": { "width": 1 } })).unwrap_err();
    assert_eq!(refused["code"], "preference_unknown");
    let saved = std::fs::read_to_string(data.path().join("dev.flexssomigrator.desktop/preferences.json")).unwrap();
    assert!(saved.contains("acme"), "{saved}");
}
