//! One X.509 certificate, described the way IdP consoles describe it, plus the exact PEM text the
//! Twilio Console's "X.509 Certificate" field takes.

use base64::Engine as _;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::algorithms::{self, HashStrength};
use crate::error::InputError;

/// What the metadata says a certificate is for (the `use` attribute of `KeyDescriptor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyUse {
    Signing,
    /// No `use` attribute: by the SAML metadata spec the key serves both signing and encryption
    /// (saml-metadata-2.0-os, section 2.4.1.1). Also used for a certificate given on its own.
    Unspecified,
    Encryption,
}

/// A certificate as the report shows it. Field names are the JSON the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    #[serde(rename = "use")]
    pub key_use: KeyUse,
    /// Distinguished name in RFC 4514 style, e.g. `CN=Microsoft Azure Federated SSO Certificate`.
    pub subject: String,
    pub issuer: String,
    /// Serial number in uppercase hex, no separators (as ADFS and PowerShell show it).
    pub serial: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// Whole days from `now` to `not_after`, rounded down; negative once expired.
    pub days_left: i64,
    /// Colon-separated uppercase hex, as Okta, Entra ID and ADFS show thumbprints.
    pub sha256: String,
    pub sha1: String,
    /// Key type and size, e.g. `RSA 2048`, `EC P-256`, `Ed25519`.
    pub key: String,
    /// e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// The text to paste into the Console's X.509 field.
    pub pem: String,
    /// True for the one certificate we recommend pasting into Flex.
    pub use_for_flex: bool,
    /// What about this certificate deserves a second look even while it is valid (an outdated
    /// hash, a short key, a lifetime of decades). Screens show a certificate with any of these
    /// in amber, never green.
    pub cautions: Vec<Caution>,
    #[serde(skip)]
    pub(crate) facts: CertificateFacts,
}

/// One reason a valid certificate is still not a good one, as `{code, text}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caution {
    pub code: &'static str,
    pub text: String,
}

/// Longer than this from start to end counts as long-lived. Ten years (with leap days) is the
/// longest default among the IdPs in the catalog (Okta's app certificates); Entra ID issues three
/// years and Google five. Decades-long certificates are what hand-made or test setups produce,
/// and since they never expire they are never rotated: a leaked key stays usable. `[inferred]`:
/// no Twilio page sets a maximum; Flex accepts such a certificate.
pub const LONG_LIVED_DAYS: i64 = 10 * 366;

fn cautions_for(facts: &CertificateFacts, signature_algorithm: &str) -> Vec<Caution> {
    let mut out = Vec::new();
    match facts.hash_strength {
        HashStrength::Strong => {}
        HashStrength::Sha1 => out.push(Caution { code: "weak_hash", text: format!("Signed with SHA-1 ({signature_algorithm}), an outdated algorithm") }),
        HashStrength::Md5 => out.push(Caution { code: "weak_hash", text: format!("Signed with MD5 ({signature_algorithm}), a broken algorithm") }),
    }
    if let Some(bits) = facts.rsa_bits.filter(|bits| *bits < 2048) {
        out.push(Caution { code: "weak_key", text: format!("Its RSA key has {bits} bits; 2048 or more is expected") });
    }
    let lifetime = (facts.not_after - facts.not_before).whole_days();
    if lifetime > LONG_LIVED_DAYS {
        let years = lifetime / 365;
        out.push(Caution {
            code: "long_lived",
            text: format!("Made to last {years} years; IdPs usually issue certificates for 1 to 10 years, so this one is probably hand-made and never rotated"),
        });
    }
    out
}

/// Parsed values the checks need, kept out of the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CertificateFacts {
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub hash_strength: HashStrength,
    /// Modulus size in bits for RSA keys; `None` for other key types.
    pub rsa_bits: Option<usize>,
    /// Whole days since expiry, rounded down (0 on the day it expired); 0 if not expired.
    pub days_since_expiry: i64,
}

impl CertificateInfo {
    /// Reads one DER certificate. Trailing bytes after the certificate are refused: they mean the
    /// paste was two things glued together, and guessing would hide a mistake.
    pub fn from_der(der: &[u8], key_use: KeyUse, now: OffsetDateTime) -> Result<Self, InputError> {
        let (rest, cert) = X509Certificate::from_der(der)
            .map_err(|e| InputError::BadCertificate { reason: format!("it is not a valid X.509 certificate ({e})") })?;
        if !rest.is_empty() {
            return Err(InputError::BadCertificate {
                reason: format!("{} unexpected bytes follow the certificate", rest.len()),
            });
        }
        let not_before = cert.validity().not_before.to_datetime();
        let not_after = cert.validity().not_after.to_datetime();
        let (signature_algorithm, hash_strength) =
            algorithms::signature_algorithm(&cert.signature_algorithm.algorithm.to_id_string());
        let (key, rsa_bits) = describe_key(&cert);
        let facts = CertificateFacts {
            not_before,
            not_after,
            hash_strength,
            rsa_bits,
            days_since_expiry: (now - not_after).whole_days().max(0),
        };
        Ok(Self {
            key_use,
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: serial_hex(cert.raw_serial()),
            not_before: rfc3339(not_before),
            not_after: rfc3339(not_after),
            days_left: days_between(now, not_after),
            sha256: fingerprint(&Sha256::digest(der)),
            sha1: fingerprint(&Sha1::digest(der)),
            key,
            pem: to_pem(der),
            use_for_flex: false,
            cautions: cautions_for(&facts, &signature_algorithm),
            signature_algorithm,
            facts,
        })
    }

    /// A short way to name this certificate in a sentence: its subject and expiry date.
    pub fn label(&self) -> String {
        format!("\"{}\" (valid until {})", self.subject, date_only(self.facts.not_after))
    }

    pub fn not_after_time(&self) -> OffsetDateTime {
        self.facts.not_after
    }

    pub fn not_before_time(&self) -> OffsetDateTime {
        self.facts.not_before
    }

    pub fn is_valid_at(&self, now: OffsetDateTime) -> bool {
        self.facts.not_before <= now && now < self.facts.not_after
    }

    pub(crate) fn days_since_expiry(&self) -> i64 {
        self.facts.days_since_expiry
    }
}

/// The PEM form the Twilio Console's X.509 field takes: header line, base64 in 64-character lines,
/// footer line (RFC 7468 section 2 "strict" encoding), `\n` line ends, no trailing newline so a
/// copy does not add an empty line to the field.
pub fn to_pem(der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::with_capacity(body.len() + body.len() / 64 + 60);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for chunk in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        pem.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----");
    pem
}

fn fingerprint(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn serial_hex(raw: &[u8]) -> String {
    // DER integers carry a leading 0x00 when the top bit is set; consoles do not show it.
    let first_significant = raw.iter().position(|b| *b != 0).unwrap_or(raw.len().saturating_sub(1));
    let hex: String = raw[first_significant.min(raw.len())..].iter().map(|b| format!("{b:02X}")).collect();
    if hex.is_empty() { "00".to_owned() } else { hex }
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.unix_timestamp().to_string())
}

pub(crate) fn date_only(t: OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Whole days from `from` to `to`, rounded toward the past (half a day after expiry is day -1).
pub(crate) fn days_between(from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    (to - from).whole_seconds().div_euclid(86_400)
}

/// Exact bit length of a big-endian unsigned integer (x509-parser's own `key_size` assumes one
/// leading zero byte, which not every encoder writes).
fn bit_length(bytes: &[u8]) -> usize {
    match bytes.iter().position(|b| *b != 0) {
        Some(i) => (bytes.len() - i) * 8 - bytes[i].leading_zeros() as usize,
        None => 0,
    }
}

fn describe_key(cert: &X509Certificate<'_>) -> (String, Option<usize>) {
    let spki = cert.public_key();
    let oid = spki.algorithm.algorithm.to_id_string();
    match oid.as_str() {
        algorithms::OID_RSA | algorithms::OID_RSA_PSS => match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => {
                let bits = bit_length(rsa.modulus);
                (format!("RSA {bits}"), Some(bits))
            }
            _ => ("RSA (unreadable key)".to_owned(), Some(0)),
        },
        algorithms::OID_EC => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|c| algorithms::curve_name(&c.to_id_string()))
                .unwrap_or_else(|| "(unknown curve)".to_owned());
            (format!("EC {curve}"), None)
        }
        algorithms::OID_ED25519 => ("Ed25519".to_owned(), None),
        algorithms::OID_ED448 => ("Ed448".to_owned(), None),
        algorithms::OID_DSA => ("DSA".to_owned(), None),
        other => (format!("unknown ({other})"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_format_like_idp_consoles() {
        assert_eq!(fingerprint(&[0x0a, 0xff, 0x00]), "0A:FF:00");
        assert_eq!(serial_hex(&[0x00, 0x9f, 0x01]), "9F01");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "00");
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01, 0x00]), 9);
        assert_eq!(bit_length(&[0x00]), 0);
    }

    #[test]
    fn days_left_rounds_toward_the_past() {
        let t = time::macros::datetime!(2026-01-10 12:00 UTC);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-11 11:59 UTC)), 0);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-12 12:00 UTC)), 2);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-10 00:00 UTC)), -1);
    }

    #[test]
    fn pem_has_64_character_lines_and_no_trailing_newline() {
        let der: Vec<u8> = (0..100u8).collect();
        let pem = to_pem(&der);
        let lines: Vec<&str> = pem.split('\n').collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN CERTIFICATE-----"));
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines.len(), 5); // 100 bytes -> 136 base64 chars -> 64 + 64 + 8
        assert_eq!(lines[3].len(), 8);
    }
}
