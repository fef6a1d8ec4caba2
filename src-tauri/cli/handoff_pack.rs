//! `handoff-pack`: the IdP administrator's handoff pack without the window, for one account and
//! connection, as the self-contained HTML file (or `--text`, the "Copy as email text" form).

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;

use flex_sso_model::catalog::Catalog;
use flex_sso_model::ids::{AccountSid, ConnectionSid};
use flex_sso_model::values::Hosts;
use flex_sso_reports::{handoff_pack, html, text, HandoffInput, HandoffSetup};

use super::{cannot_run, EXIT_OK};

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The identity provider: okta, entra, google, salesforce, auth0 or other (the catalog's ids).
    #[arg(long)]
    idp: String,
    /// modify (new values in today's application), create (a second application) or revert
    /// (the legacy values back).
    #[arg(long)]
    setup: String,
    /// The Twilio Account SID (AC…).
    #[arg(long)]
    account: String,
    /// The new connection's ID (JQ…), from the Console's Entity ID or ACS URL.
    #[arg(long)]
    connection: Option<String>,
    /// Write the pack to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Plain text (for an e-mail) instead of HTML.
    #[arg(long)]
    text: bool,
    /// The organisation's name, printed at the top of the pack.
    #[arg(long)]
    organisation: Option<String>,
}

pub fn run(args: Args) -> i32 {
    let catalog = Catalog::builtin();
    let Some(idp) = catalog.get(args.idp.trim()) else {
        let ids: Vec<&str> = catalog.all().iter().map(|i| i.id.as_str()).collect();
        return cannot_run(false, "idp_unknown", &format!("--idp \"{}\" is not an identity provider this app knows.", args.idp), &format!("Use one of: {}.", ids.join(", ")));
    };
    let Some(setup) = HandoffSetup::parse(&args.setup) else {
        return cannot_run(false, "handoff_setup_unknown", &format!("--setup \"{}\" is not a kind of pack.", args.setup), "Use modify, create or revert.");
    };
    let account = match AccountSid::parse(&args.account) {
        Ok(account) => account,
        Err(e) => return cannot_run(false, e.code(), &e.to_string(), "Give --account AC… (34 characters, from the Twilio Console)."),
    };
    let connection = match args.connection.as_deref().map(ConnectionSid::parse).transpose() {
        Ok(connection) => connection,
        Err(e) => return cannot_run(false, e.code(), &e.to_string(), "Give --connection JQ… (34 characters, from the Console's Entity ID or ACS URL)."),
    };
    let hosts = Hosts::default();
    let doc = match handoff_pack(&HandoffInput {
        idp,
        setup,
        account: &account,
        connection: connection.as_ref(),
        hosts: &hosts,
        organisation: args.organisation.as_deref(),
        prepared_on: time::OffsetDateTime::now_utc().date(),
        app_version: env!("CARGO_PKG_VERSION"),
    }) {
        Ok(doc) => doc,
        Err(e) => return cannot_run(false, e.code(), &e.to_string(), "Give --connection JQ…."),
    };
    let body = if args.text { text::render(&doc) } else { html::render(&doc) };
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, body) {
                return cannot_run(false, "out_unwritable", &format!("{} could not be written ({e}).", path.display()), "Choose a folder you can write to.");
            }
            eprintln!("Wrote {}", path.display());
        }
        None => {
            let _ = std::io::stdout().write_all(body.as_bytes());
        }
    }
    EXIT_OK
}
