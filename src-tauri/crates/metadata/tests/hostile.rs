//! Hostile and broken input: each must end quickly in a clear error, without reading outside the
//! input or growing memory beyond the input's (capped) size.

mod common;

use common::*;
use flex_sso_metadata::{inspect_bytes, InputKind, InspectOptions, Limits};

fn unreadable(name: &str, bytes: &[u8], code: &str, detail_start: &str) {
    // Bounded by the limit whose error is asserted below, not by a wall clock.
    let report = inspect(bytes);
    assert_eq!(codes(&report), vec![code], "{name}: {:?}", report.findings);
    assert!(report.findings[0].detail.starts_with(detail_start), "{name}: {}", report.findings[0].detail);
    assert_eq!(report.input_kind, InputKind::Unreadable, "{name}");
    assert_eq!(report.exit_code(), 2, "{name}");
}

#[test]
fn xxe_is_refused_without_reading_the_file() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE md:EntityDescriptor [ <!ENTITY xxe SYSTEM "file:///etc/hostname"> ]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>"#;
    unreadable("xxe", xxe.as_bytes(), "xml_dtd_forbidden", "The XML contains a document type declaration");
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let json = serde_json::to_string(&inspect(xxe)).unwrap();
    assert!(hostname.trim().is_empty() || !json.contains(hostname.trim()));
}

#[test]
fn billion_laughs_is_refused() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for level in 1..10 {
        let prev = if level == 1 { "lol".to_owned() } else { format!("lol{}", level - 1) };
        xml.push_str(&format!(" <!ENTITY lol{level} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>");
    unreadable("billion laughs", xml.as_bytes(), "xml_dtd_forbidden", "The XML contains a document type declaration");
}

#[test]
fn a_100_mb_input_is_refused_before_parsing() {
    let mut huge = b"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">".to_vec();
    huge.resize(100 * 1024 * 1024, b' ');
    unreadable("100 MB", &huge, "input_invalid", "The input is 100 MB; metadata files are much smaller (the limit is 5 MB).");
}

#[test]
fn deep_nesting_is_refused() {
    // Within the node limit but far deeper than the depth limit.
    let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    unreadable("deep", deep.as_bytes(), "input_invalid", "The XML nests elements more than 64 levels deep.");
    // Up to the size limit of unclosed nesting: stopped by the node limit or as damaged XML.
    let deeper = "<a>".repeat(1_700_000);
    let report = inspect(deeper.as_bytes());
    assert_eq!(codes(&report), vec!["input_invalid"]);
}

#[test]
fn too_many_nodes_is_refused() {
    let wide = format!("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">{}</md:EntitiesDescriptor>", "<x/>".repeat(300_000));
    unreadable("wide", wide.as_bytes(), "input_invalid", "The XML has more than 200000 elements and texts.");
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let mut bytes = b"<md:EntityDescriptor entityID=\"caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'"', b'/', b'>']); // Latin-1 "é" in a file without a declaration
    unreadable("latin-1", &bytes, "input_invalid", "The input is not text in UTF-8: byte 34 is not valid.");
    unreadable("binary", &[0x00, 0xFF, 0x10, 0x80], "input_invalid", "The input is not text in UTF-8: byte 1 is not valid.");
}

#[test]
fn a_bom_is_stripped_and_the_metadata_read() {
    let cert = rsa_expiring_in("Bom", 300);
    let xml = fill(&fixture("google.xml"), &[("SIGNING", &cert.base64())]);
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], xml.as_bytes()].concat();
    let report = inspect(&with_bom);
    assert_eq!(report.input_kind, InputKind::Metadata);
    assert_eq!(report.exit_code(), 0, "{:?}", report.findings);
    assert_eq!(report.entity_id.as_deref(), Some("https://accounts.google.com/o/saml2?idpid=C0flexfx1"));
}

#[test]
fn limits_are_configurable() {
    let cert = rsa_expiring_in("Small", 300);
    let xml = fill(&fixture("okta.xml"), &[("SIGNING", &cert.base64())]);
    let options = InspectOptions { limits: Limits { max_bytes: 100, ..Limits::default() }, ..InspectOptions::default() };
    let report = inspect_bytes(xml.as_bytes(), NOW, &options);
    assert_eq!(codes(&report), vec!["input_invalid"]);
    assert_eq!(report.findings[0].title, "The input is too large");
}

#[test]
fn never_panics_on_truncations_of_real_metadata() {
    let cert = rsa_expiring_in("Trunc", 300);
    let xml = fill(&fixture("adfs.xml"), &[
        ("SIGNING_PRIMARY", &cert.base64()), ("SIGNING_SECONDARY", &cert.base64()),
        ("ENCRYPTION", &cert.base64()), ("DECOY", &cert.base64()),
    ]);
    let bytes = xml.as_bytes();
    // Every cut-off copy is damaged XML (or empty), never a half-read report.
    for cut in (0..bytes.len()).step_by(97) {
        let report = inspect(&bytes[..cut]);
        assert_eq!(report.exit_code(), 2, "cut at {cut}");
        assert!(["The XML is damaged", "Nothing to read"].contains(&report.findings[0].title.as_str()), "cut at {cut}: {}", report.findings[0].title);
    }
    assert_eq!(inspect(bytes).exit_code(), 0);
}
