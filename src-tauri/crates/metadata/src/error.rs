//! Why an input could not be read at all. Each variant becomes one finding in the report; the
//! report's exit code is then 2 (see `Report::exit_code`).

use flex_sso_certificate::CertificateError;

use crate::findings::FindingCode;
use crate::limits::human_size;

/// An input (file, paste, downloaded body) that cannot be read as metadata or as a certificate.
/// `Display` is the sentence the admin reads; [`InputError::fix`] says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("The input is empty.")]
    Empty,
    #[error("The input is {}; metadata files are much smaller (the limit is {}).", human_size(*size), human_size(*limit))]
    TooLarge { size: usize, limit: usize },
    #[error("The input is not text in UTF-8: byte {offset} is not valid. It may be a different file type (a PDF, a Word file, a zip) or a file saved in an old encoding.")]
    NotUtf8 { offset: usize },
    #[error("The input is UTF-16 text but not valid UTF-16: {problem} at byte {offset}. It was probably damaged or cut off while being copied.")]
    NotUtf16 { offset: usize, problem: &'static str },
    #[error("This is a PKCS#7 bundle (a .p7b or .p7c file), not a certificate on its own.")]
    Pkcs7,
    #[error("The XML contains a document type declaration (<!DOCTYPE ...>). Real SAML metadata never has one, and it is how hostile files try to read local files or exhaust memory, so it is refused.")]
    DtdForbidden,
    #[error("The XML nests elements more than {limit} levels deep. Real SAML metadata is about 10 levels deep.")]
    TooDeep { limit: usize },
    #[error("An element of the XML has {count} attributes; real SAML metadata has a handful per element (at most {limit} are read).")]
    TooManyAttributes { count: usize, limit: usize },
    #[error("The XML has more than {limit} elements and texts. Real SAML metadata for one IdP has a few hundred.")]
    TooManyNodes { limit: u32 },
    #[error("The XML is damaged at line {line}, column {column}: {reason}.")]
    MalformedXml { line: u32, column: u32, reason: String },
    #[error("{described}, not SAML metadata.")]
    NotMetadata { described: String },
    #[error("This is a private key (-----BEGIN {label}-----). Flex needs the IdP's certificate, never a private key.")]
    PrivateKey { label: String },
    #[error("This is a \"{label}\" block, not a certificate.")]
    WrongPemBlock { label: String },
    #[error("The certificate could not be read: {reason}.")]
    BadCertificate { reason: String },
    #[error("This is neither SAML metadata (XML) nor a certificate (PEM, or base64 text starting with MII).")]
    Unrecognized,
}

impl InputError {
    /// A stable machine code, finer than the finding code (for logs and tests).
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Empty => "input_empty",
            InputError::TooLarge { .. } => "input_too_large",
            InputError::NotUtf8 { .. } => "input_not_utf8",
            InputError::NotUtf16 { .. } => "input_not_utf16",
            InputError::Pkcs7 => "input_pkcs7",
            InputError::DtdForbidden => "xml_dtd_forbidden",
            InputError::TooDeep { .. } => "xml_too_deep",
            InputError::TooManyNodes { .. } => "xml_too_many_nodes",
            InputError::TooManyAttributes { .. } => "xml_too_many_attributes",
            InputError::MalformedXml { .. } => "xml_malformed",
            InputError::NotMetadata { .. } => "not_metadata",
            InputError::PrivateKey { .. } => "input_private_key",
            InputError::WrongPemBlock { .. } => "input_wrong_pem_block",
            InputError::BadCertificate { .. } => "certificate_invalid",
            InputError::Unrecognized => "input_unrecognized",
        }
    }

    /// The finding code the report shows for this error: one of the three input codes.
    pub fn finding_code(&self) -> FindingCode {
        match self {
            InputError::DtdForbidden => FindingCode::XmlDtdForbidden,
            InputError::NotMetadata { .. } => FindingCode::NotMetadata,
            _ => FindingCode::InputInvalid,
        }
    }

    /// A short heading for the finding.
    pub fn title(&self) -> &'static str {
        match self {
            InputError::Empty => "Nothing to read",
            InputError::TooLarge { .. } => "The input is too large",
            InputError::NotUtf8 { .. } => "The input is not a text file",
            InputError::NotUtf16 { .. } => "The input is damaged UTF-16 text",
            InputError::Pkcs7 => "This is a certificate bundle",
            InputError::DtdForbidden => "The XML contains a forbidden DOCTYPE",
            InputError::TooDeep { .. } => "The XML is nested too deeply",
            InputError::TooManyNodes { .. } => "The XML is far too long",
            InputError::TooManyAttributes { .. } => "The XML has far too many attributes",
            InputError::MalformedXml { .. } => "The XML is damaged",
            InputError::NotMetadata { .. } => "This is not SAML metadata",
            InputError::PrivateKey { .. } => "This is a private key, not a certificate",
            InputError::WrongPemBlock { .. } => "This is not a certificate",
            InputError::BadCertificate { .. } => "The certificate is damaged",
            InputError::Unrecognized => "Unrecognized input",
        }
    }

    /// What the admin should do next.
    pub fn fix(&self) -> String {
        match self {
            InputError::Empty => "Choose the IdP's metadata file, or paste its metadata XML or its certificate.".to_owned(),
            InputError::TooLarge { .. } | InputError::TooManyNodes { .. } => {
                "Check that you chose the metadata of your Flex app in the IdP, not a federation-wide file or another document.".to_owned()
            }
            InputError::Pkcs7 => {
                "Export the IdP's signing certificate on its own (Base-64 encoded X.509, .cer or .pem), or extract it with: openssl pkcs7 -print_certs -in bundle.p7b".to_owned()
            }
            InputError::NotUtf8 { .. } | InputError::NotUtf16 { .. } => {
                "Download the metadata again from the IdP (the \"Federation Metadata XML\" or \"IdP metadata\" link) and choose that file, or paste the XML text.".to_owned()
            }
            InputError::DtdForbidden | InputError::TooDeep { .. } | InputError::TooManyAttributes { .. } => {
                "Download the metadata again directly from your IdP's admin console. If this file came from someone else, do not use it.".to_owned()
            }
            InputError::MalformedXml { .. } => {
                "The file may be cut off or edited by hand. Download the metadata again from the IdP, or copy all of it when pasting.".to_owned()
            }
            InputError::NotMetadata { .. } => {
                "In the IdP's admin console, open the SAML app for Flex and use its \"IdP metadata\" (or \"Federation Metadata XML\") link or download button.".to_owned()
            }
            InputError::PrivateKey { .. } => {
                "Do not share this key with anyone; if it left your IdP by mistake, ask the IdP admin to replace it. Then paste the certificate (-----BEGIN CERTIFICATE-----) from the IdP's SAML app instead.".to_owned()
            }
            InputError::WrongPemBlock { .. } | InputError::BadCertificate { .. } => {
                "Copy the X.509 signing certificate again from the IdP's SAML app, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- inclusive, or download it as a .cer/.pem file.".to_owned()
            }
            InputError::Unrecognized => {
                "Give the IdP's metadata (an XML file or URL) or its signing certificate (a .cer, .crt or .pem file, or text starting with -----BEGIN CERTIFICATE-----).".to_owned()
            }
        }
    }
}

/// What `flex-sso-certificate` says about certificate text, in this crate's codes (the UI and the
/// CLI's JSON rely on them) and its wording, which names the part of the paste that is wrong.
/// Bare base64 that is not base64 is "unrecognized": this crate is given metadata as often as
/// certificates, and such text is more likely prose than a damaged certificate.
impl From<CertificateError> for InputError {
    fn from(error: CertificateError) -> Self {
        let bad = |reason: String| InputError::BadCertificate { reason };
        match error {
            CertificateError::Empty => InputError::Unrecognized,
            CertificateError::PrivateKey { label } => InputError::PrivateKey { label },
            CertificateError::Pkcs7 => InputError::Pkcs7,
            CertificateError::WrongPemBlock { label } => InputError::WrongPemBlock { label },
            CertificateError::UnterminatedPem { .. } => {
                bad("the -----END line is missing, so the text was probably cut off when copying".to_owned())
            }
            CertificateError::EmptyPem { .. } => bad("there is nothing between the BEGIN and END lines".to_owned()),
            CertificateError::NotBase64 { .. } => bad(
                "the text between the BEGIN and END lines is not valid base64 (a character was changed or lost when copying)"
                    .to_owned(),
            ),
            CertificateError::NotX509 { reason, .. } => bad(format!("it is not a valid X.509 certificate ({reason})")),
            CertificateError::TrailingBytes { count, .. } => bad(format!("{count} unexpected bytes follow the certificate")),
            CertificateError::TooLarge { size, .. } => {
                bad(format!("it is {}, far larger than a signing certificate", human_size(size)))
            }
            CertificateError::TooMany => bad(format!(
                "more than {} certificates were given; keep only the ones your IdP signs with",
                flex_sso_certificate::MAX_CERTIFICATES
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every certificate error lands on a code the UI and the CLI already know.
    #[test]
    fn certificate_errors_keep_this_crates_codes() {
        let cases: Vec<(CertificateError, &str, &str)> = vec![
            (CertificateError::Empty, "input_unrecognized",
                "This is neither SAML metadata (XML) nor a certificate (PEM, or base64 text starting with MII)."),
            (CertificateError::PrivateKey { label: "RSA PRIVATE KEY".into() }, "input_private_key",
                "This is a private key (-----BEGIN RSA PRIVATE KEY-----). Flex needs the IdP's certificate, never a private key."),
            (CertificateError::Pkcs7, "input_pkcs7", "This is a PKCS#7 bundle (a .p7b or .p7c file), not a certificate on its own."),
            (CertificateError::WrongPemBlock { label: "PUBLIC KEY".into() }, "input_wrong_pem_block",
                "This is a \"PUBLIC KEY\" block, not a certificate."),
            (CertificateError::UnterminatedPem { index: 1 }, "certificate_invalid",
                "The certificate could not be read: the -----END line is missing, so the text was probably cut off when copying."),
            (CertificateError::EmptyPem { index: 1 }, "certificate_invalid",
                "The certificate could not be read: there is nothing between the BEGIN and END lines."),
            (CertificateError::NotBase64 { index: 2 }, "certificate_invalid",
                "The certificate could not be read: the text between the BEGIN and END lines is not valid base64 (a character was changed or lost when copying)."),
            (CertificateError::NotX509 { index: 1, reason: "bad tag".into() }, "certificate_invalid",
                "The certificate could not be read: it is not a valid X.509 certificate (bad tag)."),
            (CertificateError::TrailingBytes { index: 1, count: 3 }, "certificate_invalid",
                "The certificate could not be read: 3 unexpected bytes follow the certificate."),
            (CertificateError::TooLarge { index: 1, size: 70 * 1024 }, "certificate_invalid",
                "The certificate could not be read: it is 70 KB, far larger than a signing certificate."),
            (CertificateError::TooMany, "certificate_invalid",
                "The certificate could not be read: more than 16 certificates were given; keep only the ones your IdP signs with."),
        ];
        for (error, code, message) in cases {
            let input = InputError::from(error.clone());
            assert_eq!(input.code(), code, "{error:?}");
            assert_eq!(input.to_string(), message, "{error:?}");
        }
    }

    #[test]
    fn codes_messages_and_finding_codes() {
        let cases: Vec<(InputError, &str, FindingCode, &str)> = vec![
            (InputError::Empty, "input_empty", FindingCode::InputInvalid, "The input is empty."),
            (InputError::TooLarge { size: 10, limit: 5 }, "input_too_large", FindingCode::InputInvalid,
                "The input is 10 bytes; metadata files are much smaller (the limit is 5 bytes)."),
            (InputError::DtdForbidden, "xml_dtd_forbidden", FindingCode::XmlDtdForbidden,
                "The XML contains a document type declaration (<!DOCTYPE ...>). Real SAML metadata never has one, and it is how hostile files try to read local files or exhaust memory, so it is refused."),
            (InputError::NotMetadata { described: "This is a web page".into() }, "not_metadata",
                FindingCode::NotMetadata, "This is a web page, not SAML metadata."),
            (InputError::MalformedXml { line: 3, column: 7, reason: "x".into() }, "xml_malformed", FindingCode::InputInvalid,
                "The XML is damaged at line 3, column 7: x."),
        ];
        for (error, code, finding, message) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.finding_code(), finding, "{code}");
            assert_eq!(error.to_string(), message, "{code}");
            assert!(!error.fix().is_empty() && !error.title().is_empty());
        }
    }
}
