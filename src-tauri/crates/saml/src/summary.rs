//! The facts of a response, for display: who sent it, for whom, about whom, until when, and
//! how it is signed. Values are shown exactly as received.

use roxmltree::Node;
use serde::Serialize;

use crate::signature::SignatureSummary;
use crate::xml::{child, children, text, NS_SAML, NS_SAMLP};

/// One attribute with all its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeSummary {
    pub name: String,
    pub friendly_name: Option<String>,
    pub values: Vec<String>,
}

/// What the response says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub response_id: Option<String>,
    pub issue_instant: Option<String>,
    pub in_response_to: Option<String>,
    /// The Response's Issuer (optional in SAML), else the Assertion's.
    pub issuer: Option<String>,
    pub assertion_issuer: Option<String>,
    pub status_code: Option<String>,
    pub status_message: Option<String>,
    pub destination: Option<String>,
    pub recipient: Option<String>,
    pub audiences: Vec<String>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub attributes: Vec<AttributeSummary>,
    /// Conditions NotBefore.
    pub valid_from: Option<String>,
    /// Conditions NotOnOrAfter.
    pub valid_until: Option<String>,
    /// SubjectConfirmationData NotOnOrAfter.
    pub confirmation_valid_until: Option<String>,
    pub authn_instant: Option<String>,
    /// AuthnStatement SessionNotOnOrAfter: when the IdP wants the session to end.
    pub session_ends: Option<String>,
    pub assertion_encrypted: bool,
    pub signatures: Vec<SignatureSummary>,
}

/// The facts of `response`, with `assertion` its single assertion if there is one.
pub(crate) fn summarize(response: Node<'_, '_>, assertion: Option<Node<'_, '_>>) -> Summary {
    let attr = |n: Option<Node<'_, '_>>, name: &str| n.and_then(|n| n.attribute(name)).map(str::to_owned);
    let status = child(response, NS_SAMLP, "Status");
    let subject = assertion.and_then(|a| child(a, NS_SAML, "Subject"));
    let name_id = subject.and_then(|s| child(s, NS_SAML, "NameID"));
    let confirmation_data = subject
        .into_iter()
        .flat_map(|s| children(s, NS_SAML, "SubjectConfirmation"))
        .find_map(|c| child(c, NS_SAML, "SubjectConfirmationData"));
    let conditions = assertion.and_then(|a| child(a, NS_SAML, "Conditions"));
    let authn = assertion.and_then(|a| child(a, NS_SAML, "AuthnStatement"));
    let response_issuer = child(response, NS_SAML, "Issuer").map(text);
    let assertion_issuer = assertion.and_then(|a| child(a, NS_SAML, "Issuer")).map(text);
    Summary {
        response_id: attr(Some(response), "ID"),
        issue_instant: attr(Some(response), "IssueInstant"),
        in_response_to: attr(Some(response), "InResponseTo"),
        issuer: response_issuer.or_else(|| assertion_issuer.clone()),
        assertion_issuer,
        status_code: attr(status.and_then(|s| child(s, NS_SAMLP, "StatusCode")), "Value"),
        status_message: status.and_then(|s| child(s, NS_SAMLP, "StatusMessage")).map(text),
        destination: attr(Some(response), "Destination"),
        recipient: attr(confirmation_data, "Recipient"),
        audiences: audiences(assertion).into_iter().map(text).collect(),
        name_id: name_id.map(text),
        name_id_format: attr(name_id, "Format"),
        attributes: attributes(assertion)
            .map(|a| AttributeSummary {
                name: a.attribute("Name").unwrap_or("").to_owned(),
                friendly_name: a.attribute("FriendlyName").map(str::to_owned),
                values: children(a, NS_SAML, "AttributeValue").map(text).collect(),
            })
            .collect(),
        valid_from: attr(conditions, "NotBefore"),
        valid_until: attr(conditions, "NotOnOrAfter"),
        confirmation_valid_until: attr(confirmation_data, "NotOnOrAfter"),
        authn_instant: attr(authn, "AuthnInstant"),
        session_ends: attr(authn, "SessionNotOnOrAfter"),
        assertion_encrypted: children(response, NS_SAML, "EncryptedAssertion").next().is_some(),
        signatures: Vec::new(),
    }
}

/// Every `Audience` of every `AudienceRestriction`.
pub(crate) fn audiences<'a, 'i>(assertion: Option<Node<'a, 'i>>) -> Vec<Node<'a, 'i>> {
    assertion
        .and_then(|a| child(a, NS_SAML, "Conditions"))
        .into_iter()
        .flat_map(|c| children(c, NS_SAML, "AudienceRestriction"))
        .flat_map(|r| children(r, NS_SAML, "Audience"))
        .collect()
}

/// Every `Attribute` of every `AttributeStatement`.
pub(crate) fn attributes<'a, 'i>(assertion: Option<Node<'a, 'i>>) -> impl Iterator<Item = Node<'a, 'i>> {
    assertion
        .into_iter()
        .flat_map(|a| children(a, NS_SAML, "AttributeStatement"))
        .flat_map(|s| children(s, NS_SAML, "Attribute"))
}
