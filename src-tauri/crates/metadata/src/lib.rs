//! IdP metadata and certificates for Flex SSO Migrator.
//!
//! Step 3 of the Flex SSO migration ("create new connection") asks for the IdP's Issuer, Single
//! Sign-On URL and X.509 certificate. Most IdPs publish these as SAML metadata. This crate reads
//! that metadata (from a URL, a file or a paste) or a certificate alone, picks the values Flex
//! needs, and explains in plain words what is wrong with them. No Tauri in here. Certificates
//! are read by `flex-sso-certificate`, the workspace's one X.509 reader; this crate describes
//! them ([`CertificateInfo`]) and judges them.
//!
//! Entry points: [`inspect_bytes`] for files and pastes, [`fetch_metadata_url`] /
//! [`inspect_url`] for addresses. Both produce a [`Report`] with [`Report::exit_code`].

pub mod address_guard;
mod algorithms;
pub mod bindings;
pub mod certificate;
mod choose;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod findings;
mod inspect;
pub mod limits;
pub mod metadata;
pub mod report;
mod xml;

pub use address_guard::DownloadPolicy;
pub use bindings::SsoEndpoint;
pub use certificate::{Caution, CertificateInfo, KeyUse, LONG_LIVED_DAYS};
pub use error::InputError;
#[cfg(feature = "fetch")]
pub use fetch::{fetch_metadata_url, inspect_url, FetchError, Fetched};
pub use findings::{Finding, FindingCode, Severity};
pub use inspect::{inspect_bytes, EntitySelector, InspectOptions};
pub use limits::Limits;
pub use metadata::{parse_entities, EntityMetadata};
pub use report::{ConsoleValues, InputKind, Report};
