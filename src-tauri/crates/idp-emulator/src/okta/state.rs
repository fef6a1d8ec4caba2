//! The org as it stands while the emulator runs: the scenario's apps (with their `_links`),
//! changed by `PUT`s and by simulated console edits, and the System Log.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::fixtures::{apps, logs};
use super::{OktaApp, OktaScenario};
use crate::timefmt::{self, okta_time};

#[derive(Debug)]
pub(crate) struct OktaState {
    /// What was loaded, for `POST /__emulator/reset` and `GET /__emulator/scenario`.
    pub(crate) scenario: OktaScenario,
    pub(crate) apps: Vec<OktaApp>,
    pub(crate) logs: Vec<Value>,
    /// Authenticated calls so far under [`super::OktaFault::RateLimited`].
    pub(crate) rate_limited_calls: u32,
    changes: u32,
}

impl OktaState {
    pub(crate) fn new(scenario: OktaScenario, base_url: &str) -> Self {
        let apps = scenario
            .apps
            .iter()
            .map(|app| {
                let mut stored = app.clone();
                stored.app["_links"] = apps::links(base_url, app);
                stored
            })
            .collect();
        OktaState { logs: scenario.log_events.clone(), apps, scenario, rate_limited_calls: 0, changes: 0 }
    }

    pub(crate) fn app(&self, id: &str) -> Option<&OktaApp> {
        self.apps.iter().find(|a| a.id == id)
    }

    pub(crate) fn app_mut(&mut self, id: &str) -> Option<&mut OktaApp> {
        self.apps.iter_mut().find(|a| a.id == id)
    }

    /// A `lastUpdated` later than the app's current one, even within the same millisecond,
    /// so a client comparing timestamps always sees a change.
    pub(crate) fn next_last_updated(app: &OktaApp) -> String {
        let now = OffsetDateTime::now_utc();
        let at = match timefmt::field(&app.app, "lastUpdated") {
            Some(previous) if previous >= now - Duration::milliseconds(1) => previous + Duration::milliseconds(1),
            _ => now,
        };
        okta_time(at)
    }

    /// Logs an `application.lifecycle.update` for the app.
    pub(crate) fn log_app_update(&mut self, app_id: &str, by_console: bool) {
        self.changes += 1;
        let label = self.app(app_id).and_then(|a| a.app["label"].as_str()).unwrap_or_default().to_owned();
        let event = logs::app_updated(OffsetDateTime::now_utc(), self.changes, app_id, &label, by_console);
        self.logs.push(event);
    }

    /// An admin edits the app in the Okta console: the label changes and `lastUpdated` moves.
    /// Returns the app, or `None` if there is no such app.
    pub(crate) fn touch(&mut self, app_id: &str) -> Option<Value> {
        let app = self.app_mut(app_id)?;
        let last_updated = Self::next_last_updated(app);
        let label = app.app["label"].as_str().unwrap_or_default().trim_end_matches(" (edited)").to_owned();
        app.app["label"] = Value::String(format!("{label} (edited)"));
        app.app["lastUpdated"] = Value::String(last_updated);
        let answer = app.app.clone();
        self.log_app_update(app_id, true);
        Some(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults;
    use crate::okta::OktaPreset;

    #[test]
    fn a_console_edit_changes_the_label_and_moves_last_updated_every_time() {
        let mut state = OktaState::new(OktaPreset::Legacy.scenario(), "http://127.0.0.1:1");
        let before = state.app(defaults::FLEX_APP_ID).unwrap().app.clone();
        let first = state.touch(defaults::FLEX_APP_ID).unwrap();
        let second = state.touch(defaults::FLEX_APP_ID).unwrap();
        assert_ne!(first["label"], before["label"]);
        assert_eq!(second["label"], first["label"], "the label does not grow on each edit");
        let t = |v: &Value| timefmt::field(v, "lastUpdated").unwrap();
        assert!(t(&before) < t(&first) && t(&first) < t(&second));
        assert!(state.touch("0oanope").is_none());
        assert_eq!(state.logs.iter().filter(|e| e["eventType"] == "application.lifecycle.update").count(), 2);
    }
}
