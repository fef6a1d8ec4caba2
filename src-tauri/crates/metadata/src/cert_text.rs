//! Turns certificate text as admins paste it into DER bytes.
//!
//! IdP consoles hand out certificates in many shapes: PEM files, a bare base64 blob (Entra ID's
//! "Certificate (Base64)", Okta's sign-on tab), a value inside XML with indentation, or a JSON
//! string with literal `\n` escapes (Auth0's API). All of these are accepted; anything else gets a
//! message that says what it looks like instead.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::error::InputError;

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

/// Undoes JSON/shell style escapes a copied value may carry (`\n`, `\r`, `\t` written literally).
fn unescape_newlines(text: &str) -> String {
    text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
}

/// Whether the text contains PEM armour at all.
pub fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// Every certificate in the text, in order, as DER. The text is either PEM (one or more blocks;
/// text around the blocks is ignored, as `openssl` does) or bare base64.
pub fn decode_certificate_text(text: &str) -> Result<Vec<Vec<u8>>, InputError> {
    let text = unescape_newlines(text);
    if looks_like_pem(&text) {
        return decode_pem_blocks(&text);
    }
    match decode_base64_loose(&text) {
        Some(der) => Ok(vec![der]),
        None => Err(InputError::Unrecognized),
    }
}

fn decode_pem_blocks(text: &str) -> Result<Vec<Vec<u8>>, InputError> {
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after_begin = &rest[start + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            return Err(InputError::BadCertificate { reason: "the -----BEGIN line is cut off".to_owned() });
        };
        let label = after_begin[..label_end].trim().to_owned();
        if label.contains("PRIVATE KEY") {
            // Do not even look further: the message must not depend on, or echo, key material.
            return Err(InputError::PrivateKey { label });
        }
        let body_and_rest = &after_begin[label_end + "-----".len()..];
        let end_marker = format!("-----END {label}-----");
        let Some(body_end) = body_and_rest.find(&end_marker) else {
            return Err(InputError::BadCertificate {
                reason: format!("the line {end_marker} is missing, so the text was probably cut off when copying"),
            });
        };
        if label == "PKCS7" || label == "PKCS #7 SIGNED DATA" {
            return Err(InputError::Pkcs7);
        }
        let is_certificate = matches!(label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE");
        if !is_certificate {
            return Err(InputError::WrongPemBlock { label });
        }
        // RFC 1421 style header lines ("Proc-Type: ...") contain ':', which base64 never does.
        let body: String = body_and_rest[..body_end].lines().filter(|line| !line.contains(':')).collect();
        if body.trim().is_empty() {
            return Err(InputError::BadCertificate {
                reason: "there is nothing between the BEGIN and END lines".to_owned(),
            });
        }
        let der = decode_base64_loose(&body).ok_or_else(|| InputError::BadCertificate {
            reason: "the text between the BEGIN and END lines is not valid base64 (a character was changed or lost when copying)".to_owned(),
        })?;
        certificates.push(der);
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
            assert_eq!(&decode_certificate_text(input).unwrap(), expected, "input {input:?}");
        }
    }

    #[test]
    fn refuses_with_a_precise_reason() {
        let cases: &[(&str, &str)] = &[
            ("-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----", "input_private_key"),
            ("-----BEGIN RSA PRIVATE KEY-----\nAQID", "input_private_key"),
            ("-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----", "input_wrong_pem_block"),
            ("-----BEGIN CERTIFICATE-----\nAQID\n", "certificate_invalid"),
            ("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----", "certificate_invalid"),
            ("-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----", "certificate_invalid"),
            ("hello world!", "input_unrecognized"),
            ("   ", "input_unrecognized"),
        ];
        for (input, code) in cases {
            assert_eq!(decode_certificate_text(input).unwrap_err().code(), *code, "input {input:?}");
        }
        assert_eq!(
            decode_certificate_text("-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----").unwrap_err().to_string(),
            "This is a \"PUBLIC KEY\" block, not a certificate."
        );
    }
}
