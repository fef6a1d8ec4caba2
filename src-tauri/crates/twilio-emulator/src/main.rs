//! `flex-sso-twilio-emulator`: runs the Twilio emulator until killed and prints its base URL.
//!
//! Usage: flex-sso-twilio-emulator [--port N] [--preset NAME] [--account-sid AC…]
//!        [--auth-token T] [--api-key SK… --api-secret S] [--runtime-domain NAME] [--connection-sid JQ…]
//!        [--latency-ms N]
//!
//! `--latency-ms` holds every answer of the three API endpoints back by N milliseconds, in every
//! scenario, without changing any answer (a stand-in for the round trip to Twilio).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use flex_sso_twilio_emulator::{ApiKeyCredential, Emulator, EmulatorConfig, Preset};

const USAGE: &str = "Usage: flex-sso-twilio-emulator [--port N] [--preset NAME] [--account-sid AC...] [--auth-token T] [--api-key SK... --api-secret S] [--runtime-domain NAME] [--connection-sid JQ...] [--latency-ms N]";

fn parse_args(args: &[String]) -> Result<EmulatorConfig, String> {
    let mut config = EmulatorConfig::default();
    let mut api_key: Option<String> = None;
    let mut api_secret: Option<String> = None;
    // Applied after the preset, whatever the order on the command line.
    let mut runtime_domain: Option<String> = None;
    let mut connection_sid: Option<String> = None;
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
                let names: Vec<String> = Preset::ALL.iter().map(|p| p.name()).collect();
                let preset = Preset::from_name(&name)
                    .ok_or_else(|| format!("Unknown preset \"{name}\". Use one of: {}.", names.join(", ")))?;
                config.scenario = preset.scenario();
            }
            "--account-sid" => config.account_sid = value()?,
            "--auth-token" => config.auth_token = value()?,
            "--api-key" => api_key = Some(value()?),
            "--api-secret" => api_secret = Some(value()?),
            "--runtime-domain" => runtime_domain = Some(value()?),
            "--connection-sid" => connection_sid = Some(value()?),
            "--latency-ms" => {
                let ms: u64 = value()?.parse().map_err(|_| "--latency-ms takes a whole number of milliseconds.".to_owned())?;
                config.added_latency = Duration::from_millis(ms);
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("Unknown option \"{other}\". {USAGE}")),
        }
    }
    match (api_key, api_secret) {
        (Some(sid), Some(secret)) => config.api_keys = vec![ApiKeyCredential { sid, secret }],
        (None, None) => {}
        _ => return Err("--api-key and --api-secret go together.".to_owned()),
    }
    if runtime_domain.is_some() {
        config.scenario.runtime_domain = runtime_domain;
    }
    if connection_sid.is_some() {
        config.scenario.connection_sid = connection_sid;
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
    let handle = match Emulator::start(config).await {
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
        let config = parse_args(&args(&["--port", "4010", "--preset", "not_eligible"])).unwrap();
        assert_eq!(config.bind.port(), 4010);
        assert_eq!(config.scenario, Preset::NotEligible.scenario());
        assert_eq!(parse_args(&args(&["--port"])).unwrap_err(), format!("--port needs a value. {USAGE}"));
        assert!(parse_args(&args(&["--preset", "nope"])).unwrap_err().starts_with("Unknown preset \"nope\". Use one of: eligible, not_eligible,"));
        assert_eq!(parse_args(&args(&["--api-key", "SK1"])).unwrap_err(), "--api-key and --api-secret go together.");
        assert_eq!(parse_args(&args(&["--latency-ms", "-5"])).unwrap_err(), "--latency-ms takes a whole number of milliseconds.");
    }

    #[test]
    fn latency_is_none_unless_asked_and_survives_a_preset() {
        assert_eq!(parse_args(&[]).unwrap().added_latency, Duration::ZERO);
        let config = parse_args(&args(&["--latency-ms", "200", "--preset", "slow"])).unwrap();
        assert_eq!(config.added_latency, Duration::from_millis(200));
        assert_eq!(config.scenario, Preset::Slow.scenario(), "the latency is not part of the scenario");
    }
}
