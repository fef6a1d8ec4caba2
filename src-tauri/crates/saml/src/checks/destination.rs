//! Where the response says it is going: the Response's Destination and the bearer
//! SubjectConfirmationData's Recipient must both be the ACS URL Flex expects.

use flex_sso_facts::twilio;
use roxmltree::Node;

use crate::finding::{Finding, FindingCode};
use crate::xml::{child, children, NS_SAML};

use super::legacy::legacy_value;
use super::{expected_received, Ctx};

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    ctx.checked.destination = true;
    let expected = ctx.exp.acs_url.trim().to_owned();
    if let Some(destination) = ctx.response.attribute("Destination") {
        compare(ctx, ctx.response, "Destination", destination, &expected);
    }
    let Some(assertion) = ctx.assertion else { return };
    let data: Vec<Node<'_, '_>> = child(assertion, NS_SAML, "Subject")
        .into_iter()
        .flat_map(|s| children(s, NS_SAML, "SubjectConfirmation"))
        .filter_map(|c| child(c, NS_SAML, "SubjectConfirmationData"))
        .collect();
    for node in data {
        if let Some(recipient) = node.attribute("Recipient") {
            compare(ctx, node, "Recipient", recipient, &expected);
        }
    }
}

fn compare(ctx: &mut Ctx<'_, '_>, node: Node<'_, '_>, what: &str, received: &str, expected: &str) {
    if received == expected {
        return;
    }
    let mut detail = expected_received(&format!("{what} (the ACS URL)"), expected, received);
    if legacy_value(received).is_some() {
        detail.push_str(" That is the ACS URL of the legacy Flex SSO connection: the identity provider still has the old value.");
    }
    let fix = format!(
        "{}, set {} to \"{expected}\" (copy it from Flex's {}), save, and sign in again.",
        ctx.wording.in_app_settings(),
        ctx.wording.acs_url_setting(),
        twilio::SETUP_WORKFLOW
    );
    ctx.add(
        Finding::error(FindingCode::DestinationMismatch, format!("The response's {what} is not Flex's ACS URL."), detail, fix)
            .set("idp", ctx.wording.acs_url_label(), expected),
        Some(node),
    );
}
