//! The comparison itself: configured certificate(s), metadata, and the last response's signer.

use flex_sso_certificate::{rfc3339, Certificate};

use crate::expiry::{Expiry, ExpiryLevel};
use crate::input::{HealthInput, MetadataReading};
use crate::report::{CertificateRow, HealthReport, MetadataSummary, Situation, Status};
use crate::rotation::{walkthrough, RotationView};
use crate::words::{headline, steps, Known};

/// The certificates without repeats (by DER, which is what SHA-256 compares), in first-seen order.
fn distinct(certs: &[Certificate]) -> Vec<&Certificate> {
    let mut out: Vec<&Certificate> = Vec::new();
    for cert in certs {
        if !out.iter().any(|c| c.same_as(cert)) {
            out.push(cert);
        }
    }
    out
}

fn contains(list: &[&Certificate], cert: &Certificate) -> bool {
    list.iter().any(|c| c.same_as(cert))
}

/// The certificate that ends last; the first of equals (document order).
fn latest<'a>(certs: &[&'a Certificate]) -> Option<&'a Certificate> {
    certs.iter().copied().fold(None, |best: Option<&'a Certificate>, c| match best {
        Some(b) if b.not_after() >= c.not_after() => Some(b),
        _ => Some(c),
    })
}

/// Compares what Flex has with what the IdP publishes and signs with, at `input.now`.
pub fn check(input: &HealthInput) -> HealthReport {
    let now = input.now;
    let configured = distinct(&input.configured);
    let metadata: Option<Vec<&Certificate>> = match &input.metadata {
        MetadataReading::Read { signing, .. } => Some(distinct(signing)),
        _ => None,
    };
    let in_metadata = |c: &Certificate| metadata.as_deref().is_some_and(|m| contains(m, c));
    let signer = input.last_response.as_ref().map(|r| &r.certificate);

    // The configured certificate that matters: the one seen signing, else the one the metadata
    // lists, else the first.
    let primary: Option<&Certificate> = signer
        .and_then(|s| configured.iter().copied().find(|c| c.same_as(s)))
        .or_else(|| configured.iter().copied().find(|c| in_metadata(c)))
        .or_else(|| configured.first().copied());
    let expiry = primary.map(|c| Expiry::of(c, now));

    // The IdP's next certificate: the one it signed with if Flex lacks it, else the metadata's
    // unconfigured certificate that ends last (the first of equals, in document order). An
    // expired one is the IdP's previous certificate left in its metadata, not a next one.
    let unconfigured_in_metadata: Vec<&Certificate> = metadata
        .as_deref()
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|c| !contains(&configured, c) && c.not_after() > now)
        .collect();
    let new_cert: Option<&Certificate> =
        signer.filter(|s| !contains(&configured, s)).or_else(|| latest(&unconfigured_in_metadata));

    let mut situations = Vec::new();
    if let Some(primary) = primary {
        if signer.is_some_and(|s| !contains(&configured, s)) {
            situations.push(Situation::SignedByUnconfigured);
        }
        let any_configured_listed = configured.iter().any(|c| in_metadata(c));
        if metadata.as_ref().is_some_and(|m| !m.is_empty()) && !any_configured_listed {
            situations.push(Situation::MetadataRotated);
        }
        match ExpiryLevel::at(primary.not_after(), now) {
            ExpiryLevel::Expired => situations.push(Situation::ConfiguredExpired),
            ExpiryLevel::None => {}
            _ => situations.push(Situation::ConfiguredExpiring),
        }
        if any_configured_listed && !unconfigured_in_metadata.is_empty() {
            situations.push(Situation::NewCertificateAnnounced);
        }
    } else {
        situations.push(Situation::NoConfiguredCertificate);
    }
    let metadata_reason = match &input.metadata {
        MetadataReading::Unreadable { reason, .. } => {
            situations.push(Situation::MetadataUnreadable);
            Some(reason.as_str())
        }
        MetadataReading::Read { signing, .. } if signing.is_empty() => {
            situations.push(Situation::MetadataWithoutSigningCertificate);
            None
        }
        MetadataReading::NotGiven if signer.is_none() => {
            situations.push(Situation::NothingToCompare);
            None
        }
        _ => None,
    };
    if situations.is_empty() {
        situations.push(Situation::Agree);
    }
    // The enum's order is the order of urgency.
    situations.sort();

    let status = if situations.iter().any(|s| s.is_action()) {
        Status::ActionNeeded
    } else if situations.contains(&Situation::Agree) {
        Status::Healthy
    } else {
        Status::CouldNotCheck
    };

    let known = Known { now, configured: primary, new_cert, signer, metadata_reason };
    let mut next_steps: Vec<String> = Vec::new();
    for step in situations.iter().flat_map(|s| steps(*s, &known)) {
        if !next_steps.contains(&step) {
            next_steps.push(step);
        }
    }

    // The rotation walk-through, when a second certificate is in view.
    let other_listed = metadata
        .as_deref()
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|c| primary.is_some_and(|p| !p.same_as(c)) && c.not_after() > now)
        .collect::<Vec<_>>();
    let rotation = primary.and_then(|current| {
        let next = new_cert.or_else(|| latest(&other_listed))?;
        Some(walkthrough(&RotationView {
            now,
            idp: input.idp.as_deref(),
            current,
            next,
            signer,
            signer_seen_at: input.last_response.as_ref().and_then(|r| r.seen_at),
            next_configured: contains(&configured, next),
            next_in_metadata: in_metadata(next),
        }))
    });

    HealthReport {
        status,
        headline: headline(situations[0], &known),
        next_steps,
        situations,
        checked_at: rfc3339(now),
        metadata: summary(&input.metadata),
        signing_seen_at: input.last_response.as_ref().and_then(|r| r.seen_at).map(rfc3339),
        certificates: rows(&configured, metadata.as_deref().unwrap_or_default(), signer, now),
        expiry,
        rotation,
    }
}

fn summary(reading: &MetadataReading) -> MetadataSummary {
    match reading {
        MetadataReading::Read { source, read_at, .. } => MetadataSummary {
            state: "read",
            source: Some(source.clone()),
            read_at: Some(rfc3339(*read_at)),
            reason: None,
        },
        MetadataReading::Unreadable { source, reason } => {
            MetadataSummary { state: "unreadable", source: Some(source.clone()), read_at: None, reason: Some(reason.clone()) }
        }
        MetadataReading::NotGiven => MetadataSummary { state: "not_given", source: None, read_at: None, reason: None },
    }
}

/// One row per distinct certificate: configured first, then the metadata's, then the signer.
fn rows(configured: &[&Certificate], metadata: &[&Certificate], signer: Option<&Certificate>, now: time::OffsetDateTime) -> Vec<CertificateRow> {
    let mut all: Vec<&Certificate> = Vec::new();
    for cert in configured.iter().chain(metadata.iter()).copied().chain(signer) {
        if !contains(&all, cert) {
            all.push(cert);
        }
    }
    all.into_iter()
        .map(|c| {
            let is_configured = contains(configured, c);
            let listed = contains(metadata, c);
            CertificateRow {
                sha256: c.sha256_fingerprint().to_owned(),
                sha1: c.sha1_fingerprint().to_owned(),
                subject: c.subject().to_owned(),
                not_before: rfc3339(c.not_before()),
                not_after: rfc3339(c.not_after()),
                days_left: c.days_left(now),
                configured: is_configured,
                signing: signer.is_some_and(|s| s.same_as(c)),
                announced: listed && !is_configured,
                in_metadata: listed,
            }
        })
        .collect()
}
