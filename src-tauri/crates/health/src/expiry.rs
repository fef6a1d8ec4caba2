//! How close the certificate configured in Flex is to its end, in the warning levels the Health
//! page, the home screen, the notification and the calendar file share.

use flex_sso_certificate::Certificate;
use serde::Serialize;
use time::OffsetDateTime;

/// The first warning: two months leave time to reach the IdP administrator and plan a switch.
pub const WARN_60_DAYS: i64 = 60;
/// The second warning: the switch should be planned by now.
pub const WARN_30_DAYS: i64 = 30;
/// The last warning before the certificate ends.
pub const WARN_7_DAYS: i64 = 7;
/// The warnings, earliest first (the calendar file has one event per warning).
pub const WARNING_DAYS: [i64; 3] = [WARN_60_DAYS, WARN_30_DAYS, WARN_7_DAYS];

/// The warning level for the days left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExpiryLevel {
    /// More than 60 days left.
    #[serde(rename = "none")]
    None,
    #[serde(rename = "60_days")]
    Days60,
    #[serde(rename = "30_days")]
    Days30,
    #[serde(rename = "7_days")]
    Days7,
    #[serde(rename = "expired")]
    Expired,
}

impl ExpiryLevel {
    /// The level at `now` for a certificate ending at `not_after`. `days_left` is the whole days
    /// left, rounded down (so 59 days and 23 hours is 59: level 60).
    pub fn at(not_after: OffsetDateTime, now: OffsetDateTime) -> ExpiryLevel {
        if now >= not_after {
            return ExpiryLevel::Expired;
        }
        let days_left = flex_sso_certificate::days_between(now, not_after);
        if days_left <= WARN_7_DAYS {
            ExpiryLevel::Days7
        } else if days_left <= WARN_30_DAYS {
            ExpiryLevel::Days30
        } else if days_left <= WARN_60_DAYS {
            ExpiryLevel::Days60
        } else {
            ExpiryLevel::None
        }
    }

    /// Whether the admin should hear about it (every level but `None`).
    pub fn warns(self) -> bool {
        self != ExpiryLevel::None
    }
}

/// The expiry of the certificate configured in Flex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expiry {
    pub sha256: String,
    pub subject: String,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// Whole days left, rounded down; negative once expired.
    pub days_left: i64,
    pub level: ExpiryLevel,
}

impl Expiry {
    pub fn of(cert: &Certificate, now: OffsetDateTime) -> Expiry {
        Expiry {
            sha256: cert.sha256_fingerprint().to_owned(),
            subject: cert.subject().to_owned(),
            not_after: cert.not_after(),
            days_left: cert.days_left(now),
            level: ExpiryLevel::at(cert.not_after(), now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn levels_start_on_the_named_days() {
        let now = datetime!(2027-01-10 12:00 UTC);
        let at = |d: Duration| ExpiryLevel::at(now + d, now);
        assert_eq!(at(Duration::days(61)), ExpiryLevel::None);
        assert_eq!(at(Duration::days(60) + Duration::hours(23)), ExpiryLevel::Days60, "60 days and a bit is 60");
        assert_eq!(at(Duration::days(31)), ExpiryLevel::Days60);
        assert_eq!(at(Duration::days(30)), ExpiryLevel::Days30);
        assert_eq!(at(Duration::days(8)), ExpiryLevel::Days30);
        assert_eq!(at(Duration::days(7)), ExpiryLevel::Days7);
        assert_eq!(at(Duration::seconds(1)), ExpiryLevel::Days7);
        assert_eq!(at(Duration::ZERO), ExpiryLevel::Expired);
        assert_eq!(at(-Duration::days(3)), ExpiryLevel::Expired);
        assert!(!ExpiryLevel::None.warns() && ExpiryLevel::Days60.warns() && ExpiryLevel::Expired.warns());
        assert_eq!(serde_json::to_value(ExpiryLevel::Days30).unwrap(), "30_days");
    }
}
