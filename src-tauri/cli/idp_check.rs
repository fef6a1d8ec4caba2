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
    /// The new Entity ID, from step 2 of Twilio's setup (urn:flex:JQ…); with --profile, the
    /// migration's own by default.
    #[arg(long)]
    entity_id: Option<String>,
    /// The new ACS URL, from the same step; with --profile, the migration's own by default.
    #[arg(long)]
    acs_url: Option<String>,
    /// A profile saved in the app whose step 2 connected this IdP: its address, app, token (from
    /// the OS keyring) and new values are used where the other options and variables are not given.
    #[arg(long)]
    profile: Option<String>,
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

pub fn run(mut args: Args) -> i32 {
    let saved = match args.profile.clone().map(|name| saved_connection(&name, args.idp)).transpose() {
        Ok(saved) => saved,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    if let Some(saved) = &saved {
        args.entity_id = args.entity_id.take().or_else(|| saved.values.as_ref().map(|v| v.entity_id.clone()));
        args.acs_url = args.acs_url.take().or_else(|| saved.values.as_ref().map(|v| v.acs_url.clone()));
        args.app = args.app.take().or_else(|| saved.app_id.clone());
        let address = Some(saved.address.clone());
        match args.idp {
            Idp::Okta => args.org_url = args.org_url.take().or(address),
            Idp::Entra => args.tenant = args.tenant.take().or(address),
            Idp::Auth0 => args.domain = args.domain.take().or(address),
        }
    }
    let target = match target_of(&args) {
        Ok(target) => target,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    let connection = match connection_of(&args, saved.and_then(|s| s.token)) {
        Ok(connection) => connection,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    check(&args, &connection, &target)
}

/// What a profile's step 2 saved about this IdP.
struct Saved {
    address: String,
    app_id: Option<String>,
    token: Option<Secret>,
    values: Option<SpValues>,
}

fn saved_connection(name: &str, idp: Idp) -> Result<Saved, SetupError> {
    let open_app = "Open the app, connect the identity provider in step 2 of this profile's migration, or give the address and token here.".to_owned();
    let accounts = crate::accounts::Accounts::of_this_user().map_err(|e| (e.code(), e.to_string(), open_app.clone()))?;
    let profile = accounts.find(name).map_err(|e| (e.code(), e.to_string(), open_app.clone()))?;
    let record = accounts
        .profiles
        .load_migration(&profile.id)
        .map_err(|e| (e.code(), e.to_string(), open_app.clone()))?
        .map(|loaded| loaded.value);
    let kind = kind_of(idp);
    let link = record.as_ref().and_then(|r| r.idp_api.clone()).filter(|l| l.idp == kind.catalog_id()).ok_or_else(|| {
        ("idp_not_connected", format!("The profile \"{}\" has no {} connection saved.", profile.name, kind.name()), open_app.clone())
    })?;
    let token = crate::idp_tokens::load(&flex_sso_secrets::KeyringSecretStore::new(), &profile.id, kind).ok();
    let hosts = Hosts { login_base: Endpoints::from_env_over(Endpoints::twilio()).map(|e| e.login).unwrap_or_else(|_| Hosts::default().login_base), ..Hosts::default() };
    let values = record.as_ref().and_then(|r| r.state.connection_sid()).map(|sid| flex_sso_model::values::new_values(sid, &hosts));
    Ok(Saved { address: link.address, app_id: link.app_id, token, values })
}

fn kind_of(idp: Idp) -> IdpKind {
    match idp {
        Idp::Okta => IdpKind::Okta,
        Idp::Entra => IdpKind::Entra,
        Idp::Auth0 => IdpKind::Auth0,
    }
}

fn connection_of(args: &Args, saved_token: Option<Secret>) -> Result<Connection, SetupError> {
    let missing = |flag: &str, example: &str| ("address_missing", format!("--idp {} needs {flag}.", idp_word(args.idp)), format!("Add {flag} {example}."));
    let no_token = |vars: &str, what: &str| ("idp_token_missing", format!("No token: {vars} unset."), format!("Set {what}."));
    let from = |e: IdpError| (e.code(), e.message(), e.fix());
    let options = ClientOptions::default();
    match args.idp {
        Idp::Okta => {
            let address = args.org_url.as_deref().ok_or_else(|| missing("--org-url", IdpKind::Okta.example_address()))?;
            let token = match (non_empty_env("OKTA_API_TOKEN"), non_empty_env("OKTA_ACCESS_TOKEN"), saved_token) {
                (Some(token), _, _) => OktaToken::ApiToken(token),
                (None, Some(token), _) => OktaToken::AccessToken(token),
                (None, None, Some(token)) => OktaToken::ApiToken(token),
                (None, None, None) => return Err(no_token("OKTA_API_TOKEN and OKTA_ACCESS_TOKEN are both", "OKTA_API_TOKEN to an Okta API token (or OKTA_ACCESS_TOKEN to an OAuth 2.0 access token with okta.apps.read)")),
            };
            Ok(Connection::Okta(OktaClient::new(address, token, options).map_err(from)?))
        }
        Idp::Entra => {
            let tenant = args.tenant.as_deref().ok_or_else(|| missing("--tenant", IdpKind::Entra.example_address()))?;
            let token = non_empty_env("ENTRA_ACCESS_TOKEN").or(saved_token).ok_or_else(|| no_token("ENTRA_ACCESS_TOKEN is", "ENTRA_ACCESS_TOKEN to a Microsoft Graph access token with Application.Read.All"))?;
            Connection::new(IdpKind::Entra, tenant, token, options).map_err(from)
        }
        Idp::Auth0 => {
            let domain = args.domain.as_deref().ok_or_else(|| missing("--domain", IdpKind::Auth0.example_address()))?;
            let token = non_empty_env("AUTH0_MANAGEMENT_TOKEN").or(saved_token).ok_or_else(|| no_token("AUTH0_MANAGEMENT_TOKEN is", "AUTH0_MANAGEMENT_TOKEN to an Auth0 Management API token with read:clients"))?;
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
    let needed = |flag: &str| ("values_missing", format!("{flag} is needed (or --profile with a migration that has the new connection)."), "Copy the new values from step 2 of Twilio's setup in the Console.".to_owned());
    let entity_id = args.entity_id.as_deref().ok_or_else(|| needed("--entity-id"))?.trim().to_owned();
    let acs_url = args.acs_url.as_deref().ok_or_else(|| needed("--acs-url"))?.trim().to_owned();
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
