//! Hostile input ends quickly in `input_invalid` (or the right finding), never in a panic, a
//! hang or a memory blow-up.

mod support;

use base64::Engine as _;
use flex_sso_saml::{diagnose, Report};
use proptest::prelude::*;
use support::*;

/// Diagnoses with the test expectations. What bounds the work is shown by the specific limit's
/// error each case asserts, not by a wall clock (which a busy machine would make flaky).
fn diagnosed(input: &str) -> Report {
    diagnose(input, &expectations())
}

fn unreadable_with(input: &str, detail_start: &str) {
    let report = diagnosed(input);
    assert_eq!(report.codes(), ["input_invalid"], "{:?}", report.findings);
    assert!(report.findings[0].detail.starts_with(detail_start), "{}", report.findings[0].detail);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn dtds_are_refused_even_harmless_looking_ones() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol3;</samlp:Response>"#;
    unreadable_with(laughs, "The response contains a document type declaration (DTD).");
    let external = r#"<!DOCTYPE r SYSTEM "http://attacker.example/x.dtd"><r/>"#;
    unreadable_with(external, "The response contains a document type declaration (DTD).");
}

#[test]
fn deep_wide_and_huge_documents_are_refused_quickly() {
    let deep = format!("{}{}", "<a>".repeat(200_000), "</a>".repeat(200_000));
    unreadable_with(&deep, "The response has more than 100000 XML nodes");
    let nested = format!("{}{}", "<a>".repeat(5_000), "</a>".repeat(5_000));
    unreadable_with(&nested, "The response nests elements 5000 levels deep");
    let very_deep = format!("{}{}", "<a>".repeat(90_000), "</a>".repeat(90_000));
    unreadable_with(&very_deep, "The response nests elements 90000 levels deep");
    let wide = format!("<r>{}</r>", "<a/>".repeat(150_000));
    unreadable_with(&wide, "The response has more than 100000 XML nodes");
    let huge = "A".repeat(5 * 1024 * 1024);
    unreadable_with(&huge, "The pasted text is 5242880 bytes long");
}

#[test]
fn a_deflate_bomb_stops_at_the_size_limit() {
    let bomb = format!("<samlp:Response>{}", " ".repeat(64 * 1024 * 1024));
    let compressed = miniz_oxide::deflate::compress_to_vec(bomb.as_bytes(), 9);
    let input = base64::engine::general_purpose::STANDARD.encode(compressed);
    unreadable_with(&input, "The decoded response is more than 2097152 bytes long.");
}

#[test]
fn other_saml_messages_are_named_for_what_they_are() {
    unreadable_with(
        r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x"/>"#,
        "The XML's top element is <samlp:AuthnRequest>; a SAML response starts with <samlp:Response> (namespace urn:oasis:names:tc:SAML:2.0:protocol). That is the sign-in request",
    );
    unreadable_with("<html><body>Login</body></html>", "The XML's top element is <html>;");
    unreadable_with("<samlp:Response>", "The response is not well-formed XML: ");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(input in "\\PC{0,300}") {
        let report = diagnose(&input, &expectations());
        prop_assert!(report.exit_code() == 2 || report.summary.is_some());
    }

    #[test]
    fn mangled_responses_never_panic(cut in 0usize..6000, insert in "[<>&\"'a-z:/= ]{0,8}") {
        let xml = valid_xml();
        let mut at = cut.min(xml.len());
        while !xml.is_char_boundary(at) { at -= 1; }
        let mangled = format!("{}{}{}", &xml[..at], insert, &xml[at..]);
        let _ = diagnose(&mangled, &expectations());
    }
}

fn valid_xml() -> &'static str {
    static XML: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    XML.get_or_init(|| Template::default().signed())
}
