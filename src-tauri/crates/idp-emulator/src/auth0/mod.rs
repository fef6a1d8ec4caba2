//! The Auth0 Management API v2: clients (applications) with their SAML2 Web App add-on, the
//! tenant's signing keys, the tenant log. Modelled on Auth0's published OpenAPI document
//! (`fixtures/auth0/`, see SOURCE.md there). Served under `/api/v2` of the emulator's origin, which
//! stands for the tenant domain.

mod clients;
pub(crate) mod error;
pub mod fixtures;
mod gate;
mod keys;
mod logs;
mod query;
pub mod routes;
mod scenario;
pub(crate) mod state;

pub use scenario::{Auth0Fault, Auth0Preset, Auth0Scenario};

/// Auth0's spec excerpts, for contract tests (here and in the client's crate).
pub mod spec {
    /// Auth0 Management API v2 excerpt (OpenAPI 3.1.0, JSON), byte for byte as published.
    pub const MANAGEMENT_API_JSON: &str = include_str!("../../fixtures/auth0/management-api-excerpt.json");
    /// Auth0's tenant log event schemas (`f`, `fp`, `fu`, `s`, `w`, …).
    pub const TENANT_LOGS_JSON: &str = include_str!("../../fixtures/auth0/tenant-logs-schema-excerpt.json");
    pub const SOURCE_MD: &str = include_str!("../../fixtures/auth0/SOURCE.md");
}
