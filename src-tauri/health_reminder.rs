//! At start, beside the first screen: each account's health check without the admin opening
//! the Health page. The IdP's metadata is read again where its last reading is a day old (at
//! most daily), and a system notification says what to do when the check needs the admin (a new
//! certificate to paste, the one in Flex expiring within 60 days or expired), at most once a day
//! per account (the rules: `flex_sso_health::notification_due`).

use tauri::{AppHandle, Manager, Runtime};

use flex_sso_health::{notification_due, notification_text};

use crate::health;
use crate::notices::ShownLog;
use crate::state::AppState;

/// The preferences key of the times shown.
const SHOWN_KEY: &str = "certificate_health_notified";

pub async fn check_at_start<R: Runtime>(app: AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let Ok(listed) = state.accounts.profiles.list() else { return };
    let Some(mut log) = ShownLog::open(&app, SHOWN_KEY) else { return };
    for profile in listed.profiles {
        let record = match health::refresh(&state, &profile.id, false).await {
            Ok(Some(record)) if record.idp_data.is_some() => record,
            Ok(_) => continue,
            Err(error) => {
                tracing::warn!(profile = %profile.id, code = error.code(), "the health check at start failed: {error}");
                continue;
            }
        };
        let now = state.clock.now();
        let report = health::assess(Some(&record), now);
        tracing::info!(profile = %profile.id, status = ?report.status, "health checked at start");
        if notification_due(&report, now, log.last(&profile.id)) {
            log.show(&app, &profile.id, notification_text(&profile.name, &report), now);
        }
    }
    log.save();
}
