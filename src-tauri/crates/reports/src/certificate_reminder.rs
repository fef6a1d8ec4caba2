//! The calendar file for the people who must act before the certificate configured in Flex
//! expires: one event per warning of the health check (60, 30 and 7 days before, and the expiry
//! day itself), each with an alarm, saying which certificate and what to do.
//!
//! Written with the switch-back reminder's RFC 5545 writer (`reminder.rs`: escaping, folding).

use flex_sso_facts::twilio;
use flex_sso_health::{Expiry, WARNING_DAYS};
use time::{Duration, OffsetDateTime};

use crate::reminder::{fold, ics_text};

/// The events' length: a slot in the calendar to do the work in.
const EVENT_MINUTES: i64 = 30;

/// An iCalendar file with the expiry warnings for `expiry`'s certificate. Warnings already past at
/// `created` are left out (a reminder in the past reminds no one); the expiry day is always in.
pub fn certificate_reminders_ics(profile_id: &str, profile_name: &str, expiry: &Expiry, created: OffsetDateTime) -> String {
    let which = format!("\"{}\" (SHA-256 {})", expiry.subject, expiry.sha256);
    let ends = crate::words::long_time(expiry.not_after);
    let todo = format!(
        "Ask your identity provider's administrator for the new signing certificate. Then, at an agreed time, make it active in the IdP and paste it at once into the {} field of {} (Flex holds one certificate, so sign-ins fail in between), and run a login check. Flex SSO Migrator's Health page lists the steps.",
        twilio::FIELD_CERTIFICATE.text,
        twilio::CONSOLE_SSO_PAGE.text
    );
    // A short, stable id for the certificate in the UIDs (colons are fine in a UID but noisy).
    let short: String = expiry.sha256.chars().filter(|c| *c != ':').take(16).collect();

    let mut events: Vec<(String, OffsetDateTime, String, String)> = Vec::new();
    for days in WARNING_DAYS {
        let start = expiry.not_after - Duration::days(days);
        if start <= created {
            continue;
        }
        events.push((
            format!("cert-{short}-{days}d-{}@flex-sso-migrator", ics_text(profile_id)),
            start,
            format!("Flex SSO: the IdP certificate expires in {days} days ({profile_name})"),
            format!("The certificate Flex uses to check your identity provider's sign-ins, {which}, expires on {ends}. {todo}"),
        ));
    }
    events.push((
        format!("cert-{short}-expiry-{}@flex-sso-migrator", ics_text(profile_id)),
        expiry.not_after,
        format!("Flex SSO: the IdP certificate expires now ({profile_name})"),
        format!(
            "The certificate {which} expires on {ends}. From then on agents cannot sign in to Flex until the new certificate is in Flex. {todo}"
        ),
    ));

    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Flex SSO Migrator//Certificate reminders//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    for (uid, start, summary, description) in events {
        lines.extend(crate::reminder::event_lines(&uid, created, start, start + Duration::minutes(EVENT_MINUTES), &summary, &description));
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_sso_health::ExpiryLevel;
    use time::macros::datetime;

    const SHA: &str = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    fn expiry() -> Expiry {
        Expiry {
            sha256: SHA.to_owned(),
            subject: "CN=Microsoft Azure Federated SSO Certificate".to_owned(),
            not_after: datetime!(2027-06-30 10:00 UTC),
            days_left: 120,
            level: ExpiryLevel::None,
        }
    }

    /// The file read back as RFC 5545 does: unfold (CRLF + space), split into properties,
    /// unescape TEXT values. One map per VEVENT, with the alarm's lines prefixed `VALARM.`.
    fn parse(ics: &str) -> Vec<Vec<(String, String)>> {
        assert!(ics.ends_with("\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
        }
        let unfolded = ics.replace("\r\n ", "");
        let mut events = Vec::new();
        let mut current: Option<Vec<(String, String)>> = None;
        let mut in_alarm = false;
        for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':').expect("NAME:value");
            let value = value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
            match (name, value.as_str()) {
                ("BEGIN", "VEVENT") => current = Some(Vec::new()),
                ("END", "VEVENT") => events.push(current.take().expect("an open event")),
                ("BEGIN", "VALARM") => in_alarm = true,
                ("END", "VALARM") => in_alarm = false,
                _ => {
                    if let Some(event) = current.as_mut() {
                        let key = if in_alarm { format!("VALARM.{name}") } else { name.to_owned() };
                        event.push((key, value));
                    }
                }
            }
        }
        events
    }

    fn get<'a>(event: &'a [(String, String)], key: &str) -> &'a str {
        event.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("{key} missing"))
    }

    #[test]
    fn one_event_per_warning_with_an_alarm_saying_which_certificate_and_what_to_do() {
        let ics = certificate_reminders_ics("p1", "Acme, Inc", &expiry(), datetime!(2027-03-01 09:00 UTC));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        let events = parse(&ics);
        assert_eq!(events.len(), 4);
        let starts: Vec<&str> = events.iter().map(|e| get(e, "DTSTART")).collect();
        assert_eq!(starts, ["20270501T100000Z", "20270531T100000Z", "20270623T100000Z", "20270630T100000Z"]);
        assert_eq!(get(&events[0], "DTEND"), "20270501T103000Z");
        assert_eq!(get(&events[0], "SUMMARY"), "Flex SSO: the IdP certificate expires in 60 days (Acme, Inc)");
        assert_eq!(get(&events[3], "SUMMARY"), "Flex SSO: the IdP certificate expires now (Acme, Inc)");
        let mut uids = Vec::new();
        for event in &events {
            let description = get(event, "DESCRIPTION");
            assert!(description.contains("\"CN=Microsoft Azure Federated SSO Certificate\""), "{description}");
            assert!(description.contains(SHA), "the full fingerprint survives folding: {description}");
            assert!(description.contains("30 June 2027, 10:00 UTC"));
            assert!(description.contains(twilio::CONSOLE_SSO_PAGE.text) && description.contains(twilio::FIELD_CERTIFICATE.text));
            assert_eq!(get(event, "VALARM.ACTION"), "DISPLAY");
            assert_eq!(get(event, "VALARM.TRIGGER"), "-PT15M");
            assert_eq!(get(event, "DTSTAMP"), "20270301T090000Z");
            uids.push(get(event, "UID").to_owned());
        }
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), 4, "every event has its own UID");
        assert!(get(&events[3], "DESCRIPTION").contains("agents cannot sign in to Flex"));
    }

    #[test]
    fn warnings_already_past_are_left_out() {
        // 20 days before expiry: the 60- and 30-day warnings are gone.
        let events = parse(&certificate_reminders_ics("p1", "Acme", &expiry(), datetime!(2027-06-10 10:00 UTC)));
        let summaries: Vec<&str> = events.iter().map(|e| get(e, "SUMMARY")).collect();
        assert_eq!(summaries, ["Flex SSO: the IdP certificate expires in 7 days (Acme)", "Flex SSO: the IdP certificate expires now (Acme)"]);
    }
}
