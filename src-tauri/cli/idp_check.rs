//! `flex-sso-migrator idp-check`: reads the Flex app in the IdP (Okta, Entra ID, Auth0) through its API and compares it
//! with what Flex needs. It never writes: the change is made from the app, on request, or by hand.
//!
//! Exit 0: the IdP app matches. 1: something must change (each difference printed in the IdP's
//! labels). 2: it could not check (token refused, app not found, several apps and no `--app`, …).

use flex_sso_idp::okta::{OktaClient, OktaToken, Search};
use flex_sso_idp::{ClientOptions, Comparison, Connection, FieldChange, FlexTarget, IdpError, IdpKind, Verdict};
use flex_sso_model::values::{classify_sp_value, Hosts, SpValueKind, SpValues};
use flex_sso_secrets::Secret;
use flex_sso_twilio::Endpoints;
use serde::Serialize;

use super::{cannot_run, print_json, EXIT_OK, EXIT_PROBLEM};

/// The IdPs whose API this command reads.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Idp {
    Okta,
    Entra,
    Auth0,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which identity provider.
    #[arg(long, value_enum)]
    idp: Idp,
    /// Okta: the org's address, like https://your-company.okta.com. The token comes from
    /// OKTA_API_TOKEN (an API token) or OKTA_ACCESS_TOKEN (an OAuth 2.0 access token with
    /// okta.apps.read).
    #[arg(long)]
    org_url: Option<String>,
    /// Entra ID: the tenant (its domain name or id). The token comes from ENTRA_ACCESS_TOKEN (a
    /// Microsoft Graph access token with Application.Read.All); Graph's address from
    /// FLEX_SSO_GRAPH_BASE_URL when set.
    #[arg(long)]
    tenant: Option<String>,
    /// Auth0: the tenant domain, like your-tenant.us.auth0.com (a full URL is accepted). The token
    /// comes from AUTH0_MANAGEMENT_TOKEN (a Management API token with read:clients).
    #[arg(long)]
    domain: Option<String>,
    /// The Flex app's name or id in the IdP; without it the app looks for the one holding Flex's
    /// values.
    #[arg(long)]
    app: Option<String>,
    /// The new Entity ID, from step 2 of Twilio's setup (urn:flex:JQ…).
    #[arg(long)]
    entity_id: String,
    /// The new ACS URL, from the same step.
    #[arg(long)]
    acs_url: String,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    idp: &'static str,
    /// The org URL (Okta), the tenant (Entra ID) or the tenant's URL (Auth0).
    address: String,
    #[serde(flatten)]
    comparison: &'a Comparison,
    /// What applying the fix from the app would change, field by field.
    changes: &'a [FieldChange],
}

pub fn run(args: Args) -> i32 {
    let target = match target_of(&args) {
        Ok(target) => target,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    let connection = match connection_of(&args) {
        Ok(connection) => connection,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    check(&args, &connection, &target)
}

fn connection_of(args: &Args) -> Result<Connection, SetupError> {
    let missing = |flag: &str, example: &str| ("address_missing", format!("--idp {} needs {flag}.", idp_word(args.idp)), format!("Add {flag} {example}."));
    let no_token = |vars: &str, what: &str| ("idp_token_missing", format!("No token: {vars} unset."), format!("Set {what}."));
    let from = |e: IdpError| (e.code(), e.message(), e.fix());
    let options = ClientOptions::default();
    match args.idp {
        Idp::Okta => {
            let address = args.org_url.as_deref().ok_or_else(|| missing("--org-url", IdpKind::Okta.example_address()))?;
            let token = match (non_empty_env("OKTA_API_TOKEN"), non_empty_env("OKTA_ACCESS_TOKEN")) {
                (Some(token), _) => OktaToken::ApiToken(token),
                (None, Some(token)) => OktaToken::AccessToken(token),
                (None, None) => return Err(no_token("OKTA_API_TOKEN and OKTA_ACCESS_TOKEN are both", "OKTA_API_TOKEN to an Okta API token (or OKTA_ACCESS_TOKEN to an OAuth 2.0 access token with okta.apps.read)")),
            };
            Ok(Connection::Okta(OktaClient::new(address, token, options).map_err(from)?))
        }
        Idp::Entra => {
            let tenant = args.tenant.as_deref().ok_or_else(|| missing("--tenant", IdpKind::Entra.example_address()))?;
            let token = non_empty_env("ENTRA_ACCESS_TOKEN").ok_or_else(|| no_token("ENTRA_ACCESS_TOKEN is", "ENTRA_ACCESS_TOKEN to a Microsoft Graph access token with Application.Read.All"))?;
            Connection::new(IdpKind::Entra, tenant, token, options).map_err(from)
        }
        Idp::Auth0 => {
            let domain = args.domain.as_deref().ok_or_else(|| missing("--domain", IdpKind::Auth0.example_address()))?;
            let token = non_empty_env("AUTH0_MANAGEMENT_TOKEN").ok_or_else(|| no_token("AUTH0_MANAGEMENT_TOKEN is", "AUTH0_MANAGEMENT_TOKEN to an Auth0 Management API token with read:clients"))?;
            Connection::new(IdpKind::Auth0, domain, token, options).map_err(from)
        }
    }
}

fn idp_word(idp: Idp) -> &'static str {
    match idp {
        Idp::Okta => "okta",
        Idp::Entra => "entra",
        Idp::Auth0 => "auth0",
    }
}

type SetupError = (&'static str, String, String);

fn target_of(args: &Args) -> Result<FlexTarget, SetupError> {
    let endpoints = Endpoints::from_env_over(Endpoints::twilio())
        .map_err(|e| (e.code(), e.to_string(), "Correct or unset that variable.".to_owned()))?;
    let hosts = Hosts { login_base: endpoints.login.clone(), ..Hosts::default() };
    let entity_id = args.entity_id.trim().to_owned();
    let acs_url = args.acs_url.trim().to_owned();
    let from_console = "Copy the new values from step 2 of Twilio's setup in the Console.";
    match classify_sp_value(&entity_id, &hosts) {
        SpValueKind::NewEntityId => {}
        SpValueKind::LegacyEntityId | SpValueKind::OlderLegacy => {
            return Err(("entity_id_legacy", format!("--entity-id \"{entity_id}\" is the legacy Entity ID, not the new one."), from_console.to_owned()))
        }
        _ => return Err(("entity_id_invalid", format!("--entity-id \"{entity_id}\" is not a new Flex Entity ID (urn:flex:JQ…)."), from_console.to_owned())),
    }
    match classify_sp_value(&acs_url, &hosts) {
        SpValueKind::NewAcs => {}
        SpValueKind::LegacyAcs | SpValueKind::OlderLegacy => {
            return Err(("acs_url_legacy", format!("--acs-url \"{acs_url}\" is the legacy ACS URL, not the new one."), from_console.to_owned()))
        }
        _ => return Err(("acs_url_invalid", format!("--acs-url \"{acs_url}\" is not a new Flex ACS URL ({}/login/callback?connection=JQ…).", hosts.login_base.as_str().trim_end_matches('/')), from_console.to_owned())),
    }
    Ok(FlexTarget::new(SpValues { entity_id, acs_url }, hosts))
}

fn check(args: &Args, client: &Connection, target: &FlexTarget) -> i32 {
    let search = match &args.app {
        Some(app) => Search::Named(app.clone()),
        None => Search::Automatic,
    };
    let app = match tauri::async_runtime::block_on(client.find_app(&search, target)) {
        Ok(app) => app,
        Err(error) => return idp_error(args.json, &error),
    };
    let comparison = app.compare(target);
    let plan = app.plan_change(target);
    let report = Report {
        ok: !comparison.needs_change(),
        idp: idp_word(args.idp),
        address: client.address(),
        comparison: &comparison,
        changes: &plan.changes,
    };
    if args.json {
        print_json(&report);
    } else {
        print_human(&report);
    }
    if report.ok {
        EXIT_OK
    } else {
        EXIT_PROBLEM
    }
}

/// The variable's value, when set and not blank. Read once, straight into a [`Secret`].
fn non_empty_env(name: &str) -> Option<Secret> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty()).map(|v| Secret::new(v.trim()))
}

fn idp_error(json: bool, error: &IdpError) -> i32 {
    cannot_run(json, error.code(), &error.message(), &error.fix())
}

fn print_human(report: &Report<'_>) {
    let app = &report.comparison.app;
    println!("{} app  \"{}\" ({}) at {}", report.comparison.idp.name(), app.label, app.id, report.address);
    for row in &report.comparison.rows {
        let mark = match row.verdict {
            Verdict::Matches => "✓",
            Verdict::MustChange => "✗",
            Verdict::Advice => "!",
            Verdict::NotReadable => "?",
        };
        println!("\n{mark} {}  ({})", row.label, row.field);
        println!("    now:     {}", row.now.as_deref().unwrap_or("(empty)"));
        if row.verdict != Verdict::Matches {
            if let Some(needed) = &row.needed {
                println!("    needed:  {needed}");
            }
        }
        if !row.note.is_empty() {
            println!("    {}", row.note);
        }
    }
    if report.ok {
        println!("\nThe IdP app holds what Flex needs.");
    } else if report.changes.is_empty() || report.comparison.idp.token_entry().is_none() {
        println!("\nSomething must change, by hand in the IdP (see the notes above).");
    } else {
        println!(
            "\nSomething must change. The desktop app can make these changes for you (in step 2, \"Check it in {}\"), or make them by hand:",
            report.comparison.idp.name()
        );
        for change in report.changes {
            println!("  {}: {} → {}", change.label, change.before.as_deref().unwrap_or("(empty)"), change.after.as_deref().unwrap_or("(empty)"));
        }
    }
}
