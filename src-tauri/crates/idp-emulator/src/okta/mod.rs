//! The Okta Management API: apps, their signing keys and SAML metadata, the System Log.
//! Modelled on Okta's published OpenAPI spec (`fixtures/okta/`, see SOURCE.md there).

mod apps;
mod credentials;
pub(crate) mod error;
mod filter;
pub mod fixtures;
mod gate;
pub mod routes;
mod scenario;
pub(crate) mod state;
mod system_log;

pub use fixtures::apps::{FlexUrls, OktaApp};
pub use scenario::{OktaFault, OktaPreset, OktaScenario};

/// Okta's spec excerpt and its provenance, for contract tests (here and in the client's crate).
pub mod spec {
    /// Okta Management API excerpt (OpenAPI 3.0.3, YAML), byte for byte as published.
    pub const MANAGEMENT_API_YAML: &str = include_str!("../../fixtures/okta/management-api-excerpt.yaml");
    /// Okta org authorization server excerpt (OpenAPI 3.0.3, YAML).
    pub const OAUTH_ORG_AS_YAML: &str = include_str!("../../fixtures/okta/oauth-org-as-excerpt.yaml");
    /// Where the excerpts come from, their defects and the nulls Okta sends.
    pub const SOURCE_MD: &str = include_str!("../../fixtures/okta/SOURCE.md");
}
