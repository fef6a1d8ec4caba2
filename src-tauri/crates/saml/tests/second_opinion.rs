//! Answers that a second opinion (xmlsec1, SAML core) disagreed with, each on a real-shaped
//! response signed at test time and judged by `xmlsec1 --verify` too:
//! a signed assertion in `saml:Advice`, a Reference whose transform is listed twice, an RSA key
//! of 512 bits, and a NameID split by a comment.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use flex_sso_saml::{diagnose, Certificate, Crypto, Report, Severity, Verdict};
use support::*;

const ASSERTION_SIGNATURE: &str = "/*/*[local-name()='Assertion']/*[local-name()='Signature']";
const RESPONSE_SIGNATURE: &str = "/*/*[local-name()='Signature']";

fn codes(report: &Report) -> Vec<&'static str> {
    let mut c = report.codes();
    c.sort();
    c
}

fn crypto(report: &Report, part: &str) -> Crypto {
    report.summary.as_ref().unwrap().signatures.iter().find(|s| s.signs == part).unwrap().crypto.clone()
}

fn idp_cert_file() -> PathBuf {
    fixtures().join("idp-cert.pem")
}

/// An assertion from another authority, as an IdP attaches it in Advice (SAML core 2.6.1).
fn advice_assertion(t: &Template) -> String {
    format!(
        r#"<saml:Assertion ID="_advice1" IssueInstant="2026-01-15T09:59:00Z" Version="2.0"><saml:Issuer>https://authority.example/</saml:Issuer>{}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">ada@authority.example</saml:NameID></saml:Subject><saml:AuthnStatement AuthnInstant="2026-01-15T09:59:00Z"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement></saml:Assertion>"#,
        signature_template(t, "_advice1")
    )
}

#[test]
fn a_validly_signed_assertion_in_advice_is_advice_not_a_second_assertion() {
    let t = Template::default();
    let unsigned = t.render().replacen("</saml:Conditions>", &format!("</saml:Conditions><saml:Advice>{}</saml:Advice>", advice_assertion(&t)), 1);
    // Inside out, as an IdP does: the advice (by its own authority), the assertion, the response.
    let xml = xmlsec_sign(&unsigned, Signer::Other, &signature_of("_advice1"));
    let xml = xmlsec_sign(&xml, Signer::Idp, ASSERTION_SIGNATURE);
    let xml = xmlsec_sign(&xml, Signer::Idp, RESPONSE_SIGNATURE);

    for (signature, cert) in [(RESPONSE_SIGNATURE, "idp-cert.pem"), (ASSERTION_SIGNATURE, "idp-cert.pem"), ("//*[@ID='_advice1']/*[local-name()='Signature']", "other-cert.pem")] {
        let theirs = xmlsec_verify_at(&xml, &fixtures().join(cert), signature);
        assert!(theirs.verified, "xmlsec1 on {signature}: {}", theirs.output);
    }
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), Vec::<&str>::new(), "{:#?}", report.findings);
    assert_eq!(report.verdict, Verdict::Pass);
    assert!(matches!(crypto(&report, "response"), Crypto::Verified { .. }));
    assert!(matches!(crypto(&report, "assertion"), Crypto::Verified { .. }));
    // The subject is the outer assertion's; nothing is read from the advice.
    let summary = report.summary.unwrap();
    assert_eq!(summary.name_id.as_deref(), Some("ada@example.com"));
    assert_eq!(summary.signatures.len(), 2);
}

#[test]
fn an_assertion_in_advice_elsewhere_than_the_subject_assertion_still_counts() {
    // An Advice under Extensions is no assertion's advice: two assertions, refused.
    let t = Template { sign_response: false, ..Template::default() };
    let unsigned = t.render().replacen("<samlp:Status>", &format!("<samlp:Extensions><saml:Advice>{}</saml:Advice></samlp:Extensions><samlp:Status>", advice_assertion(&t)), 1);
    let xml = xmlsec_sign(&unsigned, Signer::Other, &signature_of("_advice1"));
    let xml = xmlsec_sign(&xml, Signer::Idp, ASSERTION_SIGNATURE);
    assert!(xmlsec_verify_at(&xml, &idp_cert_file(), ASSERTION_SIGNATURE).verified);
    let report = diagnose(&xml, &expectations());
    assert!(report.findings.iter().any(|f| f.title == "The response carries more than one assertion."), "{:#?}", report.findings);
    assert_eq!(report.verdict, Verdict::Fail);
}

/// The exclusive-c14n Transform element of the first Reference, PrefixList included.
fn c14n_transform(xml: &str) -> String {
    let start = xml.find(&format!("<ds:Transform Algorithm=\"{EXC}\"")).unwrap();
    let end = xml[start..].find("</ds:Transform>").unwrap() + start + "</ds:Transform>".len();
    xml[start..end].to_owned()
}

#[test]
fn a_transform_listed_twice_after_signing_is_named_as_an_altered_signed_info() {
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let enveloped = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";
    let transform = c14n_transform(&signed);
    let altered_c14n = signed.replacen(&transform, &format!("{transform}{transform}"), 1);
    let altered_enveloped = signed.replacen(enveloped, &format!("{enveloped}{enveloped}"), 1);
    for (xml, repeated) in [(altered_c14n, EXC), (altered_enveloped, "http://www.w3.org/2000/09/xmldsig#enveloped-signature")] {
        // xmlsec1: the reference still holds (1/1), the signature over SignedInfo does not.
        let theirs = xmlsec_verify_at(&xml, &idp_cert_file(), ASSERTION_SIGNATURE);
        assert!(!theirs.verified, "{}", theirs.output);
        assert!(theirs.output.contains("SignedInfo References (ok/all): 1/1") && theirs.output.contains("data do not match"), "{}", theirs.output);

        let report = diagnose(&xml, &expectations());
        assert_eq!(codes(&report), ["response_unsigned", "signature_invalid"], "{:#?}", report.findings);
        assert_eq!(crypto(&report, "assertion"), Crypto::SignatureMismatch);
        let finding = report.findings.iter().find(|f| f.code.as_str() == "signature_invalid").unwrap();
        assert_eq!(finding.title, "The assertion's signature is not valid.");
        assert_eq!(
            finding.detail,
            format!("The signed content is unchanged (its digest matches), but the signature over SignedInfo does not verify, and SignedInfo lists the transform \"{repeated}\" more than once, which no identity provider writes: SignedInfo was altered after it was signed.")
        );
        assert!(report.checked.signature_crypto);
    }
}

#[test]
fn a_transform_listed_twice_before_signing_verifies_as_xmlsec1_says() {
    // Odd but not wrong: repeating an idempotent transform changes nothing that is digested.
    let t = Template { sign_response: false, ..Template::default() };
    let rendered = t.render();
    let transform = c14n_transform(&rendered);
    let unsigned = rendered.replacen(&transform, &format!("{transform}{transform}"), 1);
    let xml = xmlsec_sign(&unsigned, Signer::Idp, ASSERTION_SIGNATURE);
    assert!(xmlsec_verify_at(&xml, &idp_cert_file(), ASSERTION_SIGNATURE).verified);
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["response_unsigned"], "{:#?}", report.findings);
    assert!(matches!(crypto(&report, "assertion"), Crypto::Verified { .. }));
}

/// A throw-away self-signed certificate with an RSA key of `bits`, made by OpenSSL at test time.
fn weak_key(dir: &Path, bits: u32) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("key-{bits}.pem"));
    let cert = dir.join(format!("cert-{bits}.pem"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", &format!("rsa:{bits}"), "-nodes", "-days", "3650", "-sha256", "-subj", &format!("/CN=Weak {bits}-bit IdP"), "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("These tests need the openssl command (Debian/Ubuntu: apt-get install openssl).");
    assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
    (key, cert)
}

fn signed_with(key: &Path, cert: &Path) -> String {
    let xml = Template::default().render();
    let xml = xmlsec_sign_with_key(&xml, key, cert, ASSERTION_SIGNATURE);
    xmlsec_sign_with_key(&xml, key, cert, RESPONSE_SIGNATURE)
}

#[test]
fn a_512_bit_signing_key_is_called_too_short_not_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (key, cert_file) = weak_key(dir.path(), 512);
    let xml = signed_with(&key, &cert_file);
    // xmlsec1 checks the arithmetic, not the key's strength: it says OK.
    for signature in [RESPONSE_SIGNATURE, ASSERTION_SIGNATURE] {
        let theirs = xmlsec_verify_at(&xml, &cert_file, signature);
        assert!(theirs.verified, "{}", theirs.output);
    }

    let certificate = Certificate::parse_text(&std::fs::read_to_string(&cert_file).unwrap()).unwrap();
    assert_eq!((certificate[0].info().rsa, certificate[0].info().key_bits), (true, Some(512)));
    let mut exp = expectations();
    exp.certificates = certificate;
    let report = diagnose(&xml, &exp);
    // A careful service provider refuses: anyone can factor a 512-bit key.
    assert_eq!(codes(&report), ["signing_key_too_short", "signing_key_too_short"], "{:#?}", report.findings);
    assert_eq!(report.verdict, Verdict::Fail);
    assert!(!report.checked.signature_crypto);
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.title, "The identity provider's signing key is only 512 bits.");
    let fingerprint = &exp.certificates[0].info().sha256_fingerprint;
    assert_eq!(
        f.detail,
        format!("The response is signed with a 512-bit RSA key (certificate \"CN=Weak 512-bit IdP\", SHA-256 fingerprint {fingerprint}). RSA keys under 2048 bits can be broken, so anyone could have made this signature; NIST has disallowed them for signatures since 2013, and modern SAML service providers refuse them. This app does not verify signatures made with keys that short.")
    );
    assert!(f.fix.starts_with("In your identity provider (IdP), make a new signing certificate with an RSA key of at least 2048 bits"), "{}", f.fix);
    for part in ["response", "assertion"] {
        match crypto(&report, part) {
            Crypto::NotChecked { reason } => assert_eq!(reason, "the signing key is only 512 bits long, too short for a signature to prove who made it"),
            other => panic!("{part}: {other:?}"),
        }
    }
    assert!(!report.findings.iter().any(|f| f.detail.contains("no RSA certificate is at hand")));
}

#[test]
fn a_1024_bit_signing_key_verifies_and_is_still_too_short() {
    let dir = tempfile::tempdir().unwrap();
    let (key, cert_file) = weak_key(dir.path(), 1024);
    let xml = signed_with(&key, &cert_file);
    assert!(xmlsec_verify_at(&xml, &cert_file, ASSERTION_SIGNATURE).verified);
    let mut exp = expectations();
    exp.certificates = Certificate::parse_text(&std::fs::read_to_string(&cert_file).unwrap()).unwrap();
    let report = diagnose(&xml, &exp);
    assert_eq!(codes(&report), ["signing_key_too_short", "signing_key_too_short"], "{:#?}", report.findings);
    assert!(matches!(crypto(&report, "assertion"), Crypto::Verified { .. }));
    assert!(report.findings[0].detail.ends_with("The signature matches that key, but that proves little."), "{}", report.findings[0].detail);
}

#[test]
fn a_comment_splitting_the_name_id_is_reported_and_the_full_text_is_read() {
    // The IdP signed "ada@example.com.evil" (an account someone registered); a comment inserted
    // afterwards leaves the signature valid, because canonicalization drops comments.
    let signed = Template { name_id: Some("ada@example.com.evil".into()), ..Template::default() }.signed();
    let xml = signed.replacen("ada@example.com.evil</saml:NameID>", "ada@example.com<!---->.evil</saml:NameID>", 1);
    assert_ne!(xml, signed);
    for signature in [RESPONSE_SIGNATURE, ASSERTION_SIGNATURE] {
        assert!(xmlsec_verify_at(&xml, &idp_cert_file(), signature).verified, "xmlsec1 agrees the signatures hold");
    }
    let report = diagnose(&xml, &expectations());
    assert_eq!(codes(&report), ["nameid_split_by_comment"], "{:#?}", report.findings);
    assert!(matches!(crypto(&report, "assertion"), Crypto::Verified { .. }));
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.title, "An XML comment splits the user's NameID.");
    assert_eq!(
        f.detail,
        "The NameID is written \"ada@example.com<!---->.evil\". The identity provider or an attacker split the value with a comment. Flex would read the full text, \"ada@example.com.evil\", and sign in that user; software that reads only the first piece would see \"ada@example.com\". The signature still verifies, because signatures do not cover comments."
    );
    assert!(f.location.as_ref().is_some_and(|l| l.xpath.ends_with("/saml:Subject/saml:NameID")), "{:?}", f.location);
    assert_eq!(report.summary.unwrap().name_id.as_deref(), Some("ada@example.com.evil"));
}
