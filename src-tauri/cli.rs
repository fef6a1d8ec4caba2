//! The headless command line, in the same binary: with arguments the app never opens a window
//! and needs no display, so a partner can script it over many accounts.
//!
//! Exit codes are the same for every command: 0 fine, 1 a problem was found, 2 the command could
//! not run (bad arguments, unreadable input, missing credentials).

use std::io::Write;

use clap::{Parser, Subcommand};
use serde::Serialize;

mod check_certificates;
mod handoff_pack;
mod idp_check;
mod inspect_metadata;
mod inspect_response;
mod preflight;

/// Flex SSO Migrator: move Twilio Flex single sign-on to the new OAuth 2.0 connection.
///
/// Without arguments the desktop app opens. With a command it runs headless.
#[derive(Debug, Parser)]
#[command(name = "flex-sso-migrator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check whether a Twilio account can migrate, and where its SSO stands.
    ///
    /// Credentials come from a saved profile (--profile) or from TWILIO_ACCOUNT_SID with
    /// TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET.
    Preflight(preflight::Args),
    /// Read an identity provider's SAML metadata (or a certificate) and check it.
    InspectMetadata(inspect_metadata::Args),
    /// Decode a SAML response and say what is wrong with it for Flex.
    InspectResponse(inspect_response::Args),
    /// Write the handoff pack for the IdP administrator (HTML, or --text for an e-mail).
    HandoffPack(handoff_pack::Args),
    /// Compare the certificate configured in Flex with the IdP's metadata (and a captured
    /// response): exit 0 healthy, 1 action needed, 2 could not check.
    CheckCertificates(check_certificates::Args),
    /// Read the Flex app in the identity provider through its API (Okta, Entra ID, Auth0) and compare it with what
    /// Flex needs; never changes it: exit 0 it matches, 1 something must change, 2 could not check.
    IdpCheck(idp_check::Args),
}

/// What every command prints when it cannot run at all, as JSON when asked.
#[derive(Debug, Serialize)]
pub struct CannotRun {
    pub ok: bool,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Serialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
    pub fix: String,
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_PROBLEM: i32 = 1;
pub const EXIT_CANNOT_RUN: i32 = 2;

/// Prints why a command could not run and returns exit code 2.
pub fn cannot_run(json: bool, code: &str, message: &str, fix: &str) -> i32 {
    if json {
        let body = CannotRun {
            ok: false,
            problems: vec![Problem { code: code.into(), message: message.into(), fix: fix.into() }],
        };
        print_json(&body);
    } else {
        let _ = writeln!(std::io::stderr(), "error: {message}\n{fix}");
    }
    EXIT_CANNOT_RUN
}

/// The moment to judge time-dependent findings at: `--now` (RFC 3339, to replay a support case at
/// the moment it was captured) or the clock, to whole seconds so messages quote readable times.
/// A bad `--now` prints why and gives exit code 2 as the error.
pub fn moment(json: bool, now: Option<&str>) -> Result<time::OffsetDateTime, i32> {
    use time::format_description::well_known::Rfc3339;
    match now {
        None => {
            let now = time::OffsetDateTime::now_utc();
            Ok(now.replace_nanosecond(0).unwrap_or(now))
        }
        Some(text) => time::OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| {
            cannot_run(
                json,
                "now_invalid",
                &format!("--now \"{text}\" is not a date and time in RFC 3339 form."),
                "Write it like 2027-01-31T00:00:00Z (UTC) or 2027-01-31T09:00:00+01:00.",
            )
        }),
    }
}

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(error) => eprintln!("error: could not write the JSON answer: {error}"),
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { EXIT_CANNOT_RUN } else { EXIT_OK };
            let _ = error.print();
            return code;
        }
    };
    match cli.command {
        Command::Preflight(args) => preflight::run(args),
        Command::InspectMetadata(args) => inspect_metadata::run(args),
        Command::InspectResponse(args) => inspect_response::run(args),
        Command::HandoffPack(args) => handoff_pack::run(args),
        Command::CheckCertificates(args) => check_certificates::run(args),
        Command::IdpCheck(args) => idp_check::run(args),
    }
}
