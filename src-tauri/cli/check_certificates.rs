//! `flex-sso-migrator check-certificates --metadata <FILE|URL> [--configured FILE]
//! [--response FILE] [--idp IDP] [--now T] [--json]`: the Health page's certificate check,
//! headless, for a partner's script or a monthly cron job.
//!
//! Exit codes: 0 healthy, 1 action needed, 2 could not check (the metadata could not be read,
//! nothing to compare) and 2 for arguments that cannot be used. The metadata is read exactly as
//! `inspect-metadata` reads it (same download policy), the response as `inspect-response` does.

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};

use flex_sso_health::{check, Certificate, HealthInput, HealthReport, MetadataReading, ResponseSigner};
use flex_sso_metadata::{InputKind, InspectOptions};
use flex_sso_model::catalog::Catalog;
use time::OffsetDateTime;

use super::{cannot_run, print_json};

/// `writeln!` into a String cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => { let _ = writeln!($out, $($arg)*); };
}

const USAGE: &str =
    "Usage: flex-sso-migrator check-certificates --metadata <FILE|URL> [--configured FILE] [--response FILE] [--idp IDP] [--now T] [--json]";

/// A certificate file is a few KB; this is far more than any.
const MAX_CERTIFICATE_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The IdP's SAML metadata: a file, or its https:// address.
    #[arg(long, value_name = "FILE|URL")]
    pub metadata: String,
    /// The certificate configured in Flex (what was pasted into the X.509 field): PEM or DER.
    #[arg(long, value_name = "FILE")]
    pub configured: Option<PathBuf>,
    /// A captured SAML response (base64 or XML, as inspect-response takes it): the certificate in
    /// its signature shows which certificate the IdP signs with.
    #[arg(long, value_name = "FILE")]
    pub response: Option<PathBuf>,
    /// Your identity provider, to name its own rotation steps: one of google, okta, salesforce,
    /// azure_ad, auth0, other_saml.
    #[arg(long, value_name = "IDP")]
    pub idp: Option<String>,
    /// Judge at this moment instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z).
    #[arg(long, value_name = "RFC3339-TIME")]
    pub now: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> i32 {
    let now = match super::moment(args.json, args.now.as_deref()) {
        Ok(now) => now,
        Err(code) => return code,
    };
    if let Some(id) = &args.idp {
        if Catalog::builtin().get(id).is_none() {
            let known: Vec<&str> = Catalog::builtin().all().iter().map(|e| e.id.as_str()).collect();
            return cannot_run(
                args.json,
                "idp_unknown",
                &format!("\"{id}\" is not an identity provider this app knows."),
                &format!("Give --idp one of: {}.\n{USAGE}", known.join(", ")),
            );
        }
    }
    let configured = match &args.configured {
        Some(path) => match read_certificates(path) {
            Ok(certs) => certs,
            Err((code, message)) => {
                return cannot_run(args.json, code, &message, &format!("Give --configured the certificate file (PEM or DER) you pasted into Flex.\n{USAGE}"))
            }
        },
        None => Vec::new(),
    };
    let last_response = match &args.response {
        Some(path) => match read_response_signer(path) {
            Ok(signer) => Some(signer),
            Err((code, message)) => {
                return cannot_run(args.json, code, &message, &format!("Give --response a SAML response file (base64 or XML).\n{USAGE}"))
            }
        },
        None => None,
    };
    let input = HealthInput { now, idp: args.idp.clone(), configured, metadata: read_metadata(&args.metadata, now), last_response };
    let report = check(&input);
    if args.json {
        print_json(&report);
    } else {
        print_human(&report);
    }
    report.exit_code()
}

/// Reads the metadata as `inspect-metadata` does; anything that yields no report of metadata or a
/// certificate is "could not be read", with the finding's sentence.
fn read_metadata(source: &str, now: OffsetDateTime) -> MetadataReading {
    let options = InspectOptions {
        // The same rule as the window: this computer only in practice mode (FLEX_SSO_SANDBOX=1).
        download: crate::sandbox::metadata_download_policy(crate::state::sandbox_from_env()),
        ..InspectOptions::default()
    };
    let report = match super::inspect_metadata::read_source(source, now, &options) {
        Ok(report) => report,
        Err(finding) => flex_sso_metadata::Report::unreadable(finding),
    };
    if report.input_kind == InputKind::Unreadable {
        let reason = report
            .findings
            .first()
            .map_or_else(|| "it could not be read".to_owned(), |f| format!("{}: {}", f.title, f.detail.trim_end_matches('.')));
        return MetadataReading::Unreadable { source: source.to_owned(), reason };
    }
    // The report's certificates are the signing ones (`use="signing"` or none), in document order.
    let mut signing = Vec::new();
    for info in &report.certificates {
        match flex_sso_certificate::parse_text(&info.pem) {
            Ok(certs) => signing.extend(certs),
            Err(error) => {
                return MetadataReading::Unreadable { source: source.to_owned(), reason: format!("a signing certificate could not be read: {error}") }
            }
        }
    }
    MetadataReading::Read { signing, source: source.to_owned(), read_at: now }
}

fn read_certificates(path: &Path) -> Result<Vec<Certificate>, (&'static str, String)> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_CERTIFICATE_FILE_BYTES).read_to_end(&mut bytes))
        .map_err(|e| ("certificate_unreadable", format!("The certificate file {} could not be read: {e}.", path.display())))?;
    flex_sso_certificate::parse_bytes(&bytes).map_err(|e| (e.code(), format!("{}: {e}", path.display())))
}

fn read_response_signer(path: &Path) -> Result<ResponseSigner, (&'static str, String)> {
    let source = path.display().to_string();
    let text = super::inspect_response::read_source(&source).map_err(|message| ("input_unreadable", message))?;
    let decoded = flex_sso_saml::decode_input(&text).map_err(|e| (e.code(), format!("{source}: {e}")))?;
    let der = flex_sso_saml::signing_certificate_der(&decoded.xml)
        .map_err(|e| (e.code(), format!("{source}: {e}")))?
        .ok_or_else(|| ("response_no_certificate", format!("{source}: the response's signature carries no certificate, so it does not show which one signed it.")))?;
    let certificate = Certificate::from_der(&der).map_err(|e| (e.code(), format!("{source}: the certificate in the signature: {e}")))?;
    Ok(ResponseSigner { certificate, seen_at: None })
}

fn days(d: i64) -> String {
    match d {
        d if d < 0 => format!("expired {} day{} ago", -d, if d == -1 { "" } else { "s" }),
        1 => "1 day left".to_owned(),
        d => format!("{d} days left"),
    }
}

fn print_human(report: &HealthReport) {
    // Built first and written once, ignoring a closed pipe (`| head`), which println! would panic on.
    let mut out = String::new();
    w!(out, "{}", report.headline);
    for row in &report.certificates {
        let mut seen = Vec::new();
        if row.configured {
            seen.push("configured in Flex");
        }
        if row.signing {
            seen.push("signed the response");
        }
        if row.announced {
            seen.push("announced (in the metadata, not in Flex)");
        } else if row.in_metadata {
            seen.push("in the metadata");
        }
        w!(out, "\nCertificate  {}", seen.join(", "));
        w!(out, "  Subject    {}", row.subject);
        w!(out, "  Valid      {} to {} ({})", row.not_before, row.not_after, days(row.days_left));
        w!(out, "  SHA-256    {}", row.sha256);
        w!(out, "  SHA-1      {}", row.sha1);
    }
    if !report.next_steps.is_empty() {
        w!(out, "\nNext steps:");
        for (i, step) in report.next_steps.iter().enumerate() {
            w!(out, "  {}. {step}", i + 1);
        }
    }
    if let Some(rotation) = &report.rotation {
        w!(out, "\nRotation: {} -> {}", rotation.current.sha256, rotation.next.sha256);
        w!(out, "  {}", rotation.signs_today_text);
        for fact in &rotation.idp_does {
            w!(out, "  - {} ({})", fact.text, fact.page_title);
        }
        for step in &rotation.steps {
            let mark = if step.done { "done" } else { "todo" };
            w!(out, "  {}. [{mark}] {}: {}\n     Check: {}", step.number, step.title, step.action, step.check);
        }
        w!(out, "  {}", rotation.gap_warning);
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
