//! The shape of the response: unique IDs, exactly one assertion where Flex reads it, nothing
//! encrypted. Several assertions or repeated IDs are how signature-wrapping attacks hide a
//! forged assertion next to a validly signed one, so they stop the assertion checks.
//!
//! An assertion inside the subject assertion's `saml:Advice` (SAML core 2.6.1: evidence the
//! IdP attaches, e.g. an assertion from another authority) is not a second subject assertion:
//! nothing is read from it. It cannot carry a wrapping attack past the other checks: the
//! subject assertion must still be the one direct child of the Response, carry its own
//! signature pointing at its own ID, and every ID must be unique.

use std::collections::HashMap;

use roxmltree::Node;

use crate::finding::{Finding, FindingCode};
use crate::xml::{is, NS_SAML};

use super::Ctx;

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let response = ctx.response;
    let doc = response.document();

    let mut ids: HashMap<&str, usize> = HashMap::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(id) = node.attribute("ID") {
            *ids.entry(id).or_default() += 1;
        }
    }
    let mut repeated: Vec<(&str, usize)> = ids.into_iter().filter(|(_, n)| *n > 1).collect();
    repeated.sort();
    for (id, count) in repeated {
        ctx.add(
            Finding::error(
                FindingCode::InputInvalid,
                "The response repeats an element ID.",
                format!("The ID \"{id}\" appears {count} times. IDs must be unique; a repeated ID is a sign of a signature-wrapping attack, where a forged part hides next to a signed one."),
                "Do not trust this response. If it came straight from your identity provider, contact its support; otherwise find out who changed it.",
            ),
            None,
        );
    }

    let assertions: Vec<_> = doc.descendants().filter(|n| is(*n, NS_SAML, "Assertion") && !is_advice(*n, response)).collect();
    let encrypted: Vec<_> = doc.descendants().filter(|n| is(*n, NS_SAML, "EncryptedAssertion")).collect();
    for node in &encrypted {
        ctx.add(
            Finding::error(
                FindingCode::AssertionEncrypted,
                "The assertion is encrypted.",
                "The response carries an EncryptedAssertion. Flex needs the assertion signed but not encrypted, so it cannot read this one (and neither can this check).",
                format!("{}, turn off assertion encryption, save, and sign in again.", ctx.wording.in_app_settings()),
            ),
            Some(*node),
        );
    }

    match assertions.as_slice() {
        [] => {
            let status_ok = crate::checks::status::is_success(response);
            if encrypted.is_empty() && status_ok {
                ctx.add(
                    Finding::error(
                        FindingCode::InputInvalid,
                        "The response carries no assertion.",
                        "The response reports success but holds no Assertion element, so there is no user to sign in.",
                        format!("Check the Flex application's SAML settings in {}, then sign in again and capture the new response.", ctx.wording.idp()),
                    ),
                    Some(response),
                );
            }
        }
        [only] => {
            if only.parent_element().map(|p| p.id()) == Some(response.id()) {
                ctx.assertion = Some(*only);
            } else {
                ctx.add(
                    Finding::error(
                        FindingCode::InputInvalid,
                        "The assertion is not where Flex reads it.",
                        format!(
                            "The Assertion sits inside {} instead of directly inside the Response. Hiding an assertion deeper is a signature-wrapping trick.",
                            only.parent_element().map(crate::xml::source_qname).unwrap_or("another element")
                        ),
                        "Do not trust this response. Capture a fresh one straight from your identity provider.",
                    ),
                    Some(*only),
                );
            }
        }
        many => {
            ctx.add(
                Finding::error(
                    FindingCode::InputInvalid,
                    "The response carries more than one assertion.",
                    format!("Flex needs exactly one Assertion; this response has {}. Extra assertions are how signature-wrapping attacks slip a forged user past a valid signature.", many.len()),
                    "Do not trust this response. Capture a fresh one straight from your identity provider; if it still has several assertions, contact its support.",
                ),
                Some(response),
            );
        }
    }
}

/// Whether `assertion` is advice: in a `saml:Advice` of an assertion that is itself the
/// Response's direct child or advice (advice may nest). An Advice anywhere else (in Extensions,
/// in a Signature's Object, in a non-assertion) does not count.
fn is_advice(assertion: Node<'_, '_>, response: Node<'_, '_>) -> bool {
    let mut node = assertion;
    loop {
        let Some(advice) = node.parent_element().filter(|p| is(*p, NS_SAML, "Advice")) else { return false };
        let Some(holder) = advice.parent_element().filter(|p| is(*p, NS_SAML, "Assertion")) else { return false };
        if holder.parent_element().map(|p| p.id()) == Some(response.id()) {
            return true;
        }
        node = holder;
    }
}
