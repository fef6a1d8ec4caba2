//! Microsoft Graph v1.0 (Entra ID): service principals, applications (read and PATCH), the
//! sign-in log, and the Microsoft sign-in's device code flow. Modelled on Microsoft's OpenAPI
//! cut of Graph (`fixtures/graph/`, see SOURCE.md there). Graph lives under
//! [`crate::defaults::GRAPH_PATH`], the sign-in under [`crate::defaults::LOGIN_PATH`].

mod applications;
mod device;
pub(crate) mod error;
mod filter;
pub mod fixtures;
mod gate;
mod query;
pub mod routes;
mod scenario;
mod service_principals;
mod sign_ins;
pub(crate) mod state;

pub use device::DeviceDecision;
pub(crate) use device::decide;
pub use fixtures::GraphApp;
pub use scenario::{GraphFault, GraphPreset, GraphScenario};

/// Graph's spec excerpts and their provenance, for contract tests.
pub mod spec {
    /// Applications module (OpenAPI 3.0.1, YAML): applications, servicePrincipals, …
    pub const APPLICATIONS_YAML: &str = include_str!("../../fixtures/graph/applications-excerpt.yaml");
    /// Reports module: `/auditLogs/signIns`.
    pub const REPORTS_SIGN_INS_YAML: &str = include_str!("../../fixtures/graph/reports-signins-excerpt.yaml");
    /// Where the excerpts come from and how to validate against them.
    pub const SOURCE_MD: &str = include_str!("../../fixtures/graph/SOURCE.md");
}
