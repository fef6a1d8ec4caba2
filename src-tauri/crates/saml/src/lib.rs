//! SAML response diagnosis for Flex SSO.
//!
//! When a Flex login fails, an admin is left with "login failed" or raw XML. This crate decodes
//! what the identity provider sent ([`decode_input`]), checks it against what Flex requires and
//! what the admin configured ([`Expectations`]), verifies its signatures in pure Rust, and says in
//! plain words what is wrong and which setting to change ([`Report`]). It runs locally: nothing
//! is sent anywhere. No Tauri in here; the UI screen and the CLI sit on top.
//!
//! ```no_run
//! use flex_sso_saml::{diagnose, Expectations};
//! let now = time::OffsetDateTime::now_utc(); // the caller reads the clock, never this crate
//! let exp = Expectations::new(
//!     "urn:flex:JQ0123456789abcdef0123456789abcdef",
//!     "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef",
//!     now,
//! );
//! let report = diagnose("PHNhbWxwOlJlc3BvbnNlIC4uLg==", &exp);
//! println!("{}", serde_json::to_string_pretty(&report).unwrap());
//! std::process::exit(report.exit_code());
//! ```

pub mod authn_request;
pub mod certificate;
pub mod decode;
pub mod diagnose;
pub mod expectations;
pub mod finding;
/// For the fuzz targets only (see the module).
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod report;
pub mod signature;
pub mod signing_certificate;
pub mod summary;

pub(crate) mod c14n;
pub(crate) mod checks;
#[cfg(test)]
pub(crate) mod generated_xml;
pub(crate) mod pretty;
pub(crate) mod wording;
pub(crate) mod xml;

pub use authn_request::{authn_request_issuer, requested_by, RequestedBy};
pub use certificate::{Certificate, CertificateError, CertificateInfo};
pub use decode::{decode_input, DecodedInput, InputError, InputForm};
pub use diagnose::{diagnose, diagnose_decoded, diagnose_xml};
pub use expectations::{Expectations, IdpLabels};
pub use finding::{Finding, FindingCode, Location, SetValue, Severity};
pub use report::{Checked, Report, Verdict};
pub use signature::{Crypto, SignatureSummary};
pub use signing_certificate::signing_certificate_der;
pub use summary::{AttributeSummary, Summary};
pub use xml::XmlError;
