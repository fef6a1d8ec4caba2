//! `flex-sso-migrator inspect-metadata <FILE|URL|->`: the same check as the app's "Import IdP
//! metadata" panel, headless.
//!
//! Exit codes: 0 usable and no error finding; 1 an error finding; 2 input that cannot be read at
//! all (a missing file, a failed download, something that is neither metadata nor a
//! certificate). With `--json` the crate's report is printed in every one of these cases.

use flex_sso_facts::twilio;
use std::fmt::Write as _;
use std::io::{Read, Write as _};

/// `writeln!` into a String cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => { let _ = writeln!($out, $($arg)*); };
}

use flex_sso_metadata::{
    inspect_bytes, inspect_url, CertificateInfo, EntitySelector, Finding, FindingCode, InspectOptions, Report, Severity,
};
use time::OffsetDateTime;

use super::print_json;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metadata or certificate: a file, an https:// address, or - for standard input.
    pub source: String,
    /// Judge certificate expiry at this moment instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z).
    #[arg(long, value_name = "RFC3339-TIME")]
    pub now: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// When the file describes several entities: the entity ID, or its number in the list (1 = first).
    #[arg(long, value_name = "ID|N")]
    pub entity: Option<String>,
}

/// `--entity`: a number counts from 1, as the report's own messages do; anything else is an ID.
pub fn entity_selector(value: &str) -> EntitySelector {
    match value.trim().parse::<usize>() {
        Ok(n) if n >= 1 => EntitySelector::Index(n - 1),
        _ => EntitySelector::EntityId(value.trim().to_owned()),
    }
}

pub fn run(args: Args) -> i32 {
    let now = match super::moment(args.json, args.now.as_deref()) {
        Ok(now) => now,
        Err(code) => return code,
    };
    let options = InspectOptions {
        entity: args.entity.as_deref().map(entity_selector),
        // The same rule as the window: this computer only in practice mode (FLEX_SSO_SANDBOX=1).
        download: crate::sandbox::metadata_download_policy(crate::state::sandbox_from_env()),
        ..InspectOptions::default()
    };
    let report = match read_source(&args.source, now, &options) {
        Ok(report) => report,
        Err(finding) => Report::unreadable(finding),
    };
    if args.json {
        print_json(&report);
    } else {
        print_human(&args.source, &report);
    }
    report.exit_code()
}

fn is_address(source: &str) -> bool {
    let lower = source.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Reads the input; a file or standard input that cannot be read becomes an unreadable report.
/// Shared with check-certificates, so both read metadata the same way.
pub(super) fn read_source(source: &str, now: OffsetDateTime, options: &InspectOptions) -> Result<Report, Finding> {
    if is_address(source) {
        return Ok(tauri::async_runtime::block_on(inspect_url(source, now, options)));
    }
    let limit = options.limits.max_bytes as u64 + 1;
    let mut bytes = Vec::new();
    let result = if source == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    if let Err(error) = result {
        return Err(unreadable_file(source, &error));
    }
    Ok(inspect_bytes(&bytes, now, options))
}

fn unreadable_file(source: &str, error: &std::io::Error) -> Finding {
    let (what, fix) = if source == "-" {
        ("Standard input could not be read".to_owned(), "Pipe the metadata in, for example: flex-sso-migrator inspect-metadata - < metadata.xml".to_owned())
    } else if error.kind() == std::io::ErrorKind::NotFound {
        (
            format!("There is no file \"{source}\""),
            "Check the file name and folder (a downloaded metadata file is often in Downloads), or give the metadata's https:// address instead.".to_owned(),
        )
    } else {
        (
            format!("The file \"{source}\" could not be read ({error})"),
            "Check that the file exists and that you may read it, or give the metadata's https:// address instead.".to_owned(),
        )
    };
    Finding::new(FindingCode::InputInvalid, Severity::Error, "The input could not be read", format!("{what}."), fix)
}

fn days_left(cert: &CertificateInfo) -> String {
    match cert.days_left {
        d if d < 0 => format!("EXPIRED {} day{} ago", -d, if d == -1 { "" } else { "s" }),
        1 => "1 day left".to_owned(),
        d => format!("{d} days left"),
    }
}

fn print_human(source: &str, report: &Report) {
    // Built first and written once, ignoring a closed pipe (`| head`), which println! would panic on.
    let mut out = String::new();
    if report.exit_code() == super::EXIT_CANNOT_RUN {
        // Nothing was read: say why on standard error, like every command that cannot run.
        for finding in &report.findings {
            eprintln!("error: {}: {}\n{}", finding.title, finding.detail, finding.fix);
        }
        return;
    }
    w!(out, "Read from    {source}");
    if report.entities > 1 {
        w!(out, "Entities     {} in this file; showing #{}", report.entities, report.selected_entity.map_or(0, |i| i + 1));
        for (i, id) in report.entity_ids.iter().enumerate() {
            w!(out, "             {}. {}", i + 1, id.as_deref().unwrap_or("(no entity ID)"));
        }
        w!(out, "             (choose another with --entity N or --entity ID)");
    }
    let console = &report.console;
    let missing = "(not in this input)";
    w!(out, "\nFor the Twilio Console ({}, \"{}\"):", twilio::CONSOLE_SSO_PAGE, twilio::STEP_ENTER_IDP_DATA);
    w!(out, "  {:<24}  {}", twilio::FIELD_IDP_ISSUER.text, console.identity_provider_issuer.as_deref().unwrap_or(missing));
    w!(out, "  {:<24}  {}", twilio::FIELD_SSO_URL.text, console.single_sign_on_url.as_deref().unwrap_or(missing));
    let certificate = match report.certificate_for_flex() {
        Some(cert) => format!("the certificate marked \"use for Flex\" below ({})", days_left(cert)),
        None => "(none found)".to_owned(),
    };
    w!(out, "  {:<24}  {certificate}", twilio::FIELD_CERTIFICATE.text);
    for (i, cert) in report.certificates.iter().enumerate() {
        let mark = if cert.use_for_flex { "  <- use for Flex" } else { "" };
        w!(out, "\nCertificate {}{mark}", i + 1);
        w!(out, "  Subject      {}", cert.subject);
        w!(out, "  Issuer       {}", cert.issuer);
        w!(out, "  Valid        {} to {} ({})", cert.not_before, cert.not_after, days_left(cert));
        w!(out, "  Key          {}, signed with {}", cert.key, cert.signature_algorithm);
        w!(out, "  SHA-256      {}", cert.sha256);
        w!(out, "  SHA-1        {}", cert.sha1);
    }
    if let Some(cert) = report.certificate_for_flex() {
        w!(out, "\nPaste this into the X.509 Certificate field:\n{}", cert.pem);
    }
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| match f.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    });
    for finding in findings {
        let label = match finding.severity {
            Severity::Error => "Must fix",
            Severity::Warning => "Check",
            Severity::Info => "Note",
        };
        w!(out, "\n{label} ({}): {}\n  {}\n  What to do: {}", finding.code.as_str(), finding.title, finding.detail, finding.fix);
    }
    let verdict = if report.exit_code() == super::EXIT_OK {
        "Usable: these values can go into the Console."
    } else {
        "Not usable yet: fix the problems marked \"Must fix\" first."
    };
    w!(out, "\n{verdict}");
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
