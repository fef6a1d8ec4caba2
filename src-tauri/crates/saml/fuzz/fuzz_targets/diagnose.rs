//! Feeds arbitrary text through the whole diagnosis (decoding, XML parsing, canonicalization,
//! signature checks). Any panic, hang or blow-up is a bug: the input is hostile by nature.
#![no_main]

use flex_sso_saml::{diagnose, Expectations};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let exp = Expectations::new(
        "urn:flex:JQ0123456789abcdef0123456789abcdef",
        "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef",
        now,
    );
    let report = diagnose(text, &exp);
    // The report must always serialize (the UI and the CLI depend on it).
    serde_json::to_string(&report).expect("a report always serializes");
    assert!((0..=2).contains(&report.exit_code()));
});
