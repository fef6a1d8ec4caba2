//! The keyring code against the real Secret Service (GNOME Keyring on a private D-Bus session
//! that this test starts and stops), checked from outside with libsecret's `secret-tool`.
//! One test in this binary: it points the process's D-Bus address at its own bus.

mod support;

use std::process::Command;

use flex_sso_secrets::{round_trip_check, KeyringSecretStore, Secret, SecretStore, SecretStoreError};
use support::session::SessionBus;

fn secret_tool_lookup(bus: &SessionBus, service: &str, name: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", name])
        .envs(bus.env())
        .output()
        .expect("secret-tool (package libsecret-tools) must be installed");
    (output.status.success() && !output.stdout.is_empty()).then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn secrets_really_go_into_the_secret_service_and_really_leave_it() {
    let root = tempfile::tempdir().unwrap();
    let mut bus = SessionBus::start(root.path());
    bus.start_unlocked_keyring();
    for (key, value) in bus.env() {
        // Only test in this binary, so no other thread reads the environment meanwhile.
        std::env::set_var(key, value);
    }

    let service = "flex-sso-migrator-test";
    let store = KeyringSecretStore::with_service(service);
    let secret = Secret::new("s3cr3t-value-for-the-real-keyring");

    store.set("profile-a", &secret).unwrap();
    assert_eq!(store.get("profile-a").unwrap(), secret);
    assert_eq!(secret_tool_lookup(&bus, service, "profile-a").as_deref(), Some("s3cr3t-value-for-the-real-keyring"));

    store.delete("profile-a").unwrap();
    assert!(matches!(store.get("profile-a"), Err(SecretStoreError::NotFound)));
    assert_eq!(secret_tool_lookup(&bus, service, "profile-a"), None);
    store.delete("profile-a").unwrap();

    let report = round_trip_check(&store, "probe", &Secret::new("probe")).unwrap();
    assert!(report.read_back && report.deleted);
    // The keyring's files are in the test's own XDG_DATA_HOME, not the user's.
    assert!(bus.data_home.join("keyrings").exists());
}
