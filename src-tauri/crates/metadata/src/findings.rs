//! Findings: what the report tells the admin, each with a stable code, a severity, and plain words
//! for what is wrong and how to fix it. All wording lives here so it can be reviewed in one place.

use flex_sso_certificate::date_only;
use flex_sso_facts::{concatcp, twilio};
use serde::Serialize;

use crate::algorithms::HashStrength;
use crate::certificate::CertificateInfo;
use crate::error::InputError;

/// How much a finding matters. `error` makes the report unusable (exit code 1 or 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Stable finding codes; the UI and the CLI's JSON key on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    CertExpired,
    CertExpiresSoon,
    CertNotYetValid,
    WeakSignatureAlgorithm,
    WeakKey,
    NoSsoService,
    NoSigningCertificate,
    NoEntityId,
    MultipleEntities,
    EntityNotFound,
    MultipleSigningCertificates,
    XmlDtdForbidden,
    NotMetadata,
    InputInvalid,
    FetchFailed,
}

impl FindingCode {
    /// The snake_case code, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::CertExpired => "cert_expired",
            FindingCode::CertExpiresSoon => "cert_expires_soon",
            FindingCode::CertNotYetValid => "cert_not_yet_valid",
            FindingCode::WeakSignatureAlgorithm => "weak_signature_algorithm",
            FindingCode::WeakKey => "weak_key",
            FindingCode::NoSsoService => "no_sso_service",
            FindingCode::NoSigningCertificate => "no_signing_certificate",
            FindingCode::NoEntityId => "no_entity_id",
            FindingCode::MultipleEntities => "multiple_entities",
            FindingCode::EntityNotFound => "entity_not_found",
            FindingCode::MultipleSigningCertificates => "multiple_signing_certificates",
            FindingCode::XmlDtdForbidden => "xml_dtd_forbidden",
            FindingCode::NotMetadata => "not_metadata",
            FindingCode::InputInvalid => "input_invalid",
            FindingCode::FetchFailed => "fetch_failed",
        }
    }
}

/// One thing the admin should know, serialized as `{code, severity, title, detail, fix}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub fix: String,
}

impl Finding {
    pub fn new(code: FindingCode, severity: Severity, title: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { code, severity, title: title.into(), detail: detail.into(), fix: fix.into() }
    }
}

fn days(n: i64) -> String {
    if n == 1 { "1 day".to_owned() } else { format!("{n} days") }
}

fn expired_when(cert: &CertificateInfo) -> String {
    match cert.days_since_expiry() {
        0 => "today".to_owned(),
        n => format!("{} ago", days(n)),
    }
}

/// Where to paste in the Console; repeated in several fixes.
const CONSOLE_STEP: &str = concatcp!(twilio::CONSOLE_SSO_PAGE.text, " in the Twilio Console");
const SSO_URL: &str = twilio::FIELD_SSO_URL.text;
const ISSUER: &str = twilio::FIELD_IDP_ISSUER.text;
const CERT_FIELD: &str = twilio::FIELD_CERTIFICATE.text;

pub fn from_input_error(error: &InputError) -> Finding {
    Finding::new(error.finding_code(), Severity::Error, error.title(), error.to_string(), error.fix())
}

/// The certificate we picked (or the only one) has expired.
pub fn cert_expired(cert: &CertificateInfo) -> Finding {
    Finding::new(
        FindingCode::CertExpired,
        Severity::Error,
        "The signing certificate has expired",
        format!(
            "The certificate {} expired {}. The IdP has most likely moved to a newer certificate, and logins checked against an expired one fail.",
            cert.label(),
            expired_when(cert)
        ),
        "In the IdP's SAML app for Flex, activate (or create) a current signing certificate, then read the metadata again here and paste the new certificate.",
    )
}

/// An expired certificate that we did not pick: harmless for Flex, worth tidying up.
pub fn other_cert_expired(cert: &CertificateInfo) -> Finding {
    Finding::new(
        FindingCode::CertExpired,
        Severity::Warning,
        "An older certificate in the metadata has expired",
        format!("The certificate {} expired {}. We did not pick it for Flex.", cert.label(), expired_when(cert)),
        "Nothing to do in Flex. The IdP admin can remove the expired certificate from the SAML app.",
    )
}

pub fn cert_expires_soon(cert: &CertificateInfo) -> Finding {
    let when = if cert.days_left == 0 { "today".to_owned() } else { format!("in {}", days(cert.days_left)) };
    Finding::new(
        FindingCode::CertExpiresSoon,
        Severity::Warning,
        format!("The signing certificate expires {when}"),
        format!(
            "The certificate {} expires {when}. Before then the IdP will switch to a new certificate, and from that moment Flex refuses every login until the new certificate is in the Console.",
            cert.label()
        ),
        format!(
            "Ask the IdP admin when the new certificate will be activated. Right after the switch, come back here, read the metadata again and paste the new certificate into {CONSOLE_STEP}."
        ),
    )
}

pub fn cert_not_yet_valid(cert: &CertificateInfo) -> Finding {
    Finding::new(
        FindingCode::CertNotYetValid,
        Severity::Error,
        "The signing certificate is not valid yet",
        format!(
            "The certificate {} only becomes valid on {}.",
            cert.label(),
            date_only(cert.not_before_time())
        ),
        "First check that this computer's date is right. If it is, the IdP has prepared a certificate it does not use yet: paste the certificate it signs with today, and come back after the IdP switches.",
    )
}

/// The SHA-256 requirement for SAML responses is FLEX-SSO-FACTS section 5 ("Response and assertion
/// signed (SHA-256)"). Warning, not error: Flex checks signatures with the key alone, so the
/// certificate's own algorithm does not by itself break logins.
pub fn weak_signature_algorithm(cert: &CertificateInfo, strength: HashStrength) -> Finding {
    let hash = if strength == HashStrength::Md5 { "MD5" } else { "SHA-1" };
    Finding::new(
        FindingCode::WeakSignatureAlgorithm,
        Severity::Warning,
        format!("The certificate uses an outdated algorithm ({hash})"),
        format!(
            "The certificate {} is signed with {}. Flex needs the IdP's SAML responses signed with SHA-256 (Twilio's SSO requirements); an IdP set up with {hash} certificates is often also set to sign its responses with {hash}, which Flex refuses.",
            cert.label(),
            cert.signature_algorithm
        ),
        "In the IdP's SAML app, set the signature algorithm to SHA-256 (RSA-SHA256) and create a new signing certificate, then read the new metadata here.",
    )
}

/// RSA keys under 2048 bits. Severity error is `[inferred]`: Twilio does not publish a minimum,
/// but NIST SP 800-131A disallows RSA keys under 2048 bits for signatures since 2014, and
/// current SAML libraries refuse them.
pub fn weak_key(cert: &CertificateInfo, bits: u32) -> Finding {
    Finding::new(
        FindingCode::WeakKey,
        Severity::Error,
        format!("The certificate's key is too short (RSA {bits})"),
        format!(
            "The certificate {} has a {bits}-bit RSA key. Keys shorter than 2048 bits are considered breakable, and current SAML services refuse them.",
            cert.label()
        ),
        "In the IdP, create a new signing certificate with an RSA key of 2048 bits or more, then read the new metadata here.",
    )
}

/// No usable Single Sign-On URL. `sp_only`: the entity is a service provider (wrong file).
/// `other_bindings`: bindings that were listed but that Flex cannot use.
pub fn no_sso_service(entity_id: Option<&str>, sp_only: bool, other_bindings: &[String]) -> Finding {
    let name = entity_id.map(|id| format!("\"{id}\"")).unwrap_or_else(|| "this entity".to_owned());
    if sp_only {
        return Finding::new(
            FindingCode::NoSsoService,
            Severity::Error,
            "This is a service provider's metadata, not the IdP's",
            format!(
                "The file describes {name} as a service provider (it has an SPSSODescriptor and no IDPSSODescriptor), so it contains no {SSO_URL}. It may be Twilio's own metadata or another app's."
            ),
            "Use the metadata your IdP publishes about itself: in the IdP's SAML app for Flex, look for \"IdP metadata\" or \"Federation Metadata XML\".",
        );
    }
    let detail = if other_bindings.is_empty() {
        format!("The IdP section of {name} lists no SingleSignOnService, so there is no {SSO_URL} for Flex.")
    } else {
        format!(
            "The IdP section of {name} lists sign-on addresses only for {}. Flex sends the user's browser to the IdP, which needs an HTTP-Redirect or HTTP-POST address.",
            other_bindings.join(", ")
        )
    };
    Finding::new(
        FindingCode::NoSsoService,
        Severity::Error,
        format!("The metadata has no {SSO_URL} Flex can use"),
        detail,
        format!("Copy the {SSO_URL} (also called Login URL or SAML 2.0 endpoint) from the IdP's SAML app for Flex and paste it into the Console."),
    )
}

/// No certificate Flex could use. `encryption_only`: only `use="encryption"` keys were listed;
/// `unreadable`: some were listed but none could be read.
pub fn no_signing_certificate(encryption_only: bool, unreadable: bool) -> Finding {
    let detail = if encryption_only {
        "The IdP section lists only certificates marked for encryption; Flex needs the certificate the IdP signs with."
    } else if unreadable {
        "The IdP section lists certificates, but none of them could be read."
    } else {
        "The IdP section contains no X.509 certificate."
    };
    Finding::new(
        FindingCode::NoSigningCertificate,
        Severity::Error,
        "The metadata has no signing certificate",
        detail,
        format!("Download the signing certificate (Base64 or PEM) from the IdP's SAML app for Flex and read it here, or paste it into the Console's {CERT_FIELD} field."),
    )
}

pub fn no_entity_id() -> Finding {
    Finding::new(
        FindingCode::NoEntityId,
        Severity::Error,
        "The metadata has no entity ID",
        format!("The EntityDescriptor has no entityID attribute, so there is no value for the Console's {ISSUER} field."),
        "Copy the Issuer (also called IdP Entity ID or Microsoft Entra Identifier) from the IdP's SAML app for Flex.",
    )
}

/// Several entities in one file; `shown` is the zero-based index of the one reported.
pub fn multiple_entities(entity_ids: &[Option<String>], shown: usize) -> Finding {
    let name = |i: usize| -> String {
        match entity_ids.get(i).and_then(|id| id.as_deref()) {
            Some(id) => format!("#{} \"{id}\"", i + 1),
            None => format!("#{} (no entity ID)", i + 1),
        }
    };
    Finding::new(
        FindingCode::MultipleEntities,
        Severity::Warning,
        format!("The file describes {} entities", entity_ids.len()),
        format!(
            "It is a collection of metadata (EntitiesDescriptor). This report shows {}. Flex needs the one IdP whose SAML app your Flex users sign in with.",
            name(shown)
        ),
        "If that is not your IdP, pick another entity from the list. Simpler: download the metadata of the Flex app alone from your IdP.",
    )
}

pub fn entity_not_found(wanted: &str, count: usize) -> Finding {
    Finding::new(
        FindingCode::EntityNotFound,
        Severity::Error,
        "That entity is not in the file",
        format!("The file has no entity {wanted}; it has {count}."),
        "Pick one of the entity IDs listed in entity_ids (or a number from the list).",
    )
}

/// Several signing certificates: which one we picked, why, and the rotation reminder.
pub fn multiple_signing_certificates(count: usize, chosen: &CertificateInfo, reason: &str) -> Finding {
    Finding::new(
        FindingCode::MultipleSigningCertificates,
        Severity::Info,
        format!("{count} signing certificates: paste only one"),
        format!(
            "The Console's {CERT_FIELD} field takes one certificate. We picked {} because {reason}. IdPs list two certificates while they move from an old one to a new one (certificate rotation), and they sign with only one at a time.",
            chosen.label()
        ),
        format!(
            "Paste the certificate marked for Flex. If the test login then fails with a signature error, ask the IdP admin which certificate is active (primary) and paste that one. When the IdP switches certificates, come back here, read the metadata again and paste the new certificate into {CONSOLE_STEP}, or logins will fail."
        ),
    )
}

/// A certificate inside the metadata that cannot be read (the others may still be fine).
pub fn certificate_unreadable(position: usize, error: &InputError) -> Finding {
    Finding::new(
        FindingCode::InputInvalid,
        Severity::Warning,
        "A certificate in the metadata could not be read",
        format!("Certificate #{position} in the IdP section: {error}"),
        "If another certificate is usable, you can ignore this one. If the metadata was edited by hand, download it again from the IdP.",
    )
}
