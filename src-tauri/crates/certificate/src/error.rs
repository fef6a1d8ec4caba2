//! Why certificate text or bytes could not be read. `Display` is the sentence the admin reads;
//! [`CertificateError::code`] is the stable code the UI and the CLI's JSON carry. `index` numbers
//! the certificate (1-based) when a paste holds several.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("The certificate is empty. Paste the whole certificate, including the BEGIN CERTIFICATE and END CERTIFICATE lines.")]
    Empty,
    /// The message never depends on, or echoes, the key material.
    #[error("This is a private key (\"{label}\"), not a certificate. Never share a private key; paste the certificate instead.")]
    PrivateKey { label: String },
    #[error("This is a PKCS #7 bundle, not a single certificate. Export the certificate alone as PEM or base64 (Base-64 encoded X.509).")]
    Pkcs7,
    #[error("This is a \"{label}\" block, not a certificate.")]
    WrongPemBlock { label: String },
    #[error("Certificate {index} has a BEGIN line but no matching END line, so it was probably cut off when copying. Copy it again in one piece.")]
    UnterminatedPem { index: usize },
    #[error("Certificate {index} has nothing between its BEGIN and END lines.")]
    EmptyPem { index: usize },
    #[error("Certificate {index} is not valid base64 text (a character was changed or lost when copying). Copy it again from your identity provider, without changing it.")]
    NotBase64 { index: usize },
    #[error("Certificate {index} could not be read as an X.509 certificate ({reason}). Download it again from your identity provider.")]
    NotX509 { index: usize, reason: String },
    #[error("Certificate {index} is followed by {count} unexpected bytes, as if two things were pasted together. Paste one certificate at a time.")]
    TrailingBytes { index: usize, count: usize },
    #[error("Certificate {index} is too large to be a signing certificate ({size} bytes).")]
    TooLarge { index: usize, size: usize },
    #[error("More than {} certificates were given. Keep only the ones your identity provider signs with.", crate::MAX_CERTIFICATES)]
    TooMany,
}

impl CertificateError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CertificateError::Empty => "certificate_empty",
            CertificateError::PrivateKey { .. } => "certificate_private_key",
            CertificateError::Pkcs7 => "certificate_pkcs7",
            CertificateError::WrongPemBlock { .. } => "certificate_wrong_pem_block",
            CertificateError::UnterminatedPem { .. } => "certificate_unterminated_pem",
            CertificateError::EmptyPem { .. } => "certificate_empty_pem",
            CertificateError::NotBase64 { .. } => "certificate_not_base64",
            CertificateError::NotX509 { .. } => "certificate_not_x509",
            CertificateError::TrailingBytes { .. } => "certificate_trailing_bytes",
            CertificateError::TooLarge { .. } => "certificate_too_large",
            CertificateError::TooMany => "certificate_too_many",
        }
    }
}
