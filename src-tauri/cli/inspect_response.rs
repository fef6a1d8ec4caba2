//! `flex-sso-migrator inspect-response` (being written).

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SAML response: a file, or - for standard input.
    pub source: String,
}

pub fn run(args: Args) -> i32 {
    let _ = args;
    super::cannot_run(false, "not_written", "not written yet", "")
}
