//! `flex-sso-migrator preflight`: the same check the app's preflight screen runs.

use flex_sso_twilio::{preflight, Credentials, Endpoints, PreflightReport, TwilioClient};

use super::{cannot_run, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A profile saved in the app (its credentials come from the OS keyring).
    #[arg(long)]
    profile: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> i32 {
    let credentials = match load_credentials(&args) {
        Ok(credentials) => credentials,
        Err((code, message, fix)) => return cannot_run(args.json, code, &message, &fix),
    };
    let endpoints = match Endpoints::from_env_over(Endpoints::twilio()) {
        Ok(endpoints) => endpoints,
        Err(error) => return cannot_run(args.json, error.code(), &error.to_string(), "Correct or unset that variable."),
    };
    let client = match TwilioClient::new(endpoints) {
        Ok(client) => client,
        Err(error) => return cannot_run(args.json, error.code(), &error.message(), &error.fix()),
    };
    let report = tauri::async_runtime::block_on(preflight(&client, &credentials));
    if args.json {
        print_json(&report);
    } else {
        print_human(&report);
    }
    report.exit_code()
}

type SetupError = (&'static str, String, String);

fn load_credentials(args: &Args) -> Result<Credentials, SetupError> {
    if let Some(name) = &args.profile {
        return crate::accounts::credentials_for_profile_name(name)
            .map_err(|e| (e.code(), e.to_string(), "Open the app and add the profile's credentials, or use the TWILIO_* environment variables.".to_owned()));
    }
    Credentials::from_env().map_err(|error| {
        (
            error.code(),
            error.to_string(),
            "Set TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET), or pass --profile NAME.".to_owned(),
        )
    })
}

fn print_human(report: &PreflightReport) {
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "accepted",
        Some(false) => "refused",
        None => "not checked",
    };
    println!("Account      {} ({})", report.account.sid, yes_no(report.account.credentials_accepted));
    if let Some(name) = &report.account.friendly_name {
        println!("Name         {name}");
    }
    println!("             {}", report.account.note);
    println!("Flex UI      {}", report.flex.ui_version.as_deref().unwrap_or("unknown"));
    println!("Eligible     {}", report.flex.eligibility_reason);
    if let Some(url) = &report.flex.login_url {
        println!("Login link   {url}");
    }
    println!("SSO          {}", report.sso.state_description);
    if let Some(note) = &report.sso.deadline_note {
        println!("             {note}");
    }
    for problem in &report.problems {
        println!("\nProblem ({}): {}\n  What to do: {}", problem.code, problem.message, problem.fix);
    }
    println!("\n{}", if report.ok { "Ready to migrate." } else { "Not ready to migrate yet." });
}
