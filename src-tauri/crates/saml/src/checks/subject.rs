//! The NameID identifies the user in Flex and must be present (FLEX-SSO-FACTS §5).

use roxmltree::Node;

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
    if let Some(node) = name_id.filter(|n| !text(*n).is_empty()) {
        comment_split(ctx, node);
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

/// `a@x.com<!---->.evil`: a comment splitting the NameID. Canonicalization for a `#ID`
/// reference drops comments, so the signature still verifies; a service provider that reads only
/// the first text node signs in `a@x.com`, one that reads all text (Flex, and this check) signs
/// in `a@x.com.evil`. The IdP signed the full value, so whoever put the comment there wanted the
/// two readings to differ.
fn comment_split(ctx: &mut Ctx<'_, '_>, name_id: Node<'_, '_>) {
    if !name_id.children().any(|c| c.is_comment()) {
        return;
    }
    let full = text(name_id);
    let pieces: Vec<&str> = name_id.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect();
    let first = pieces.first().map(|p| p.trim()).unwrap_or("");
    let written: String = name_id
        .children()
        .map(|c| if c.is_comment() { format!("<!--{}-->", c.text().unwrap_or("")) } else { c.text().unwrap_or("").to_owned() })
        .collect();
    ctx.add(
        Finding::warning(
            FindingCode::NameidSplitByComment,
            "An XML comment splits the user's NameID.",
            format!(
                "The NameID is written \"{}\". The identity provider or an attacker split the value with a comment. Flex would read the full text, \"{full}\", and sign in that user; software that reads only the first piece would see \"{first}\". The signature still verifies, because signatures do not cover comments.",
                written.trim()
            ),
            format!("Do not trust this response unless you know why the comment is there. Capture a fresh one straight from {}; if the comment is still there, contact its support.", ctx.wording.idp()),
        ),
        Some(name_id),
    );
}
