//! What the health check remembers between runs, per migration: the IdP's metadata as last read
//! (so the page and the home screen can answer without the network, and the app re-reads it at
//! most daily), and the certificate that signed the last captured login.
//!
//! Only public material is kept: certificates are public by design (the IdP publishes them in its
//! metadata and in every SAML response), and a failed reading keeps its code and the app's own
//! sentence, never a page's text.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The health check's memory of one migration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataReading>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_signature: Option<SeenSignature>,
}

/// One reading of the IdP's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataReading {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The address it was read from.
    pub url: String,
    #[serde(flatten)]
    pub outcome: ReadingOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReadingOutcome {
    /// The signing certificates it lists (`use="signing"` or no `use`), in document order, as PEM.
    Read { signing_certificates: Vec<String> },
    /// Why it could not be read: a finding code and the app's sentence for it.
    Failed { code: String, message: String },
}

/// The certificate in the signature of the last SAML response a login check captured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenSignature {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub certificate_pem: String,
}

impl MetadataReading {
    /// Whether a new reading is due: none yet, or the last is at least a day old (the app reads
    /// at most daily on its own; the page's "Read again" always reads).
    pub fn due(reading: Option<&MetadataReading>, now: OffsetDateTime) -> bool {
        reading.is_none_or(|r| now - r.at >= time::Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_reading_is_due_once_a_day() {
        let at = datetime!(2026-12-01 09:00 UTC);
        let reading = MetadataReading { at, url: "https://idp.example/metadata".into(), outcome: ReadingOutcome::Read { signing_certificates: vec![] } };
        assert!(MetadataReading::due(None, at));
        assert!(!MetadataReading::due(Some(&reading), datetime!(2026-12-02 08:59 UTC)));
        assert!(MetadataReading::due(Some(&reading), datetime!(2026-12-02 09:00 UTC)));
    }

    #[test]
    fn an_old_record_without_health_reads_as_empty() {
        let record: HealthRecord = serde_json::from_str("{}").unwrap();
        assert_eq!(record, HealthRecord::default());
        let failed = MetadataReading {
            at: datetime!(2026-12-01 09:00 UTC),
            url: "https://idp.example/m".into(),
            outcome: ReadingOutcome::Failed { code: "fetch_failed".into(), message: "The address did not answer.".into() },
        };
        let json = serde_json::to_value(&failed).unwrap();
        assert_eq!(json["outcome"], "failed");
        assert_eq!(serde_json::from_value::<MetadataReading>(json).unwrap(), failed);
    }
}
