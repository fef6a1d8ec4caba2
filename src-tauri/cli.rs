//! The headless command line, in the same binary: with arguments the app never opens a window
//! and needs no display, so a partner can script it over many accounts.

use clap::Parser;

/// Flex SSO Migrator: move Twilio Flex SSO to the new OAuth 2.0 connection.
///
/// Without arguments the desktop app opens. With arguments it runs headless.
#[derive(Debug, Parser)]
#[command(name = "flex-sso-migrator", version, about, long_about = None)]
pub struct Cli {}

/// Runs the command line and returns the process exit code (0 ok, 1 a problem, 2 bad arguments).
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    match Cli::try_parse_from(args) {
        Ok(_cli) => 0,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            code
        }
    }
}
