//! The audience must be the Entity ID Flex expects. A legacy Entity ID there means the IdP was
//! not updated in step 2 of the migration (FLEX-SSO-FACTS §1, §3).

use flex_sso_facts::twilio;
use crate::finding::{Finding, FindingCode};
use crate::summary::audiences;
use crate::xml::{child, text, NS_SAML};

use super::legacy::{legacy_value, Legacy};
use super::{expected_received, subtle_difference, Ctx};

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let Some(assertion) = ctx.assertion else { return };
    ctx.checked.audience = true;
    let expected = ctx.exp.audience.trim();
    let nodes = audiences(Some(assertion));
    if nodes.iter().any(|n| text(*n) == expected) {
        return;
    }
    let setting = ctx.wording.entity_id_setting();
    let fix = format!("{}, set {setting} to \"{expected}\" (copy it from Flex's {}), save, and sign in again.", ctx.wording.in_app_settings(), twilio::SETUP_WORKFLOW);
    let label = ctx.wording.entity_id_label();
    let Some(first) = nodes.first().copied() else {
        // [inferred] Flex checks the audience; a response without one cannot pass that check.
        let conditions = child(assertion, NS_SAML, "Conditions");
        ctx.add(
            Finding::error(
                FindingCode::AudienceMismatch,
                "The assertion names no audience.",
                format!("Flex expects the audience (Entity ID) \"{expected}\"; the assertion has no AudienceRestriction."),
                fix,
            )
            .set("idp", label, expected),
            Some(conditions.unwrap_or(assertion)),
        );
        return;
    };
    let legacy = nodes.iter().copied().find(|n| matches!(legacy_value(&text(*n)), Some(Legacy::EntityId | Legacy::Preview)));
    if let Some(node) = legacy {
        ctx.add(
            Finding::error(
                FindingCode::LegacyAudience,
                "Your identity provider still sends the legacy Entity ID.",
                format!("The audience is \"{}\", the Entity ID of the legacy Flex SSO connection; Flex now expects \"{expected}\". The identity provider was not updated with the new values, or the change was not saved.", text(node)),
                fix,
            )
            .set("idp", label, expected),
            Some(node),
        );
        return;
    }
    let received: Vec<String> = nodes.iter().map(|n| text(*n)).collect();
    let mut detail = expected_received("audience (Entity ID)", expected, &received.join("\", \""));
    let other_connection = received.iter().any(|r| r.starts_with("urn:flex:JQ") && subtle_difference(expected, r).is_none());
    if expected.starts_with("urn:flex:JQ") && other_connection {
        detail.push_str(" The response is meant for another Flex SSO connection: check that you signed in through the right application.");
    }
    ctx.add(Finding::error(FindingCode::AudienceMismatch, "The audience is not Flex's Entity ID.", detail, fix).set("idp", label, expected), Some(first));
}
