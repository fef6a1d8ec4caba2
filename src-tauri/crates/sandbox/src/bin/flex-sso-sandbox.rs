//! Starts the practice sandbox's login side (SAML IdP + Flex login emulator), prints the
//! `KEY=VALUE` lines the app needs, then runs until SIGTERM, SIGINT or the end of its standard
//! input (so a parent script can tie the sandbox's life to its own), and stops what it started.
//!
//! Usage: flex-sso-sandbox [--connection JQ…] [--fixture-dir DIR] [--ignore-stdin]
//!
//! `--ignore-stdin` is for starting it detached (stdin at /dev/null ends at once otherwise).

use std::io::Write;
use std::process::ExitCode;

use flex_sso_model::ids::ConnectionSid;
use flex_sso_sandbox::{Sandbox, SandboxOptions};

const USAGE: &str = "Usage: flex-sso-sandbox [--connection JQ…] [--fixture-dir DIR] [--ignore-stdin]";

struct Args {
    options: SandboxOptions,
    watch_stdin: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut options = SandboxOptions::default();
    let mut watch_stdin = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--connection" => {
                let value = args.next().ok_or("--connection needs a connection SID (JQ…) after it")?;
                options.active_connection = Some(ConnectionSid::parse(&value).map_err(|e| e.to_string())?);
            }
            "--fixture-dir" => {
                options.fixture_dir = Some(args.next().ok_or("--fixture-dir needs a folder after it")?.into());
            }
            "--ignore-stdin" => watch_stdin = false,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("Unknown argument \"{other}\". {USAGE}")),
        }
    }
    Ok(Args { options, watch_stdin })
}

fn main() -> ExitCode {
    let Args { options, watch_stdin } = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not prepare to wait for signals: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Signal handlers go in before anything starts: a SIGTERM during start-up must not kill this
    // process the default way, which would leave the IdP's PHP processes running.
    let signals = match runtime.block_on(async { Signals::install() }) {
        Ok(signals) => signals,
        Err(error) => {
            eprintln!("error: could not listen for signals: {error}");
            return ExitCode::FAILURE;
        }
    };
    let sandbox = match Sandbox::start(options) {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("error[{}]: {error}", error.code());
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    for (key, value) in sandbox.environment() {
        let _ = writeln!(out, "{key}={value}");
    }
    // The last line tells a parent reading line by line that everything above is complete.
    let _ = writeln!(out, "FLEX_SSO_SANDBOX_READY=1");
    let _ = out.flush();
    drop(out);

    let reason = runtime.block_on(signals.wait_for_end(watch_stdin));
    eprintln!("flex-sso-sandbox: stopping ({reason})");
    // The stdin reader may still be blocked in read(): do not wait for it.
    runtime.shutdown_background();
    drop(sandbox);
    ExitCode::SUCCESS
}

struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Self { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    /// Returns when the sandbox should stop, saying why.
    async fn wait_for_end(mut self, watch_stdin: bool) -> &'static str {
        use tokio::io::AsyncReadExt;

        let stdin_closed = async {
            if !watch_stdin {
                return std::future::pending::<()>().await;
            }
            let mut stdin = tokio::io::stdin();
            let mut buffer = [0u8; 256];
            loop {
                match stdin.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => continue,
                }
            }
        };
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
            _ = stdin_closed => "standard input closed",
        }
    }
}
