//! System notifications shown at start, at most once a day per account and kind (the switch-back
//! countdown, the certificate health check). When each was last shown is kept in the
//! preferences file under the kind's key, `{ "<profile id>": "<RFC 3339 time last shown>" }`; a
//! notification the system could not show is not marked, so the next start tries again.

use std::sync::Arc;

use serde_json::{Map, Value};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_store::{Store, StoreExt};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use flex_sso_model::profiles::ProfileId;

use crate::commands::preferences::PREFERENCES_FILE;

/// When the notifications of one kind were last shown, per account.
pub struct ShownLog<R: Runtime> {
    store: Arc<Store<R>>,
    key: &'static str,
    shown: Map<String, Value>,
    changed: bool,
}

impl<R: Runtime> ShownLog<R> {
    /// The log under `key`; `None` when the preferences file cannot be opened (then nothing is
    /// shown: without the log, the same notice would come at every start).
    pub fn open(app: &AppHandle<R>, key: &'static str) -> Option<Self> {
        let store = app.store(PREFERENCES_FILE).map_err(|e| tracing::warn!("the preferences could not be read: {e}")).ok()?;
        let shown = store.get(key).and_then(|v| v.as_object().cloned()).unwrap_or_default();
        Some(ShownLog { store, key, shown, changed: false })
    }

    pub fn last(&self, profile: &ProfileId) -> Option<OffsetDateTime> {
        self.shown.get(profile.as_str()).and_then(|v| v.as_str()).and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
    }

    /// Shows the notification and, once the system took it, notes the time.
    pub fn show(&mut self, app: &AppHandle<R>, profile: &ProfileId, (title, body): (String, String), now: OffsetDateTime) {
        match app.notification().builder().title(title).body(body).show() {
            Ok(()) => {
                tracing::info!(profile = %profile, kind = self.key, "notification shown");
                self.shown.insert(profile.to_string(), now.format(&Rfc3339).unwrap_or_default().into());
                self.changed = true;
            }
            Err(error) => tracing::warn!(profile = %profile, kind = self.key, "a notification could not be shown: {error}"),
        }
    }

    /// Writes the times down (only when one was shown).
    pub fn save(self) {
        if !self.changed {
            return;
        }
        self.store.set(self.key, Value::Object(self.shown));
        if let Err(error) = self.store.save() {
            tracing::warn!(kind = self.key, "could not remember that a notification was shown: {error}");
        }
    }
}
