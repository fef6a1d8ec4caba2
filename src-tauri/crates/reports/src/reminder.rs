//! The 30-day switch-back window after Finish: when to remind the admin (a system notification
//! when the app starts with 3 days or fewer left, at most once a day) and a calendar file with a
//! reminder on day 27.
//!
//! Pure functions of the times given, so tests inject the clock.

use time::{Duration, OffsetDateTime, UtcOffset};

use flex_sso_facts::twilio;

/// A notification is due when this many days or fewer are left.
pub const NOTIFY_WITHIN_DAYS: i64 = 3;
/// The calendar reminder's day, counted from Finish (three days before the window closes).
pub const CALENDAR_REMINDER_DAY: i64 = twilio::SWITCH_BACK_DAYS - NOTIFY_WITHIN_DAYS;

/// Whole days left until `deadline`, a started day counting as a day (0 once it has passed);
/// the step machine's own count.
pub fn days_left(deadline: OffsetDateTime, now: OffsetDateTime) -> i64 {
    flex_sso_model::steps::days_until(deadline, now)
}

/// Whether to show the "days left" notification now: the window is still open with 3 days or
/// fewer left, and none was shown earlier on the same day (UTC).
pub fn notification_due(deadline: OffsetDateTime, now: OffsetDateTime, last_shown: Option<OffsetDateTime>) -> bool {
    let left = days_left(deadline, now);
    if left == 0 || left > NOTIFY_WITHIN_DAYS {
        return false;
    }
    flex_sso_model::clock::not_shown_today(last_shown, now)
}

/// The notification's title and body.
pub fn notification_text(profile_name: &str, deadline: OffsetDateTime, now: OffsetDateTime) -> (String, String) {
    let left = days_left(deadline, now);
    let days = if left == 1 { "1 day".to_owned() } else { format!("{left} days") };
    (
        format!("{days} left to switch back ({profile_name})"),
        format!(
            "Flex keeps the legacy SSO connection until {}. After that, switching back is no longer possible. Open Flex SSO Migrator if anything is still wrong with the new connection.",
            crate::words::long_time(deadline)
        ),
    )
}

/// An iCalendar file (RFC 5545) with one event on day 27 after Finish, with an alarm.
pub fn reminder_ics(profile_id: &str, profile_name: &str, account_sid: &str, finished_at: OffsetDateTime, created: OffsetDateTime) -> String {
    let finished_at = finished_at.to_offset(UtcOffset::UTC);
    let deadline = finished_at + Duration::days(twilio::SWITCH_BACK_DAYS);
    let start = finished_at + Duration::days(CALENDAR_REMINDER_DAY);
    let end = start + Duration::minutes(30);
    let summary = format!("Flex SSO: {NOTIFY_WITHIN_DAYS} days left to switch back ({profile_name})");
    let description = format!(
        "Flex keeps the legacy SSO connection of Twilio account {account_sid} until {}. After that, switching back is no longer possible. If agents still have trouble signing in with the new connection, decide now; otherwise nothing needs to be done.",
        crate::words::long_time(deadline)
    );
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Flex SSO Migrator//Switch-back reminder//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    let uid = format!("switch-back-{}@flex-sso-migrator", ics_text(profile_id));
    lines.extend(event_lines(&uid, created, start, end, &summary, &description));
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// `20261201T140500Z`.
/// One VEVENT with a display alarm 15 minutes before it, unfolded (the caller folds the file).
/// `uid` is written as given: the caller escapes the parts it takes from outside.
pub(crate) fn event_lines(uid: &str, created: OffsetDateTime, start: OffsetDateTime, end: OffsetDateTime, summary: &str, description: &str) -> [String; 13] {
    [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{}", ics_time(created)),
        format!("DTSTART:{}", ics_time(start)),
        format!("DTEND:{}", ics_time(end)),
        format!("SUMMARY:{}", ics_text(summary)),
        format!("DESCRIPTION:{}", ics_text(description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", ics_text(summary)),
        "TRIGGER:-PT15M".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
    ]
}

pub(crate) fn ics_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", at.year(), at.month() as u8, at.day(), at.hour(), at.minute(), at.second())
}

/// TEXT escaping (RFC 5545 3.3.11).
pub(crate) fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// A content line folded at 75 octets (never inside a UTF-8 character), ending in CRLF.
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const FINISHED: OffsetDateTime = datetime!(2026-12-01 14:05 UTC);

    fn deadline() -> OffsetDateTime {
        FINISHED + Duration::days(30)
    }

    #[test]
    fn days_left_matches_the_step_machine() {
        assert_eq!(days_left(deadline(), FINISHED), 30);
        assert_eq!(days_left(deadline(), FINISHED + Duration::days(27)), 3);
        assert_eq!(days_left(deadline(), deadline() - Duration::seconds(1)), 1);
        assert_eq!(days_left(deadline(), deadline()), 0);
        assert_eq!(days_left(deadline(), deadline() + Duration::days(3)), 0);
    }

    #[test]
    fn notifies_only_in_the_last_three_days_and_once_a_day() {
        let d = deadline();
        // 4 days left: not yet.
        assert!(!notification_due(d, FINISHED + Duration::days(26), None));
        // 3 days left, never shown: due.
        let day27 = FINISHED + Duration::days(27);
        assert!(notification_due(d, day27, None));
        // Shown an hour ago, same day: not again.
        assert!(!notification_due(d, day27 + Duration::hours(1), Some(day27)));
        // Shown yesterday: due again.
        assert!(notification_due(d, day27 + Duration::days(1), Some(day27)));
        // The window has closed: nothing to remind.
        assert!(!notification_due(d, d, Some(day27)));
        assert!(!notification_due(d, d + Duration::days(1), None));
    }

    #[test]
    fn notification_words() {
        let (title, body) = notification_text("Acme", deadline(), deadline() - Duration::hours(5));
        assert_eq!(title, "1 day left to switch back (Acme)");
        assert!(body.contains("31 December 2026, 14:05 UTC"), "{body}");
    }

    #[test]
    fn calendar_file_has_the_day_27_event_and_an_alarm() {
        let ics = reminder_ics("p1", "Acme, Inc", "AC0123456789abcdef0123456789abcdef", FINISHED, FINISHED);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261228T140500Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261228T143500Z\r\n"));
        assert!(ics.contains("TRIGGER:-PT15M\r\n"));
        assert!(ics.contains("SUMMARY:Flex SSO: 3 days left to switch back (Acme\\, Inc)"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
        }
        // Unfolded, the description is whole.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("until 31 December 2026\\, 14:05 UTC. After that"), "{unfolded}");
    }
}
