//! The system notification: at most once per UTC day (the same rule as the switch-back reminder,
//! `flex_sso_model::clock::not_shown_today`), and only when the admin must act.

use time::OffsetDateTime;

use crate::report::HealthReport;

/// Whether to show the certificate notification now: the report needs the admin (an action, or
/// an expiry warning), and none was shown earlier on the same UTC day. A check that could not
/// run (the metadata was unreachable) never notifies: the admin cannot act on a network outage.
pub fn notification_due(report: &HealthReport, now: OffsetDateTime, last_shown: Option<OffsetDateTime>) -> bool {
    report.needs_admin() && flex_sso_model::clock::not_shown_today(last_shown, now)
}

/// The notification's title and body: the headline is the body, so the notice says what to do.
pub fn notification_text(profile_name: &str, report: &HealthReport) -> (String, String) {
    (format!("Flex sign-in certificate: action needed ({profile_name})"), report.headline.clone())
}
