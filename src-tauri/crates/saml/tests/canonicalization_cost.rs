//! Responses built to make canonicalization expensive end in their specific answer. The cost
//! itself is proven by the work counter in `src/c14n.rs`'s unit tests (linear in declarations
//! plus elements); here each case goes through the whole diagnosis and must end in the cap's
//! own error or the right finding, not in a wall-clock budget.

mod support;

use flex_sso_saml::{diagnose, Crypto, Report};
use support::*;

fn cryptos(report: &Report) -> Vec<Crypto> {
    report.summary.as_ref().unwrap().signatures.iter().map(|s| s.crypto.clone()).collect()
}

/// `count` namespace declarations added to the Response's start tag.
fn with_declarations(xml: &str, count: usize) -> String {
    let declarations: String = (0..count).map(|i| format!(" xmlns:n{i}=\"urn:n:{i}\"")).collect();
    xml.replacen("<samlp:Response ", &format!("<samlp:Response{declarations} "), 1)
}

/// `filler` placed inside the assertion, after its AttributeStatement.
fn with_filler(xml: &str, filler: &str) -> String {
    xml.replacen("</saml:AttributeStatement>", &format!("</saml:AttributeStatement>{filler}"), 1)
}

#[test]
fn the_review_case_twenty_thousand_declarations_over_many_elements_is_refused_by_its_cap() {
    // The shape the review found: ~20k xmlns: on the root, 100k empty elements, under 2 MiB.
    let xml = with_filler(&with_declarations(&Template::default().signed(), 20_000), &"<n7:e/>".repeat(100_000));
    assert!(xml.len() < 2 * 1024 * 1024, "{} bytes", xml.len());
    let report = diagnose(&xml, &expectations());
    assert_eq!(report.codes(), ["input_invalid"]);
    assert_eq!(
        report.findings[0].detail,
        "The response has more than 4096 XML namespace declarations (xmlns); a SAML response has a few dozen, so it was not read."
    );
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn just_under_the_caps_it_is_canonicalized_and_found_changed() {
    // 400 declarations in scope of 90 000 elements, inside both signed parts: before, every
    // element rebuilt a map of all 400 (3.6·10^7 entries per signature); now it is read once.
    // (More declarations on the root put the template's own declaring elements, such as each
    // AttributeValue's xmlns:xsi, over the parser's namespace work cap, tested below.)
    let signed = Template::default().signed();
    let xml = with_filler(&with_declarations(&signed, 400), &"<n7:e/>".repeat(90_000));
    let report = diagnose(&xml, &expectations());
    let mut codes = report.codes();
    codes.sort();
    assert_eq!(codes, ["signature_invalid", "signature_invalid"], "{:#?}", report.findings);
    assert_eq!(cryptos(&report), [Crypto::DigestMismatch, Crypto::DigestMismatch]);
    assert!(report.findings.iter().all(|f| f.title.ends_with("was changed after it was signed.")));
}

#[test]
fn a_long_namespace_multiplied_by_exclusive_c14n_is_refused_by_the_output_cap() {
    // One 1 MiB namespace URI, declared on the Response, used by 100 siblings inside the
    // assertion whose parent does not use it: Exclusive C14N would write it 100 times.
    let uri = format!("urn:long:{}", "a".repeat(1024 * 1024));
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let xml = with_filler(
        &signed.replacen("<samlp:Response ", &format!("<samlp:Response xmlns:big=\"{uri}\" "), 1),
        &"<saml:Advice><big:x/></saml:Advice>".repeat(100),
    );
    assert!(xml.len() < 2 * 1024 * 1024);
    let report = diagnose(&xml, &expectations());
    let finding = report.findings.iter().find(|f| f.code.as_str() == "signature_invalid").unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert_eq!(
        finding.detail,
        "The assertion was not canonicalized: its canonical form would be larger than 8 MiB (the response itself is at most 2 MiB), so it is a crafted response, not one an identity provider signed."
    );
    assert!(matches!(&cryptos(&report)[0], Crypto::NotChecked { .. }));
    assert!(!report.checked.signature_crypto);
}

#[test]
fn namespaces_declared_under_many_others_are_refused_before_the_parser_copies_them() {
    // Under both counts (2000 + 2000 declarations, 2000 elements), but the parser would copy a
    // 2000-entry scope for each declaring child in quadratic time: about 4·10^9 steps.
    let children: String = (0..2000).map(|i| format!("<m{i}:c xmlns:m{i}=\"urn:m:{i}\"/>")).collect();
    let xml = with_filler(&with_declarations(&Template::default().signed(), 2000), &children);
    let report = diagnose(&xml, &expectations());
    assert_eq!(report.codes(), ["input_invalid"]);
    assert_eq!(
        report.findings[0].detail,
        "The response declares XML namespaces on many elements that already have many in scope; a SAML response has a few in scope at a time, so it was not read."
    );
}
