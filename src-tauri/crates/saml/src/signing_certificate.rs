//! The certificate a response says it was signed with, as DER bytes, for the certificate health
//! check: it compares this with the certificate configured in Flex and the IdP's metadata.
//!
//! This reads the certificate out of the signature's `KeyInfo/X509Data/X509Certificate`; it does
//! not verify anything (the diagnosis does, in `signature.rs`, and trusts only configured
//! certificates). IdPs put the certificate they signed with there, so it tells which certificate
//! the IdP signs with today.

use base64::Engine as _;

use crate::xml::{self, child, children, text, XmlError, NS_DS, NS_SAML};

/// The DER of the certificate in the response's own signature, else in the signature of an
/// assertion directly inside it; `None` when neither carries one (or it is not base64).
pub fn signing_certificate_der(xml_text: &str) -> Result<Option<Vec<u8>>, XmlError> {
    let doc = xml::parse(xml_text)?;
    let response = doc.root_element();
    let signatures = children(response, NS_DS, "Signature")
        .chain(children(response, NS_SAML, "Assertion").flat_map(|a| children(a, NS_DS, "Signature")));
    for signature in signatures {
        let body = child(signature, NS_DS, "KeyInfo")
            .and_then(|k| child(k, NS_DS, "X509Data"))
            .and_then(|d| child(d, NS_DS, "X509Certificate"))
            .map(text);
        let compact: Option<String> = body.map(|b| b.chars().filter(|c| !c.is_whitespace()).collect());
        if let Some(der) = compact.and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok()) {
            return Ok(Some(der));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

    fn signature(body: &str) -> String {
        format!("<ds:Signature xmlns:ds=\"{DS}\"><ds:SignedInfo/><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>")
    }

    fn response(response_sig: &str, assertion_sig: &str) -> String {
        format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"r\">{response_sig}<saml:Assertion ID=\"a\">{assertion_sig}</saml:Assertion></samlp:Response>"
        )
    }

    #[test]
    fn the_responses_own_signature_first_then_the_assertions() {
        // "AQID" is base64 of 01 02 03, "BAUG" of 04 05 06; wrapped lines are fine.
        let both = response(&signature("AQ\n  ID"), &signature("BAUG"));
        assert_eq!(signing_certificate_der(&both).unwrap(), Some(vec![1, 2, 3]));
        let assertion_only = response("", &signature("BAUG"));
        assert_eq!(signing_certificate_der(&assertion_only).unwrap(), Some(vec![4, 5, 6]));
        let broken_then_good = response(&signature("not base64!"), &signature("BAUG"));
        assert_eq!(signing_certificate_der(&broken_then_good).unwrap(), Some(vec![4, 5, 6]));
        assert_eq!(signing_certificate_der(&response("", "")).unwrap(), None);
        assert_eq!(signing_certificate_der("<a>").unwrap_err().code(), "xml_malformed");
    }

    #[test]
    fn a_captured_sandbox_response_carries_the_sandbox_certificate() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/idp");
        let xml = std::fs::read_to_string(root.join("captured/agent-ok.xml")).unwrap();
        let pem = std::fs::read_to_string(root.join("cert/idp.crt")).unwrap();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        assert_eq!(signing_certificate_der(&xml).unwrap(), Some(der));
    }
}
