//! Flex needs both the response and the assertion signed with SHA-256 (FLEX-SSO-FACTS §5), by
//! the certificate configured in Flex. This turns each [`crate::signature::check`] into findings.

use roxmltree::Node;

use crate::finding::{Finding, FindingCode};
use crate::signature::{self, Crypto, SignatureSummary};
use crate::xml::{children, NS_DS};

use super::Ctx;

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let trusted = ctx.exp.certificates.as_slice();
    let mut decided = 0usize;
    let mut present = 0usize;

    let mut targets = vec![(ctx.response, "response")];
    if let Some(assertion) = ctx.assertion {
        targets.push((assertion, "assertion"));
    }
    for (element, part) in targets {
        let sigs: Vec<Node<'_, '_>> = children(element, NS_DS, "Signature").collect();
        match sigs.as_slice() {
            [] => add_unsigned(ctx, element, part),
            [sig] => {
                present += 1;
                let unique = element.attribute("ID").is_none_or(|id| {
                    element.document().descendants().filter(|n| n.attribute("ID") == Some(id)).count() == 1
                });
                let summary = signature::check(*sig, element, part, unique, trusted);
                if report(ctx, *sig, &summary) {
                    decided += 1;
                }
                ctx.signatures.push(summary);
            }
            many => {
                present += 1;
                ctx.add(
                    Finding::error(
                        FindingCode::InputInvalid,
                        format!("The {part} carries more than one signature."),
                        format!("The {part} has {} Signature elements; a SAML {part} has at most one.", many.len()),
                        "Do not trust this response. Capture a fresh one straight from your identity provider.",
                    ),
                    Some(element),
                );
            }
        }
    }

    ctx.checked.signature_structure = true;
    ctx.checked.signature_crypto = present > 0 && decided == present && !trusted.is_empty();
    ctx.checked.certificate = !trusted.is_empty() && present > 0;
    if trusted.is_empty() && present > 0 {
        let detail = "Without the certificate configured in Flex, this check can only test the signatures against the certificate the response carries, which anyone could have put there.";
        let finding = if ctx.exp.certificate_optional {
            // Nothing for the admin to change: Flex keeps its certificate; only this app lacks it.
            Finding::new(
                FindingCode::CertificateNotConfigured,
                crate::finding::Severity::Info,
                "This app did not check the signatures against your identity provider's certificate.",
                detail,
                "Nothing to change for Flex: a modified connection keeps the certificate Flex already has. For this app to check the signatures too, read your identity provider's metadata (Import IdP metadata).",
            )
        } else {
            Finding::warning(
                FindingCode::CertificateNotConfigured,
                "No certificate was given, so the signatures were not checked against it.",
                detail,
                format!("Add the signing certificate from {} (the X.509 certificate entered in Flex's SSO setup) and check again.", ctx.wording.idp()),
            )
        };
        ctx.add(finding, None);
    }
}

fn add_unsigned(ctx: &mut Ctx<'_, '_>, element: Node<'_, '_>, part: &str) {
    let (code, title) = if part == "response" {
        (FindingCode::ResponseUnsigned, "The response is not signed.")
    } else {
        (FindingCode::AssertionUnsigned, "The assertion is not signed.")
    };
    ctx.add(
        Finding::error(
            code,
            title,
            format!("Flex needs both the response and the assertion signed (with SHA-256); the {part} carries no signature."),
            format!("{}, set signing to sign both the SAML response and the assertion, with SHA-256. Save, and sign in again.", ctx.wording.in_app_settings()),
        ),
        Some(element),
    );
}

/// Adds the findings for one signature; returns whether its cryptographic check reached a
/// decision with a configured certificate (verified, or proven wrong).
fn report(ctx: &mut Ctx<'_, '_>, sig: Node<'_, '_>, s: &SignatureSummary) -> bool {
    let part = s.signs.as_str();
    let trusted = &ctx.exp.certificates;
    let idp = ctx.wording.idp();
    if !s.problems.is_empty() {
        ctx.add(
            Finding::error(
                FindingCode::SignatureInvalid,
                format!("The {part}'s signature is not valid."),
                s.problems.join(" "),
                "Do not trust this response. Capture a fresh one straight from your identity provider; if the problem stays, contact its support.",
            ),
            Some(sig),
        );
        return false;
    }
    if s.weak_algorithm {
        ctx.add(
            Finding::error(
                FindingCode::WeakSignatureAlgorithm,
                format!("The {part} is signed with SHA-1."),
                format!("Flex needs SHA-256 signatures. This one uses signature algorithm \"{}\" and digest algorithm \"{}\".", s.signature_algorithm, s.digest_algorithm),
                format!("{}, set the signature algorithm to RSA-SHA256 and the digest algorithm to SHA-256. Save, and sign in again.", ctx.wording.in_app_settings()),
            ),
            Some(sig),
        );
    }
    if let Some(bits) = s.short_key_bits {
        add_short_key(ctx, sig, s, bits);
    }
    let embedded = s.certificate.as_ref().map(|c| c.sha256_fingerprint.clone()).unwrap_or_else(|| "(none)".to_owned());
    let configured = trusted.iter().map(|c| c.info().sha256_fingerprint.clone()).collect::<Vec<_>>().join(", ");
    let mismatch_fix = format!("Make sure Flex and {idp} use the same signing certificate: download the current signing certificate from {idp} and enter it in Flex's SSO setup (X.509 certificate), or make the configured certificate active again in {idp}. During a certificate rotation, give this check both certificates.");
    match &s.crypto {
        Crypto::Verified { .. } => {
            if s.certificate_configured == Some(false) {
                ctx.add(
                    Finding::warning(
                        FindingCode::CertificateMismatch,
                        format!("The {part} carries a certificate other than the configured one."),
                        format!("The signature verifies with the key of a configured certificate, but the certificate it carries has SHA-256 fingerprint {embedded}; configured: {configured}. This happens when a certificate was renewed with the same key."),
                        mismatch_fix,
                    ),
                    Some(sig),
                );
            }
            true
        }
        Crypto::VerifiedByUntrustedCertificate { certificate_sha256 } => {
            if trusted.is_empty() {
                return false;
            }
            ctx.add(
                Finding::error(
                    FindingCode::CertificateMismatch,
                    format!("The {part} is signed with a certificate that is not the configured one."),
                    format!("The signature is valid, but made with the certificate with SHA-256 fingerprint {certificate_sha256}; configured: {configured}."),
                    mismatch_fix,
                ),
                Some(sig),
            );
            true
        }
        Crypto::DigestMismatch => {
            ctx.add(
                Finding::error(
                    FindingCode::SignatureInvalid,
                    format!("The {part} was changed after it was signed."),
                    format!("The digest of the signed {part} does not match the one in its signature, so its content is not what {idp} signed."),
                    format!("Use the response exactly as {idp} sent it (copying by hand or reformatting breaks it). If it is untouched, something between {idp} and Flex alters it."),
                ),
                Some(sig),
            );
            true
        }
        Crypto::SignatureMismatch if !s.remarks.is_empty() => {
            ctx.add(
                Finding::error(FindingCode::SignatureInvalid, format!("The {part}'s signature is not valid."), s.remarks.join(" "), "Do not trust this response. Capture a fresh one straight from your identity provider; if the problem stays, find out what changes responses on their way to Flex."),
                Some(sig),
            );
            true
        }
        Crypto::SignatureMismatch => {
            let detail = if trusted.is_empty() {
                format!("The signature value does not verify with the certificate the {part} carries ({embedded}).")
            } else {
                format!("The signature value does not verify with the configured certificate(s) ({configured}), nor with the certificate the {part} carries ({embedded}). Either the signature was altered or it was made with another key.")
            };
            ctx.add(
                Finding::error(FindingCode::SignatureInvalid, format!("The {part}'s signature is not valid."), detail, mismatch_fix),
                Some(sig),
            );
            true
        }
        // The key-too-short finding says it all.
        Crypto::NotChecked { .. } if s.short_key_bits.is_some() => false,
        Crypto::NotChecked { reason } => {
            if s.certificate_configured == Some(false) && !trusted.is_empty() {
                ctx.add(
                    Finding::error(
                        FindingCode::CertificateMismatch,
                        format!("The {part} carries a certificate that is not the configured one."),
                        format!("The certificate in the signature has SHA-256 fingerprint {embedded}; configured: {configured}."),
                        mismatch_fix,
                    ),
                    Some(sig),
                );
            }
            ctx.add(
                Finding::warning(
                    FindingCode::SignatureNotVerified,
                    format!("The {part}'s signature could not be checked here."),
                    format!("This app did not verify it because {reason}. That does not mean it is wrong."),
                    "Flex checks it at sign-in; if the sign-in fails, compare the signing settings of your identity provider with Flex's requirements (RSA-SHA256, SHA-256 digest).",
                ),
                Some(sig),
            );
            false
        }
    }
}

/// The IdP signs with an RSA key shorter than 2048 bits.
fn add_short_key(ctx: &mut Ctx<'_, '_>, sig: Node<'_, '_>, s: &SignatureSummary, bits: u32) {
    let idp = ctx.wording.idp();
    let which = ctx
        .exp
        .certificates
        .iter()
        .map(|c| c.info())
        .chain(s.certificate.as_ref())
        .find(|c| c.key_bits == Some(bits))
        .map(|c| format!(" (certificate \"{}\", SHA-256 fingerprint {})", c.subject, c.sha256_fingerprint))
        .unwrap_or_default();
    let verified = if matches!(s.crypto, Crypto::NotChecked { .. }) {
        "This app does not verify signatures made with keys that short."
    } else {
        "The signature matches that key, but that proves little."
    };
    ctx.add(
        Finding::error(
            FindingCode::SigningKeyTooShort,
            format!("The identity provider's signing key is only {bits} bits."),
            format!(
                "The {} is signed with a {bits}-bit RSA key{which}. RSA keys under {} bits can be broken, so anyone could have made this signature; NIST has disallowed them for signatures since 2013, and modern SAML service providers refuse them. {verified}",
                s.signs,
                crate::certificate::MIN_RSA_BITS
            ),
            format!("In {idp}, make a new signing certificate with an RSA key of at least {} bits (2048 or 4096), make it the active one, and enter the new certificate in Flex's SSO setup (X.509 certificate). Then sign in again.", crate::certificate::MIN_RSA_BITS),
        ),
        Some(sig),
    );
}
