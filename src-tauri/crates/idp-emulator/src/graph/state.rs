//! The tenant as it stands while the emulator runs: the scenario's apps (changed by PATCHes and
//! by simulated portal edits), the sign-in log, and the device code sign-ins under way.

use serde_json::Value;

use super::device::Grant;
use super::{GraphApp, GraphScenario};

#[derive(Debug)]
pub(crate) struct GraphState {
    /// What was loaded, for `POST /__emulator/reset` and `GET /__emulator/graph/scenario`.
    pub(crate) scenario: GraphScenario,
    pub(crate) apps: Vec<GraphApp>,
    pub(crate) sign_ins: Vec<Value>,
    pub(crate) rate_limited_calls: u32,
    pub(crate) grants: Vec<Grant>,
    edits: u32,
}

impl GraphState {
    pub(crate) fn new(scenario: GraphScenario) -> Self {
        GraphState { apps: scenario.apps.clone(), sign_ins: scenario.sign_ins.clone(), scenario, rate_limited_calls: 0, grants: Vec::new(), edits: 0 }
    }

    pub(crate) fn by_app_id(&self, app_id: &str) -> Option<&GraphApp> {
        self.apps.iter().find(|a| a.app_id().eq_ignore_ascii_case(app_id))
    }

    pub(crate) fn by_sp_id(&self, id: &str) -> Option<&GraphApp> {
        self.apps.iter().find(|a| a.service_principal["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(id)))
    }

    pub(crate) fn by_application_id_mut(&mut self, id: &str) -> Option<&mut GraphApp> {
        self.apps.iter_mut().find(|a| a.application["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(id)))
    }

    /// An admin edits the app in the Entra admin center: the home page URL of its `web` and its
    /// name change. Returns the application, or `None` if there is no such app.
    pub(crate) fn touch(&mut self, app_id: &str) -> Option<Value> {
        self.edits += 1;
        let edits = self.edits;
        let app = self.apps.iter_mut().find(|a| a.app_id().eq_ignore_ascii_case(app_id))?;
        let name = app.application["displayName"].as_str().unwrap_or_default().trim_end_matches(" (edited)").to_owned();
        let name = Value::String(format!("{name} (edited)"));
        app.application["displayName"] = name.clone();
        app.service_principal["displayName"] = name;
        if app.application["web"].is_object() {
            app.application["web"]["homePageUrl"] = Value::String(format!("https://flex.twilio.com/edited-{edits}"));
        }
        Some(app.application.clone())
    }
}
