//! `inspect_bytes`: from raw input (a file, a paste, a downloaded body) to a [`Report`].
//!
//! The input may be SAML metadata XML, or a certificate on its own: PEM, DER, or bare base64.
//! Time is given by the caller (`now`), never read here, so results are reproducible.

use flex_sso_certificate::text::{decode_base64_loose, looks_like_pem};
use flex_sso_certificate::Certificate;
use time::OffsetDateTime;

use crate::address_guard::DownloadPolicy;
use crate::bindings::{mark_flex_choice, SsoEndpoint};
use crate::certificate::{CertificateInfo, KeyUse};
use crate::choose::{self, Standing};
use crate::error::InputError;
use crate::findings::{self, Finding};
use crate::limits::Limits;
use crate::metadata::{parse_entities, EntityMetadata};
use crate::report::{InputKind, Report};
use crate::algorithms::HashStrength;

/// Which entity to report on when the file holds several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntitySelector {
    /// Zero-based position in file order.
    Index(usize),
    /// The `entityID`, compared after trimming.
    EntityId(String),
}

/// Options for [`inspect_bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectOptions {
    /// A certificate expiring in fewer days than this gets `cert_expires_soon`.
    pub expires_soon_days: u32,
    /// Which entity to report on; `None`: the first one that is an IdP (else the first).
    pub entity: Option<EntitySelector>,
    pub limits: Limits,
    /// Where a download may connect ([`crate::inspect_url`]); the default is the internet only.
    pub download: DownloadPolicy,
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self { expires_soon_days: 30, entity: None, limits: Limits::default(), download: DownloadPolicy::INTERNET_ONLY }
    }
}

/// Reads `bytes` and reports what to paste into Flex and what is wrong. Never panics; input that
/// cannot be read gives a report with `input_kind: unreadable` and exit code 2.
pub fn inspect_bytes(bytes: &[u8], now: OffsetDateTime, options: &InspectOptions) -> Report {
    match read(bytes, now, options) {
        Ok(report) => report,
        Err(error) => Report::unreadable(findings::from_input_error(&error)),
    }
}

fn read(bytes: &[u8], now: OffsetDateTime, options: &InspectOptions) -> Result<Report, InputError> {
    let limits = &options.limits;
    if bytes.len() > limits.max_bytes {
        return Err(InputError::TooLarge { size: bytes.len(), limit: limits.max_bytes });
    }
    if is_pkcs7(bytes) {
        return Err(InputError::Pkcs7);
    }
    if is_der_certificate(bytes) {
        let cert = CertificateInfo::from_der(bytes, KeyUse::Unspecified, now)?;
        return Ok(certificate_report(vec![cert], now, options));
    }
    let text = decode_text(bytes)?;
    let text = flex_sso_model::ids::trim_pasted(&text);
    if text.is_empty() {
        return Err(InputError::Empty);
    }
    if text.starts_with('<') {
        let entities = parse_entities(text, limits)?;
        return Ok(metadata_report(&entities, now, options));
    }
    if text.starts_with('{') || text.starts_with('[') {
        return Err(InputError::NotMetadata {
            described: "This looks like JSON data (perhaps OpenID Connect settings or an API answer)".to_owned(),
        });
    }
    if !looks_like_pem(text) {
        // Bare base64 that does not decode to a DER SEQUENCE is more likely prose than a
        // damaged certificate; say "unrecognized" rather than "damaged certificate".
        match decode_base64_loose(text) {
            Some(der) if der.first() == Some(&0x30) => {}
            _ => return Err(InputError::Unrecognized),
        }
    }
    let ders = flex_sso_certificate::text::decode_text(text)?;
    if ders.iter().any(|der| is_pkcs7(der)) {
        return Err(InputError::Pkcs7);
    }
    let certs = ders
        .iter()
        .enumerate()
        .map(|(i, der)| Ok(CertificateInfo::describe(&Certificate::from_der_numbered(der, i + 1)?, KeyUse::Unspecified, now)))
        .collect::<Result<Vec<_>, InputError>>()?;
    if certs.is_empty() {
        return Err(InputError::Unrecognized);
    }
    Ok(certificate_report(certs, now, options))
}

/// A DER certificate starts with a SEQUENCE tag (0x30) and a long-form length (0x81..0x84); as
/// text that would be "0" followed by a non-ASCII byte, which no metadata or PEM starts with.
fn is_der_certificate(bytes: &[u8]) -> bool {
    matches!(bytes, [0x30, 0x81..=0x84, ..])
}

/// The DER of the PKCS#7 `signedData` content type (OID 1.2.840.113549.1.7.2), which opens
/// every .p7b/.p7c certificate bundle right after the outer SEQUENCE header.
const PKCS7_SIGNED_DATA_OID: &[u8] = &[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

/// Whether DER bytes are a PKCS#7 bundle: the OID sits within the first few bytes.
fn is_pkcs7(der: &[u8]) -> bool {
    der.first() == Some(&0x30) && der.iter().take(8).position(|&b| b == 0x06).is_some_and(|at| der[at..].starts_with(PKCS7_SIGNED_DATA_OID))
}

/// Strips a byte-order mark and decodes. UTF-16 (with BOM) is accepted because Windows tools
/// (Notepad, PowerShell's `Out-File`) save that way; without a BOM it is recognised the way the
/// XML specification (appendix F) does, from the first character `<` as two bytes with a zero.
fn decode_text(bytes: &[u8]) -> Result<String, InputError> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, 2, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, 2, u16::from_be_bytes),
        [b'<', 0, ..] => utf16(bytes, 0, u16::from_le_bytes),
        [0, b'<', ..] => utf16(bytes, 0, u16::from_be_bytes),
        _ => utf8(bytes, 0),
    }
}

fn utf8(bytes: &[u8], offset: usize) -> Result<String, InputError> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| InputError::NotUtf8 { offset: offset + e.valid_up_to() })
}

/// `offset` is where `bytes` starts in the input (after the BOM), so errors name the input's byte.
fn utf16(bytes: &[u8], offset: usize, unit: fn([u8; 2]) -> u16) -> Result<String, InputError> {
    if bytes.len() % 2 == 1 {
        return Err(InputError::NotUtf16 { offset: offset + bytes.len() - 1, problem: "the last character has only one of its two bytes" });
    }
    let mut text = String::with_capacity(bytes.len() / 2);
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut at = offset;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(InputError::NotUtf16 { offset: at, problem: "half of a surrogate pair stands alone" }),
        }
    }
    Ok(text)
}

/// Marks the certificate to use and adds the certificate findings. Algorithm and key checks look
/// at the chosen certificate only: it is the one that goes into Flex, and flagging a certificate
/// the admin will not paste would only add noise.
fn assess_certificates(certs: &mut [CertificateInfo], now: OffsetDateTime, soon_days: u32, out: &mut Vec<Finding>) {
    let Some(choice) = choose::choose(certs, now, soon_days) else { return };
    certs[choice.index].use_for_flex = true;
    let chosen = &certs[choice.index];
    match choice.standing {
        Standing::Expired => out.push(findings::cert_expired(chosen)),
        Standing::NotYetValid => out.push(findings::cert_not_yet_valid(chosen)),
        Standing::ExpiresSoon => out.push(findings::cert_expires_soon(chosen)),
        Standing::Good => {}
    }
    if chosen.facts.hash_strength != HashStrength::Strong {
        out.push(findings::weak_signature_algorithm(chosen, chosen.facts.hash_strength));
    }
    if let Some(bits) = chosen.facts.rsa_bits.filter(|bits| *bits < 2048) {
        out.push(findings::weak_key(chosen, bits));
    }
    if certs.len() > 1 {
        out.push(findings::multiple_signing_certificates(certs.len(), chosen, choice.reason));
    }
    for (i, cert) in certs.iter().enumerate() {
        if i != choice.index && choose::standing(cert, now, soon_days) == Standing::Expired {
            out.push(findings::other_cert_expired(cert));
        }
    }
}

fn certificate_report(mut certs: Vec<CertificateInfo>, now: OffsetDateTime, options: &InspectOptions) -> Report {
    let mut report = Report::empty(InputKind::Certificate);
    assess_certificates(&mut certs, now, options.expires_soon_days, &mut report.findings);
    report.certificates = certs;
    report.finish()
}

fn select(entities: &[EntityMetadata], selector: Option<&EntitySelector>) -> Result<usize, String> {
    match selector {
        Some(EntitySelector::Index(i)) if *i < entities.len() => Ok(*i),
        Some(EntitySelector::Index(i)) => Err(format!("number {}", i + 1)),
        Some(EntitySelector::EntityId(wanted)) => {
            let wanted = wanted.trim();
            entities.iter().position(|e| e.entity_id.as_deref() == Some(wanted)).ok_or_else(|| format!("\"{wanted}\""))
        }
        None => Ok(entities.iter().position(|e| e.is_idp).unwrap_or(0)),
    }
}

fn metadata_report(entities: &[EntityMetadata], now: OffsetDateTime, options: &InspectOptions) -> Report {
    let mut report = Report::empty(InputKind::Metadata);
    report.entities = entities.len();
    report.entity_ids = entities.iter().map(|e| e.entity_id.clone()).collect();
    if entities.is_empty() {
        report.findings.push(findings::no_entity_id());
        return report.finish();
    }
    let index = match select(entities, options.entity.as_ref()) {
        Ok(index) => index,
        Err(wanted) => {
            report.findings.push(findings::entity_not_found(&wanted, entities.len()));
            return report.finish();
        }
    };
    report.selected_entity = Some(index);
    let entity = &entities[index];
    if entities.len() > 1 {
        report.findings.push(findings::multiple_entities(&report.entity_ids, index));
    }
    report.entity_id = entity.entity_id.clone();
    if report.entity_id.is_none() {
        report.findings.push(findings::no_entity_id());
    }
    report.name_id_formats = entity.name_id_formats.clone();

    report.sso = entity.sso_services.iter().map(|(binding, url)| SsoEndpoint::new(binding, url)).collect();
    let sp_only = entity.is_sp && !entity.is_idp;
    if mark_flex_choice(&mut report.sso).is_none() {
        let others: Vec<String> = report.sso.iter().map(|e| e.binding_name.clone()).collect();
        report.findings.push(findings::no_sso_service(report.entity_id.as_deref(), sp_only, &others));
    }

    let mut unreadable = false;
    for (position, (key_use, base64)) in entity.keys.iter().enumerate() {
        let parsed = decode_base64_loose(base64)
            .ok_or_else(|| InputError::BadCertificate { reason: "the certificate text is not valid base64".to_owned() })
            .and_then(|der| CertificateInfo::from_der(&der, *key_use, now));
        match parsed {
            Ok(cert) => {
                let list = if *key_use == KeyUse::Encryption { &mut report.encryption_certificates } else { &mut report.certificates };
                // The same certificate is often listed twice (Auth0: once per use; some IdPs
                // repeat an unstated-use key); show it once per list.
                if !list.iter().any(|c| c.sha256 == cert.sha256) {
                    list.push(cert);
                }
            }
            Err(error) => {
                unreadable = true;
                report.findings.push(findings::certificate_unreadable(position + 1, &error));
            }
        }
    }
    if report.certificates.is_empty() {
        if !sp_only {
            let encryption_only = !report.encryption_certificates.is_empty();
            report.findings.push(findings::no_signing_certificate(encryption_only, unreadable));
        }
    } else {
        let mut certs = std::mem::take(&mut report.certificates);
        assess_certificates(&mut certs, now, options.expires_soon_days, &mut report.findings);
        report.certificates = certs;
    }
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pasted certificate text that cannot be used gets the code the UI and the CLI know.
    #[test]
    fn pasted_certificate_text_is_refused_with_this_crates_codes() {
        let now = time::macros::datetime!(2027-03-01 12:00 UTC);
        let cases: &[(&str, &str)] = &[
            ("-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----", "input_private_key"),
            ("-----BEGIN RSA PRIVATE KEY-----\nAQID", "input_private_key"),
            ("-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----", "input_wrong_pem_block"),
            ("-----BEGIN PKCS7-----\nAQID\n-----END PKCS7-----", "input_pkcs7"),
            ("-----BEGIN CERTIFICATE-----\nAQID\n", "certificate_invalid"),
            ("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----", "certificate_invalid"),
            ("-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----", "certificate_invalid"),
            ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "certificate_invalid"),
            ("hello world!", "input_unrecognized"),
            // Base64 that is not a DER SEQUENCE ("AQID" is [1, 2, 3]) is more likely prose.
            ("AQID", "input_unrecognized"),
            ("   ", "input_empty"),
        ];
        for (input, code) in cases {
            let error = read(input.as_bytes(), now, &InspectOptions::default()).unwrap_err();
            assert_eq!(error.code(), *code, "input {input:?}: {error}");
        }
        let error = read(b"-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----", now, &InspectOptions::default()).unwrap_err();
        assert_eq!(error.to_string(), "This is a \"PUBLIC KEY\" block, not a certificate.");
    }
}
