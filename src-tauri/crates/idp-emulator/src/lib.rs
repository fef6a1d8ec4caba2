//! A local stand-in for the identity providers' management APIs that Flex SSO Migrator reads and,
//! with the admin's consent, writes: Okta's (apps, their signing keys and SAML metadata, the
//! System Log), Microsoft Graph's for Entra ID (service principals, applications, the sign-in
//! log, and the Microsoft sign-in's device code flow, under `/v1.0` and `/login` of the same
//! server: [`graph`]) and Auth0's (clients with their SAML2 Web App add-on, the tenant's signing
//! keys, the tenant log, under `/api/v2`: [`auth0`]), each in its own module.
//!
//! It listens on loopback, checks the `Authorization` header against fake org tokens
//! ([`defaults`]), and answers from a switchable scenario ([`OktaPreset`]): the Flex app with the
//! legacy, older legacy, new or half-changed Entity ID / ACS URL, several Flex-looking apps, none,
//! refused tokens, rate limits. Tests drive it through [`EmulatorHandle`]; the practice sandbox and
//! other processes use the bin and the control endpoints (not Okta's):
//! `GET|POST /__emulator/scenario`, `GET /__emulator/requests`, `POST /__emulator/reset`,
//! `POST /__emulator/okta/log-events`, `POST /__emulator/okta/apps/{id}/touch`,
//! `GET|POST /__emulator/graph/scenario`, `POST /__emulator/graph/apps/{appId}/touch`,
//! `POST /__emulator/graph/device/approve`,
//! `POST /__emulator/auth0/log-events`, `POST /__emulator/auth0/clients/{id}/touch`.
//!
//! `tests/contract.rs` holds every answer to Okta's published OpenAPI excerpt
//! (`fixtures/okta/management-api-excerpt.yaml`), `tests/auth0_contract.rs` every Auth0 answer to
//! Auth0's (`fixtures/auth0/management-api-excerpt.json`).

// The app fixtures are large `json!` literals.
#![recursion_limit = "256"]

pub mod auth0;
pub mod defaults;
pub mod graph;
pub mod okta;
mod record;
mod server;
mod timefmt;

pub use auth0::{Auth0Fault, Auth0Preset, Auth0Scenario};
pub use graph::{DeviceDecision, GraphApp, GraphFault, GraphPreset, GraphScenario};
pub use okta::{OktaApp, OktaFault, OktaPreset, OktaScenario};
pub use record::RecordedRequest;
pub use server::{EmulatorConfig, EmulatorError, EmulatorHandle, IdpEmulator};
