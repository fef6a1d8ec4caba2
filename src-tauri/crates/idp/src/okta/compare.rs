//! The Okta app's settings against what Flex needs (FACTS §1, §4, §5), one row each, in Okta's
//! labels. Rows the change plan can fix are `MustChange`; what only the admin can decide (how
//! roles are sent, the Name ID format) is `Advice` or `MustChange` with the how-to in the note.

use super::labels;
use super::OktaApp;
use crate::compare::{Comparison, Row, Verdict};
use crate::{FlexTarget, IdpKind};

/// The attributes Flex requires, by their plain names (FACTS §5).
const REQUIRED_ATTRIBUTES: [&str; 3] = ["email", "full_name", "roles"];

/// What the plan sets each signing setting to (FACTS §5: response and assertion signed, SHA-256).
pub(crate) const SIGNED: bool = true;
pub(crate) const SIGNATURE_ALGORITHM: &str = "RSA_SHA256";
pub(crate) const DIGEST_ALGORITHM: &str = "SHA256";

/// The NameID format Twilio's Okta page asks for (the catalog's `name_id`).
const NAME_ID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

pub fn compare(app: &OktaApp, target: &FlexTarget) -> Comparison {
    let entity_label = labels::entity_id();
    let acs_label = labels::acs_url();
    let value_row = |key, label: &str, field, okta_key: &str, needed: &str| {
        let now = app.sign_on(okta_key);
        Row::exact(key, label, field, now, needed, now.and_then(|v| target.describe(v)))
    };
    let mut rows = vec![
        value_row("entity_id", &entity_label, "settings.signOn.audience", "audience", &target.entity_id),
        value_row("acs_url", &acs_label, "settings.signOn.ssoAcsUrl", "ssoAcsUrl", &target.acs_url),
        value_row("recipient", labels::RECIPIENT, "settings.signOn.recipient", "recipient", &target.acs_url),
        value_row("destination", labels::DESTINATION, "settings.signOn.destination", "destination", &target.acs_url),
    ];
    rows.extend(other_acs_row(app, target));
    rows.push(flag_row(app, "response_signed", labels::RESPONSE_SIGNED, "settings.signOn.responseSigned", "responseSigned"));
    rows.push(flag_row(app, "assertion_signed", labels::ASSERTION_SIGNED, "settings.signOn.assertionSigned", "assertionSigned"));
    rows.push(choice_row(app, "signature_algorithm", labels::SIGNATURE_ALGORITHM, "settings.signOn.signatureAlgorithm", "signatureAlgorithm", SIGNATURE_ALGORITHM));
    rows.push(choice_row(app, "digest_algorithm", labels::DIGEST_ALGORITHM, "settings.signOn.digestAlgorithm", "digestAlgorithm", DIGEST_ALGORITHM));
    rows.push(encryption_row(app));
    rows.push(name_id_row(app));
    rows.push(attributes_row(app));
    Comparison { idp: IdpKind::Okta, app: app.to_ref("picked"), rows }
}

fn flag_row(app: &OktaApp, key: &'static str, label: &str, field: &'static str, okta_key: &str) -> Row {
    let now = app.sign_on_flag(okta_key);
    let matches = now == Some(SIGNED);
    Row {
        key,
        label: label.to_owned(),
        field,
        now: now.map(|b| if b { "Signed" } else { "Unsigned" }.to_owned()),
        needed: Some("Signed".to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches { String::new() } else { "Flex needs the response and the assertion signed.".to_owned() },
    }
}

fn choice_row(app: &OktaApp, key: &'static str, label: &str, field: &'static str, okta_key: &str, needed: &str) -> Row {
    let now = app.sign_on(okta_key);
    let matches = now == Some(needed);
    Row {
        key,
        label: label.to_owned(),
        field,
        now: now.map(str::to_owned),
        needed: Some(needed.to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches { String::new() } else { "Flex needs SHA-256 signatures.".to_owned() },
    }
}

/// Whether Okta encrypts the assertion (`settings.signOn.assertionEncryption.enabled`).
pub(crate) fn encrypts(app: &OktaApp) -> Option<bool> {
    app.sign_on_value("assertionEncryption").and_then(|v| v.get("enabled")).and_then(|v| v.as_bool())
}

fn encryption_row(app: &OktaApp) -> Row {
    let now = encrypts(app);
    // An absent setting is Okta's default, unencrypted [inferred from the API description, which
    // marks the object optional].
    let matches = now != Some(true);
    Row {
        key: "assertion_encryption",
        label: labels::ENCRYPTION.to_owned(),
        field: "settings.signOn.assertionEncryption.enabled",
        now: Some(if now == Some(true) { "Encrypted" } else { "Unencrypted" }.to_owned()),
        needed: Some("Unencrypted".to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches { String::new() } else { "Flex cannot read an encrypted assertion.".to_owned() },
    }
}

/// Extra ACS URLs (`acsEndpoints`) that still point at the legacy connection are harmless to the
/// new one but show an unfinished edit; the plan leaves them alone.
fn other_acs_row(app: &OktaApp, target: &FlexTarget) -> Option<Row> {
    let urls: Vec<String> = app
        .sign_on_value("acsEndpoints")
        .and_then(|v| v.as_array())
        .map(|list| list.iter().filter_map(|e| e.get("url").and_then(|u| u.as_str()).map(str::to_owned)).collect())
        .unwrap_or_default();
    if urls.is_empty() {
        return None;
    }
    let stale: Vec<&String> = urls.iter().filter(|u| u.as_str() != target.acs_url && target.is_flex_value(u)).collect();
    Some(Row {
        key: "other_acs_urls",
        label: labels::OTHER_ACS.to_owned(),
        field: "settings.signOn.acsEndpoints",
        now: Some(urls.join(", ")),
        needed: None,
        verdict: if stale.is_empty() { Verdict::Matches } else { Verdict::Advice },
        note: if stale.is_empty() {
            String::new()
        } else {
            format!("{} still holds an older Flex URL; remove it in Okta once the new connection works.", labels::OTHER_ACS)
        },
    })
}

fn name_id_row(app: &OktaApp) -> Row {
    let now = app.sign_on("subjectNameIdFormat");
    let wanted = flex_sso_facts::catalog::Catalog::builtin().get("okta").map(|e| e.name_id.text.clone()).unwrap_or_default();
    let matches = now == Some(NAME_ID_UNSPECIFIED);
    Row {
        key: "name_id_format",
        label: labels::NAME_ID_FORMAT.to_owned(),
        field: "settings.signOn.subjectNameIdFormat",
        now: now.map(short_name_id),
        needed: Some("Unspecified".to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::Advice },
        note: if matches {
            String::new()
        } else {
            format!("Twilio's Okta page asks for \"{wanted}\" This app leaves it as it is: it may be what your users sign in with.")
        },
    }
}

/// `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress` → `EmailAddress`, as Okta's form shows it.
fn short_name_id(urn: &str) -> String {
    let last = urn.rsplit(':').next().unwrap_or(urn);
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => urn.to_owned(),
    }
}

fn attributes_row(app: &OktaApp) -> Row {
    let names: Vec<String> = app
        .sign_on_value("attributeStatements")
        .and_then(|v| v.as_array())
        .map(|list| list.iter().filter_map(|s| s.get("name").and_then(|n| n.as_str()).map(str::to_owned)).collect())
        .unwrap_or_default();
    let missing: Vec<&str> = REQUIRED_ATTRIBUTES.iter().copied().filter(|r| !names.iter().any(|n| n == r)).collect();
    let how = flex_sso_facts::catalog::Catalog::builtin().get("okta").map(|e| {
        missing
            .iter()
            .map(|m| match *m {
                "email" => e.attributes.email.text.clone(),
                "full_name" => e.attributes.full_name.text.clone(),
                _ => e.attributes.roles.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    Row {
        key: "attributes",
        label: labels::ATTRIBUTES.to_owned(),
        field: "settings.signOn.attributeStatements",
        now: if names.is_empty() { None } else { Some(names.join(", ")) },
        needed: Some(REQUIRED_ATTRIBUTES.join(", ")),
        verdict: if missing.is_empty() { Verdict::Matches } else { Verdict::MustChange },
        note: if missing.is_empty() {
            String::new()
        } else {
            format!("Missing: {}. Add them in Okta by hand (this app does not choose where your roles come from). {}", missing.join(", "), how.unwrap_or_default())
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flex_sso_model::ids::ConnectionSid;
    use flex_sso_model::values::{new_values, Hosts};
    use serde_json::json;

    const LEGACY_ENTITY: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2/metadata";
    const LEGACY_ACS: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2";

    pub(crate) fn target() -> FlexTarget {
        let sid = ConnectionSid::parse("JQ5a4db0c5000000000000000000000001").unwrap();
        FlexTarget::new(new_values(&sid, &Hosts::default()), Hosts::default())
    }

    pub(crate) fn legacy_app() -> OktaApp {
        OktaApp::from_json(json!({
            "id": "0oa1flex00legacy00001", "label": "Twilio Flex", "name": "twilioflex_1", "status": "ACTIVE",
            "signOnMode": "SAML_2_0", "lastUpdated": "2026-01-01T00:00:00.000Z",
            "settings": {"signOn": {
                "audience": LEGACY_ENTITY, "ssoAcsUrl": LEGACY_ACS, "recipient": LEGACY_ACS, "destination": LEGACY_ACS,
                "responseSigned": true, "assertionSigned": true, "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
                "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "defaultRelayState": null,
                "attributeStatements": [{"type": "EXPRESSION", "name": "email", "values": ["user.email"]},
                    {"type": "EXPRESSION", "name": "full_name", "values": ["user.firstName"]},
                    {"type": "EXPRESSION", "name": "roles", "values": ["user.userType"]}]
            }}
        }))
        .unwrap()
    }

    #[test]
    fn legacy_values_are_flagged_in_oktas_labels_and_the_rest_matches() {
        let comparison = compare(&legacy_app(), &target());
        let entity = comparison.row("entity_id").unwrap();
        assert_eq!(entity.label, "Audience URI (SP Entity ID)");
        assert_eq!(entity.verdict, Verdict::MustChange);
        assert_eq!(entity.needed.as_deref(), Some("urn:flex:JQ5a4db0c5000000000000000000000001"));
        assert_eq!(entity.note, "This is the legacy Entity ID. Change Audience URI (SP Entity ID) to the value shown.");
        let acs = comparison.row("acs_url").unwrap();
        assert_eq!(acs.label, "Single sign on URL");
        assert_eq!(acs.note, "This is the legacy ACS URL. Change Single sign on URL to the value shown.");
        for key in ["recipient", "destination"] {
            assert_eq!(comparison.row(key).unwrap().verdict, Verdict::MustChange, "{key}");
        }
        for key in ["response_signed", "assertion_signed", "signature_algorithm", "digest_algorithm", "assertion_encryption", "name_id_format", "attributes"] {
            assert_eq!(comparison.row(key).unwrap().verdict, Verdict::Matches, "{key}: {:?}", comparison.row(key));
        }
        assert!(comparison.needs_change());
    }

    #[test]
    fn a_migrated_app_needs_nothing() {
        let t = target();
        let mut raw = legacy_app().into_raw();
        let sign_on = &mut raw["settings"]["signOn"];
        sign_on["audience"] = json!(t.entity_id);
        for key in ["ssoAcsUrl", "recipient", "destination"] {
            sign_on[key] = json!(t.acs_url);
        }
        let comparison = compare(&OktaApp::from_json(raw).unwrap(), &t);
        assert!(!comparison.needs_change(), "{:#?}", comparison.rows);
    }

    #[test]
    fn missing_roles_weak_signing_and_encryption_are_named() {
        let mut raw = legacy_app().into_raw();
        let sign_on = &mut raw["settings"]["signOn"];
        sign_on["responseSigned"] = json!(false);
        sign_on["signatureAlgorithm"] = json!("RSA_SHA1");
        sign_on["assertionEncryption"] = json!({"enabled": true});
        sign_on["subjectNameIdFormat"] = json!("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
        sign_on["attributeStatements"].as_array_mut().unwrap().retain(|s| s["name"] != "roles");
        let comparison = compare(&OktaApp::from_json(raw).unwrap(), &target());
        assert_eq!(comparison.row("response_signed").unwrap().now.as_deref(), Some("Unsigned"));
        assert_eq!(comparison.row("signature_algorithm").unwrap().verdict, Verdict::MustChange);
        assert_eq!(comparison.row("assertion_encryption").unwrap().verdict, Verdict::MustChange);
        let name_id = comparison.row("name_id_format").unwrap();
        assert_eq!((name_id.verdict, name_id.now.as_deref()), (Verdict::Advice, Some("EmailAddress")));
        let attributes = comparison.row("attributes").unwrap();
        assert_eq!(attributes.verdict, Verdict::MustChange);
        assert!(attributes.note.starts_with("Missing: roles. Add them in Okta by hand"), "{}", attributes.note);
        assert!(attributes.note.contains("user.userType"), "{}", attributes.note);
    }
}
