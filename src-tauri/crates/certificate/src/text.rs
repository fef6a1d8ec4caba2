//! Turns certificate text as admins paste it into DER blocks.
//!
//! IdP consoles hand out certificates in many shapes: PEM files (one or several blocks during a
//! rotation), a bare base64 blob (Entra ID's "Certificate (Base64)", Okta's sign-on tab, what
//! `<ds:X509Certificate>` holds), a value inside XML with indentation, or a JSON string with
//! literal `\n` escapes (Auth0's API). All of these are accepted; anything else gets a message
//! that says what it looks like instead.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::certificate::MAX_CERTIFICATE_BYTES;
use crate::error::CertificateError;

/// More than any rotation needs; keeps a pasted bundle from growing without bound.
pub const MAX_CERTIFICATES: usize = 16;

/// Standard alphabet; padding may be present or missing (some consoles strip the `=`).
const LOOSE_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes base64 ignoring all whitespace. `None` if anything else is in the way.
pub fn decode_base64_loose(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    LOOSE_BASE64.decode(compact.as_bytes()).ok()
}

/// Whether the text contains PEM armour at all.
pub fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// Undoes JSON/shell style escapes a copied value may carry (`\n`, `\r`, `\t` written literally).
fn unescape_newlines(text: &str) -> String {
    text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
}

/// Every certificate in the text, in order, as DER. The text is either PEM (one or more blocks;
/// text around the blocks is ignored, as `openssl` does) or one bare base64 body.
pub fn decode_text(text: &str) -> Result<Vec<Vec<u8>>, CertificateError> {
    let text = unescape_newlines(text);
    if text.trim().is_empty() {
        return Err(CertificateError::Empty);
    }
    if looks_like_pem(&text) {
        return decode_pem_blocks(&text);
    }
    decode_body(text.trim(), 1).map(|der| vec![der])
}

/// One base64 body as DER: between PEM lines, inside `<ds:X509Certificate>` or a metadata
/// `KeyDescriptor`, or pasted bare. Whitespace anywhere is allowed. `index` (1-based) numbers
/// the error message. The size is checked before decoding, so a huge body costs no decoding.
pub fn decode_body(body: &str, index: usize) -> Result<Vec<u8>, CertificateError> {
    if body.len() > MAX_CERTIFICATE_BYTES * 2 {
        return Err(CertificateError::TooLarge { index, size: body.len() });
    }
    decode_base64_loose(body).ok_or(CertificateError::NotBase64 { index })
}

/// A certificate file's bytes: PEM or base64 text, or one DER certificate (which starts with an
/// ASN.1 SEQUENCE tag, 0x30, and is rarely valid UTF-8).
pub fn decode_bytes(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    match std::str::from_utf8(bytes) {
        Ok(text) if looks_like_pem(text) || !bytes.starts_with(&[0x30]) => decode_text(text),
        _ if bytes.is_empty() => Err(CertificateError::Empty),
        _ => Ok(vec![bytes.to_vec()]),
    }
}

fn decode_pem_blocks(text: &str) -> Result<Vec<Vec<u8>>, CertificateError> {
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let index = certificates.len() + 1;
        if index > MAX_CERTIFICATES {
            return Err(CertificateError::TooMany);
        }
        let after_begin = &rest[start + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            return Err(CertificateError::UnterminatedPem { index });
        };
        let label = after_begin[..label_end].trim().to_owned();
        if label.contains("PRIVATE KEY") {
            // Do not even look further: the message must not depend on, or echo, key material.
            return Err(CertificateError::PrivateKey { label });
        }
        let body_and_rest = &after_begin[label_end + "-----".len()..];
        let end_marker = format!("-----END {label}-----");
        let Some(body_end) = body_and_rest.find(&end_marker) else {
            return Err(CertificateError::UnterminatedPem { index });
        };
        if label == "PKCS7" || label == "PKCS #7 SIGNED DATA" {
            return Err(CertificateError::Pkcs7);
        }
        if !matches!(label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE") {
            return Err(CertificateError::WrongPemBlock { label });
        }
        // RFC 1421 style header lines ("Proc-Type: ...") contain ':', which base64 never does.
        let body: String = body_and_rest[..body_end].lines().filter(|line| !line.contains(':')).collect();
        if body.trim().is_empty() {
            return Err(CertificateError::EmptyPem { index });
        }
        certificates.push(decode_body(&body, index)?);
        rest = &body_and_rest[body_end + end_marker.len()..];
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_shapes_consoles_produce() {
        // "AQID" is base64 for [1, 2, 3].
        let cases: &[(&str, Vec<Vec<u8>>)] = &[
            ("AQID", vec![vec![1, 2, 3]]),
            ("  AQ\n  ID \r\n", vec![vec![1, 2, 3]]),
            ("AQIDBA", vec![vec![1, 2, 3, 4]]),
            ("AQIDBA==", vec![vec![1, 2, 3, 4]]),
            ("-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----", vec![vec![1, 2, 3]]),
            ("-----BEGIN CERTIFICATE-----\\nAQID\\n-----END CERTIFICATE-----\\n", vec![vec![1, 2, 3]]),
            ("subject=CN=x\n-----BEGIN CERTIFICATE-----\n  AQ\n  ID\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nBAU=\n-----END CERTIFICATE-----\n",
                vec![vec![1, 2, 3], vec![4, 5]]),
        ];
        for (input, expected) in cases {
            assert_eq!(&decode_text(input).unwrap(), expected, "input {input:?}");
        }
        assert_eq!(decode_bytes(&[0x30, 0x03, 0x01]).unwrap(), vec![vec![0x30, 0x03, 0x01]]);
        assert_eq!(decode_bytes(b"AQID").unwrap(), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn refuses_with_a_precise_reason() {
        let many = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n".repeat(MAX_CERTIFICATES + 1);
        let cases: &[(&str, &str)] = &[
            ("-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----", "certificate_private_key"),
            ("-----BEGIN RSA PRIVATE KEY-----\nAQID", "certificate_private_key"),
            ("-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----", "certificate_wrong_pem_block"),
            ("-----BEGIN PKCS7-----\nAQID\n-----END PKCS7-----", "certificate_pkcs7"),
            ("-----BEGIN CERTIFICATE-----\nAQID\n", "certificate_unterminated_pem"),
            ("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----", "certificate_empty_pem"),
            ("-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----", "certificate_not_base64"),
            ("hello world!", "certificate_not_base64"),
            ("   ", "certificate_empty"),
            (many.as_str(), "certificate_too_many"),
        ];
        for (input, code) in cases {
            assert_eq!(decode_text(input).unwrap_err().code(), *code, "input {input:?}");
        }
        assert_eq!(decode_bytes(&[]).unwrap_err().code(), "certificate_empty");
        let huge = "A".repeat(MAX_CERTIFICATE_BYTES * 2 + 4);
        assert_eq!(decode_text(&huge).unwrap_err().code(), "certificate_too_large");
    }

    #[test]
    fn a_body_alone_is_numbered_in_its_errors() {
        assert_eq!(decode_body("\n  AQ\n  ID\n", 3).unwrap(), vec![1, 2, 3]);
        assert_eq!(decode_body("AQ*D", 3).unwrap_err(), CertificateError::NotBase64 { index: 3 });
        assert_eq!(decode_body("", 2).unwrap_err(), CertificateError::NotBase64 { index: 2 });
        let huge = "A".repeat(MAX_CERTIFICATE_BYTES * 2 + 4);
        assert_eq!(decode_body(&huge, 4).unwrap_err(), CertificateError::TooLarge { index: 4, size: huge.len() });
    }
}
