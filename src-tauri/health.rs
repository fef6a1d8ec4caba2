//! The health check's inputs as the app gathers them, for the Health page, the home screen and
//! the start-up reminder: the IdP's metadata (read from its address, at most daily unless the
//! admin asks), the certificate configured in Flex (the first one saved at step 3, or the one
//! the admin said they pasted later), and the certificate that signed the last captured login.
//! The verdict itself is `flex_sso_health`'s.

use flex_sso_certificate::Certificate;
use flex_sso_health::{HealthInput, HealthReport, MetadataReading as HealthMetadata, ResponseSigner};
use flex_sso_metadata::{inspect_url, InspectOptions, Severity};
use flex_sso_model::health::{MetadataReading, ReadingOutcome, SeenSignature};
use flex_sso_model::profiles::{MigrationRecord, Profile};
use time::OffsetDateTime;

use flex_sso_model::profiles::ProfileId;

use crate::error::AppResult;
use crate::records::with_record;
use crate::state::AppState;

/// Reads the metadata at `url` once. A reading that fails is kept as such (with the finding's
/// code and sentence), so the page can say when and why.
pub async fn read_metadata(state: &AppState, url: &str, now: OffsetDateTime) -> MetadataReading {
    let options = InspectOptions { download: crate::sandbox::metadata_download_policy(state.sandbox), ..InspectOptions::default() };
    let report = inspect_url(url, now, &options).await;
    let outcome = if report.certificates.is_empty() {
        let finding = report.findings.iter().find(|f| f.severity == Severity::Error);
        ReadingOutcome::Failed {
            code: finding.map(|f| f.code.as_str().to_owned()).unwrap_or_else(|| "metadata_no_certificate".to_owned()),
            message: finding
                .map(|f| format!("{} {}", f.title, f.detail))
                .unwrap_or_else(|| "It lists no signing certificate.".to_owned()),
        }
    } else {
        ReadingOutcome::Read { signing_certificates: report.certificates.iter().map(|c| c.pem.clone()).collect() }
    };
    tracing::info!(ok = matches!(outcome, ReadingOutcome::Read { .. }), "IdP metadata read for the health check");
    MetadataReading { at: now, url: url.to_owned(), outcome }
}

/// The metadata address of a migration, when one is known.
pub fn metadata_url(record: &MigrationRecord) -> Option<&str> {
    record.idp_data.as_ref()?.metadata_url.as_deref()
}

/// The migration's last metadata reading, if it is of today's address: a reading of an address
/// the admin has changed since says nothing about the new one.
pub fn current_reading(record: &MigrationRecord) -> Option<&MetadataReading> {
    record.health.metadata.as_ref().filter(|r| Some(r.url.as_str()) == metadata_url(record))
}

/// The account's migration record, with its metadata read again first when `read_again` is set
/// or the last reading of its address is a day old (or there is none). `None`: nothing is saved
/// for the account yet.
pub async fn refresh(state: &AppState, id: &ProfileId, read_again: bool) -> AppResult<Option<MigrationRecord>> {
    let record = state.accounts.profiles.load_migration(id)?.map(|l| l.value);
    let Some(url) = record.as_ref().and_then(metadata_url).map(str::to_owned) else { return Ok(record) };
    let now = state.clock.now();
    if !read_again && !MetadataReading::due(record.as_ref().and_then(current_reading), now) {
        return Ok(record);
    }
    let reading = read_metadata(state, &url, now).await;
    // Saved into the record as it is now (another change may have landed during the download).
    let (_, saved, _, ()) = with_record(state, id, |record, _| {
        record.health.metadata = Some(reading);
        Ok(())
    })?;
    Ok(Some(saved))
}

/// Remembers the certificate in the signature of a SAML response a login check captured.
pub fn remember_signature(record: &mut MigrationRecord, certificate_pem: String, at: OffsetDateTime) {
    record.health.last_signature = Some(SeenSignature { at, certificate_pem });
}

/// The certificate in Flex: the first one saved (step 3 pastes that one; the others an import
/// kept only recognise sign-ins during a change), or the one the admin said they pasted later.
pub fn configured_certificate(record: &MigrationRecord) -> Option<Certificate> {
    let first = record.idp_data.as_ref()?.certificates.first()?;
    flex_sso_certificate::parse_text(first).ok()?.into_iter().next()
}

fn certificates_of(pems: &[String]) -> Vec<Certificate> {
    pems.iter().filter_map(|pem| flex_sso_certificate::parse_text(pem).ok()).flatten().collect()
}

/// What the health check is given for this migration, from what is saved (no network).
pub fn input(record: Option<&MigrationRecord>, now: OffsetDateTime) -> HealthInput {
    let Some(record) = record else {
        return HealthInput { now, idp: None, configured: Vec::new(), metadata: HealthMetadata::NotGiven, last_response: None };
    };
    let metadata = match current_reading(record) {
        None => HealthMetadata::NotGiven,
        Some(MetadataReading { at, url, outcome: ReadingOutcome::Read { signing_certificates } }) => {
            HealthMetadata::Read { signing: certificates_of(signing_certificates), source: url.clone(), read_at: *at }
        }
        Some(MetadataReading { url, outcome: ReadingOutcome::Failed { message, .. }, .. }) => {
            HealthMetadata::Unreadable { source: url.clone(), reason: message.clone() }
        }
    };
    let last_response = record.health.last_signature.as_ref().and_then(|seen| {
        let certificate = flex_sso_certificate::parse_text(&seen.certificate_pem).ok()?.into_iter().next()?;
        Some(ResponseSigner { certificate, seen_at: Some(seen.at) })
    });
    HealthInput {
        now,
        idp: record.idp_id.clone(),
        configured: configured_certificate(record).into_iter().collect(),
        metadata,
        last_response,
    }
}

/// The verdict for this migration as saved.
pub fn assess(record: Option<&MigrationRecord>, now: OffsetDateTime) -> HealthReport {
    flex_sso_health::check(&input(record, now))
}

/// The PEM of each certificate the metadata lists, by SHA-256, so the page can offer the new one
/// to copy into Flex.
pub fn metadata_pems(record: &MigrationRecord) -> Vec<(String, String)> {
    match current_reading(record).map(|r| &r.outcome) {
        Some(ReadingOutcome::Read { signing_certificates }) => certificates_of(signing_certificates)
            .into_iter()
            .map(|c| (c.sha256_fingerprint().to_owned(), c.to_pem()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The calendar file of the configured certificate's expiry warnings.
pub fn expiry_ics(profile: &Profile, configured: &Certificate, now: OffsetDateTime) -> String {
    let expiry = flex_sso_health::Expiry::of(configured, now);
    flex_sso_reports::certificate_reminder::certificate_reminders_ics(profile.id.as_str(), &profile.name, &expiry, now)
}

/// The certificate in the signature of a captured SAML response (as posted: base64), unverified:
/// it tells which certificate the IdP signs with today, whether or not Flex trusts it.
pub fn signer_of(saml_response: &str) -> Option<Certificate> {
    let decoded = flex_sso_saml::decode_input(saml_response).ok()?;
    let der = flex_sso_saml::signing_certificate_der(&decoded.xml).ok()??;
    Certificate::from_der(&der).ok()
}
