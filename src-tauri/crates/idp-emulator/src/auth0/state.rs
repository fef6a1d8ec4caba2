//! The tenant as it stands while the emulator runs: the scenario's clients, changed by `PATCH`es
//! and by simulated dashboard edits, and the tenant log.

use serde_json::Value;

use super::Auth0Scenario;

#[derive(Debug)]
pub(crate) struct Auth0State {
    /// What was loaded, for `POST /__emulator/reset` and `GET /__emulator/scenario`.
    pub(crate) scenario: Auth0Scenario,
    pub(crate) clients: Vec<Value>,
    pub(crate) logs: Vec<Value>,
    /// Authenticated calls so far under [`super::Auth0Fault::RateLimited`].
    pub(crate) rate_limited_calls: u32,
}

impl Auth0State {
    pub(crate) fn new(scenario: Auth0Scenario) -> Self {
        Auth0State { clients: scenario.clients.clone(), logs: scenario.log_events.clone(), scenario, rate_limited_calls: 0 }
    }

    pub(crate) fn client(&self, id: &str) -> Option<&Value> {
        self.clients.iter().find(|c| c["client_id"] == id)
    }

    pub(crate) fn client_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.clients.iter_mut().find(|c| c["client_id"] == id)
    }

    /// An admin edits the client's SAML2 Web App settings JSON in the dashboard meanwhile: the
    /// assertion lifetime grows by a minute (a SAML client gets an add-on if it had none).
    /// Returns the client, or `None` if there is no such client.
    pub(crate) fn touch(&mut self, id: &str) -> Option<Value> {
        let client = self.client_mut(id)?;
        let samlp = &mut client["addons"]["samlp"];
        let lifetime = samlp.get("lifetimeInSeconds").and_then(Value::as_i64).unwrap_or(3600);
        samlp["lifetimeInSeconds"] = Value::from(lifetime + 60);
        Some(client.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth0::Auth0Preset;
    use crate::defaults;

    #[test]
    fn a_dashboard_edit_changes_the_saml_settings_every_time() {
        let mut state = Auth0State::new(Auth0Preset::Legacy.scenario());
        let before = state.client(defaults::AUTH0_FLEX_CLIENT_ID).unwrap().clone();
        let first = state.touch(defaults::AUTH0_FLEX_CLIENT_ID).unwrap();
        let second = state.touch(defaults::AUTH0_FLEX_CLIENT_ID).unwrap();
        assert_ne!(first["addons"]["samlp"], before["addons"]["samlp"]);
        assert_ne!(second["addons"]["samlp"], first["addons"]["samlp"]);
        assert_eq!(first["callbacks"], before["callbacks"]);
        assert!(state.touch("nope").is_none());
    }
}
