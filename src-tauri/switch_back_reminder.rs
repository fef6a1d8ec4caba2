//! At start: a system notification for each finished migration whose switch-back window closes
//! within 3 days, at most once a day per account (the rules: `flex_sso_reports::reminder`). When
//! one was last shown is kept in the preferences file, per profile; a notification the system
//! could not show is tried again at the next start.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_store::StoreExt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use flex_sso_reports::reminder;

use crate::commands::preferences::PREFERENCES_FILE;
use crate::state::AppState;

/// The preferences key: `{ "<profile id>": "<RFC 3339 time last shown>" }`.
const SHOWN_KEY: &str = "switch_back_notified";

pub fn notify_due<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let now = state.clock.now();
    let Ok(listed) = state.accounts.profiles.list() else { return };
    let Ok(store) = app.store(PREFERENCES_FILE) else { return };
    let mut shown = store.get(SHOWN_KEY).and_then(|v| v.as_object().cloned()).unwrap_or_default();
    let mut changed = false;
    for profile in listed.profiles {
        let Ok(Some(loaded)) = state.accounts.profiles.load_migration(&profile.id) else { continue };
        let Some(deadline) = loaded.value.state.switch_back_deadline() else { continue };
        let last = shown.get(profile.id.as_str()).and_then(|v| v.as_str()).and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok());
        if !reminder::notification_due(deadline, now, last) {
            continue;
        }
        let (title, body) = reminder::notification_text(&profile.name, deadline, now);
        match app.notification().builder().title(title).body(body).show() {
            Ok(()) => {
                tracing::info!(profile = %profile.id, "switch-back reminder shown");
                shown.insert(profile.id.to_string(), now.format(&Rfc3339).unwrap_or_default().into());
                changed = true;
            }
            Err(error) => tracing::warn!(profile = %profile.id, "the switch-back reminder could not be shown: {error}"),
        }
    }
    if changed {
        store.set(SHOWN_KEY, serde_json::Value::Object(shown));
        if let Err(error) = store.save() {
            tracing::warn!("could not remember that the reminder was shown: {error}");
        }
    }
}
