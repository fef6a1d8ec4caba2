//! How certificates are written for people: fingerprints as IdP consoles print them, PEM as the
//! Twilio Console's X.509 field takes it, dates in RFC 3339.

use base64::Engine as _;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `AB:CD:…` upper-case hex pairs, the way Okta, Entra ID and ADFS print fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// The PEM form the Twilio Console's X.509 field takes: header line, base64 in 64-character
/// lines, footer line (RFC 7468 section 2 "strict" encoding), `\n` line ends, no trailing newline
/// so a copy does not add an empty line to the field.
pub fn to_pem(der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::with_capacity(body.len() + body.len() / 64 + 60);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for chunk in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        pem.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----");
    pem
}

/// RFC 3339 in UTC.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// `YYYY-MM-DD`.
pub fn date_only(t: OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Whole days from `from` to `to`, rounded toward the past (half a day after expiry is day -1).
pub fn days_between(from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    (to - from).whole_seconds().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_upper_case_pairs() {
        assert_eq!(colon_hex(&[0x0a, 0xff, 0x00]), "0A:FF:00");
        assert_eq!(colon_hex(&[]), "");
    }

    #[test]
    fn days_left_rounds_toward_the_past() {
        let t = time::macros::datetime!(2026-01-10 12:00 UTC);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-11 11:59 UTC)), 0);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-12 12:00 UTC)), 2);
        assert_eq!(days_between(t, time::macros::datetime!(2026-01-10 00:00 UTC)), -1);
    }

    #[test]
    fn pem_has_64_character_lines_and_no_trailing_newline() {
        let der: Vec<u8> = (0..100u8).collect();
        let pem = to_pem(&der);
        let lines: Vec<&str> = pem.split('\n').collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN CERTIFICATE-----"));
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines.len(), 5); // 100 bytes -> 136 base64 chars -> 64 + 64 + 8
        assert_eq!(lines[3].len(), 8);
    }
}
