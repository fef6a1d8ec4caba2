//! X.509 certificates: the ones the admin configured (trusted) and the one a signature carries
//! (shown and compared, never trusted).
//!
//! Admins paste certificates in every shape their IdP hands out: a PEM file (Okta, Entra ID's
//! "Certificate (Base64)"), several PEM blocks during a rotation, or the bare base64 body
//! (what `<ds:X509Certificate>` holds). All are accepted; DER bytes too. Reading them is
//! `flex-sso-certificate`'s job (the one X.509 reader of the workspace, so the metadata screen
//! and this diagnosis show the same fingerprints, names and dates); this file adds the RSA key
//! the signature check verifies with.

use rsa::pkcs8::DecodePublicKey;
use serde::Serialize;

use flex_sso_certificate::{rfc3339, KeyKind};
/// Codes and messages are the certificate crate's: one reader, one set of answers.
pub use flex_sso_certificate::CertificateError;

/// A parsed certificate: what is shown about it and the RSA key inside, if it has one.
#[derive(Clone)]
pub struct Certificate {
    certificate: flex_sso_certificate::Certificate,
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
    fn new(certificate: flex_sso_certificate::Certificate) -> Self {
        // Measured from the DER itself, so keys the rsa crate refuses (under 1024 bits) still
        // say how short they are. 0 means the modulus could not be read, as for an RSASSA-PSS
        // key: neither is an RSA key this app can verify with.
        let key_bits = match certificate.key() {
            KeyKind::Rsa { bits } if *bits > 0 => Some(*bits),
            _ => None,
        };
        // rsaEncryption keys only (the rsa crate checks the SPKI's algorithm), 1024 bits or more.
        let rsa_key = rsa::PublicKey::from_public_key_der(certificate.public_key_der()).ok();
        let info = CertificateInfo {
            sha256_fingerprint: certificate.sha256_fingerprint().to_owned(),
            sha1_fingerprint: certificate.sha1_fingerprint().to_owned(),
            subject: certificate.subject().to_owned(),
            not_before: rfc3339(certificate.not_before()),
            not_after: rfc3339(certificate.not_after()),
            rsa: key_bits.is_some(),
            key_bits,
        };
        Certificate { certificate, info, rsa_key }
    }

    /// Parses one DER-encoded certificate. `index` (1-based) only numbers the error message.
    pub fn from_der(der_bytes: &[u8], index: usize) -> Result<Self, CertificateError> {
        flex_sso_certificate::Certificate::from_der_numbered(der_bytes, index).map(Self::new)
    }

    /// Parses the base64 body of a certificate (as in `<ds:X509Certificate>`), whitespace allowed.
    pub fn from_base64(text: &str, index: usize) -> Result<Self, CertificateError> {
        flex_sso_certificate::Certificate::from_base64(text, index).map(Self::new)
    }

    /// Parses pasted text holding one or more PEM blocks, or a bare base64 certificate.
    pub fn parse_text(text: &str) -> Result<Vec<Self>, CertificateError> {
        Ok(flex_sso_certificate::parse_text(text)?.into_iter().map(Self::new).collect())
    }

    /// Parses a certificate file's bytes: PEM text or DER.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Self>, CertificateError> {
        Ok(flex_sso_certificate::parse_bytes(bytes)?.into_iter().map(Self::new).collect())
    }

    pub fn info(&self) -> &CertificateInfo {
        &self.info
    }

    /// The certificate as the certificate crate read it (DER, dates, PEM).
    pub fn certificate(&self) -> &flex_sso_certificate::Certificate {
        &self.certificate
    }

    pub(crate) fn rsa_key(&self) -> Option<&rsa::PublicKey> {
        self.rsa_key.as_ref()
    }

    /// The RSA key's length in bits when it is shorter than [`MIN_RSA_BITS`].
    pub(crate) fn short_rsa_bits(&self) -> Option<u32> {
        self.info.key_bits.filter(|bits| *bits < MIN_RSA_BITS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    #[test]
    fn errors_have_codes_and_plain_messages() {
        let cases: [(&str, &str, &str); 3] = [
            ("  \n", "certificate_empty",
                "The certificate is empty. Paste the whole certificate, including the BEGIN CERTIFICATE and END CERTIFICATE lines."),
            ("-----BEGIN CERTIFICATE-----\nMIIB", "certificate_unterminated_pem",
                "Certificate 1 has a BEGIN line but no matching END line, so it was probably cut off when copying. Copy it again in one piece."),
            ("not base64 at all!", "certificate_not_base64",
                "Certificate 1 is not valid base64 text (a character was changed or lost when copying). Copy it again from your identity provider, without changing it."),
        ];
        for (input, code, message) in cases {
            let err = Certificate::parse_text(input).unwrap_err();
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), message);
        }
        let err = Certificate::parse_text("aGVsbG8=").unwrap_err();
        assert_eq!(err.code(), "certificate_not_x509");
        assert!(err.to_string().starts_with("Certificate 1 could not be read as an X.509 certificate ("), "{err}");
        let err = Certificate::from_der(&vec![0x30; 64 * 1024 + 1], 2).unwrap_err();
        assert_eq!(err.code(), "certificate_too_large");
        let many = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n".repeat(17);
        assert_eq!(Certificate::parse_text(&many).unwrap_err().code(), "certificate_too_many");
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
        assert_eq!(bundle[0].info().key_bits, Some(2048));
        assert_eq!(bundle[0].short_rsa_bits(), None);

        let body: String = idp.lines().filter(|l| !l.starts_with("-----")).collect();
        let bare = Certificate::parse_text(&body).unwrap();
        assert_eq!(bare[0].info(), bundle[0].info());
        assert_eq!(Certificate::from_base64(&body, 1).unwrap().info(), bundle[0].info());

        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        let from_der = Certificate::parse_bytes(&der).unwrap();
        assert_eq!(from_der[0].info().sha256_fingerprint, flex_sso_certificate::colon_hex(&Sha256::digest(&der)));
        assert_eq!(from_der[0].info().sha256_fingerprint.len(), 32 * 3 - 1);
        assert_eq!(Certificate::parse_bytes(idp.as_bytes()).unwrap()[0].info(), bundle[0].info());
        assert_eq!(from_der[0].certificate().der(), der.as_slice());
    }
}
