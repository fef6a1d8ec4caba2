//! One reader for X.509 certificates, used wherever the app meets one: in IdP metadata, in the
//! text an admin pastes into step 3 (what Flex is configured with), and inside a captured SAML
//! response's signature. Comparing those three is the health check's job, so they must be read
//! the same way: same parser (`x509-parser`), same fingerprints, same dates.
//!
//! [`text`] turns pasted text into DER blocks; [`Certificate`] reads one block.

mod certificate;
mod error;
mod format;
pub mod text;

pub use certificate::{Certificate, KeyKind, MAX_CERTIFICATE_BYTES};
pub use error::CertificateError;
pub use format::{colon_hex, date_only, days_between, rfc3339, to_pem};
pub use text::MAX_CERTIFICATES;

/// Reads every certificate in pasted text (PEM blocks, or one bare base64 body).
pub fn parse_text(text: &str) -> Result<Vec<Certificate>, CertificateError> {
    text::decode_text(text)?.iter().enumerate().map(|(i, der)| Certificate::from_der_numbered(der, i + 1)).collect()
}

/// Reads a certificate file's bytes: PEM or base64 text, or one DER certificate.
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Certificate>, CertificateError> {
    text::decode_bytes(bytes)?.iter().enumerate().map(|(i, der)| Certificate::from_der_numbered(der, i + 1)).collect()
}
