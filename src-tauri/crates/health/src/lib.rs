//! The certificate health check, after the migration.
//!
//! Flex's SSO setup takes one X.509 certificate. When the IdP rotates its signing certificate,
//! the copy in Flex goes stale and agents cannot sign in. This crate compares the three things
//! the app knows and says, in one sentence, whether they agree and what to do:
//!
//! - the certificate(s) configured in Flex (pasted at step 3, or imported);
//! - the IdP's metadata: its signing certificates in document order, or why it could not be read;
//! - the certificate that signed the last captured SAML response (from a login check).
//!
//! ```text
//! HealthInput { now, idp, configured, metadata, last_response }
//!     --check()--> HealthReport { status, headline, next_steps, situations, certificates,
//!                                 expiry, rotation }
//! ```
//!
//! - [`check`]: the one pure function. The caller reads files, the network and the clock; `now`
//!   is injected, so every state is tested on a chosen day.
//! - [`Status`]: `healthy` | `action_needed` | `could_not_check`, and [`Status::exit_code`] for the
//!   CLI (0, 1, 2). Any definite action wins; else an unreadable metadata (or nothing to compare
//!   with) is `could_not_check`; else `healthy`.
//! - [`Expiry`] / [`ExpiryLevel`]: warnings at [`WARN_60_DAYS`], [`WARN_30_DAYS`], [`WARN_7_DAYS`].
//! - [`RotationWalkthrough`]: when a second certificate is in view, the order of steps that keeps
//!   agents signing in, what the IdP does (quoted from the IdP catalog with its sources), and the
//!   check that proves each step.
//! - [`notification_due`]: at most once a UTC day, only when the admin must act.
//!
//! The calendar file of the expiry warnings is `flex_sso_reports::certificate_reminder`. No
//! Tauri, no I/O.

mod check;
mod expiry;
mod input;
mod notify;
mod report;
mod rotation;
mod words;

pub use check::check;
pub use expiry::{Expiry, ExpiryLevel, WARNING_DAYS, WARN_30_DAYS, WARN_60_DAYS, WARN_7_DAYS};
pub use flex_sso_certificate::Certificate;
pub use input::{HealthInput, MetadataReading, ResponseSigner};
pub use notify::{notification_due, notification_text};
pub use report::{CertificateRow, HealthReport, MetadataSummary, Situation, Status};
pub use rotation::{QuotedFact, RotationCertificate, RotationStep, RotationWalkthrough};

#[cfg(test)]
mod tests;
