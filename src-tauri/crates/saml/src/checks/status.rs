//! The response's status: anything but Success means the IdP itself refused the sign-in.

use flex_sso_facts::twilio;
use roxmltree::Node;

use crate::finding::{Finding, FindingCode};
use crate::xml::{child, text, NS_SAMLP};

use super::Ctx;

/// saml-core-2.0-os §3.2.2.2.
const STATUS_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:status:";
const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// Whether the top-level status code is Success.
pub(crate) fn is_success(response: Node<'_, '_>) -> bool {
    top_code(response).and_then(|c| c.attribute("Value")) == Some(SUCCESS)
}

fn top_code<'a, 'i>(response: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    child(response, NS_SAMLP, "Status").and_then(|s| child(s, NS_SAMLP, "StatusCode"))
}

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    ctx.checked.status = true;
    let Some(code) = top_code(ctx.response) else {
        ctx.add(
            Finding::error(
                FindingCode::StatusNotSuccess,
                "The response has no status.",
                "A SAML response must say whether the sign-in succeeded (Status/StatusCode); this one does not.",
                format!("Check the Flex application's SAML settings in {} and sign in again.", ctx.wording.idp()),
            ),
            Some(ctx.response),
        );
        return;
    };
    let value = code.attribute("Value").unwrap_or("");
    if value == SUCCESS {
        return;
    }
    let second = child(code, NS_SAMLP, "StatusCode").and_then(|c| c.attribute("Value")).unwrap_or("");
    let message = child(code.parent().unwrap_or(code), NS_SAMLP, "StatusMessage").map(text).unwrap_or_default();
    let short = |v: &str| v.strip_prefix(STATUS_PREFIX).unwrap_or(v).to_owned();
    let mut detail = format!("The identity provider answered with status \"{}\"", short(value));
    if !second.is_empty() {
        detail.push_str(&format!(" / \"{}\"", short(second)));
    }
    detail.push('.');
    if !message.is_empty() {
        detail.push_str(&format!(" Its message: \"{message}\"."));
    }
    let idp = ctx.wording.idp();
    let fix = match short(second).as_str() {
        // Twilio: InvalidNameIDPolicy = wrong NameID setup or IdP Issuer.
        code if code == twilio::SYMPTOM_NAME_ID_POLICY.text => format!(
            "In {idp}, check the Name ID (NameID) setting of the Flex application. {} Also check that the {} entered in Flex matches {idp}'s issuer.",
            ctx.wording.name_id_setting(),
            twilio::FIELD_IDP_ISSUER
        ),
        "RequestDenied" | "AuthnFailed" => format!("The sign-in was refused in {idp}: check that this user is assigned to the Flex application there and can sign in, then try again."),
        "UnknownPrincipal" => format!("{idp} does not know this user: check that the user exists and is assigned to the Flex application."),
        _ => format!("Look up this failed sign-in in {idp}'s sign-in logs for the Flex application; the status above says which side refused."),
    };
    ctx.add(
        Finding::error(FindingCode::StatusNotSuccess, "The identity provider reports that the sign-in failed.", detail, fix),
        Some(code),
    );
}
