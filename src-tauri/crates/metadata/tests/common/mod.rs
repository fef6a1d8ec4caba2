//! Shared helpers: certificates generated at run time, fixtures, a fixed "now".
#![allow(dead_code)]

use base64::Engine as _;
use flex_sso_metadata::{inspect_bytes, InspectOptions, Report};
use rcgen::{CertificateParams, DnType, KeyPair};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Inside the validity of the OpenSSL fixture certificates (2026-11-28 to 2126).
pub const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

pub struct TestCert {
    pub der: Vec<u8>,
    pub pem: String,
}

impl TestCert {
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.der)
    }

    /// Base64 broken into 76-character lines with indentation, as some IdPs print it in XML.
    pub fn base64_wrapped(&self, indent: &str) -> String {
        let b64 = self.base64();
        let lines: Vec<String> = b64.as_bytes().chunks(76).map(|c| format!("\n{indent}{}", String::from_utf8_lossy(c))).collect();
        format!("{}\n", lines.concat())
    }
}

fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Replaces `{{NAME}}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    assert!(!out.contains("{{"), "unfilled placeholder in fixture");
    out
}

fn params(cn: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, cn);
    params.distinguished_name.push(DnType::OrganizationName, "Flex Fixture IdP");
    params.not_before = not_before;
    params.not_after = not_after;
    params
}

/// An RSA-2048 / sha256WithRSAEncryption certificate (the common IdP kind).
pub fn rsa_cert(cn: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> TestCert {
    let key = KeyPair::from_pem(&fixture("certs/rsa2048-test-key.pem")).expect("rsa key");
    let cert = params(cn, not_before, not_after).self_signed(&key).expect("sign");
    TestCert { der: cert.der().to_vec(), pem: cert.pem() }
}

/// An ECDSA P-256 / ecdsa-with-SHA256 certificate.
pub fn ec_cert(cn: &str, not_before: OffsetDateTime, not_after: OffsetDateTime) -> TestCert {
    let key = KeyPair::generate().expect("ec key");
    let cert = params(cn, not_before, not_after).self_signed(&key).expect("sign");
    TestCert { der: cert.der().to_vec(), pem: cert.pem() }
}

/// Valid since a year before NOW, expiring `days` after NOW (negative: already expired).
pub fn rsa_expiring_in(cn: &str, days: i64) -> TestCert {
    rsa_cert(cn, NOW - Duration::days(365), NOW + Duration::days(days))
}

pub fn inspect(bytes: impl AsRef<[u8]>) -> Report {
    inspect_bytes(bytes.as_ref(), NOW, &InspectOptions::default())
}

pub fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}
