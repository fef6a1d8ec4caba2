//! SECURITY.md must match the code: each statement it marks *(checked)* is compared here with
//! the configuration file or the constant that makes it true. A change to either side that is
//! not made to the other fails this test.

use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn security_md() -> String {
    std::fs::read_to_string(root().join("SECURITY.md")).expect("SECURITY.md at the repository root")
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

fn says(text: &str, statement: &str) {
    assert!(text.contains(statement), "SECURITY.md does not say: {statement}");
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

#[test]
fn the_csp_is_the_one_in_tauri_conf_json() {
    let config = json("tauri.conf.json");
    let csp = config["app"]["security"]["csp"].as_object().expect("the CSP is written as directives");
    let text = security_md();
    let block = text.split("```").nth(1).expect("SECURITY.md shows the CSP in a code block").trim();
    // Directive by directive (serde_json reads the object's keys sorted, not in file order).
    let shown: std::collections::BTreeMap<&str, &str> = block
        .split("; ")
        .map(|directive| directive.split_once(' ').expect("a directive and its sources"))
        .collect();
    let configured: std::collections::BTreeMap<&str, &str> = csp.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
    assert_eq!(shown, configured);
}

#[test]
fn the_main_window_capability_is_as_described() {
    let capability = json("capabilities/main-window.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert_eq!(capability["local"], true);
    assert!(capability.get("remote").is_none(), "no remote pages");
    let permissions: Vec<&str> = capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(permissions.iter().all(|p| p.starts_with("allow-") && !p.contains(':')), "only app commands: {permissions:?}");
    let text = security_md();
    says(&text, &format!("exactly the {} app commands its screens call, with no core or plugin permission", permissions.len()));
    // The only capability file: the login window's is added at run time.
    let files: Vec<String> = std::fs::read_dir(root().join("capabilities")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(files, ["main-window.json"]);
}

#[test]
fn what_is_stored_where() {
    let text = security_md();
    says(&text, &format!("service `{}`, one entry `profile/<id>`", flex_sso_secrets::KEYRING_SERVICE));
    says(&text, &format!("`{}`", flex_sso_migrator::paths::IDENTIFIER));
    says(&text, &format!("`{}` in the app's data folder", flex_sso_migrator::commands::preferences::PREFERENCES_FILE));
    let logs = &flex_sso_migrator::logging::LOG_FILE_NAME;
    says(&text, &format!(
        "`{logs}` and at most {} rotated files of {}",
        flex_sso_migrator::logging::KEPT_LOG_FILES,
        mib(flex_sso_migrator::logging::MAX_LOG_BYTES as u64)
    ));
    says(&text, &format!("A progress file is at most {} and a journal at most\n{} entries",
        mib(flex_sso_model::store::MAX_FILE_BYTES), flex_sso_model::journal::MAX_ENTRIES));
    // The file names the repository uses.
    let dir = tempfile::tempdir().unwrap();
    let repo = flex_sso_model::profiles::ProfileRepository::new(dir.path().join("profiles"));
    let id = flex_sso_model::profiles::ProfileId::parse("acme").unwrap();
    assert_eq!(repo.migration_path(&id), dir.path().join("profiles/migrations/acme.json"));
    says(&text, "`profiles/migrations/<id>.json`");
    says(&text, "`profiles/profiles.json`");
}

#[test]
fn what_is_sent_to_whom() {
    let text = security_md();
    let twilio = flex_sso_twilio::endpoints::Endpoints::twilio();
    for url in [&twilio.api, &twilio.flex_api, &twilio.services] {
        says(&text, &format!("| `{}` *(checked)*", url.as_str().trim_end_matches('/')));
    }
    let limits = flex_sso_metadata::Limits::default();
    says(&text, &format!(
        "at most {} redirects, {} MB, {} s",
        limits.max_redirects,
        limits.max_bytes / (1024 * 1024),
        limits.timeout.as_secs()
    ));
    says(&text, "`<repository>/releases/latest/download/latest.json`");
    assert!(flex_sso_migrator::updates::release_manifest_url().as_str().ends_with("/releases/latest/download/latest.json"));
}

#[test]
fn the_login_window_limits_are_the_code_s() {
    use flex_sso_migrator::validation::capture::{MAX_MESSAGE, MAX_SAML_RESPONSE};
    let text = security_md();
    says(&text, &format!("`{}` *(checked)* only", flex_sso_migrator::validation::window::CAPTURE_PERMISSION));
    says(&text, &format!("ends after {} seconds by default", flex_sso_migrator::commands::validation::DEFAULT_TIMEOUT_SECS));
    assert_eq!(MAX_SAML_RESPONSE, 1024 * 1024);
    assert_eq!(MAX_MESSAGE, MAX_SAML_RESPONSE + 64 * 1024);
    says(&text, "the captured SAMLResponse is at most 1 MiB and a message from the page at most 1 MiB +\n  64 KiB");
}
