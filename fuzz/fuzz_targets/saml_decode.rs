//! The decoder of pasted and captured values (XML, base64, base64 of DEFLATE, percent-encoding,
//! form bodies and URLs) and the SAMLRequest reader: an error or XML within the limits.
#![no_main]

use flex_sso_saml::limits::{MAX_INPUT_BYTES, MAX_XML_BYTES};
use flex_sso_saml::{authn_request_issuer, decode_input, requested_by};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match decode_input(text) {
        Ok(decoded) => {
            assert!(decoded.xml.len() <= MAX_XML_BYTES, "decoded XML over the limit");
            assert!(decoded.xml.starts_with('<'), "decoded to something that is not XML");
        }
        Err(error) => {
            assert!(!error.code().is_empty() && !error.to_string().is_empty() && !error.fix().is_empty());
            if text.len() > MAX_INPUT_BYTES {
                assert_eq!(error.code(), "input_too_large");
            }
        }
    }
    if let Some(issuer) = authn_request_issuer(text) {
        assert!(!issuer.is_empty() && issuer.trim() == issuer);
        let _ = requested_by(&issuer);
    }
});
