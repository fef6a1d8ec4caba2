//! Dates and times as the reader of a file reads them (a file has no locale: English, UTC).

use time::{Date, OffsetDateTime, UtcOffset};

/// "1 December 2026".
pub fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// "1 December 2026, 14:05 UTC".
pub fn long_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!("{}, {:02}:{:02} UTC", long_date(at.date()), at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_same_everywhere() {
        assert_eq!(long_date(time::macros::date!(2026 - 12 - 01)), "1 December 2026");
        assert_eq!(long_time(time::macros::datetime!(2026-03-31 23:05 -02:00)), "1 April 2026, 01:05 UTC");
    }
}
