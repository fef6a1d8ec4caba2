//! The NameID identifies the user in Flex and must be present (FLEX-SSO-FACTS §5).

use crate::finding::{Finding, FindingCode};
use crate::xml::{child, text, NS_SAML};

use super::Ctx;

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let Some(assertion) = ctx.assertion else { return };
    ctx.checked.subject = true;
    let subject = child(assertion, NS_SAML, "Subject");
    let in_app = ctx.wording.in_app_settings();
    if let Some(encrypted) = subject.and_then(|s| child(s, NS_SAML, "EncryptedID")) {
        ctx.add(
            Finding::error(
                FindingCode::AssertionEncrypted,
                "The user's NameID is encrypted.",
                "The subject carries an EncryptedID instead of a NameID. Flex needs it readable.",
                format!("{in_app}, turn off NameID encryption, save, and sign in again."),
            ),
            Some(encrypted),
        );
        return;
    }
    let name_id = subject.and_then(|s| child(s, NS_SAML, "NameID"));
    if name_id.is_some_and(|n| !text(n).is_empty()) {
        return;
    }
    ctx.add(
        Finding::error(
            FindingCode::NameidMissing,
            "The assertion does not say who the user is (no NameID).",
            if name_id.is_some() { "The NameID element is empty." } else { "The assertion's Subject has no NameID element." },
            format!("{in_app}, set the Name ID (NameID). {} Save, and sign in again.", ctx.wording.name_id_setting()),
        ),
        name_id.or(subject).or(Some(assertion)),
    );
}
