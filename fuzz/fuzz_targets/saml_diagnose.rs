//! Any text through the whole diagnosis (decoding, XML, checks, canonicalization, signatures):
//! a report that serializes, with an exit code in range, never a panic or a hang.
#![no_main]

use flex_sso_saml::{diagnose, Expectations};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let exp = Expectations::new(
        "urn:flex:JQ0123456789abcdef0123456789abcdef",
        "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef",
        now,
    );
    let report = diagnose(text, &exp);
    serde_json::to_string(&report).expect("a report always serializes");
    assert!((0..=2).contains(&report.exit_code()));
});
