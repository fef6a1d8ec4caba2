//! Okta's timestamp format: RFC 3339 in UTC with milliseconds (`2024-08-13T15:58:20.353Z`).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

pub(crate) fn okta_time(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_owned())
}

/// Any RFC 3339 timestamp (what Okta documents as "ISO 8601 compliant"), with an offset.
pub(crate) fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// `published` / `lastUpdated` of a stored object, for sorting and comparing.
pub(crate) fn field(value: &serde_json::Value, name: &str) -> Option<OffsetDateTime> {
    value.get(name).and_then(|v| v.as_str()).and_then(parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_timestamps_round_trip_with_milliseconds() {
        let at = time::macros::datetime!(2026-01-02 03:04:05.678 UTC);
        assert_eq!(okta_time(at), "2026-01-02T03:04:05.678Z");
        assert_eq!(parse("2026-01-02T03:04:05.678Z"), Some(at));
        assert_eq!(parse("2026-01-02T04:04:05.678+01:00"), Some(at));
        assert_eq!(parse("yesterday"), None);
    }
}
