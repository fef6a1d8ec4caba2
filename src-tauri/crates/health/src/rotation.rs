//! The rotation walk-through: when a second signing certificate is in view, the order of steps
//! that keeps agents signing in, and the check that proves each step.
//!
//! Flex holds one certificate, so there is no moment when both work: from the time the IdP signs
//! with the new certificate until Flex has it, sign-ins fail (and the other way round, if the new
//! one is pasted into Flex first). The steps keep that gap as short as the admin can make it.

use flex_sso_certificate::{date_only, rfc3339, Certificate};
use flex_sso_facts::catalog::{Catalog, Sourced};
use serde::Serialize;
use time::OffsetDateTime;

use crate::words::flex_field;

/// One of the two certificates of a rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationCertificate {
    pub sha256: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
}

impl RotationCertificate {
    fn of(cert: &Certificate, now: OffsetDateTime) -> Self {
        RotationCertificate {
            sha256: cert.sha256_fingerprint().to_owned(),
            subject: cert.subject().to_owned(),
            not_before: rfc3339(cert.not_before()),
            not_after: rfc3339(cert.not_after()),
            days_left: cert.days_left(now),
        }
    }
}

/// A fact about the IdP, quoted from the catalog with its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotedFact {
    pub text: String,
    /// The page's id (for the app's `open_link`), title, and the day it was checked.
    pub page: String,
    pub page_title: String,
    pub checked: String,
    /// Why no page states it outright, when that is so.
    pub inferred: Option<String>,
}

impl QuotedFact {
    fn of(fact: &Sourced) -> Self {
        let page = fact.source.source();
        QuotedFact {
            text: fact.text.clone(),
            page: fact.source.page.clone(),
            page_title: page.map_or_else(String::new, |p| p.title.to_owned()),
            checked: page.map_or_else(String::new, |p| p.checked.to_owned()),
            inferred: fact.source.inferred.clone(),
        }
    }
}

/// One step and what proves it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationStep {
    pub number: u8,
    pub title: String,
    pub action: String,
    pub check: String,
    /// What the check already shows as done.
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationWalkthrough {
    /// The certificate Flex has.
    pub current: RotationCertificate,
    /// The IdP's other certificate.
    pub next: RotationCertificate,
    /// SHA-256 of the certificate the IdP signs with today: known only from a captured response.
    pub signs_today: Option<String>,
    pub signs_today_text: String,
    /// What the IdP does during a rotation, from the catalog (empty when the IdP is not named).
    pub idp_does: Vec<QuotedFact>,
    pub steps: Vec<RotationStep>,
    /// Said plainly: Flex holds one certificate, so sign-ins fail in between.
    pub gap_warning: String,
}

pub(crate) struct RotationView<'a> {
    pub now: OffsetDateTime,
    pub idp: Option<&'a str>,
    pub current: &'a Certificate,
    pub next: &'a Certificate,
    pub signer: Option<&'a Certificate>,
    pub signer_seen_at: Option<OffsetDateTime>,
    pub next_configured: bool,
    pub next_in_metadata: bool,
}

pub(crate) fn walkthrough(v: &RotationView<'_>) -> RotationWalkthrough {
    let entry = v.idp.and_then(|id| Catalog::builtin().get(id));
    let next_fp = v.next.sha256_fingerprint();
    let when = v.signer_seen_at.map_or_else(String::new, |t| format!(" (login check of {})", rfc3339(t)));
    let signs_today_text = match v.signer {
        Some(s) if s.same_as(v.next) => format!("Your IdP signs with the new certificate{when}."),
        Some(s) if s.same_as(v.current) => format!("Your IdP still signs with the certificate Flex has{when}."),
        Some(s) => format!("Your IdP signs with a third certificate (SHA-256 {}){when}.", s.sha256_fingerprint()),
        None => "Which one your IdP signs with today is not known until a login check.".to_owned(),
    };
    let signs_new = v.signer.is_some_and(|s| s.same_as(v.next));
    let make_active = entry.map_or_else(
        || "Make the new certificate the one your IdP signs with (your IdP's certificate or key rollover setting).".to_owned(),
        |e| e.rotation.make_active.text.clone(),
    );
    let steps = vec![
        RotationStep {
            number: 1,
            title: "Prepare".to_owned(),
            action: format!(
                "Have the new certificate ready (SHA-256 {next_fp}, valid from {} to {}) and agree a quiet time with your IdP administrator: steps 2 and 3 must follow each other at once.",
                date_only(v.next.not_before()),
                date_only(v.next.not_after())
            ),
            check: "The health check lists the new certificate in your IdP's metadata (announced).".to_owned(),
            done: v.next_in_metadata || signs_new || v.next_configured,
        },
        RotationStep {
            number: 2,
            title: "Make the new certificate active in your IdP".to_owned(),
            action: make_active,
            check: "A login check shows the response signed with the new certificate (Flex refuses it until step 3).".to_owned(),
            done: signs_new,
        },
        RotationStep {
            number: 3,
            title: "Paste it into Flex at once".to_owned(),
            action: format!("Right after step 2, paste the new certificate into {}, replacing the old one, and save.", flex_field()),
            check: "The health check shows the new certificate as configured in Flex.".to_owned(),
            done: v.next_configured,
        },
        RotationStep {
            number: 4,
            title: "Run the login check".to_owned(),
            action: "Sign in with a test user (one per role, if you can) in a fresh private window.".to_owned(),
            check: "The sign-in succeeds with a response signed by the new certificate, and the health check says healthy.".to_owned(),
            done: signs_new && v.next_configured,
        },
    ];
    RotationWalkthrough {
        current: RotationCertificate::of(v.current, v.now),
        next: RotationCertificate::of(v.next, v.now),
        signs_today: v.signer.map(|s| s.sha256_fingerprint().to_owned()),
        signs_today_text,
        idp_does: entry.map_or_else(Vec::new, |e| e.rotation.behaviour.iter().map(QuotedFact::of).collect()),
        steps,
        gap_warning: "Flex holds one certificate: between steps 2 and 3, sign-ins signed with the other certificate fail, so agents cannot sign in until both sides match again.".to_owned(),
    }
}
