//! The issuer must be the Identity Provider Issuer configured in Flex (FLEX-SSO-FACTS §3 step 3,
//! §7: a wrong IdP Issuer shows up as `InvalidNameIDPolicy` on Twilio's login form).

use flex_sso_facts::twilio;
use crate::finding::{Finding, FindingCode};
use crate::xml::{child, text, NS_SAML};

use super::{expected_received, Ctx};

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let Some(expected) = ctx.exp.idp_issuer.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    ctx.checked.issuer = true;
    let mut issuers = vec![child(ctx.response, NS_SAML, "Issuer")];
    issuers.push(ctx.assertion.and_then(|a| child(a, NS_SAML, "Issuer")));
    for node in issuers.into_iter().flatten() {
        let received = text(node);
        if received == expected {
            continue;
        }
        let idp = ctx.wording.idp();
        ctx.add(
            Finding::error(
                FindingCode::IssuerMismatch,
                "The response comes from another issuer than the one configured in Flex.",
                expected_received("issuer", expected, &received),
                format!("If this response comes from the right application in {idp}, enter \"{received}\" as the {} in Flex's {}. Otherwise, sign in through the Flex application in {idp}.", twilio::FIELD_IDP_ISSUER, twilio::SETUP_WORKFLOW),
            )
            .set("flex", twilio::FIELD_IDP_ISSUER.text, received.clone()),
            Some(node),
        );
        return;
    }
}
