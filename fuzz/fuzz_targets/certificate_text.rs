//! Pasted certificate text in any shape must decode or fail with an error, never panic, and what
//! decodes must come back out as well-formed PEM.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(ders) = flex_sso_metadata::decode_certificate_text(text) {
        for der in ders {
            let pem = flex_sso_metadata::to_pem(&der);
            assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
            assert!(pem.lines().all(|line| line.len() <= 64 || line.starts_with("-----")));
            assert_eq!(flex_sso_metadata::decode_certificate_text(&pem).expect("our own PEM reads back"), vec![der]);
        }
    }
});
