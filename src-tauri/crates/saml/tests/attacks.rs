//! Tampering, signature wrapping, wrong and missing certificates: each must end in the right
//! finding, and our signature verdicts must agree with `xmlsec1 --verify`.

mod support;

use flex_sso_saml::{diagnose, Crypto, Report, Severity, Verdict};
use support::*;

fn codes(report: &Report) -> Vec<&'static str> {
    let mut c = report.codes();
    c.sort();
    c
}

fn cryptos(report: &Report) -> Vec<(String, Crypto)> {
    report.summary.as_ref().map(|s| s.signatures.iter().map(|g| (g.signs.clone(), g.crypto.clone())).collect()).unwrap_or_default()
}

fn agrees_with_xmlsec(xml: &str, report: &Report, cert_file: &str) {
    for (part, crypto) in cryptos(report) {
        let ours = matches!(crypto, Crypto::Verified { .. });
        assert_eq!(ours, xmlsec_verifies(xml, &part, cert_file), "{part}: ours {crypto:?}");
    }
}

/// The signed assertion element's text, as it appears in `xml`.
fn assertion_text(xml: &str) -> &str {
    let start = xml.find("<saml:Assertion").unwrap();
    let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    &xml[start..end]
}

#[test]
fn changed_content_breaks_both_digests() {
    let xml = Template::default().signed().replace("ada@example.com</saml:NameID>", "eve@example.com</saml:NameID>");
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["signature_invalid", "signature_invalid"]);
    assert!(cryptos(&report).iter().all(|(_, c)| *c == Crypto::DigestMismatch));
    assert!(report.findings.iter().all(|f| f.title.contains("was changed after it was signed")));
    assert!(report.checked.signature_crypto);
    agrees_with_xmlsec(&xml, &report, "idp-cert.pem");
}

#[test]
fn tampered_digest_and_signature_values_are_invalid() {
    let base = Template { sign_response: false, ..Template::default() }.signed();
    let digest_start = base.find("<ds:DigestValue>").unwrap() + "<ds:DigestValue>".len();
    let mut tampered_digest = base.clone();
    let replacement = if &base[digest_start..digest_start + 1] == "A" { "B" } else { "A" };
    tampered_digest.replace_range(digest_start..digest_start + 1, replacement);

    let sig_start = base.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len() + 10;
    let mut tampered_signature = base.clone();
    let replacement = if &base[sig_start..sig_start + 1] == "A" { "B" } else { "A" };
    tampered_signature.replace_range(sig_start..sig_start + 1, replacement);

    for (xml, crypto) in [(tampered_digest, Crypto::DigestMismatch), (tampered_signature, Crypto::SignatureMismatch)] {
        let report = diagnose(&xml, &expectations());
        assert_eq!(codes(&report), ["response_unsigned", "signature_invalid"]);
        assert_eq!(cryptos(&report), vec![("assertion".to_owned(), crypto)]);
        agrees_with_xmlsec(&xml, &report, "idp-cert.pem");
    }
}

#[test]
fn a_second_forged_assertion_is_refused() {
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let original = assertion_text(&signed).to_owned();
    let forged = original.replace("ID=\"_assert1\"", "ID=\"_evil\"").replace("ada@example.com", "eve@example.com");
    let xml = signed.replace(&original, &format!("{forged}{original}"));
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["input_invalid", "response_unsigned"]);
    assert!(report.findings.iter().any(|f| f.title == "The response carries more than one assertion."));
    assert_eq!(report.verdict, Verdict::Fail);
    // No assertion is trusted, so no attribute of the forged one reaches the summary.
    assert_eq!(report.summary.as_ref().unwrap().name_id, None);
    // xmlsec1 verifies the original's signature: it checks only that; the crate refuses the whole.
    assert!(xmlsec_verify_at(&xml, &fixtures().join("idp-cert.pem"), &signature_of("_assert1")).verified);
}

#[test]
fn a_wrapped_assertion_with_a_repeated_id_is_refused() {
    // XSW: the signed original hides in Extensions; a forged copy with the same ID takes its place.
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let original = assertion_text(&signed).to_owned();
    let forged = original.replace("ada@example.com", "eve@example.com");
    let wrapped = format!("<samlp:Extensions>{original}</samlp:Extensions>{forged}");
    let xml = signed.replace(&original, &wrapped);
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["input_invalid", "input_invalid", "response_unsigned"]);
    assert!(report.findings.iter().any(|f| f.detail.starts_with("The ID \"_assert1\" appears 2 times.")));
    // xmlsec1 does not even load it (libxml2 refuses an ID twice): both refuse.
    let theirs = xmlsec_verify_at(&xml, &fixtures().join("idp-cert.pem"), "/*/*[local-name()='Assertion']/*[local-name()='Signature']");
    assert!(!theirs.verified && theirs.output.contains("duplicate ID attribute \"_assert1\""), "{}", theirs.output);
}

#[test]
fn a_signature_moved_onto_another_element_does_not_count() {
    // The signature keeps pointing at #_assert1 while it sits in an assertion now called _evil.
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let xml = signed.replace("<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_assert1\"", "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_evil\"");
    assert_ne!(xml, signed);
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["response_unsigned", "signature_invalid"]);
    let f = report.findings.iter().find(|f| f.code.as_str() == "signature_invalid").unwrap();
    assert_eq!(
        f.detail,
        "The signature points to \"#_assert1\" but sits in the assertion with ID \"_evil\": it signs something else than what Flex reads."
    );
    assert!(matches!(&cryptos(&report)[0].1, Crypto::NotChecked { .. }));
    assert!(!report.checked.signature_crypto);
    agrees_with_xmlsec(&xml, &report, "idp-cert.pem");
}

#[test]
fn another_key_is_a_certificate_mismatch() {
    let xml = Template { signer: Signer::Other, ..Template::default() }.signed();
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["certificate_mismatch", "certificate_mismatch"]);
    let other = other_cert()[0].info().sha256_fingerprint.clone();
    let configured = idp_cert()[0].info().sha256_fingerprint.clone();
    assert_eq!(
        report.findings[0].detail,
        format!("The signature is valid, but made with the certificate with SHA-256 fingerprint {other}; configured: {configured}.")
    );
    assert!(cryptos(&report).iter().all(|(_, c)| matches!(c, Crypto::VerifiedByUntrustedCertificate { .. })));
    agrees_with_xmlsec(&xml, &report, "idp-cert.pem");
    assert!(xmlsec_verifies(&xml, "response", "other-cert.pem") && xmlsec_verifies(&xml, "assertion", "other-cert.pem"));

    // During a rotation both certificates are configured: then it passes.
    let mut exp = expectations();
    exp.certificates = [other_cert(), idp_cert()].concat();
    assert_eq!(diagnose(&xml, &exp).verdict, Verdict::Pass);
}

#[test]
fn without_a_configured_certificate_nothing_is_claimed_about_the_signer() {
    let xml = Template::default().signed();
    let mut exp = expectations();
    exp.certificates.clear();
    let report = diagnose(&xml, &exp);
    assert_eq!(codes(&report), ["certificate_not_configured"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(!report.checked.signature_crypto && !report.checked.certificate);
    assert!(cryptos(&report).iter().all(|(_, c)| matches!(c, Crypto::VerifiedByUntrustedCertificate { .. })));
}

#[test]
fn an_unsupported_canonicalization_is_reported_as_not_checked_never_as_invalid() {
    let xml = Template { c14n: "http://www.w3.org/2006/12/xml-c14n11", prefix_list: None, ..Template::default() }.signed();
    assert!(xmlsec_verifies(&xml, "response", "idp-cert.pem"), "xmlsec1 signed it correctly");
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["signature_not_verified", "signature_not_verified"]);
    assert_eq!(report.verdict, Verdict::Pass);
    assert!(!report.checked.signature_crypto);
    assert!(report.findings[0].detail.starts_with("This app did not verify it because the "), "{}", report.findings[0].detail);
}

#[test]
fn an_unsigned_signature_template_is_incomplete_not_tampered() {
    let report = diagnose(&Template::default().render(), &expectations());
    assert_eq!(codes(&report), ["signature_invalid", "signature_invalid"]);
    assert!(report.findings.iter().all(|f| f.detail == "The signature's DigestValue is missing or not base64."), "{:?}", report.findings);
    assert!(!report.checked.signature_crypto);
}
