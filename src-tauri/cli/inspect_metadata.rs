//! `flex-sso-migrator inspect-metadata` (being written).

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metadata: a file, an https URL, or - for standard input.
    pub source: String,
}

pub fn run(args: Args) -> i32 {
    let _ = args;
    super::cannot_run(false, "not_written", "not written yet", "")
}
