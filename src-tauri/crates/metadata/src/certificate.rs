//! One X.509 certificate as the metadata report shows it: what `flex-sso-certificate` read, in
//! the words IdP consoles use (`RSA 2048`, `sha256WithRSAEncryption`), with the cautions a valid
//! certificate can still deserve and the exact PEM text the Twilio Console's "X.509 Certificate"
//! field takes.

use flex_sso_certificate::{date_only, rfc3339, Certificate, KeyKind};
use serde::Serialize;
use time::OffsetDateTime;

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
    pub rsa_bits: Option<u32>,
    /// Whole days since expiry, rounded down (0 on the day it expired); 0 if not expired.
    pub days_since_expiry: i64,
}

impl CertificateInfo {
    /// Reads one DER certificate. Trailing bytes after the certificate are refused: they mean the
    /// paste was two things glued together, and guessing would hide a mistake.
    pub fn from_der(der: &[u8], key_use: KeyUse, now: OffsetDateTime) -> Result<Self, InputError> {
        Ok(Self::describe(&Certificate::from_der(der)?, key_use, now))
    }

    /// Describes a certificate `flex-sso-certificate` has read.
    pub fn describe(cert: &Certificate, key_use: KeyUse, now: OffsetDateTime) -> Self {
        let (signature_algorithm, hash_strength) = algorithms::signature_algorithm(cert.signature_algorithm_oid());
        let facts = CertificateFacts {
            not_before: cert.not_before(),
            not_after: cert.not_after(),
            hash_strength,
            rsa_bits: cert.rsa_bits(),
            days_since_expiry: (now - cert.not_after()).whole_days().max(0),
        };
        Self {
            key_use,
            subject: cert.subject().to_owned(),
            issuer: cert.issuer().to_owned(),
            serial: cert.serial().to_owned(),
            not_before: rfc3339(cert.not_before()),
            not_after: rfc3339(cert.not_after()),
            days_left: cert.days_left(now),
            sha256: cert.sha256_fingerprint().to_owned(),
            sha1: cert.sha1_fingerprint().to_owned(),
            key: describe_key(cert.key()),
            pem: cert.to_pem(),
            use_for_flex: false,
            cautions: cautions_for(&facts, &signature_algorithm),
            signature_algorithm,
            facts,
        }
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

/// The key as consoles name it. An RSA key whose modulus could not be read (bits 0; also an
/// RSASSA-PSS key, whose parameters x509-parser does not read) says so rather than "RSA 0".
fn describe_key(key: &KeyKind) -> String {
    match key {
        KeyKind::Rsa { bits: 0 } => "RSA (unreadable key)".to_owned(),
        KeyKind::Rsa { bits } => format!("RSA {bits}"),
        KeyKind::Ec { curve_oid: Some(curve) } => format!("EC {}", algorithms::curve_name(curve)),
        KeyKind::Ec { curve_oid: None } => "EC (unknown curve)".to_owned(),
        KeyKind::Ed25519 => "Ed25519".to_owned(),
        KeyKind::Ed448 => "Ed448".to_owned(),
        KeyKind::Dsa => "DSA".to_owned(),
        KeyKind::Other { oid } => format!("unknown ({oid})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_like_idp_consoles_name_them() {
        let cases: Vec<(KeyKind, &str)> = vec![
            (KeyKind::Rsa { bits: 2048 }, "RSA 2048"),
            (KeyKind::Rsa { bits: 0 }, "RSA (unreadable key)"),
            (KeyKind::Ec { curve_oid: Some("1.2.840.10045.3.1.7".into()) }, "EC P-256"),
            (KeyKind::Ec { curve_oid: Some("1.9.9".into()) }, "EC 1.9.9"),
            (KeyKind::Ec { curve_oid: None }, "EC (unknown curve)"),
            (KeyKind::Ed25519, "Ed25519"),
            (KeyKind::Ed448, "Ed448"),
            (KeyKind::Dsa, "DSA"),
            (KeyKind::Other { oid: "1.2.3".into() }, "unknown (1.2.3)"),
        ];
        for (key, name) in cases {
            assert_eq!(describe_key(&key), name, "{key:?}");
        }
    }
}
