//! Picks the one signing certificate to paste into Flex when the IdP lists several.
//!
//! The Console's X.509 field takes one certificate (migration guide, step 3), but IdPs list two
//! during a rotation (ADFS keeps a primary and a secondary token-signing certificate; Entra ID
//! and Okta show the new certificate before it is activated). Metadata does not say which one
//! the IdP signs with right now, so we pick the most plausible one and say so: a certificate
//! valid today beats one that is not, one that is not about to expire beats one that is, and
//! among equals the newest (latest `notBefore`) wins, then file order.

use time::{Duration, OffsetDateTime};

use crate::certificate::CertificateInfo;

/// How usable a certificate is today, best last (so `max` picks the best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    Expired,
    NotYetValid,
    ExpiresSoon,
    Good,
}

pub fn standing(cert: &CertificateInfo, now: OffsetDateTime, soon_days: u32) -> Standing {
    if now >= cert.not_after_time() {
        Standing::Expired
    } else if now < cert.not_before_time() {
        Standing::NotYetValid
    } else if cert.not_after_time() - now < Duration::days(i64::from(soon_days)) {
        Standing::ExpiresSoon
    } else {
        Standing::Good
    }
}

/// The chosen certificate's index and, when there was a choice to make, why it won (a clause
/// that completes "We picked X because ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub index: usize,
    pub standing: Standing,
    pub reason: &'static str,
}

pub fn choose(certs: &[CertificateInfo], now: OffsetDateTime, soon_days: u32) -> Option<Choice> {
    let ranked = |i: usize| {
        let cert = &certs[i];
        // `Reverse` index: on a full tie the earlier certificate in the file wins.
        (standing(cert, now, soon_days), cert.not_before_time(), cert.not_after_time(), std::cmp::Reverse(i))
    };
    let index = (0..certs.len()).max_by_key(|&i| ranked(i))?;
    let best = standing(&certs[index], now, soon_days);
    let peers = (0..certs.len()).filter(|&i| standing(&certs[i], now, soon_days) == best).count();
    let reason = match (best, peers > 1) {
        (Standing::Good, true) => "it is the newest of the certificates that are valid today",
        (Standing::Good, false) => "it is the only one that is valid today and not about to expire",
        (Standing::ExpiresSoon, true) => "it is the newest certificate valid today, although all of them expire soon",
        (Standing::ExpiresSoon, false) => "it is the only one valid today, although it expires soon",
        (Standing::NotYetValid, _) => "none is valid today and it is the next one to become valid",
        (Standing::Expired, _) => "all of them have expired and it is the one that expired last",
    };
    Some(Choice { index, standing: best, reason })
}
