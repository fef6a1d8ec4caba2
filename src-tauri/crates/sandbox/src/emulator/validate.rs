//! The checks Flex's ACS makes on a SAML response, written for the sandbox from Twilio's rules and
//! SAML 2.0 core, sharing no code with the app's diagnosis crates: only the facts (role names,
//! the session minimum) come from `flex-sso-facts`, like every other part of the project.
//!
//! Order: readable → status → one plain assertion → both signatures (structure, algorithm,
//! `xmlsec1`) → content (issuer, NameID, audience, destination, recipient, times, request,
//! attributes). Content is only read after the signatures held, and only from the one assertion
//! whose signature was verified.

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use roxmltree::{Document, Node};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use flex_sso_facts::twilio;

use super::rejection::{FlexAttribute, Rejection};
use super::xmlsec::{self, SignedPart, VerifyError};

const PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
/// A session that ends sooner than this logs users out early.
const MIN_SESSION: time::Duration = time::Duration::hours(twilio::MIN_SESSION_HOURS);

/// What the connection expects of a response.
#[derive(Debug, Clone)]
pub struct Expectations<'a> {
    pub audience: &'a str,
    pub acs_url: &'a str,
    pub idp_entity_id: &'a str,
    pub now: OffsetDateTime,
    pub clock_skew: Duration,
}

/// How signatures are verified.
#[derive(Debug, Clone, Copy)]
pub struct Verifier<'a> {
    pub xmlsec1: &'a Path,
    pub trusted_cert: &'a Path,
    pub scratch: &'a Path,
}

/// The user Flex signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedInUser {
    pub name_id: String,
    pub full_name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub session_not_on_or_after: Option<String>,
    /// Codes of problems that do not stop the login, e.g. `short_session`.
    pub warnings: Vec<String>,
}

/// Decodes the posted `SAMLResponse` form value (base64, line breaks allowed) into XML text.
pub fn decode(value: &str) -> Result<String, Rejection> {
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(Rejection::MissingSamlResponse);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| Rejection::Unreadable { detail: format!("it is not valid base64: {e}") })?;
    String::from_utf8(bytes).map_err(|_| Rejection::Unreadable { detail: "it is not UTF-8 text".to_owned() })
}

/// The audience of a response, read without any check: for the log of received responses.
pub fn audience_of(xml: &str) -> Option<String> {
    let document = Document::parse(xml).ok()?;
    let audience = document.descendants().find(|n| n.has_tag_name((ASSERTION, "Audience")))?;
    audience.text().map(|t| t.trim().to_owned())
}

/// All checks; `known_request` says whether an `InResponseTo` value names a request we sent.
pub fn check(
    xml: &str,
    expect: &Expectations<'_>,
    verifier: Verifier<'_>,
    known_request: &dyn Fn(&str) -> bool,
) -> Result<SignedInUser, Rejection> {
    let document = parse(xml)?;
    let (response, assertion) = structure(&document)?;
    for (part, element) in [(SignedPart::Response, response), (SignedPart::Assertion, assertion)] {
        signature_shape(part, element)?;
        xmlsec::verify(verifier.xmlsec1, xml, verifier.trusted_cert, part, verifier.scratch).map_err(|e| match e {
            VerifyError::Invalid(detail) => Rejection::SignatureInvalid { part: part_name(part), detail },
            VerifyError::Unavailable(detail) => Rejection::VerifierUnavailable { detail },
        })?;
    }
    content(response, assertion, expect, known_request)
}

pub(crate) fn parse(xml: &str) -> Result<Document<'_>, Rejection> {
    // roxmltree refuses DTDs by default, which also keeps entity tricks away from xmlsec1.
    Document::parse(xml).map_err(|e| Rejection::Unreadable { detail: format!("it is not well-formed XML: {e}") })
}

fn part_name(part: SignedPart) -> &'static str {
    match part {
        SignedPart::Response => "response",
        SignedPart::Assertion => "assertion",
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((ns, name)))
}

/// All text inside an element, trimmed. Flex reads the whole text of a value: a comment inside
/// it (`a@x.com<!---->.evil`, which a signature does not cover) splits the text into pieces, and
/// reading only the first (`Node::text`) would sign in another user than the IdP signed.
fn full_text(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<String>().trim().to_owned()
}

/// The Response element and its single, unencrypted, directly contained assertion.
pub(crate) fn structure<'a, 'i>(document: &'a Document<'i>) -> Result<(Node<'a, 'i>, Node<'a, 'i>), Rejection> {
    let response = document.root_element();
    if !response.has_tag_name((PROTOCOL, "Response")) {
        return Err(Rejection::Unreadable {
            detail: format!("it is a <{}> element, not a SAML <Response>", response.tag_name().name()),
        });
    }
    let status = child(response, PROTOCOL, "Status").and_then(|s| child(s, PROTOCOL, "StatusCode"));
    let status_value = status.and_then(|s| s.attribute("Value")).unwrap_or("");
    if status_value != SUCCESS {
        let mut codes = Vec::new();
        let mut next = status;
        while let Some(code) = next {
            codes.push(code.attribute("Value").unwrap_or("(none)").rsplit(':').next().unwrap_or("").to_owned());
            next = child(code, PROTOCOL, "StatusCode");
        }
        let status = if codes.is_empty() { "(none)".to_owned() } else { codes.join(" / ") };
        return Err(Rejection::IdpStatus { status });
    }
    if document.descendants().any(|n| n.has_tag_name((ASSERTION, "EncryptedAssertion"))) {
        return Err(Rejection::AssertionEncrypted);
    }
    let assertions: Vec<Node> = document.descendants().filter(|n| n.has_tag_name((ASSERTION, "Assertion"))).collect();
    if assertions.len() != 1 {
        return Err(Rejection::AssertionCount { found: assertions.len() });
    }
    let assertion = assertions[0];
    if assertion.parent_element() != Some(response) {
        return Err(Rejection::Unreadable { detail: "the assertion is not directly inside the response".to_owned() });
    }
    Ok((response, assertion))
}

/// One signature on `element`, covering exactly that element, with SHA-256 or stronger.
pub(crate) fn signature_shape(part: SignedPart, element: Node<'_, '_>) -> Result<(), Rejection> {
    let signatures: Vec<Node> = element.children().filter(|n| n.has_tag_name((DSIG, "Signature"))).collect();
    let signature = match signatures.as_slice() {
        [] if part == SignedPart::Response => return Err(Rejection::ResponseNotSigned),
        [] => return Err(Rejection::AssertionNotSigned),
        [one] => *one,
        _ => {
            return Err(Rejection::SignatureInvalid {
                part: part_name(part),
                detail: format!("it carries {} signatures instead of one", signatures.len()),
            })
        }
    };
    let invalid = |detail: &str| Rejection::SignatureInvalid { part: part_name(part), detail: detail.to_owned() };
    let signed_info = child(signature, DSIG, "SignedInfo").ok_or_else(|| invalid("the signature has no SignedInfo"))?;
    let references: Vec<Node> = signed_info.children().filter(|n| n.has_tag_name((DSIG, "Reference"))).collect();
    let [reference] = references.as_slice() else {
        return Err(invalid("the signature must cover exactly one element"));
    };
    let id = element.attribute("ID").unwrap_or("");
    if id.is_empty() || reference.attribute("URI") != Some(format!("#{id}").as_str()) {
        return Err(invalid("the signature does not cover this element"));
    }
    let method = child(signed_info, DSIG, "SignatureMethod").and_then(|m| m.attribute("Algorithm")).unwrap_or("");
    let digest = child(*reference, DSIG, "DigestMethod").and_then(|m| m.attribute("Algorithm")).unwrap_or("");
    for algorithm in [method, digest] {
        if algorithm.is_empty() {
            return Err(invalid("the signature names no algorithm"));
        }
        if algorithm.ends_with("sha1") || algorithm.contains("md5") {
            return Err(Rejection::WeakSignature { part: part_name(part), algorithm: algorithm.to_owned() });
        }
    }
    Ok(())
}

fn time_attr(node: Node<'_, '_>, name: &str) -> Result<Option<OffsetDateTime>, Rejection> {
    match node.attribute(name) {
        None => Ok(None),
        Some(text) => OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map(Some)
            .map_err(|_| Rejection::Unreadable { detail: format!("{name}=\"{text}\" is not a date and time") }),
    }
}

fn show(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// Everything after the signatures: who issued it, for whom, when, and the user's attributes.
pub(crate) fn content(
    response: Node<'_, '_>,
    assertion: Node<'_, '_>,
    expect: &Expectations<'_>,
    known_request: &dyn Fn(&str) -> bool,
) -> Result<SignedInUser, Rejection> {
    let issuer = child(assertion, ASSERTION, "Issuer").map(full_text).unwrap_or_default();
    if issuer != expect.idp_entity_id {
        return Err(Rejection::IssuerMismatch { expected: expect.idp_entity_id.to_owned(), found: issuer });
    }
    let subject = child(assertion, ASSERTION, "Subject");
    let name_id = subject.and_then(|s| child(s, ASSERTION, "NameID")).map(full_text).unwrap_or_default();
    if name_id.is_empty() {
        return Err(Rejection::NameIdMissing);
    }

    let conditions = child(assertion, ASSERTION, "Conditions");
    let audiences: Vec<String> = conditions
        .into_iter()
        .flat_map(|c| c.children().filter(|n| n.has_tag_name((ASSERTION, "AudienceRestriction"))))
        .flat_map(|r| r.children().filter(|n| n.has_tag_name((ASSERTION, "Audience"))))
        .map(full_text)
        .collect();
    if !audiences.iter().any(|a| a == expect.audience) {
        let found = if audiences.is_empty() { "(no audience)".to_owned() } else { audiences.join(", ") };
        return Err(Rejection::WrongAudience { expected: expect.audience.to_owned(), found });
    }

    if let Some(destination) = response.attribute("Destination") {
        if destination != expect.acs_url {
            return Err(Rejection::WrongDestination {
                expected: expect.acs_url.to_owned(),
                found: destination.to_owned(),
            });
        }
    }
    let confirmation = subject
        .into_iter()
        .flat_map(|s| s.children().filter(|n| n.has_tag_name((ASSERTION, "SubjectConfirmation"))))
        .find(|c| c.attribute("Method") == Some("urn:oasis:names:tc:SAML:2.0:cm:bearer"))
        .and_then(|c| child(c, ASSERTION, "SubjectConfirmationData"));
    let recipient = confirmation.and_then(|d| d.attribute("Recipient")).unwrap_or("(none)");
    if recipient != expect.acs_url {
        return Err(Rejection::WrongRecipient { expected: expect.acs_url.to_owned(), found: recipient.to_owned() });
    }

    let skew = time::Duration::try_from(expect.clock_skew).unwrap_or(time::Duration::ZERO);
    let now = expect.now;
    if let Some(conditions) = conditions {
        if let Some(not_before) = time_attr(conditions, "NotBefore")? {
            if now + skew < not_before {
                return Err(Rejection::NotYetValid { not_before: show(not_before), now: show(now) });
            }
        }
    }
    for node in conditions.into_iter().chain(confirmation) {
        if let Some(end) = time_attr(node, "NotOnOrAfter")? {
            if now - skew >= end {
                return Err(Rejection::Expired { not_on_or_after: show(end), now: show(now) });
            }
        }
    }

    let in_response_to = confirmation.and_then(|d| d.attribute("InResponseTo")).or(response.attribute("InResponseTo"));
    if let Some(id) = in_response_to {
        if !known_request(id) {
            return Err(Rejection::UnknownRequest { in_response_to: id.to_owned() });
        }
    }

    let attributes = Attributes::read(assertion);
    let roles = attributes.values("roles");
    let roles: Vec<String> =
        roles.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
    if roles.is_empty() {
        return Err(attributes.missing(FlexAttribute::Roles));
    }
    // Flex Insights roles (wfo.*) may sit beside the Flex role; anything else is refused.
    if let Some(bad) = roles.iter().find(|r| !twilio::is_flex_role(r) && !twilio::is_insights_role(r)) {
        return Err(Rejection::InvalidRole { value: bad.clone() });
    }
    if !roles.iter().any(|r| twilio::is_flex_role(r)) {
        return Err(Rejection::NoFlexRole { insights: roles.clone() });
    }
    let full_name = attributes.first("full_name").ok_or_else(|| attributes.missing(FlexAttribute::FullName))?;
    let email = attributes.first("email").ok_or_else(|| attributes.missing(FlexAttribute::Email))?;

    let mut warnings = Vec::new();
    // Insights opens only for supervisors and admins; the login itself works.
    if roles.iter().any(|r| twilio::is_insights_role(r)) && !roles.iter().any(|r| r == "supervisor" || r == "admin") {
        warnings.push("insights_without_supervisor".to_owned());
    }
    let session_end = child(assertion, ASSERTION, "AuthnStatement")
        .map(|s| time_attr(s, "SessionNotOnOrAfter"))
        .transpose()?
        .flatten();
    if let Some(end) = session_end {
        if end - now <= MIN_SESSION {
            warnings.push("short_session".to_owned());
        }
    }
    Ok(SignedInUser {
        name_id,
        full_name,
        email,
        roles,
        session_not_on_or_after: session_end.map(show),
        warnings,
    })
}

/// The assertion's attributes by name, in document order.
struct Attributes {
    entries: Vec<(String, Vec<String>)>,
}

impl Attributes {
    fn read(assertion: Node<'_, '_>) -> Self {
        let entries = assertion
            .children()
            .filter(|n| n.has_tag_name((ASSERTION, "AttributeStatement")))
            .flat_map(|s| s.children().filter(|n| n.has_tag_name((ASSERTION, "Attribute"))))
            .map(|a| {
                let values = a
                    .children()
                    .filter(|n| n.has_tag_name((ASSERTION, "AttributeValue")))
                    .map(full_text)
                    .collect();
                (a.attribute("Name").unwrap_or("").to_owned(), values)
            })
            .collect();
        Self { entries }
    }

    /// Values of the attribute with exactly this plain name (Flex ignores URI names).
    fn values(&self, name: &str) -> Vec<&str> {
        self.entries.iter().filter(|(n, _)| n == name).flat_map(|(_, v)| v.iter().map(String::as_str)).collect()
    }

    fn first(&self, name: &str) -> Option<String> {
        self.values(name).into_iter().find(|v| !v.is_empty()).map(str::to_owned)
    }

    fn missing(&self, attribute: FlexAttribute) -> Rejection {
        let uri_names = self
            .entries
            .iter()
            .map(|(n, _)| n)
            .filter(|n| n.contains("://") || n.starts_with("urn:"))
            .cloned()
            .collect();
        Rejection::MissingAttribute { attribute, uri_names }
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
