//! X.509 certificates: the ones the admin configured (trusted) and the one a signature carries
//! (shown and compared, never trusted).
//!
//! Admins paste certificates in every shape their IdP hands out: a PEM file (Okta, Entra ID's
//! "Certificate (Base64)"), several PEM blocks during a rotation, or the bare base64 body
//! (what `<ds:X509Certificate>` holds). All are accepted; DER bytes too.

use base64::Engine as _;
use der::{Decode, Encode};
use rsa::pkcs8::DecodePublicKey;
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The PEM armor of a certificate.
const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";
/// More than any rotation needs; keeps a pasted bundle from growing without bound.
const MAX_CERTIFICATES: usize = 16;
/// An RSA-4096 certificate is about 1.5 KB; 64 KB leaves room for long names and extensions.
const MAX_CERTIFICATE_BYTES: usize = 64 * 1024;

/// Why a configured certificate could not be used. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("The certificate is empty. Paste the whole certificate, including the BEGIN CERTIFICATE and END CERTIFICATE lines.")]
    Empty,
    #[error("Certificate {index} has a BEGIN CERTIFICATE line but no END CERTIFICATE line. Copy it again in one piece.")]
    UnterminatedPem { index: usize },
    #[error("Certificate {index} is not valid base64 text. Copy it again from your identity provider, without changing it.")]
    NotBase64 { index: usize },
    #[error("Certificate {index} could not be read as an X.509 certificate ({reason}). Download it again from your identity provider.")]
    NotX509 { index: usize, reason: String },
    #[error("Certificate {index} is too large to be a signing certificate ({size} bytes).")]
    TooLarge { index: usize, size: usize },
    #[error("More than {MAX_CERTIFICATES} certificates were given. Keep only the ones your identity provider signs with.")]
    TooMany,
}

impl CertificateError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            CertificateError::Empty => "certificate_empty",
            CertificateError::UnterminatedPem { .. } => "certificate_unterminated_pem",
            CertificateError::NotBase64 { .. } => "certificate_not_base64",
            CertificateError::NotX509 { .. } => "certificate_not_x509",
            CertificateError::TooLarge { .. } => "certificate_too_large",
            CertificateError::TooMany => "certificate_too_many",
        }
    }
}

/// A parsed certificate: what is shown about it and the RSA key inside, if it has one.
#[derive(Clone)]
pub struct Certificate {
    info: CertificateInfo,
    rsa_key: Option<rsa::PublicKey>,
}

/// RSA keys shorter than this are called too short: they can be factored, so a signature made
/// with one proves nothing (NIST SP 800-131A has disallowed them for signatures since 2013).
pub const MIN_RSA_BITS: u32 = 2048;

/// What the admin can compare with their IdP's console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// SHA-256 of the DER bytes, upper-case hex pairs joined by colons.
    pub sha256_fingerprint: String,
    /// SHA-1 of the DER bytes: Entra ID and ADFS show this "thumbprint" (without colons).
    pub sha1_fingerprint: String,
    pub subject: String,
    /// RFC 3339 (UTC).
    pub not_before: String,
    /// RFC 3339 (UTC).
    pub not_after: String,
    /// Whether the key is RSA (the only kind this app verifies).
    pub rsa: bool,
    /// The RSA modulus length in bits, also when the key is too short to be used.
    pub key_bits: Option<u32>,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate").field("info", &self.info).finish()
    }
}

impl Certificate {
    /// Parses one DER-encoded certificate. `index` (1-based) only numbers the error message.
    pub fn from_der(der_bytes: &[u8], index: usize) -> Result<Self, CertificateError> {
        if der_bytes.len() > MAX_CERTIFICATE_BYTES {
            return Err(CertificateError::TooLarge { index, size: der_bytes.len() });
        }
        let cert = x509_cert::Certificate::from_der(der_bytes)
            .map_err(|e| CertificateError::NotX509 { index, reason: e.to_string() })?;
        let tbs = cert.tbs_certificate();
        let spki = tbs.subject_public_key_info();
        let key_bits = rsa_modulus_bits(spki);
        // The rsa crate refuses keys under 1024 bits; `key_bits` still tells how short it was.
        let rsa_key = spki.to_der().ok().and_then(|der| rsa::PublicKey::from_public_key_der(&der).ok());
        let validity = tbs.validity();
        let info = CertificateInfo {
            sha256_fingerprint: colon_hex(&Sha256::digest(der_bytes)),
            sha1_fingerprint: colon_hex(&Sha1::digest(der_bytes)),
            subject: tbs.subject().to_string(),
            not_before: rfc3339(validity.not_before.to_unix_duration()),
            not_after: rfc3339(validity.not_after.to_unix_duration()),
            rsa: key_bits.is_some(),
            key_bits,
        };
        Ok(Certificate { info, rsa_key })
    }

    /// Parses the base64 body of a certificate (as in `<ds:X509Certificate>`), whitespace allowed.
    pub fn from_base64(text: &str, index: usize) -> Result<Self, CertificateError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() > MAX_CERTIFICATE_BYTES * 2 {
            return Err(CertificateError::TooLarge { index, size: compact.len() });
        }
        let der_bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| CertificateError::NotBase64 { index })?;
        Self::from_der(&der_bytes, index)
    }

    /// Parses pasted text holding one or more PEM blocks, or a bare base64 certificate.
    pub fn parse_text(text: &str) -> Result<Vec<Self>, CertificateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CertificateError::Empty);
        }
        if !text.contains(PEM_BEGIN) {
            return Ok(vec![Self::from_base64(text, 1)?]);
        }
        let mut certs = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(PEM_BEGIN) {
            let index = certs.len() + 1;
            if index > MAX_CERTIFICATES {
                return Err(CertificateError::TooMany);
            }
            let body_start = start + PEM_BEGIN.len();
            let end = rest[body_start..].find(PEM_END).ok_or(CertificateError::UnterminatedPem { index })?;
            certs.push(Self::from_base64(&rest[body_start..body_start + end], index)?);
            rest = &rest[body_start + end + PEM_END.len()..];
        }
        Ok(certs)
    }

    /// Parses a certificate file's bytes: PEM text or DER.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Self>, CertificateError> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains(PEM_BEGIN) || !bytes.starts_with(&[0x30]) => Self::parse_text(text),
            _ => Ok(vec![Self::from_der(bytes, 1)?]),
        }
    }

    pub fn info(&self) -> &CertificateInfo {
        &self.info
    }

    pub(crate) fn rsa_key(&self) -> Option<&rsa::PublicKey> {
        self.rsa_key.as_ref()
    }

    /// The RSA key's length in bits when it is shorter than [`MIN_RSA_BITS`].
    pub(crate) fn short_rsa_bits(&self) -> Option<u32> {
        self.info.key_bits.filter(|bits| *bits < MIN_RSA_BITS)
    }
}

/// The bit length of an RSA public key's modulus, read from the DER structure itself (RFC 8017
/// A.1.1) so that keys the rsa crate refuses are still measured.
fn rsa_modulus_bits(spki: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Option<u32> {
    if spki.algorithm.oid != rsa::pkcs1::ALGORITHM_OID {
        return None;
    }
    let key = rsa::pkcs1::RsaPublicKeyRef::from_der(spki.subject_public_key.as_bytes()?).ok()?;
    let modulus = key.modulus.as_bytes();
    let first = modulus.iter().position(|b| *b != 0)?;
    let bytes = u32::try_from(modulus.len() - first).ok()?;
    Some(bytes * 8 - modulus[first].leading_zeros())
}

/// `AB:CD:...` upper-case hex, the way IdP consoles print fingerprints.
pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn rfc3339(since_epoch: std::time::Duration) -> String {
    let secs = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| format!("{secs} seconds after 1970"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_codes_and_plain_messages() {
        let cases: [(&str, &str, &str); 3] = [
            ("  \n", "certificate_empty",
                "The certificate is empty. Paste the whole certificate, including the BEGIN CERTIFICATE and END CERTIFICATE lines."),
            ("-----BEGIN CERTIFICATE-----\nMIIB", "certificate_unterminated_pem",
                "Certificate 1 has a BEGIN CERTIFICATE line but no END CERTIFICATE line. Copy it again in one piece."),
            ("not base64 at all!", "certificate_not_base64",
                "Certificate 1 is not valid base64 text. Copy it again from your identity provider, without changing it."),
        ];
        for (input, code, message) in cases {
            let err = Certificate::parse_text(input).unwrap_err();
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), message);
        }
        let err = Certificate::parse_text("aGVsbG8=").unwrap_err();
        assert_eq!(err.code(), "certificate_not_x509");
        assert!(err.to_string().starts_with("Certificate 1 could not be read as an X.509 certificate ("), "{err}");
    }

    #[test]
    fn colon_hex_is_upper_case_pairs() {
        assert_eq!(colon_hex(&[0x0a, 0xff, 0x10]), "0A:FF:10");
    }

    #[test]
    fn accepts_pem_bundles_bare_base64_and_der() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let idp = std::fs::read_to_string(dir.join("idp-cert.pem")).unwrap();
        let other = std::fs::read_to_string(dir.join("other-cert.pem")).unwrap();
        let bundle = Certificate::parse_text(&format!("{idp}\n{other}")).unwrap();
        assert_eq!(bundle.len(), 2);
        assert_eq!(bundle[0].info().subject, "CN=Flex SSO Migrator test IdP");
        assert_eq!(bundle[1].info().subject, "CN=Some other IdP");
        assert!(bundle[0].info().rsa && bundle[0].rsa_key().is_some());

        let body: String = idp.lines().filter(|l| !l.starts_with("-----")).collect();
        let bare = Certificate::parse_text(&body).unwrap();
        assert_eq!(bare[0].info(), bundle[0].info());

        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        let from_der = Certificate::parse_bytes(&der).unwrap();
        assert_eq!(from_der[0].info().sha256_fingerprint, colon_hex(&Sha256::digest(&der)));
        assert_eq!(from_der[0].info().sha256_fingerprint.len(), 32 * 3 - 1);
        assert_eq!(Certificate::parse_bytes(idp.as_bytes()).unwrap()[0].info(), bundle[0].info());
    }
}
