//! End-to-end cases: responses signed by xmlsec1 at test time, diagnosed, and cross-checked
//! with `xmlsec1 --verify` so this crate's verifier never disagrees with an independent one.

mod support;

use flex_sso_saml::{diagnose, Crypto, Report, Severity, Verdict};
use support::*;

fn run(xml: &str) -> Report {
    diagnose(xml, &expectations())
}

/// The finding codes of a report, sorted, for exact comparison.
fn codes(report: &Report) -> Vec<&'static str> {
    let mut c = report.codes();
    c.sort();
    c
}

fn crypto_of(report: &Report, part: &str) -> Crypto {
    report.summary.as_ref().unwrap().signatures.iter().find(|s| s.signs == part).map(|s| s.crypto.clone()).unwrap()
}

/// Our verdict on each signature agrees with xmlsec1's.
fn cross_check(xml: &str, report: &Report, cert_file: &str) {
    for sig in &report.summary.as_ref().unwrap().signatures {
        let ours = matches!(sig.crypto, Crypto::Verified { .. });
        let theirs = xmlsec_verifies(xml, &sig.signs, cert_file);
        assert_eq!(ours, theirs, "{} signature: ours {:?}, xmlsec1 {}", sig.signs, sig.crypto, theirs);
    }
}

#[test]
fn a_correct_response_passes_with_both_signatures_verified() {
    let xml = Template::default().signed();
    let report = run(&xml);
    assert_eq!(codes(&report), Vec::<&str>::new(), "{:#?}", report.findings);
    assert_eq!(report.verdict, Verdict::Pass);
    assert_eq!(report.exit_code(), 0);
    assert!(report.checked.signature_crypto && report.checked.signature_structure && report.checked.certificate);
    assert!(matches!(crypto_of(&report, "response"), Crypto::Verified { .. }));
    assert!(matches!(crypto_of(&report, "assertion"), Crypto::Verified { .. }));
    cross_check(&xml, &report, "idp-cert.pem");
    let summary = report.summary.unwrap();
    assert_eq!(summary.name_id.as_deref(), Some("ada@example.com"));
    assert_eq!(summary.attributes[1].values, vec!["Ada & Lovelace <Ops>".to_owned()]);
    assert_eq!(summary.audiences, vec![audience()]);
    assert_eq!(summary.session_ends.as_deref(), Some("2026-01-15T19:00:00Z"));
}

/// (name, template, expected sorted codes, expected crypto for [response, assertion] as "ok" /
/// "untrusted" / "digest" / "sig" / "none" / "-" for absent)
struct Case {
    name: &'static str,
    template: Template,
    codes: &'static [&'static str],
}

fn legacy_entity_id() -> String {
    format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata")
}

#[test]
fn each_misconfiguration_gives_exactly_its_findings() {
    let t = Template::default;
    let cases = vec![
        Case { name: "wrong audience", template: Template { audience: "urn:flex:JQffffffffffffffffffffffffffffffff".into(), ..t() }, codes: &["audience_mismatch"] },
        Case { name: "legacy audience", template: Template { audience: legacy_entity_id(), ..t() }, codes: &["legacy_audience"] },
        Case {
            name: "older preview legacy audience and ACS URL",
            template: Template {
                audience: format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"),
                destination: format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"),
                recipient: format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"),
                ..t()
            },
            codes: &["destination_mismatch", "destination_mismatch", "legacy_audience"],
        },
        Case { name: "wrong destination", template: Template { destination: format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"), ..t() }, codes: &["destination_mismatch"] },
        Case { name: "wrong recipient", template: Template { recipient: "https://example.com/acs".into(), ..t() }, codes: &["destination_mismatch"] },
        Case { name: "wrong issuer", template: Template { issuer: "https://sts.windows.net/other/".into(), ..t() }, codes: &["issuer_mismatch"] },
        Case { name: "response unsigned", template: Template { sign_response: false, ..t() }, codes: &["response_unsigned"] },
        Case { name: "assertion unsigned", template: Template { sign_assertion: false, ..t() }, codes: &["assertion_unsigned"] },
        Case { name: "nothing signed", template: Template { sign_response: false, sign_assertion: false, ..t() }, codes: &["assertion_unsigned", "response_unsigned"] },
        Case { name: "expired", template: Template { not_on_or_after: "2026-01-15T10:00:30Z".into(), ..t() }, codes: &["assertion_expired"] },
        Case { name: "not yet valid", template: Template { not_before: "2026-01-15T10:03:00Z".into(), ..t() }, codes: &["assertion_not_yet_valid"] },
        Case { name: "SHA-1", template: Template { signature_method: RSA_SHA1, digest_method: SHA1, ..t() }, codes: &["weak_signature_algorithm", "weak_signature_algorithm"] },
        Case { name: "encrypted assertion", template: Template { encrypted: true, ..t() }, codes: &["assertion_encrypted"] },
        Case { name: "no NameID", template: Template { name_id: None, ..t() }, codes: &["nameid_missing"] },
        Case {
            name: "missing attributes",
            template: Template { attributes: vec![("email".into(), vec!["a@b.c".into()])], ..t() },
            codes: &["attribute_missing", "attribute_missing"],
        },
        Case {
            name: "URI-named claims",
            template: Template {
                attributes: vec![
                    ("roles".into(), vec!["agent".into()]),
                    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress".into(), vec!["a@b.c".into()]),
                    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name".into(), vec!["Ada".into()]),
                ],
                ..t()
            },
            codes: &["attribute_missing", "attribute_missing", "attribute_name_namespaced", "attribute_name_namespaced"],
        },
        Case { name: "bad role values", template: with_attr("roles", &["Admin", "\"agent\""]), codes: &["roles_invalid"] },
        Case { name: "comma-separated roles", template: with_attr("roles", &["admin, supervisor,agent"]), codes: &[] },
        Case { name: "empty roles", template: with_attr("roles", &[""]), codes: &["roles_invalid"] },
        Case { name: "bad typed attribute", template: with_extra_attr("team_size.int", &["ten"]), codes: &["typed_attribute_invalid"] },
        Case { name: "good typed attributes", template: with_extra_attr("skills.intarray", &["1,2", "3"]), codes: &[] },
        Case { name: "boolean typed attribute", template: with_extra_attr("vip.boolean", &["yes"]), codes: &["typed_attribute_invalid"] },
        Case { name: "short session", template: Template { session_not_on_or_after: Some("2026-01-15T10:45:00Z".into()), ..t() }, codes: &["session_too_short"] },
        Case {
            name: "IdP refused",
            template: Template {
                status: "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy\"/></samlp:StatusCode><samlp:StatusMessage>Unsupported NameID format</samlp:StatusMessage>".into(),
                ..t()
            },
            codes: &["status_not_success"],
        },
        Case { name: "exclusive c14n with comments", template: Template { c14n: EXC_COMMENTS, assertion_extra: "<!-- a comment -->".into(), ..t() }, codes: &[] },
        Case { name: "inclusive c14n", template: Template { c14n: C14N, ..t() }, codes: &[] },
        Case { name: "no PrefixList", template: Template { prefix_list: None, ..t() }, codes: &[] },
    ];
    for case in cases {
        let xml = case.template.signed();
        let report = run(&xml);
        assert_eq!(codes(&report), case.codes.to_vec(), "case {}: {:#?}", case.name, report.findings);
        let expect_pass = case.codes.is_empty();
        assert_eq!(report.verdict == Verdict::Pass, expect_pass, "case {}", case.name);
        assert_eq!(report.exit_code(), if expect_pass { 0 } else { 1 }, "case {}", case.name);
        cross_check(&xml, &report, "idp-cert.pem");
        for f in &report.findings {
            assert!(!f.title.is_empty() && !f.detail.is_empty() && !f.fix.is_empty(), "case {}: {f:?}", case.name);
            if f.severity == Severity::Error {
                assert!(f.location.is_some() || f.code.as_str() == "certificate_not_configured", "case {}: no location for {f:?}", case.name);
            }
        }
    }
}

fn with_attr(name: &str, values: &[&str]) -> Template {
    let mut t = Template::default();
    for (n, v) in &mut t.attributes {
        if n == name {
            *v = values.iter().map(|s| s.to_string()).collect();
        }
    }
    t
}

fn with_extra_attr(name: &str, values: &[&str]) -> Template {
    let mut t = Template::default();
    t.attributes.push((name.to_owned(), values.iter().map(|s| s.to_string()).collect()));
    t
}
