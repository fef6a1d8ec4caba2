//! SAML responses of a given size, signed like the real one.
//!
//! What makes a real response large is group claims: Entra ID sends one `AttributeValue` per
//! group the user is in (an object ID each), and the SAML crate's limits note that a hundred of
//! them stay under 100 KB. So the sandbox IdP's real response (agent-ok.xml, SimpleSAMLphp,
//! signed twice: the Response and the Assertion) gets a `groups` attribute with as many values
//! as the size needs.
//!
//! A signed response cannot be padded without breaking its signatures, and padding only where
//! no signature reaches (outside the Assertion, under the Response's signature too) would time
//! a parse of a megabyte but a digest of a few KB. So both signatures are made again, at bench
//! start, with the sandbox IdP's test key (`tests/fixtures/idp/cert/idp.key`): the diagnosis then
//! canonicalizes, hashes and verifies the whole megabyte, as it would a real one.

use crate::xmldsig::{element_range, resign, signing_key};
use crate::IDP_KEY_PEM;

pub const RESPONSE: &str = include_str!("../../tests/fixtures/idp/captured/agent-ok.xml");
const SAML_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// A group's object ID the way Entra ID writes them, different for each `n`.
fn group_value(n: usize) -> String {
    format!("<saml:AttributeValue xsi:type=\"xs:string\">{:08x}-7f1e-4b2a-9c3d-{:012x}</saml:AttributeValue>", 0x5a4d_0000 + n, n * 7919)
}

/// The real response with a `groups` attribute of `count` values, both signatures made again.
pub fn response_with_groups(count: usize) -> String {
    let values: String = (0..count).map(group_value).collect();
    let attribute = format!(
        "<saml:Attribute Name=\"groups\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">{values}</saml:Attribute>"
    );
    let mut xml = RESPONSE.trim_end().to_owned();
    let end_of_statement = xml.find("</saml:AttributeStatement>").expect("the fixture has attributes");
    xml.insert_str(end_of_statement, &attribute);
    signed_again(xml)
}

/// A response shaped like the fixture (Response and Assertion signed) with both signatures made
/// again over its content.
fn signed_again(mut xml: String) -> String {
    let key = signing_key(IDP_KEY_PEM);
    // The Assertion first: the Response's digest covers the Assertion's signature.
    let assertion = element_range(&xml, "saml:Assertion", 0);
    let signed_assertion = resign(&xml[assertion.clone()], &format!("xmlns:saml=\"{SAML_NS}\""), &key);
    xml.replace_range(assertion, &signed_assertion);
    resign(&xml, "", &key)
}

/// A response of at most `target` bytes, and within one group value of it.
pub fn response(target: usize) -> String {
    let base = response_with_groups(0).len();
    let attribute_overhead = response_with_groups(1).len() - base - group_value(0).len();
    let per_value = group_value(0).len();
    let count = target.saturating_sub(base + attribute_overhead) / per_value;
    response_with_groups(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml_expectations as expectations;
    use flex_sso_saml::{diagnose, Crypto};

    fn codes(xml: &str) -> (Vec<String>, Vec<bool>) {
        let report = diagnose(xml, &expectations());
        let verified = report.summary.expect("a summary").signatures.iter().map(|s| matches!(s.crypto, Crypto::Verified { .. })).collect();
        (report.findings.iter().map(|f| format!("{:?}", f.code)).collect(), verified)
    }

    #[test]
    fn resigning_without_a_change_reproduces_simplesamlphps_signatures() {
        // RSA PKCS#1 v1.5 is deterministic: same key, same canonical bytes, same signature.
        assert_eq!(signed_again(RESPONSE.trim_end().to_owned()), RESPONSE.trim_end());
    }

    #[test]
    fn each_size_verifies_and_reads_like_the_real_response() {
        let real = codes(RESPONSE);
        assert_eq!(real.1, [true, true], "both of the fixture's signatures verify");
        for (name, target) in crate::SIZES {
            let xml = response(target);
            assert!(xml.len() <= target && xml.len() + 200 > target, "{name}: {} bytes", xml.len());
            assert_eq!(codes(&xml), real, "{name}: the same findings, both signatures verified");
            assert!(diagnose(&xml, &expectations()).checked.signature_crypto, "{name}");
        }
    }

    #[test]
    fn a_changed_value_after_signing_is_caught() {
        // The benchmark's signatures really cover the groups.
        let xml = response_with_groups(3).replacen("-7f1e-", "-7f1f-", 1);
        let (_, verified) = codes(&xml);
        assert_eq!(verified, [false, false]);
    }
}
