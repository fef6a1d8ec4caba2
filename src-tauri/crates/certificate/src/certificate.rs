//! One X.509 certificate, read once and described the way IdP consoles describe it.

use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use crate::error::CertificateError;
use crate::format::{colon_hex, days_between, to_pem};

/// An RSA-4096 certificate is about 1.5 KB; 64 KB leaves room for long names and extensions.
pub const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// Public key algorithms. Sources: RFC 3279 section 2.3 (rsaEncryption, id-dsa, id-ecPublicKey),
/// RFC 4055 section 1.2 (id-RSASSA-PSS keys), RFC 8410 section 3, RFC 5480 section 2.1.1.1 (curves).
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_DSA: &str = "1.2.840.10040.4.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_ED448: &str = "1.3.101.113";

/// The kind of key a certificate carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// `bits` is the modulus length, measured exactly (also for keys too short to use); 0 when
    /// the key could not be read.
    Rsa { bits: u32 },
    /// The named curve's OID in dotted form, when the parameters name one.
    Ec { curve_oid: Option<String> },
    Ed25519,
    Ed448,
    Dsa,
    /// Any other algorithm, by its dotted OID.
    Other { oid: String },
}

/// A parsed certificate. Two certificates are the same when their DER bytes are, which is what
/// their SHA-256 fingerprints compare.
#[derive(Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    sha256: String,
    sha1: String,
    subject: String,
    issuer: String,
    serial: String,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    signature_algorithm_oid: String,
    key: KeyKind,
    /// The DER SubjectPublicKeyInfo, for signature verification.
    public_key_der: Vec<u8>,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("sha256", &self.sha256)
            .field("not_after", &self.not_after)
            .finish()
    }
}

impl Certificate {
    /// Reads one DER certificate. Trailing bytes are refused: they mean the input was two things
    /// glued together, and guessing would hide a mistake.
    pub fn from_der(der: &[u8]) -> Result<Self, CertificateError> {
        Self::from_der_numbered(der, 1)
    }

    /// As [`Certificate::from_der`]; `index` (1-based) numbers the error message.
    pub fn from_der_numbered(der: &[u8], index: usize) -> Result<Self, CertificateError> {
        if der.len() > MAX_CERTIFICATE_BYTES {
            return Err(CertificateError::TooLarge { index, size: der.len() });
        }
        let (rest, cert) = X509Certificate::from_der(der)
            .map_err(|e| CertificateError::NotX509 { index, reason: e.to_string() })?;
        if !rest.is_empty() {
            return Err(CertificateError::TrailingBytes { index, count: rest.len() });
        }
        let used = &der[..der.len() - rest.len()];
        Ok(Self {
            sha256: colon_hex(&Sha256::digest(used)),
            sha1: colon_hex(&Sha1::digest(used)),
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: serial_hex(cert.raw_serial()),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            signature_algorithm_oid: cert.signature_algorithm.algorithm.to_id_string(),
            key: key_kind(&cert),
            public_key_der: cert.public_key().raw.to_vec(),
            der: used.to_vec(),
        })
    }

    /// Reads the base64 body of one certificate, whitespace allowed: what `<ds:X509Certificate>`
    /// in a signature or in metadata holds. `index` (1-based) numbers the error message.
    pub fn from_base64(body: &str, index: usize) -> Result<Self, CertificateError> {
        Self::from_der_numbered(&crate::text::decode_body(body, index)?, index)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The text to paste into the Twilio Console's X.509 field.
    pub fn to_pem(&self) -> String {
        to_pem(&self.der)
    }

    /// SHA-256 of the DER bytes, `AB:CD:…`.
    pub fn sha256_fingerprint(&self) -> &str {
        &self.sha256
    }

    /// SHA-1 of the DER bytes, `AB:CD:…`: the "thumbprint" Entra ID and ADFS show (without colons).
    pub fn sha1_fingerprint(&self) -> &str {
        &self.sha1
    }

    /// Distinguished name in RFC 4514 style, e.g. `CN=Microsoft Azure Federated SSO Certificate`.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Serial number in upper-case hex, no separators (as ADFS and PowerShell show it).
    pub fn serial(&self) -> &str {
        &self.serial
    }

    pub fn not_before(&self) -> OffsetDateTime {
        self.not_before
    }

    pub fn not_after(&self) -> OffsetDateTime {
        self.not_after
    }

    /// Whole days from `now` to the end of validity, rounded down; negative once expired.
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        days_between(now, self.not_after)
    }

    pub fn is_valid_at(&self, now: OffsetDateTime) -> bool {
        self.not_before <= now && now < self.not_after
    }

    /// The certificate's own signature algorithm, dotted OID.
    pub fn signature_algorithm_oid(&self) -> &str {
        &self.signature_algorithm_oid
    }

    pub fn key(&self) -> &KeyKind {
        &self.key
    }

    /// The RSA modulus length in bits, for RSA keys.
    pub fn rsa_bits(&self) -> Option<u32> {
        match self.key {
            KeyKind::Rsa { bits } => Some(bits),
            _ => None,
        }
    }

    /// The DER SubjectPublicKeyInfo (RFC 5280 section 4.1), for a signature verifier.
    pub fn public_key_der(&self) -> &[u8] {
        &self.public_key_der
    }

    /// True when both are the same certificate (same DER bytes).
    pub fn same_as(&self, other: &Certificate) -> bool {
        self.der == other.der
    }
}

fn serial_hex(raw: &[u8]) -> String {
    // DER integers carry a leading 0x00 when the top bit is set; consoles do not show it.
    let first_significant = raw.iter().position(|b| *b != 0).unwrap_or(raw.len().saturating_sub(1));
    let hex: String = raw[first_significant.min(raw.len())..].iter().map(|b| format!("{b:02X}")).collect();
    if hex.is_empty() { "00".to_owned() } else { hex }
}

/// Exact bit length of a big-endian unsigned integer (x509-parser's own `key_size` assumes one
/// leading zero byte, which not every encoder writes).
fn bit_length(bytes: &[u8]) -> u32 {
    match bytes.iter().position(|b| *b != 0) {
        Some(i) => u32::try_from((bytes.len() - i) * 8).unwrap_or(u32::MAX) - bytes[i].leading_zeros(),
        None => 0,
    }
}

fn key_kind(cert: &X509Certificate<'_>) -> KeyKind {
    let spki = cert.public_key();
    let oid = spki.algorithm.algorithm.to_id_string();
    match oid.as_str() {
        OID_RSA | OID_RSA_PSS => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => KeyKind::Rsa { bits: bit_length(rsa.modulus) },
            _ => KeyKind::Rsa { bits: 0 },
        },
        OID_EC => KeyKind::Ec {
            curve_oid: spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|c| c.to_id_string()),
        },
        OID_ED25519 => KeyKind::Ed25519,
        OID_ED448 => KeyKind::Ed448,
        OID_DSA => KeyKind::Dsa,
        _ => KeyKind::Other { oid },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_and_key_lengths_read_like_consoles() {
        assert_eq!(serial_hex(&[0x00, 0x9f, 0x01]), "9F01");
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[]), "00");
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01, 0x00]), 9);
        assert_eq!(bit_length(&[0x00]), 0);
    }

    #[test]
    fn garbage_is_not_x509_and_extra_bytes_are_refused() {
        assert_eq!(Certificate::from_der(b"hello").unwrap_err().code(), "certificate_not_x509");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/idp/cert/idp.crt");
        let pem = std::fs::read_to_string(dir).unwrap();
        let der = crate::text::decode_text(&pem).unwrap().remove(0);
        let cert = Certificate::from_der(&der).unwrap();
        assert_eq!(cert.subject(), "CN=Flex SSO Migrator sandbox IdP (test only)");
        // The sandbox README states this fingerprint (tests/fixtures/idp/README.md).
        assert_eq!(cert.sha256_fingerprint(), "72:34:0B:51:0D:B8:31:27:01:A1:09:33:17:BA:A8:FF:D2:7A:84:07:03:15:1F:24:E2:15:55:51:AC:34:D4:12");
        assert_eq!(cert.rsa_bits(), Some(2048));
        assert_eq!(cert.to_pem().trim(), pem.trim());
        let mut glued = der.clone();
        glued.extend_from_slice(&[0, 0, 0]);
        assert_eq!(Certificate::from_der(&glued).unwrap_err(), CertificateError::TrailingBytes { index: 1, count: 3 });
        assert!(cert.same_as(&crate::parse_text(&pem).unwrap()[0]));

        // The body alone, as a signature's <ds:X509Certificate> holds it (indented, in lines).
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).map(|l| format!("\n    {l}")).collect();
        assert!(Certificate::from_base64(&body, 2).unwrap().same_as(&cert));
        assert_eq!(Certificate::from_base64("MIIB*", 2).unwrap_err(), CertificateError::NotBase64 { index: 2 });
        assert_eq!(Certificate::from_base64("aGVsbG8=", 3).unwrap_err().code(), "certificate_not_x509");
    }

    /// Names with several parts are written in the certificate's own order, joined by ", " (as
    /// x509-parser does; the metadata screen has always shown them so). `openssl -nameopt RFC2253`
    /// shows this one reversed, as `O=Fixture,CN=Legacy IdP SHA-1`, and so did the SAML crate
    /// while it read certificates with x509-cert.
    #[test]
    fn names_with_several_parts_read_in_certificate_order() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/tests/fixtures/certs/rsa2048-sha1.pem");
        let cert = crate::parse_text(&std::fs::read_to_string(path).unwrap()).unwrap().remove(0);
        assert_eq!(cert.subject(), "CN=Legacy IdP SHA-1, O=Fixture");
        assert_eq!(cert.issuer(), "CN=Legacy IdP SHA-1, O=Fixture");
    }
}
