//! What Flex needs the IdP app to hold, and what it held before the migration.

use flex_sso_model::values::{classify_sp_value, Hosts, SpValueKind, SpValues};
use serde::Serialize;

/// The values the IdP app must hold after the migration (the new connection's), plus the hosts
/// to recognise the legacy ones by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlexTarget {
    pub entity_id: String,
    pub acs_url: String,
    #[serde(skip)]
    pub hosts: Hosts,
}

impl FlexTarget {
    pub fn new(values: SpValues, hosts: Hosts) -> Self {
        Self { entity_id: values.entity_id, acs_url: values.acs_url, hosts }
    }

    /// What a value the IdP holds is, in the words a row shows: "the legacy Entity ID", …
    pub fn describe(&self, value: &str) -> Option<&'static str> {
        match classify_sp_value(value, &self.hosts) {
            SpValueKind::LegacyEntityId => Some("the legacy Entity ID"),
            SpValueKind::LegacyAcs => Some("the legacy ACS URL"),
            SpValueKind::OlderLegacy => Some("the older legacy (preview.twilio.com) value"),
            SpValueKind::NewEntityId if value.trim() != self.entity_id => Some("the Entity ID of another Flex connection"),
            SpValueKind::NewAcs if value.trim() != self.acs_url => Some("the ACS URL of another Flex connection"),
            SpValueKind::NewEntityId => Some("the new Entity ID"),
            SpValueKind::NewAcs => Some("the new ACS URL"),
            SpValueKind::Unknown => None,
        }
    }

    /// Whether a value belongs to Flex at all (legacy or new), to find the Flex app among others.
    pub fn is_flex_value(&self, value: &str) -> bool {
        classify_sp_value(value, &self.hosts) != SpValueKind::Unknown
    }
}
