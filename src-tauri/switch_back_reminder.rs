//! At start: a system notification for each finished migration whose switch-back window closes
//! within 3 days, at most once a day per account (the rules: `flex_sso_reports::reminder`; the
//! once-a-day log: [`crate::notices`]).

use tauri::{AppHandle, Manager, Runtime};

use flex_sso_reports::reminder;

use crate::notices::ShownLog;
use crate::state::AppState;

/// The preferences key of the times shown.
const SHOWN_KEY: &str = "switch_back_notified";

pub fn notify_due<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let now = state.clock.now();
    let Ok(listed) = state.accounts.profiles.list() else { return };
    let Some(mut log) = ShownLog::open(app, SHOWN_KEY) else { return };
    for profile in listed.profiles {
        let Ok(Some(loaded)) = state.accounts.profiles.load_migration(&profile.id) else { continue };
        let Some(deadline) = loaded.value.state.switch_back_deadline() else { continue };
        if reminder::notification_due(deadline, now, log.last(&profile.id)) {
            log.show(app, &profile.id, reminder::notification_text(&profile.name, deadline, now), now);
        }
    }
    log.save();
}
