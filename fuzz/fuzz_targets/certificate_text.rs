//! Pasted certificate text in any shape must decode or fail with an error, never panic, and what
//! decodes must come back out as well-formed PEM that reads back to the same bytes.
#![no_main]

use flex_sso_certificate::{text, to_pem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(ders) = text::decode_text(input) {
        for der in ders {
            let pem = to_pem(&der);
            assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
            assert!(pem.lines().all(|line| line.len() <= 64 || line.starts_with("-----")));
            assert_eq!(text::decode_text(&pem).expect("our own PEM reads back"), vec![der]);
        }
    }
    // Reading the certificates themselves must not panic either (x509-parser on any bytes).
    let _ = flex_sso_certificate::parse_text(input);
});
