//! A local stand-in for the three Twilio endpoints Flex SSO Migrator reads (FLEX-SSO-FACTS §2):
//! Flex Configuration, the Account resource and the public SSO connection list.
//!
//! It listens on loopback, checks Basic auth against configured (fake) credentials, and answers
//! from a switchable [`Scenario`]: eligible or not, wrong credentials, suspended account, rate
//! limits, intermittent 500s, slow answers, connections reset or stalled mid-answer, the three
//! SSO states. Tests and the practice sandbox use it instead of the real Twilio. A fixed latency
//! can be added to every answer ([`EmulatorConfig::added_latency`], `--latency-ms`) without
//! changing any of them, for the preflight benchmark.
//!
//! Control endpoints (not Twilio's): `GET|POST /__emulator/scenario`, `GET /__emulator/requests`,
//! `POST /__emulator/reset`.

mod connection_faults;
pub mod payloads;
pub mod scenario;
pub mod server;
pub mod spec;

pub use scenario::{AccountKind, AccountState, Fault, FlexSetup, Preset, Scenario, SsoSetup};
pub use server::{defaults, ApiKeyCredential, Emulator, EmulatorConfig, EmulatorError, EmulatorHandle, RequestCounts};
