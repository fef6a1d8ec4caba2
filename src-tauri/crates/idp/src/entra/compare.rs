//! The Entra app's settings against what Flex needs (FACTS §1, §4, §5), one row each, in Entra's
//! labels. Identifier and Reply URL are lists in Entra: the rule (the same one the plan applies)
//! is that the new value is the first entry and no other Flex value (legacy, or another
//! connection's) is left; identifiers that are not Flex's stay. Graph v1.0 has no property for
//! the signing option or algorithm, so those rows say so rather than guess.

use super::labels;
use super::EntraApp;
use crate::compare::{Comparison, Row, Verdict};
use crate::{FlexTarget, IdpKind};

/// The app roles Flex reads from the `roles` claim (FACTS §5; the catalog's roles text).
pub(crate) const FLEX_ROLES: [&str; 3] = ["admin", "supervisor", "agent"];

pub fn compare(app: &EntraApp, target: &FlexTarget) -> Comparison {
    let rows = vec![
        list_row("entity_id", &labels::entity_id(), "application.identifierUris", &app.identifier_uris(), &target.entity_id, target),
        list_row("acs_url", &labels::acs_url(), "application.web.redirectUris", &app.redirect_uris(), &target.acs_url, target),
        sso_mode_row(app),
        not_readable("signing_option", labels::SIGNING_OPTION, "Sign SAML response and assertion", "Signing Option"),
        not_readable("signing_algorithm", labels::SIGNING_ALGORITHM, "SHA-256", "Signing Algorithm"),
        encryption_row(app),
        roles_row(app),
    ];
    Comparison { idp: IdpKind::Entra, app: app.to_ref("picked"), rows }
}

/// Whether a list holds what Flex needs: the needed value first, no other Flex value.
pub(crate) fn list_holds(list: &[String], needed: &str, target: &FlexTarget) -> bool {
    list.first().map(|v| v.trim()) == Some(needed) && list.iter().skip(1).all(|v| !target.is_flex_value(v))
}

fn list_row(key: &'static str, label: &str, field: &'static str, list: &[String], needed: &str, target: &FlexTarget) -> Row {
    let matches = list_holds(list, needed, target);
    let stale: Vec<&String> = list.iter().filter(|v| v.trim() != needed && target.is_flex_value(v)).collect();
    let note = if matches {
        String::new()
    } else if list.is_empty() {
        format!("Empty. Add the value shown to {label} and make it the default.")
    } else if let Some(what) = stale.first().and_then(|v| target.describe(v)) {
        format!("{label} holds {what}. Put the value shown in its place, as the default, and remove the older Flex value.")
    } else if list.iter().any(|v| v.trim() == needed) {
        format!("The value shown is in {label} but is not the default (first) one. Make it the default.")
    } else {
        format!("No {label} is a Flex value. Add the value shown and make it the default.")
    };
    Row {
        key,
        label: label.to_owned(),
        field,
        now: if list.is_empty() { None } else { Some(list.join(", ")) },
        needed: Some(needed.to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note,
    }
}

fn sso_mode_row(app: &EntraApp) -> Row {
    let now = app.sso_mode();
    let matches = now == Some("saml");
    Row {
        key: "sso_mode",
        label: labels::SSO_MODE.to_owned(),
        field: "servicePrincipal.preferredSingleSignOnMode",
        now: now.map(str::to_owned),
        needed: Some("saml".to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches {
            String::new()
        } else {
            "Flex signs in with SAML: choose SAML as this app's single sign-on method in Entra ID. This app does not change it.".to_owned()
        },
    }
}

fn not_readable(key: &'static str, label: &str, needed: &str, name: &str) -> Row {
    Row {
        key,
        label: label.to_owned(),
        field: "(none in Graph v1.0)",
        now: None,
        needed: Some(needed.to_owned()),
        verdict: Verdict::NotReadable,
        note: format!(
            "Microsoft Graph v1.0 has no property for the {name}, so this app cannot read it. Check it by hand in the app's SAML Certificates section: Flex needs \"{needed}\"."
        ),
    }
}

fn encryption_row(app: &EntraApp) -> Row {
    let key_id = app.token_encryption_key_id();
    Row {
        key: "token_encryption",
        label: labels::TOKEN_ENCRYPTION.to_owned(),
        field: "tokenEncryptionKeyId",
        now: Some(if key_id.is_some() { "On" } else { "Off" }.to_owned()),
        needed: Some("Off".to_owned()),
        // Graph's description of tokenEncryptionKeyId: when set, Entra encrypts every token it
        // emits with that key; Flex cannot read an encrypted assertion.
        verdict: if key_id.is_none() { Verdict::Matches } else { Verdict::MustChange },
        note: if key_id.is_none() {
            String::new()
        } else {
            "Entra ID encrypts the tokens of this app, and Flex cannot read an encrypted assertion. Turn token encryption off in Entra ID; this app does not change it.".to_owned()
        },
    }
}

fn roles_row(app: &EntraApp) -> Row {
    let values = app.app_role_values();
    let missing: Vec<&str> = FLEX_ROLES.iter().copied().filter(|r| !values.iter().any(|v| v == r)).collect();
    let how = flex_sso_facts::catalog::Catalog::builtin().get("azure_ad").map(|e| e.attributes.roles.text.clone()).unwrap_or_default();
    Row {
        key: "app_roles",
        label: labels::APP_ROLES.to_owned(),
        field: "appRoles[].value",
        now: if values.is_empty() { None } else { Some(values.join(", ")) },
        needed: Some(FLEX_ROLES.join(", ")),
        verdict: if missing.is_empty() { Verdict::Matches } else { Verdict::Advice },
        note: if missing.is_empty() {
            String::new()
        } else {
            format!("Missing: {}. Twilio's Azure AD page: {how} This app does not create roles.", missing.join(", "))
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flex_sso_model::ids::ConnectionSid;
    use flex_sso_model::values::{new_values, Hosts};
    use serde_json::{json, Value};

    pub(crate) const LEGACY_ENTITY: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2/metadata";
    pub(crate) const LEGACY_ACS: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2";
    pub(crate) const APP_ID: &str = "5a4db0c5-0000-4000-8000-00000000f1e1";

    pub(crate) fn target() -> FlexTarget {
        let sid = ConnectionSid::parse("JQ5a4db0c5000000000000000000000001").unwrap();
        FlexTarget::new(new_values(&sid, &Hosts::default()), Hosts::default())
    }

    pub(crate) fn objects() -> (Value, Value) {
        let roles = json!([
            {"allowedMemberTypes": ["User"], "description": "Flex admin", "displayName": "admin", "id": "0a000000-0000-4000-8000-000000000001", "isEnabled": true, "origin": "Application", "value": "admin"},
            {"allowedMemberTypes": ["User"], "description": "Flex supervisor", "displayName": "supervisor", "id": "0a000000-0000-4000-8000-000000000002", "isEnabled": true, "origin": "Application", "value": "supervisor"},
            {"allowedMemberTypes": ["User"], "description": "Flex agent", "displayName": "agent", "id": "0a000000-0000-4000-8000-000000000003", "isEnabled": true, "origin": "Application", "value": "agent"}
        ]);
        let sp = json!({"id": "7e000000-0000-4000-8000-0000000000aa", "appId": APP_ID, "displayName": "Twilio Flex",
            "preferredSingleSignOnMode": "saml", "preferredTokenSigningKeyThumbprint": "ABCDEF", "samlSingleSignOnSettings": null,
            "tokenEncryptionKeyId": null, "appRoles": roles, "servicePrincipalNames": [LEGACY_ENTITY, APP_ID], "replyUrls": [LEGACY_ACS]});
        let application = json!({"id": "a1000000-0000-4000-8000-0000000000bb", "appId": APP_ID, "displayName": "Twilio Flex",
            "identifierUris": [LEGACY_ENTITY, "https://contoso.example/other"], "tokenEncryptionKeyId": null, "appRoles": roles,
            "web": {"homePageUrl": null, "logoutUrl": null, "redirectUris": [LEGACY_ACS],
                "implicitGrantSettings": {"enableAccessTokenIssuance": false, "enableIdTokenIssuance": false},
                "redirectUriSettings": [{"uri": LEGACY_ACS, "index": null}]}});
        (sp, application)
    }

    pub(crate) fn legacy_app() -> EntraApp {
        let (sp, application) = objects();
        EntraApp::new(sp, application).unwrap()
    }

    pub(crate) fn with(change: impl FnOnce(&mut Value, &mut Value)) -> EntraApp {
        let (mut sp, mut application) = objects();
        change(&mut sp, &mut application);
        EntraApp::new(sp, application).unwrap()
    }

    #[test]
    fn legacy_values_are_flagged_in_entras_labels_and_signing_is_said_unreadable() {
        let comparison = compare(&legacy_app(), &target());
        let keys: Vec<&str> = comparison.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys[..2], ["entity_id", "acs_url"]);
        let entity = comparison.row("entity_id").unwrap();
        assert_eq!(entity.label, "Identifier (Entity ID)");
        assert_eq!(entity.verdict, Verdict::MustChange);
        assert_eq!(entity.note, "Identifier (Entity ID) holds the legacy Entity ID. Put the value shown in its place, as the default, and remove the older Flex value.");
        let acs = comparison.row("acs_url").unwrap();
        assert_eq!(acs.label, "Reply URL (Assertion Consumer Service URL)");
        assert_eq!(acs.verdict, Verdict::MustChange);
        for key in ["signing_option", "signing_algorithm"] {
            let row = comparison.row(key).unwrap();
            assert_eq!((row.verdict, row.now.as_deref()), (Verdict::NotReadable, None), "{key}");
            assert!(row.note.contains("Graph v1.0 has no property"), "{}", row.note);
        }
        for key in ["sso_mode", "token_encryption", "app_roles"] {
            assert_eq!(comparison.row(key).unwrap().verdict, Verdict::Matches, "{key}");
        }
    }

    #[test]
    fn the_new_value_must_be_first_and_alone_among_flex_values() {
        let t = target();
        let listed = |list: Vec<&str>| list.into_iter().map(str::to_owned).collect::<Vec<_>>();
        assert!(list_holds(&listed(vec![&t.entity_id, "api://other"]), &t.entity_id, &t));
        assert!(!list_holds(&listed(vec!["api://other", &t.entity_id]), &t.entity_id, &t), "not the default");
        assert!(!list_holds(&listed(vec![&t.entity_id, LEGACY_ENTITY]), &t.entity_id, &t), "legacy left behind");
        let second = with(|_, a| a["identifierUris"] = json!(["api://other", t.entity_id]));
        assert!(compare(&second, &t).row("entity_id").unwrap().note.contains("not the default"));
    }

    #[test]
    fn missing_roles_other_modes_and_encryption_are_named() {
        let app = with(|sp, a| {
            sp["preferredSingleSignOnMode"] = Value::Null;
            sp["appRoles"] = json!([]);
            a["appRoles"] = json!([{"id": "0a000000-0000-4000-8000-000000000003", "isEnabled": true, "value": "agent", "allowedMemberTypes": ["User"]}]);
            a["tokenEncryptionKeyId"] = json!("0b000000-0000-4000-8000-000000000009");
        });
        let comparison = compare(&app, &target());
        assert_eq!(comparison.row("sso_mode").unwrap().verdict, Verdict::MustChange);
        assert_eq!(comparison.row("token_encryption").unwrap().verdict, Verdict::MustChange);
        let roles = comparison.row("app_roles").unwrap();
        assert_eq!(roles.verdict, Verdict::Advice);
        assert!(roles.note.starts_with("Missing: admin, supervisor."), "{}", roles.note);
        assert!(roles.note.contains("user.assignedroles"), "{}", roles.note);
    }
}
