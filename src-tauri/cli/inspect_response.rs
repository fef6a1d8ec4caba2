//! `flex-sso-migrator inspect-response`: the same diagnosis as the app's "Inspect a SAML
//! response" screen, for a response in a file or on standard input.
//!
//! Exit 0 when Flex should accept the response, 1 when it will not, 2 when the input (or a
//! certificate, or an argument) cannot be read at all.

use std::io::Read;
use std::path::PathBuf;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use flex_sso_saml::{Certificate, Expectations, Report, Severity};

use flex_sso_model::catalog::Catalog;

use crate::commands::saml::{coverage, idp_labels, summary_lines, verdict_words, ExpectedValue, ExpectedView, Origin};

use super::{cannot_run, print_json};

/// A SAML response larger than this is not one (the crate refuses 4 MiB anyway).
const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SAML response: a file, or - for standard input. Base64 (as posted), deflated base64,
    /// raw XML, or a whole form body / URL with SAMLResponse=... are all accepted.
    pub source: String,
    /// The Entity ID (audience) Flex expects, e.g. urn:flex:JQ...
    #[arg(long, value_name = "ID")]
    pub entity_id: String,
    /// The ACS URL Flex expects, e.g. https://login.flex.us1.twilio.com/login/callback?connection=JQ...
    #[arg(long, value_name = "URL")]
    pub acs_url: String,
    /// The Identity Provider Issuer configured in Flex (compared with the response's Issuer).
    #[arg(long, value_name = "ISSUER")]
    pub idp_issuer: Option<String>,
    /// The IdP's signing certificate (PEM or DER); repeat during a certificate rotation.
    #[arg(long, value_name = "FILE")]
    pub idp_cert: Vec<PathBuf>,
    /// Your identity provider, to name its settings in the fixes: one of google, okta,
    /// salesforce, azure_ad, auth0, other_saml.
    #[arg(long, value_name = "IDP")]
    pub idp: Option<String>,
    /// Check the time limits as of this moment (RFC 3339, e.g. 2026-01-31T09:30:00Z) instead
    /// of now: replays a captured response at the time it was captured.
    #[arg(long, value_name = "RFC3339-TIME")]
    pub now: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> i32 {
    let input = match read_source(&args.source) {
        Ok(input) => input,
        Err(message) => {
            return cannot_run(args.json, "input_unreadable", &message, "Give the path of a file holding the SAML response, or - to read it from standard input.")
        }
    };
    let now = match super::moment(args.json, args.now.as_deref()) {
        Ok(now) => now,
        Err(code) => return code,
    };
    let mut certificates = Vec::new();
    for path in &args.idp_cert {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                return cannot_run(
                    args.json,
                    "certificate_unreadable",
                    &format!("The certificate file {} could not be read: {error}.", path.display()),
                    "Check the path given to --idp-cert.",
                )
            }
        };
        match Certificate::parse_bytes(&bytes) {
            Ok(certs) => certificates.extend(certs),
            Err(error) => {
                return cannot_run(
                    args.json,
                    error.code(),
                    &format!("{}: {error}", path.display()),
                    "Give the identity provider's signing certificate as a PEM or DER file.",
                )
            }
        }
    }

    let typed = |value: &str| ExpectedValue { value: value.trim().to_owned(), origin: Origin::Typed };
    let expected = ExpectedView {
        entity_id: Some(typed(&args.entity_id)),
        acs_url: Some(typed(&args.acs_url)),
        idp_issuer: args.idp_issuer.as_deref().map(typed),
        certificates: certificates.iter().map(|c| c.info().clone()).collect(),
        certificates_origin: (!certificates.is_empty()).then_some(Origin::Typed),
        ..ExpectedView::default()
    };
    let mut expectations = Expectations::new(args.entity_id.trim(), args.acs_url.trim(), now);
    expectations.idp_issuer = args.idp_issuer.as_deref().map(|s| s.trim().to_owned());
    expectations.certificates = certificates;
    // A file is a response from an earlier sign-in: without --now (its capture time) its having
    // expired since is a note, as on the app's screen.
    expectations.replayed = args.now.is_none();
    if let Some(id) = &args.idp {
        let Some(entry) = Catalog::builtin().get(id) else {
            let known: Vec<&str> = Catalog::builtin().all().iter().map(|e| e.id.as_str()).collect();
            return cannot_run(args.json, "idp_unknown", &format!("\"{id}\" is not an identity provider this app knows."),
                &format!("Give --idp one of: {}.", known.join(", ")));
        };
        expectations.labels = idp_labels(entry);
        expectations.idp_catalog_id = Some(entry.id.clone());
    }

    let report = flex_sso_saml::diagnose(&input, &expectations);
    if args.json {
        print_json(&report);
    } else if report.summary.is_none() {
        print_unreadable(&report);
    } else {
        print_human(&report, &expected, now);
    }
    report.exit_code()
}

/// The response as text, from a file or standard input (shared with check-certificates).
pub(super) fn read_source(source: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if source == "-" {
        std::io::stdin().lock().take(MAX_INPUT_BYTES).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source).and_then(|file| file.take(MAX_INPUT_BYTES).read_to_end(&mut bytes))
    };
    let what = if source == "-" { "standard input".to_owned() } else { format!("the file {source}") };
    result.map_err(|error| format!("Could not read {what}: {error}."))?;
    String::from_utf8(bytes).map_err(|_| format!("{what} is not text. Give the SAML response as base64 or XML text."))
}

fn print_unreadable(report: &Report) {
    for f in &report.findings {
        eprintln!("error: {}\n{}\nWhat to do: {}", f.title, f.detail, f.fix);
    }
}

fn print_human(report: &Report, expected: &ExpectedView, expectations_time: OffsetDateTime) {
    println!("{}", verdict_words(report.verdict));
    if let Ok(at) = expectations_time.format(&Rfc3339) {
        println!("Time of the check: {at}");
    }
    let lines = coverage(&report.checked, expected, report);
    println!("\nChecked:");
    for line in lines.iter().filter(|l| l.checked) {
        println!("  + {}", line.text);
    }
    let not: Vec<_> = lines.iter().filter(|l| !l.checked).collect();
    if !not.is_empty() {
        println!("\nNOT checked:");
        for line in not {
            println!("  - {}", line.text);
        }
    }
    println!("\nFindings:");
    if report.findings.is_empty() {
        println!("  No problems found.");
    }
    for f in &report.findings {
        let label = match f.severity {
            Severity::Error => "MUST FIX",
            Severity::Warning => "CHECK",
            Severity::Info => "NOTE",
        };
        println!("\n  [{label}] {} ({})", f.title, f.code);
        if !f.detail.is_empty() {
            println!("    {}", f.detail);
        }
        if !f.fix.is_empty() {
            println!("    What to do: {}", f.fix);
        }
        if let Some(at) = &f.location {
            println!("    Where: {} (lines {}-{} of the decoded XML)", at.xpath, at.line_start, at.line_end);
        }
    }
    if let Some(summary) = &report.summary {
        println!("\nWhat the response says:");
        let lines = summary_lines(summary);
        let width = lines.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
        for (label, value) in lines {
            println!("  {label:<width$}  {value}");
        }
    }
}
