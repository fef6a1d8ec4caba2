//! Signature wrapping, each case judged twice on the same bytes with the same certificate: by
//! this crate and by `xmlsec1 --verify`.
//!
//! xmlsec1 answers one question: does the signature it is pointed at verify over the element its
//! Reference names? In most wrapping attacks it does, and that is the point of the attack: the
//! attacker keeps the IdP's signed element somewhere (Extensions, Advice, a ds:Object, a nested
//! copy) and puts a forged element where the service provider reads. A careful service provider
//! refuses every one of these, so the crate must refuse them all, whatever xmlsec1 says; where
//! xmlsec1 verifies, the test also shows that the element it verified is not the one the crate
//! would read. The cases follow the XSW1–XSW8 catalogue of Somorovsky et al., "On Breaking SAML:
//! Be Whoever You Want to Be" (USENIX Security 2012), plus the Advice variants SAML core 2.6.1
//! makes possible.

mod support;

use flex_sso_saml::{diagnose, Crypto, Report, Verdict};
use support::*;

const FORGED_USER: &str = "eve@example.com";

/// The first `start`…`end` span of `xml`, both included.
fn span<'a>(xml: &'a str, start: &str, end: &str) -> &'a str {
    let from = xml.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = xml[from..].find(end).unwrap_or_else(|| panic!("no {end}")) + from + end.len();
    &xml[from..to]
}

/// The IdP's signed assertion, its signature, and the assertion without it.
struct Signed {
    document: String,
    assertion: String,
    signature: String,
    bare: String,
}

impl Signed {
    fn assertion_only() -> Signed {
        let document = Template { sign_response: false, ..Template::default() }.signed();
        let assertion = span(&document, "<saml:Assertion", "</saml:Assertion>").to_owned();
        let signature = span(&assertion, "<ds:Signature", "</ds:Signature>").to_owned();
        let bare = assertion.replacen(&signature, "", 1);
        Signed { document, assertion, signature, bare }
    }

    /// The document with the signed assertion replaced by `children`.
    fn with(&self, children: &str) -> String {
        self.document.replacen(&self.assertion, children, 1)
    }
}

/// `assertion` with another ID and another user.
fn forge(assertion: &str, id: &str) -> String {
    assertion.replacen("ID=\"_assert1\"", &format!("ID=\"{id}\""), 1).replace("ada@example.com", FORGED_USER)
}

/// Puts `inner` right after the first `after` in `outer`.
fn insert_after(outer: &str, after: &str, inner: &str) -> String {
    let at = outer.find(after).unwrap_or_else(|| panic!("no {after}")) + after.len();
    format!("{}{inner}{}", &outer[..at], &outer[at..])
}

/// Puts `inner` right before the last `before` in `outer`.
fn insert_before_last(outer: &str, before: &str, inner: &str) -> String {
    let at = outer.rfind(before).unwrap_or_else(|| panic!("no {before}"));
    format!("{}{inner}{}", &outer[..at], &outer[at..])
}

fn with_object(signature: &str, content: &str) -> String {
    insert_before_last(signature, "</ds:Signature>", &format!("<ds:Object>{content}</ds:Object>"))
}

fn advice(content: &str) -> String {
    format!("<saml:Advice>{content}</saml:Advice>")
}

/// xmlsec1's verdict on the signature it is pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Xmlsec1 {
    /// "OK": the signature verifies over the element its Reference names.
    Verifies,
    /// The Reference names an element inside the Signature itself, which the enveloped-signature
    /// transform removes: the digest is taken over nothing that was signed.
    DigestMismatch,
    /// libxml2 refuses to register one ID twice, so xmlsec1 does not even load the document.
    DuplicateId,
    /// The Reference names an ID no element has any more.
    NoSuchId,
}

impl Xmlsec1 {
    fn verifies(self) -> bool {
        self == Xmlsec1::Verifies
    }

    /// The words in xmlsec1's output that say so.
    fn says(self) -> &'static str {
        match self {
            Xmlsec1::Verifies => "OK",
            Xmlsec1::DigestMismatch => "data and digest do not match",
            Xmlsec1::DuplicateId => "duplicate ID attribute",
            Xmlsec1::NoSuchId => "xpointer(id('_assert1'))",
        }
    }
}

struct Case {
    name: &'static str,
    xml: String,
    /// The Signature handed to xmlsec1.
    signature: String,
    /// What xmlsec1 says about it (asserted, so that this table documents it).
    xmlsec1: Xmlsec1,
    /// The finding the crate must give, and a piece of its detail or title.
    code: &'static str,
    says: &'static str,
}

fn assertion_cases() -> Vec<Case> {
    let s = Signed::assertion_only();
    let forged = forge(&s.bare, "_evil");
    let forged_with_signature = insert_after(&forged, "</saml:Issuer>", &s.signature);
    let two = "The response carries more than one assertion.";
    vec![
        Case {
            name: "XSW3: a forged assertion before the signed one",
            xml: s.with(&format!("{forged}{}", s.assertion)),
            signature: signature_of("_assert1"),
            xmlsec1: Xmlsec1::Verifies,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW4: the signed assertion inside the forged one",
            xml: s.with(&insert_before_last(&forged, "</saml:Assertion>", &s.assertion)),
            signature: signature_of("_assert1"),
            xmlsec1: Xmlsec1::Verifies,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW5: the signature copied onto the forged assertion, the original appended",
            xml: s.with(&format!("{forged_with_signature}{}", s.bare)),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::Verifies,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW6: the original, still signed, inside the copied signature's Object",
            xml: s.with(&insert_after(&forged, "</saml:Issuer>", &with_object(&s.signature, &s.assertion))),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::DigestMismatch,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW7: the signed assertion hidden in Extensions, a forged one where Flex reads",
            xml: s.with(&format!("<samlp:Extensions>{}</samlp:Extensions>{forged}", s.assertion)),
            signature: signature_of("_assert1"),
            xmlsec1: Xmlsec1::Verifies,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW8: the signature on the forged assertion, the original in its Object",
            xml: s.with(&insert_after(&forged, "</saml:Issuer>", &with_object(&s.signature, &s.bare))),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::DigestMismatch,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "the forged assertion takes the signed one's ID, the original hides in Extensions",
            xml: s.with(&format!("<samlp:Extensions>{}</samlp:Extensions>{}", s.assertion, forge(&s.assertion, "_assert1"))),
            signature: "/*/*[local-name()='Assertion']/*[local-name()='Signature']".to_owned(),
            xmlsec1: Xmlsec1::DuplicateId,
            code: "input_invalid",
            says: "The ID \"_assert1\" appears 2 times.",
        },
        Case {
            name: "the signature stays, the assertion around it is renamed",
            xml: s.with(&s.assertion.replacen("ID=\"_assert1\"", "ID=\"_evil\"", 1)),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::NoSuchId,
            code: "signature_invalid",
            says: "The signature points to \"#_assert1\" but sits in the assertion with ID \"_evil\"",
        },
        Case {
            name: "Advice: a forged unsigned assertion carries the signed one as advice",
            xml: s.with(&insert_after(&forged, "</saml:Conditions>", &advice(&s.assertion))),
            signature: signature_of("_assert1"),
            xmlsec1: Xmlsec1::Verifies,
            code: "assertion_unsigned",
            says: "The assertion is not signed.",
        },
        Case {
            name: "Advice: the signature moved onto the forged assertion, the original kept as advice",
            xml: s.with(&insert_after(&forged_with_signature, "</saml:Conditions>", &advice(&s.bare))),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::Verifies,
            code: "signature_invalid",
            says: "The signature points to \"#_assert1\" but sits in the assertion with ID \"_evil\"",
        },
        Case {
            name: "Advice: the forged assertion takes the signed one's ID, the original kept as advice",
            xml: s.with(&insert_after(&forge(&s.assertion, "_assert1"), "</saml:Conditions>", &advice(&s.bare))),
            signature: "/*/*[local-name()='Assertion']/*[local-name()='Signature']".to_owned(),
            xmlsec1: Xmlsec1::DuplicateId,
            code: "input_invalid",
            says: "The ID \"_assert1\" appears 2 times.",
        },
    ]
}

/// The response's own signature wrapped: the attacker keeps the whole signed response.
fn response_cases() -> Vec<Case> {
    let document = Template::default().signed();
    let response = span(&document, "<samlp:Response", "</samlp:Response>").to_owned();
    let signature = span(&response, "<ds:Signature", "</ds:Signature>").to_owned();
    let bare = response.replacen(&signature, "", 1);
    // The forged response's assertion gets its own ID too: xmlsec1 refuses to load a document
    // with a repeated ID, and an attacker knows that.
    let forged = response
        .replacen("ID=\"_resp1\"", "ID=\"_evil\"", 1)
        .replacen("ID=\"_assert1\"", "ID=\"_evil_assertion\"", 1)
        .replace("ada@example.com", FORGED_USER);
    let forged_signature = span(&forged, "<ds:Signature", "</ds:Signature>").to_owned();
    let two = "The response carries more than one assertion.";
    vec![
        Case {
            name: "XSW1: a forged response whose copied signature holds the signed one in an Object",
            xml: document.replacen(&response, &forged.replacen(&forged_signature, &with_object(&forged_signature, &bare), 1), 1),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::DigestMismatch,
            code: "input_invalid",
            says: two,
        },
        Case {
            name: "XSW2: a forged response with the signed one placed before its signature",
            xml: document.replacen(&response, &forged.replacen(&forged_signature, &format!("{bare}{forged_signature}"), 1), 1),
            signature: signature_of("_evil"),
            xmlsec1: Xmlsec1::Verifies,
            code: "input_invalid",
            says: two,
        },
    ]
}

fn refused_with(report: &Report, code: &str, says: &str) -> bool {
    report.findings.iter().any(|f| f.code.as_str() == code && (f.title.contains(says) || f.detail.contains(says)))
}

/// The crate never vouches for the forged user: either it does not read the forged assertion,
/// or no signature over it is called verified.
fn forged_user_not_vouched_for(report: &Report) -> bool {
    let Some(summary) = &report.summary else { return true };
    let reads_forged = summary.name_id.as_deref() == Some(FORGED_USER);
    let assertion_verified = summary.signatures.iter().any(|s| s.signs == "assertion" && matches!(s.crypto, Crypto::Verified { .. }));
    !(reads_forged && assertion_verified)
}

#[test]
fn every_wrapping_case_is_refused_whatever_xmlsec1_says() {
    let cert = fixtures().join("idp-cert.pem");
    let cases: Vec<Case> = assertion_cases().into_iter().chain(response_cases()).collect();
    assert_eq!(cases.len(), 13);
    for case in cases {
        let theirs = xmlsec_verify_at(&case.xml, &cert, &case.signature);
        assert_eq!(theirs.verified, case.xmlsec1.verifies(), "{}: xmlsec1 said\n{}", case.name, theirs.output);
        assert!(theirs.output.contains(case.xmlsec1.says()), "{}: expected xmlsec1 to say {:?}:\n{}", case.name, case.xmlsec1.says(), theirs.output);
        let report = diagnose(&case.xml, &expectations());
        assert_eq!(report.verdict, Verdict::Fail, "{}: {:#?}", case.name, report.findings);
        assert!(refused_with(&report, case.code, case.says), "{}: expected {} saying {:?}, got {:#?}", case.name, case.code, case.says, report.findings);
        assert!(forged_user_not_vouched_for(&report), "{}: {:#?}", case.name, report.summary);
        if theirs.verified {
            // xmlsec1 verified the IdP's original, which sits where the crate does not read it:
            // a response Flex reads as the forged user, or no single assertion at all.
            let read = report.summary.as_ref().and_then(|s| s.name_id.clone());
            assert_ne!(read.as_deref(), Some("ada@example.com"), "{}: the crate read the signed original", case.name);
        }
    }
}

/// The unwrapped originals pass both judges, so the table above tests the wrapping, not the
/// signing.
#[test]
fn the_unwrapped_originals_pass_both_judges() {
    let cert = fixtures().join("idp-cert.pem");
    for xml in [Signed::assertion_only().document, Template::default().signed()] {
        assert!(xmlsec_verify_at(&xml, &cert, &signature_of("_assert1")).verified);
        let report = diagnose(&xml, &expectations());
        let summary = report.summary.as_ref().unwrap();
        assert_eq!(summary.name_id.as_deref(), Some("ada@example.com"));
        assert!(summary.signatures.iter().all(|s| matches!(s.crypto, Crypto::Verified { .. })), "{:?}", summary.signatures);
    }
}
