//! The practice sandbox for end-to-end tests: the login side (SimpleSAMLphp + the Flex login
//! emulator, the `flex-sso-sandbox` binary) and the Twilio emulator for the same sandbox
//! account, with the environment that points the app at both.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use flex_sso_twilio_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Preset};

use serde_json::json;

use super::app::TestApp;
use super::process::Spawned;
use super::wait;

const AUTH_TOKEN: &str = "sandbox-auth-token-0000";

pub struct LoginSandbox {
    /// What the sandbox printed (`FLEX_SSO_*` variables).
    pub vars: HashMap<String, String>,
    pub twilio: EmulatorHandle,
    _login: Spawned,
    _dir: tempfile::TempDir,
}

/// `tests/fixtures/idp/sandbox.json`.
pub fn sandbox_json() -> serde_json::Value {
    let path = super::repo_path("tests/fixtures/idp/sandbox.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The connection SID of a sandbox variant (`ok`, `legacy_values`, `assertion_unsigned`...).
pub fn connection_sid(variant: &str) -> String {
    let json = sandbox_json();
    let found = json["connections"].as_array().unwrap().iter().find(|c| c["variant"] == variant);
    found.unwrap_or_else(|| panic!("no sandbox connection {variant}"))["sid"].as_str().unwrap().to_owned()
}

/// Beside the app's binary, or where FLEX_SSO_E2E_SANDBOX_BINARY says (`./dev bench` builds it in
/// benches/ and times the released app).
fn sandbox_binary() -> PathBuf {
    let path = std::env::var_os("FLEX_SSO_E2E_SANDBOX_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::app::app_binary().parent().unwrap().join("flex-sso-sandbox"));
    assert!(path.exists(), "{} is missing: build it with `cargo test --workspace --no-run` (./dev test does)", path.display());
    path
}

impl LoginSandbox {
    /// Starts both sides with `connection` as the account's active connection.
    pub fn start(connection: &str) -> LoginSandbox {
        let dir = tempfile::Builder::new().prefix("flex-sso-sandbox-").tempdir().unwrap();
        let out = dir.path().join("login.env");
        let mut command = Command::new(sandbox_binary());
        command.args(["--connection", connection, "--ignore-stdin"]).stdout(std::fs::File::create(&out).unwrap());
        let login = Spawned::start("flex-sso-sandbox", command);
        let text = wait::until("the sandbox IdP and Flex login emulator", Duration::from_secs(30), || {
            std::fs::read_to_string(&out).ok().filter(|t| t.contains("FLEX_SSO_SANDBOX_READY=1"))
        });
        let vars: HashMap<String, String> = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let mut config = EmulatorConfig::with_preset(Preset::Eligible);
        config.account_sid = vars["FLEX_SSO_SANDBOX_ACCOUNT_SID"].clone();
        config.auth_token = AUTH_TOKEN.to_owned();
        config.scenario.runtime_domain = Some(vars["FLEX_SSO_SANDBOX_RUNTIME_DOMAIN"].clone());
        config.scenario.connection_sid = Some(connection.to_owned());
        let twilio = super::block_on(Emulator::start(config)).unwrap();
        LoginSandbox { vars, twilio, _login: login, _dir: dir }
    }

    /// The app's environment: practice mode on this sandbox (a signed-in "Practice sandbox"
    /// account), plus `extra`.
    pub fn app_env(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> =
            self.vars.iter().filter(|(k, _)| k.starts_with("FLEX_SSO_") && *k != "FLEX_SSO_SANDBOX_READY").map(|(k, v)| (k.clone(), v.clone())).collect();
        let base = self.twilio.base_url().to_owned();
        for key in ["FLEX_SSO_API_BASE_URL", "FLEX_SSO_FLEX_API_BASE_URL", "FLEX_SSO_SERVICES_BASE_URL"] {
            env.push((key.into(), base.clone()));
        }
        env.push(("FLEX_SSO_SANDBOX".into(), "1".into()));
        env.push(("FLEX_SSO_SANDBOX_AUTH_TOKEN".into(), AUTH_TOKEN.into()));
        env.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        env
    }
}

/// The practice account's id, once the app in practice mode has made it.
pub fn practice_profile(app: &TestApp) -> String {
    wait::until("the practice account", Duration::from_secs(30), || {
        let list = app.session.invoke("profiles_list", json!({})).ok()?;
        let found = list["profiles"].as_array()?.iter().find(|p| p["name"] == "Practice sandbox")?.clone();
        Some(found["id"].as_str()?.to_owned())
    })
}

/// The practice account's migration walked through the backend to its step 4 ("Test a real
/// login") on the modify path: the sandbox connection `sid`, both confirmations.
pub fn walk_to_validate(app: &TestApp, profile: &str, sid: &str, self_hosted: bool) {
    for action in [
        json!({ "action": "set_self_hosted", "self_hosted": self_hosted }),
        json!({ "action": "choose_setup_type", "setup_type": "modify_existing" }),
        json!({ "action": "continue" }),
        json!({ "action": "set_connection_sid", "connection_sid": sid }),
        json!({ "action": "confirm", "item": "idp_values_updated", "value": true }),
        json!({ "action": "confirm", "item": "saved_and_continued", "value": true }),
        json!({ "action": "continue" }),
    ] {
        if let Err(error) = app.session.invoke("migration_apply", json!({ "profileId": profile, "action": action })) {
            panic!("migration_apply {action}: {error}");
        }
    }
}
