//! Every way a SAMLResponse reaches the admin decodes to the same response.

mod support;

use base64::Engine as _;
use flex_sso_saml::{decode_input, diagnose, InputForm, Verdict};
use support::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn all_encodings_decode_to_the_same_xml() {
    let xml = Template::default().signed();
    let posted = b64(xml.as_bytes());
    let wrapped: String = posted.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\r\n");
    let deflated = b64(&miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6));
    let cases = [
        (xml.clone(), InputForm::Xml, None),
        (format!("\u{feff}  {xml}\n"), InputForm::Xml, None),
        (posted.clone(), InputForm::Base64, None),
        (format!("  {wrapped}\n"), InputForm::Base64, None),
        (percent(&posted), InputForm::Base64, None),
        (deflated.clone(), InputForm::Base64Deflate, None),
        (format!("SAMLResponse={}&RelayState=%2Fagent-desktop", percent(&posted)), InputForm::FormBody, Some("/agent-desktop")),
        // A form body pasted half-decoded: '+' became a space.
        (format!("RelayState=x&SAMLResponse={}", posted.replace('+', " ")), InputForm::FormBody, Some("x")),
        (format!("https://idp.example.com/sso?SAMLResponse={}&SigAlg=x", percent(&deflated)), InputForm::FormBody, None),
    ];
    for (i, (input, form, relay)) in cases.into_iter().enumerate() {
        let decoded = decode_input(&input).unwrap_or_else(|e| panic!("{e} for {}", &input[..40.min(input.len())]));
        assert_eq!(decoded.form, form);
        assert_eq!(decoded.relay_state.as_deref(), relay);
        assert_eq!(decoded.xml, xml.trim());
        let report = diagnose(&input, &expectations());
        assert_eq!(report.verdict, Verdict::Pass, "case {i} form {form:?}: {:?}", report.codes());
        assert_eq!(report.input_form, Some(form));
    }
}

#[test]
fn unreadable_input_says_why_with_a_stable_code() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "input_empty", "Nothing was pasted. Paste the SAMLResponse value, the form data that carries it, or the response XML."),
        ("RelayState=abc&foo=bar", "input_no_saml_response_field", "The form data has no SAMLResponse field."),
        ("PHNhbWxw!OlJlc3BvbnNl", "input_not_base64", "The text is not XML and not valid base64 (character 9 is \"!\")."),
        ("aGVsbG8gd29ybGQ=", "input_not_saml", "The base64 text decodes to data that is neither XML nor a compressed SAML message."),
        ("Q", "input_not_saml", "The base64 text decodes to data that is neither XML nor a compressed SAML message."),
    ];
    for (input, code, message) in cases {
        let err = decode_input(input).unwrap_err();
        assert_eq!((err.code(), err.to_string().as_str()), (*code, *message), "input {input:?}");
        let report = diagnose(input, &expectations());
        assert_eq!(report.codes(), ["input_invalid"]);
        assert_eq!(report.findings[0].detail, *message);
        assert_eq!(report.exit_code(), 2);
        assert!(report.summary.is_none());
    }
}
