//! The app's signing certificates as the IdP's API lists them, for the Health page: which one
//! signs now, which one is next, and their dates.

use flex_sso_certificate::{rfc3339, Certificate};
use serde::Serialize;

/// One signing certificate of the IdP app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdpCertificate {
    /// The IdP's id of the key (Okta `kid`).
    pub id: String,
    /// Whether the IdP signs the app's SAML responses with it now.
    pub signs_now: bool,
    pub subject: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    /// Colon-separated hex, as the certificate screens show it.
    pub sha256_fingerprint: String,
    pub pem: String,
}

impl IdpCertificate {
    pub fn new(id: String, signs_now: bool, certificate: &Certificate) -> Self {
        Self {
            id,
            signs_now,
            subject: certificate.subject().to_owned(),
            not_before: rfc3339(certificate.not_before()),
            not_after: rfc3339(certificate.not_after()),
            sha256_fingerprint: certificate.sha256_fingerprint().to_owned(),
            pem: certificate.to_pem(),
        }
    }
}

/// The certificates in the order the Health page lists them: the one that signs first, then the
/// others by the end of their validity, latest first (the likeliest next one).
pub fn in_health_order(mut list: Vec<IdpCertificate>) -> Vec<IdpCertificate> {
    list.sort_by(|a, b| b.signs_now.cmp(&a.signs_now).then_with(|| b.not_after.cmp(&a.not_after)));
    list
}
