//! What the check answers: serialized as is for the Health page and for the CLI's `--json`.

use serde::Serialize;

use crate::expiry::Expiry;
use crate::rotation::RotationWalkthrough;

/// The verdict, and the CLI's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Flex and the IdP agree and nothing expires within 60 days.
    Healthy,
    /// Something definite must be done (paste a certificate, plan a switch).
    ActionNeeded,
    /// Nothing definite to do, but the comparison could not be made (metadata unreadable, or
    /// nothing to compare with).
    CouldNotCheck,
}

impl Status {
    /// 0 healthy, 1 action needed, 2 could not check (the CLI's convention: see `cli.rs`).
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Healthy => 0,
            Status::ActionNeeded => 1,
            Status::CouldNotCheck => 2,
        }
    }
}

/// What the check found, as a stable code for the UI to branch on. A report lists every one that
/// applies (`situations`); the headline speaks of the first, the most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// The last captured response was signed by a certificate Flex does not have.
    SignedByUnconfigured,
    /// The metadata no longer lists the certificate Flex has.
    MetadataRotated,
    /// The certificate Flex has has expired.
    ConfiguredExpired,
    /// The metadata lists a second signing certificate beside the one Flex has.
    NewCertificateAnnounced,
    /// The certificate Flex has ends within 60 days.
    ConfiguredExpiring,
    /// The metadata could not be read.
    MetadataUnreadable,
    /// The metadata was read but lists no signing certificate.
    MetadataWithoutSigningCertificate,
    /// The certificate configured in Flex is not known to the app.
    NoConfiguredCertificate,
    /// No metadata and no captured response: nothing to compare with.
    NothingToCompare,
    /// Flex and the IdP agree.
    Agree,
}

impl Situation {
    /// Whether this asks the admin to do something definite (the status is then action needed).
    pub fn is_action(self) -> bool {
        matches!(
            self,
            Situation::SignedByUnconfigured
                | Situation::MetadataRotated
                | Situation::ConfiguredExpired
                | Situation::NewCertificateAnnounced
                | Situation::ConfiguredExpiring
        )
    }
}

/// One certificate the check saw, wherever it was seen (rows are distinct by SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRow {
    pub sha256: String,
    pub sha1: String,
    pub subject: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// Whole days left, rounded down; negative once expired.
    pub days_left: i64,
    /// Configured in Flex.
    pub configured: bool,
    /// Signed the last captured response.
    pub signing: bool,
    /// In the metadata but not configured in Flex: the IdP's next certificate.
    pub announced: bool,
    /// Listed as a signing certificate in the IdP's metadata.
    pub in_metadata: bool,
}

/// Where the metadata came from and whether it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataSummary {
    /// `read`, `unreadable` or `not_given`.
    pub state: &'static str,
    pub source: Option<String>,
    /// RFC 3339, when read.
    pub read_at: Option<String>,
    /// Why it could not be read.
    pub reason: Option<String>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthReport {
    pub status: Status,
    /// One sentence for the top of the page: whether they agree and, if not, what to do.
    pub headline: String,
    /// The next steps, most urgent first.
    pub next_steps: Vec<String>,
    /// Every situation that applies, most urgent first (the headline's is the first).
    pub situations: Vec<Situation>,
    /// RFC 3339: the moment judged at.
    pub checked_at: String,
    pub metadata: MetadataSummary,
    /// RFC 3339: when the response of `signing` was captured, when known.
    pub signing_seen_at: Option<String>,
    /// Configured first, then the metadata's in document order, then the response's signer.
    pub certificates: Vec<CertificateRow>,
    /// The expiry of the certificate configured in Flex (the one the IdP signs with, when
    /// several are configured and one is known to sign).
    pub expiry: Option<Expiry>,
    /// When a second certificate is in view: how to switch without locking agents out.
    pub rotation: Option<RotationWalkthrough>,
}

impl HealthReport {
    pub fn exit_code(&self) -> i32 {
        self.status.exit_code()
    }

    /// Whether the admin should be told without opening the app: an action, or an expiry warning.
    pub fn needs_admin(&self) -> bool {
        self.status == Status::ActionNeeded || self.expiry.as_ref().is_some_and(|e| e.level.warns())
    }
}
