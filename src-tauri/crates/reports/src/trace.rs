//! The trace for support: one login check (its timeline and outcome) or one inspected SAML
//! response, with the findings, the signatures' verdicts and the decoded response, and nothing
//! personal in it unless the admin reveals a kind on purpose ([`crate::mask`]).
//!
//! Certificates are reduced to what identifies them (fingerprints, subject, dates); signature
//! values are left out (they prove nothing to a reader and are long). The same content is
//! rendered as HTML and text ([`Trace::document`]) and as JSON ([`Trace::json`]), and every
//! string of both passes the masker's value scrub last.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use flex_sso_saml::{CertificateInfo, Crypto, Report, SignatureSummary, Summary, Verdict};

use crate::document::{Block, Document, Tone, ValueLine};
use crate::mask::{attribute_kind, Masker, Personal};
use crate::words::long_time;

/// The JSON file's `format`: what a reader checks before trusting the rest.
pub const TRACE_FORMAT: &str = "flex-sso-migrator/trace";
pub const TRACE_VERSION: u32 = 1;

const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const NS_DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Where the trace comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    /// A login check in the app's private login window.
    LoginCheck,
    /// A SAML response the admin pasted or opened on the "Inspect a SAML response" screen.
    InspectedResponse,
}

/// One line of a login check's timeline (addresses already shown host and path only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineLine {
    /// Milliseconds since the check started.
    pub elapsed_ms: u64,
    /// The stage, in words ("Flex login page", "Your identity provider").
    pub stage: String,
    pub shown: String,
}

/// What a trace is made from.
#[derive(Debug, Clone)]
pub struct TraceInput<'a> {
    pub kind: TraceKind,
    pub account_sid: Option<&'a str>,
    /// The login check's outcome in words (title, text), if it is one.
    pub outcome: Option<(String, String)>,
    /// Which of Flex's connections asked the IdP for this login, in words.
    pub requested_by: Option<String>,
    pub timeline: &'a [TimelineLine],
    /// The diagnosis of the SAML response, when there was one.
    pub report: Option<&'a Report>,
    /// Why there is no diagnosis, when there is none (a login that never reached the IdP, say).
    pub no_report_reason: Option<String>,
    pub revealed: &'a BTreeSet<Personal>,
    pub prepared_at: OffsetDateTime,
    pub app_version: &'a str,
}

/// A trace, ready to show and to save.
#[derive(Debug, Clone)]
pub struct Trace {
    pub document: Document,
    pub json: Value,
    /// The kinds of personal data found, with the number of distinct values of each.
    pub found: Vec<(Personal, usize)>,
}

#[derive(Serialize)]
struct SignatureJson {
    signs: String,
    signature_algorithm: String,
    digest_algorithm: String,
    canonicalization: String,
    certificate: Option<CertificateInfo>,
    certificate_configured: Option<bool>,
    verdict: String,
    problems: Vec<String>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'a str,
    severity: flex_sso_saml::Severity,
    title: &'a str,
    detail: &'a str,
    fix: &'a str,
}

/// Builds the trace. Personal data is masked unless its kind is in `input.revealed`.
pub fn trace(input: &TraceInput<'_>) -> Trace {
    let mut masker = Masker::new(input.revealed);
    let summary = input.report.and_then(|r| r.summary.as_ref()).map(|s| masked_summary(s, &mut masker));
    let xml = input.report.and_then(|r| r.xml_pretty.as_deref()).map(|x| masked_xml(x, &mut masker));

    let mut doc = Document::new(
        match input.kind {
            TraceKind::LoginCheck => "Flex sign-in trace: a login check",
            TraceKind::InspectedResponse => "Flex sign-in trace: a SAML response",
        },
        format!("Made with Flex SSO Migrator {} on {}.", input.app_version, long_time(input.prepared_at)),
    );
    doc.subtitle = Some(match input.account_sid {
        Some(account) => format!("Twilio account {account}. For support: it holds no password, token or key."),
        None => "For support: it holds no password, token or key.".to_owned(),
    });
    privacy_section(&mut doc, input.revealed);

    if let Some((title, text)) = &input.outcome {
        let mut blocks = vec![Block::Paragraph(format!("{title}. {text}"))];
        if let Some(by) = &input.requested_by {
            blocks.push(Block::Paragraph(by.clone()));
        }
        doc.section("Outcome", blocks);
    }
    if !input.timeline.is_empty() {
        let rows = input
            .timeline
            .iter()
            .map(|line| vec![format!("{:.1} s", line.elapsed_ms as f64 / 1000.0), line.stage.clone(), line.shown.clone()])
            .collect();
        doc.section(
            "Timeline",
            vec![Block::Table { head: vec!["After".into(), "Stage".into(), "Address (host and path; values hidden)".into()], rows }],
        );
    }
    match input.report {
        Some(report) => diagnosis_sections(&mut doc, report, summary.as_ref(), xml.as_deref()),
        None => doc.section(
            "SAML response",
            vec![Block::Paragraph(input.no_report_reason.clone().unwrap_or_else(|| "No SAML response was captured.".to_owned()))],
        ),
    }

    let json = serde_json::json!({
        "format": TRACE_FORMAT,
        "version": TRACE_VERSION,
        "kind": input.kind,
        "prepared_at": input.prepared_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "app_version": input.app_version,
        "account_sid": input.account_sid,
        "masked": Personal::ALL.iter().filter(|k| !input.revealed.contains(k)).collect::<Vec<_>>(),
        "revealed": input.revealed,
        "outcome": input.outcome.as_ref().map(|(title, text)| serde_json::json!({ "title": title, "text": text })),
        "requested_by": input.requested_by,
        "timeline": input.timeline,
        "no_report_reason": input.no_report_reason,
        "verdict": input.report.map(|r| r.verdict),
        "findings": input.report.map(|r| r.findings.iter().map(|f| FindingJson {
            code: f.code.as_str(), severity: f.severity, title: &f.title, detail: &f.detail, fix: &f.fix,
        }).collect::<Vec<_>>()),
        "summary": summary,
        "signatures": input.report.and_then(|r| r.summary.as_ref()).map(|s| s.signatures.iter().map(signature_json).collect::<Vec<_>>()),
        "response_xml": xml,
    });

    // Last: every string, wherever it came from, through the value scrub.
    let document = scrub_document(doc, &mut masker);
    let json = scrub_json(json, &mut masker);
    Trace { document, json, found: masker.found() }
}

fn privacy_section(doc: &mut Document, revealed: &BTreeSet<Personal>) {
    let masked: Vec<&str> = Personal::ALL.iter().filter(|k| !revealed.contains(k)).map(|k| k.label()).collect();
    let shown: Vec<&str> = revealed.iter().map(|k| k.label()).collect();
    let mut blocks = Vec::new();
    if !masked.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Hidden in this file: {}. Each hidden value is replaced by a marker such as [email 1]; the same value always gets the same marker, so support can still see when two values match. Flex roles are shown.",
            masked.join(", ")
        )));
    }
    if !shown.is_empty() {
        blocks.push(Block::Note {
            tone: Tone::Caution,
            text: format!("Shown on purpose in this file: {}. Share it only with people who may see them.", shown.join(", ")),
        });
    }
    blocks.push(Block::Paragraph(
        "Certificates appear only as their fingerprints and dates; signature values are left out.".to_owned(),
    ));
    doc.section("What this file contains", blocks);
}

fn diagnosis_sections(doc: &mut Document, report: &Report, summary: Option<&Summary>, xml: Option<&str>) {
    let verdict = match report.verdict {
        Verdict::Pass => "Flex would accept this response: no problem found.",
        Verdict::Fail => "Flex would refuse this response, or it could not be read.",
    };
    let mut blocks = vec![Block::Paragraph(verdict.to_owned())];
    if report.findings.is_empty() {
        blocks.push(Block::Paragraph("No findings.".to_owned()));
    }
    for finding in &report.findings {
        let severity = match finding.severity {
            flex_sso_saml::Severity::Error => "Must fix",
            flex_sso_saml::Severity::Warning => "Check",
            flex_sso_saml::Severity::Info => "Note",
        };
        blocks.push(Block::Note {
            tone: if finding.severity == flex_sso_saml::Severity::Info { Tone::Info } else { Tone::Caution },
            text: format!("{severity} ({}): {} {} {}", finding.code.as_str(), finding.title, finding.detail, finding.fix),
        });
    }
    doc.section("Findings", blocks);

    if let Some(summary) = summary {
        let mut values = Vec::new();
        let mut line = |label: &str, value: &Option<String>| {
            if let Some(value) = value {
                values.push(ValueLine::new(label, value.clone()));
            }
        };
        line("Issuer", &summary.issuer);
        line("Status", &summary.status_code);
        line("Status message", &summary.status_message);
        line("Destination", &summary.destination);
        line("Recipient", &summary.recipient);
        line("NameID", &summary.name_id);
        line("NameID format", &summary.name_id_format);
        line("Valid from", &summary.valid_from);
        line("Valid until", &summary.valid_until);
        line("Session ends", &summary.session_ends);
        for audience in &summary.audiences {
            values.push(ValueLine::new("Audience", audience.clone()));
        }
        let mut blocks = vec![Block::Values(values)];
        if !summary.attributes.is_empty() {
            blocks.push(Block::Table {
                head: vec!["Attribute".into(), "Values".into()],
                rows: summary.attributes.iter().map(|a| vec![a.name.clone(), a.values.join(", ")]).collect(),
            });
        }
        doc.section("What the response says", blocks);

        let mut signatures = Vec::new();
        for sig in &summary.signatures {
            signatures.push(signature_words(sig));
        }
        if signatures.is_empty() {
            signatures.push("The response carries no signature.".to_owned());
        }
        doc.section("Signatures", vec![Block::Bullets(signatures)]);
    }
    if let Some(xml) = xml {
        doc.section("The response, decoded (personal data hidden)", vec![Block::Code(xml.to_owned())]);
    }
}

fn crypto_words(crypto: &Crypto) -> String {
    match crypto {
        Crypto::Verified { certificate_sha256 } => format!("verified with the configured certificate (SHA-256 {certificate_sha256})"),
        Crypto::VerifiedByUntrustedCertificate { certificate_sha256 } => format!(
            "verifies only with the certificate inside the response (SHA-256 {certificate_sha256}), which is not the one configured"
        ),
        Crypto::DigestMismatch => "does not verify: the signed content was changed after signing".to_owned(),
        Crypto::SignatureMismatch => "does not verify with any certificate at hand".to_owned(),
        Crypto::NotChecked { reason } => format!("not checked: {reason}"),
    }
}

fn signature_words(sig: &SignatureSummary) -> String {
    let mut s = format!(
        "The {} is signed ({}, digest {}): {}.",
        sig.signs,
        short_algorithm(&sig.signature_algorithm),
        short_algorithm(&sig.digest_algorithm),
        crypto_words(&sig.crypto)
    );
    if let Some(cert) = &sig.certificate {
        s.push_str(&format!(
            " Certificate in the response: {}, SHA-256 {}, valid {} to {}{}.",
            cert.subject,
            cert.sha256_fingerprint,
            cert.not_before,
            cert.not_after,
            match sig.certificate_configured {
                Some(true) => ", the configured one",
                Some(false) => ", NOT the configured one",
                None => "",
            }
        ));
    }
    for problem in &sig.problems {
        s.push(' ');
        s.push_str(problem);
    }
    s
}

fn short_algorithm(uri: &str) -> &str {
    uri.rsplit(['#', '/']).next().filter(|s| !s.is_empty()).unwrap_or(uri)
}

fn signature_json(sig: &SignatureSummary) -> SignatureJson {
    SignatureJson {
        signs: sig.signs.clone(),
        signature_algorithm: sig.signature_algorithm.clone(),
        digest_algorithm: sig.digest_algorithm.clone(),
        canonicalization: sig.canonicalization.clone(),
        certificate: sig.certificate.clone(),
        certificate_configured: sig.certificate_configured,
        verdict: crypto_words(&sig.crypto),
        problems: sig.problems.clone(),
    }
}

/// The summary with its personal fields masked. Registers every personal value with the
/// masker first, so the scrub of the other strings knows them.
fn masked_summary(summary: &Summary, masker: &mut Masker) -> Summary {
    let mut out = summary.clone();
    out.name_id = summary.name_id.as_deref().map(|v| masker.note(v, Personal::NameId));
    for attribute in &mut out.attributes {
        let kind = attribute_kind(&attribute.name).or(attribute.friendly_name.as_deref().and_then(attribute_kind));
        if let (Some(kind), false) = (kind, attribute.name == crate::mask::ROLES_ATTRIBUTE) {
            attribute.values = attribute.values.iter().map(|v| masker.note(v, kind)).collect();
        }
    }
    out
}

/// The response's XML with every personal node masked in place, certificates described by
/// fingerprint and dates, and signature values left out. Unreadable XML is not shown at all
/// (it could not be masked node by node).
fn masked_xml(xml: &str, masker: &mut Masker) -> String {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let Ok(doc) = roxmltree::Document::parse_with_options(xml, options) else {
        return "(The response's XML could not be read again to hide personal data, so it is left out.)".to_owned();
    };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let (ns, name) = (node.tag_name().namespace(), node.tag_name().name());
        let kind = match (ns, name) {
            (Some(NS_SAML), "NameID") => Some(Personal::NameId),
            // `roles` has no kind: it stays.
            (Some(NS_SAML), "AttributeValue") => node
                .parent_element()
                .filter(|a| a.tag_name().name() == "Attribute")
                .and_then(|a| attribute_kind(a.attribute("Name").unwrap_or(""))),
            _ => None,
        };
        if let Some(kind) = kind {
            // All text of the element (a comment can split a value in two), replaced as one.
            let value: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            if let Some(range) = content_range(node) {
                edits.push((range, masker.note(&value, kind)));
            }
        }
        if ns == Some(NS_DSIG) && name == "X509Certificate" {
            let base64: String = node.text().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
            let described = match flex_sso_saml::Certificate::from_base64(&base64, 1) {
                Ok(cert) => {
                    let info = cert.info();
                    format!("[certificate: SHA-256 {}, {}, valid {} to {}]", info.sha256_fingerprint, info.subject, info.not_before, info.not_after)
                }
                Err(_) => "[a certificate that could not be read]".to_owned(),
            };
            if let Some(range) = content_range(node) {
                edits.push((range, described));
            }
        }
        if ns == Some(NS_DSIG) && name == "SignatureValue" {
            if let Some(range) = content_range(node) {
                edits.push((range, "[signature value left out]".to_owned()));
            }
        }
        if ns == Some(NS_SAML) && name == "SubjectConfirmationData" {
            if let Some(address) = node.attributes().find(|a| a.name() == "Address" && a.namespace().is_none()) {
                edits.push((address.range_value(), masker.note(address.value(), Personal::Address)));
            }
        }
    }
    // Inner edits (a masked AttributeValue inside nothing else masked) never overlap outer ones
    // here: the elements chosen do not nest in one another. Apply from the end.
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = xml.to_owned();
    let mut last_start = usize::MAX;
    for (range, replacement) in edits {
        if range.end > last_start {
            continue;
        }
        last_start = range.start;
        out.replace_range(range, &replacement);
    }
    out
}

/// The bytes between an element's start tag and its end tag, if it has content.
fn content_range(node: roxmltree::Node<'_, '_>) -> Option<Range<usize>> {
    let first = node.first_child()?;
    let last = node.last_child()?;
    Some(first.range().start..last.range().end)
}

fn scrub_document(mut doc: Document, masker: &mut Masker) -> Document {
    doc.title = masker.scrub(&doc.title);
    doc.subtitle = doc.subtitle.map(|s| masker.scrub(&s));
    for section in &mut doc.sections {
        section.heading = masker.scrub(&section.heading);
        for block in &mut section.blocks {
            let mut each = |s: &mut String| *s = masker.scrub(s);
            match block {
                Block::Paragraph(s) | Block::Code(s) => each(s),
                Block::Note { text, .. } => each(text),
                Block::Values(lines) => lines.iter_mut().for_each(|l| {
                    each(&mut l.label);
                    each(&mut l.value);
                    if let Some(h) = &mut l.hint {
                        each(h);
                    }
                }),
                Block::Steps(items) | Block::Bullets(items) | Block::FillIn(items) => items.iter_mut().for_each(each),
                Block::Table { head, rows } => {
                    head.iter_mut().for_each(&mut each);
                    rows.iter_mut().flatten().for_each(&mut each);
                }
            }
        }
    }
    doc
}

fn scrub_json(value: Value, masker: &mut Masker) -> Value {
    match value {
        Value::String(s) => Value::String(masker.scrub(&s)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| scrub_json(v, masker)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, scrub_json(v, masker))).collect()),
        other => other,
    }
}
