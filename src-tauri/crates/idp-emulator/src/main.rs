//! `flex-sso-idp-emulator`: runs the IdP emulator until killed and prints its base URL.
//!
//! Usage: flex-sso-idp-emulator [--port N] [--preset NAME] [--graph-preset NAME] [--auth0-preset NAME]
//!
//! `--preset` picks the Okta scenario, `--graph-preset` the Entra ID (Graph) one, `--auth0-preset`
//! the Auth0 one; Graph is served at `{base}/v1.0`, the Microsoft sign-in at `{base}/login`, and
//! Auth0's Management API at `{base}/api/v2`.

use std::net::SocketAddr;
use std::process::ExitCode;

use flex_sso_idp_emulator::{Auth0Preset, EmulatorConfig, GraphPreset, IdpEmulator, OktaPreset};

const USAGE: &str = "Usage: flex-sso-idp-emulator [--port N] [--preset NAME] [--graph-preset NAME] [--auth0-preset NAME]";

fn parse_args(args: &[String]) -> Result<EmulatorConfig, String> {
    let mut config = EmulatorConfig::default();
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().cloned().ok_or_else(|| format!("{flag} needs a value. {USAGE}"));
        match flag.as_str() {
            "--port" => {
                let port: u16 = value()?.parse().map_err(|_| "--port takes a number from 0 to 65535.".to_owned())?;
                config.bind = SocketAddr::from(([127, 0, 0, 1], port));
            }
            "--preset" => {
                let name = value()?;
                let names: Vec<String> = OktaPreset::ALL.iter().map(|p| p.name()).collect();
                let preset = OktaPreset::from_name(&name)
                    .ok_or_else(|| format!("Unknown preset \"{name}\". Use one of: {}.", names.join(", ")))?;
                config.okta = preset.scenario();
            }
            "--graph-preset" => {
                let name = value()?;
                let names: Vec<String> = GraphPreset::ALL.iter().map(|p| p.name()).collect();
                let preset = GraphPreset::from_name(&name)
                    .ok_or_else(|| format!("Unknown Graph preset \"{name}\". Use one of: {}.", names.join(", ")))?;
                config.graph = preset.scenario();
            }
            "--auth0-preset" => {
                let name = value()?;
                let names: Vec<String> = Auth0Preset::ALL.iter().map(|p| p.name()).collect();
                let preset = Auth0Preset::from_name(&name)
                    .ok_or_else(|| format!("Unknown Auth0 preset \"{name}\". Use one of: {}.", names.join(", ")))?;
                config.auth0 = preset.scenario();
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("Unknown option \"{other}\". {USAGE}")),
        }
    }
    Ok(config)
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let handle = match IdpEmulator::start(config).await {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    // The one line on stdout: whoever started us reads the address from it.
    println!("{}", handle.base_url());
    wait_for_stop_signal().await;
    handle.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_are_read_and_mistakes_explained() {
        let config = parse_args(&args(&["--port", "4011", "--preset", "no_flex_app"])).unwrap();
        assert_eq!(config.bind.port(), 4011);
        assert!(config.okta.apps.iter().all(|a| a.id != flex_sso_idp_emulator::defaults::FLEX_APP_ID));
        assert_eq!(parse_args(&args(&["--port"])).unwrap_err(), format!("--port needs a value. {USAGE}"));
        assert!(parse_args(&args(&["--preset", "nope"])).unwrap_err().starts_with("Unknown preset \"nope\". Use one of: legacy, older_legacy,"));
        assert!(parse_args(&args(&["--verbose"])).unwrap_err().starts_with("Unknown option"));
        assert_eq!(parse_args(&[]).unwrap().bind.port(), 0);
        let graph = parse_args(&args(&["--graph-preset", "no_flex_app"])).unwrap();
        assert!(graph.graph.apps.iter().all(|a| a.app_id() != flex_sso_idp_emulator::defaults::ENTRA_FLEX_APP_ID));
        assert!(parse_args(&args(&["--graph-preset", "legacyy"])).unwrap_err().starts_with("Unknown Graph preset \"legacyy\". Use one of: legacy, migrated,"));
        let auth0 = parse_args(&args(&["--auth0-preset", "no_flex_client"])).unwrap();
        assert!(auth0.auth0.clients.iter().all(|c| c["client_id"] != flex_sso_idp_emulator::defaults::AUTH0_FLEX_CLIENT_ID));
        assert!(parse_args(&args(&["--auth0-preset", "legacy_app"])).unwrap_err().starts_with("Unknown Auth0 preset"));
    }
}
