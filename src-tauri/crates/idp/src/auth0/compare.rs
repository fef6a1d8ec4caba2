//! The Auth0 client's settings against what Flex needs (FACTS §1, §4, §5), one row each, in
//! Auth0's labels. Rows the change plan fixes (audience, the first callback, recipient,
//! destination) are `MustChange`; the signing settings are `MustChange` with the how-to in the
//! note (the plan leaves them to the admin); what the API cannot show or decide (a Post-Login
//! Action's attributes, the NameID, "both signed") is `Advice`.

use flex_sso_model::values::{classify_sp_value, SpValueKind};

use super::labels;
use super::Auth0App;
use crate::compare::{Comparison, Row, Verdict};
use crate::{FlexTarget, IdpKind};

/// The attributes Flex requires, by their plain names (FACTS §5).
const REQUIRED_ATTRIBUTES: [&str; 3] = ["email", "full_name", "roles"];

/// What Flex needs of the signing settings, in the add-on's own values (the catalog's `signing`
/// texts, from Twilio's Auth0 page).
pub(crate) const SIGNATURE_ALGORITHM: &str = "rsa-sha256";
pub(crate) const DIGEST_ALGORITHM: &str = "sha256";

/// Auth0's defaults for absent signing settings (Auth0's "Customize SAML assertions" page, as the
/// reference quotes it): the assertion signed, not the response, with SHA-1.
const DEFAULT_SIGNATURE_ALGORITHM: &str = "rsa-sha1";
const DEFAULT_DIGEST_ALGORITHM: &str = "sha1";

const NAME_ID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
const NAME_ID_EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

pub fn compare(app: &Auth0App, target: &FlexTarget) -> Comparison {
    let entity_label = labels::entity_id();
    let audience = app.saml_text("audience");
    let rows = vec![
        Row::exact("entity_id", &entity_label, "addons.samlp.audience", audience, &target.entity_id, audience.and_then(|v| target.describe(v))),
        acs_row(app, target),
        override_row(app, target, "recipient", labels::RECIPIENT, "addons.samlp.recipient"),
        override_row(app, target, "destination", labels::DESTINATION, "addons.samlp.destination"),
        callbacks_row(app, target),
        sign_response_row(app),
        algorithm_row(app, "signature_algorithm", "signatureAlgorithm", SIGNATURE_ALGORITHM, DEFAULT_SIGNATURE_ALGORITHM),
        algorithm_row(app, "digest_algorithm", "digestAlgorithm", DIGEST_ALGORITHM, DEFAULT_DIGEST_ALGORITHM),
        signed_parts_row(app),
        name_id_row(app),
        attributes_row(app),
    ];
    Comparison { idp: IdpKind::Auth0, app: app.to_ref("picked"), rows }
}

/// `callbacks[0]`: the add-on's Application Callback URL.
fn acs_row(app: &Auth0App, target: &FlexTarget) -> Row {
    let label = labels::acs_url();
    let callbacks = app.callbacks();
    let first = callbacks.first().copied();
    let mut row = Row::exact("acs_url", &label, "callbacks[0]", first, &target.acs_url, first.and_then(|v| target.describe(v)));
    if row.verdict == Verdict::MustChange && callbacks.iter().skip(1).any(|c| c.trim() == target.acs_url) {
        row.note = format!(
            "The new ACS URL is in {}, but not first: Auth0 uses the first one as the {label}. Put it first.",
            labels::CALLBACKS
        );
    }
    row
}

/// `recipient` / `destination`: optional overrides; absent, Auth0 uses the Application Callback
/// URL, which is fine.
fn override_row(app: &Auth0App, target: &FlexTarget, key: &'static str, label: &str, field: &'static str) -> Row {
    let now = app.saml_text(key);
    if now.is_none() {
        return Row {
            key,
            label: label.to_owned(),
            field,
            now: None,
            needed: Some(target.acs_url.clone()),
            verdict: Verdict::Matches,
            note: format!("Not set: Auth0 uses the {}.", labels::acs_url()),
        };
    }
    Row::exact(key, label, field, now, &target.acs_url, now.and_then(|v| target.describe(v)))
}

/// Whether a callback is a legacy Flex one (what the change removes).
pub(crate) fn is_legacy(value: &str, target: &FlexTarget) -> bool {
    matches!(classify_sp_value(value, &target.hosts), SpValueKind::LegacyAcs | SpValueKind::LegacyEntityId | SpValueKind::OlderLegacy)
}

/// The other Allowed Callback URLs: a legacy Flex one left there is harmless after the switch but
/// an unfinished edit; the change removes it.
fn callbacks_row(app: &Auth0App, target: &FlexTarget) -> Row {
    let callbacks = app.callbacks();
    let stale: Vec<&str> = callbacks.iter().skip(1).copied().filter(|c| is_legacy(c, target)).collect();
    Row {
        key: "callbacks",
        label: labels::CALLBACKS.to_owned(),
        field: "callbacks",
        now: if callbacks.is_empty() { None } else { Some(callbacks.join(", ")) },
        needed: None,
        verdict: if stale.is_empty() { Verdict::Matches } else { Verdict::Advice },
        note: if stale.is_empty() {
            String::new()
        } else {
            format!("{} still holds an older Flex URL ({}); the change removes it.", labels::CALLBACKS, stale.join(", "))
        },
    }
}

fn sign_response_row(app: &Auth0App) -> Row {
    let now = app.saml_value("signResponse").and_then(|v| v.as_bool());
    let matches = now == Some(true);
    Row {
        key: "sign_response",
        label: labels::SIGN_RESPONSE.to_owned(),
        field: "addons.samlp.signResponse",
        now: Some(match now {
            Some(b) => b.to_string(),
            None => "false (not set)".to_owned(),
        }),
        needed: Some("true".to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches {
            String::new()
        } else {
            "Twilio's Auth0 page asks for \"signResponse\": true. Set it in the SAML2 Web App settings JSON by hand.".to_owned()
        },
    }
}

/// `saml_key` is the add-on's key, which is also its label (the settings JSON's own words).
fn algorithm_row(app: &Auth0App, key: &'static str, saml_key: &'static str, needed: &str, default: &str) -> Row {
    let (label, field) = match saml_key {
        "signatureAlgorithm" => (labels::SIGNATURE_ALGORITHM, "addons.samlp.signatureAlgorithm"),
        _ => (labels::DIGEST_ALGORITHM, "addons.samlp.digestAlgorithm"),
    };
    let set = app.saml_text(saml_key);
    let now = set.unwrap_or(default);
    let matches = now == needed;
    Row {
        key,
        label: label.to_owned(),
        field,
        now: Some(if set.is_some() { now.to_owned() } else { format!("{now} (not set)") }),
        needed: Some(needed.to_owned()),
        verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
        note: if matches {
            String::new()
        } else {
            format!("Flex needs SHA-256. Set \"{label}\": \"{needed}\" in the SAML2 Web App settings JSON by hand.")
        },
    }
}

/// Flex needs the response AND the assertion signed (FACTS §5); Auth0's documented settings sign
/// one or the other, so this is always worth a look, never something the app can fix.
fn signed_parts_row(app: &Auth0App) -> Row {
    let response = app.saml_value("signResponse").and_then(|v| v.as_bool()) == Some(true);
    Row {
        key: "signed_parts",
        label: labels::SIGNED_PARTS.to_owned(),
        field: "addons.samlp.signResponse",
        now: Some(if response { "the response" } else { "the assertion" }.to_owned()),
        needed: Some("the response and the assertion".to_owned()),
        verdict: Verdict::Advice,
        note: "Flex needs both signed. With \"signResponse\": true Auth0 signs the response instead of the assertion, and without it only the assertion; its documented settings cannot ask for both. Twilio's Auth0 page uses \"signResponse\": true: after the switch, try a Flex login and read the diagnosis if it fails.".to_owned(),
    }
}

fn name_id_row(app: &Auth0App) -> Row {
    let now = app.saml_text("nameIdentifierFormat");
    let fine = now.is_none_or(|f| f == NAME_ID_UNSPECIFIED || f == NAME_ID_EMAIL);
    let advice = flex_sso_facts::catalog::Catalog::builtin().get("auth0").map(|e| e.name_id.text.clone()).unwrap_or_default();
    Row {
        key: "name_id_format",
        label: labels::NAME_ID_FORMAT.to_owned(),
        field: "addons.samlp.nameIdentifierFormat",
        now: Some(now.map(str::to_owned).unwrap_or_else(|| format!("{NAME_ID_UNSPECIFIED} (not set)"))),
        needed: None,
        verdict: if fine { Verdict::Matches } else { Verdict::Advice },
        note: if fine { String::new() } else { format!("{advice} This app leaves it as it is: it may be what your users sign in with.") },
    }
}

/// The attribute names `mappings` sends (its values: profile field → attribute name, or names).
fn mapped_names(app: &Auth0App) -> Vec<String> {
    let Some(mappings) = app.saml_value("mappings").and_then(|v| v.as_object()) else { return Vec::new() };
    mappings
        .values()
        .flat_map(|v| match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(list) => list.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Auth0 can also add attributes in a Post-Login Action (Twilio's page does it so), which this
/// API does not show: a name missing from `mappings` is advice, not a rule.
fn attributes_row(app: &Auth0App) -> Row {
    let names = mapped_names(app);
    let missing: Vec<&str> = REQUIRED_ATTRIBUTES.iter().copied().filter(|r| !names.iter().any(|n| n == r)).collect();
    let how = flex_sso_facts::catalog::Catalog::builtin()
        .get("auth0")
        .map(|e| {
            missing
                .iter()
                .map(|m| match *m {
                    "email" => e.attributes.email.text.clone(),
                    "full_name" => e.attributes.full_name.text.clone(),
                    _ => e.attributes.roles.text.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    Row {
        key: "attributes",
        label: labels::MAPPINGS.to_owned(),
        field: "addons.samlp.mappings",
        now: if names.is_empty() { None } else { Some(names.join(", ")) },
        needed: Some(REQUIRED_ATTRIBUTES.join(", ")),
        verdict: if missing.is_empty() { Verdict::Matches } else { Verdict::Advice },
        note: if missing.is_empty() {
            String::new()
        } else {
            format!(
                "Not in mappings: {}. If a Post-Login Action sends them (as Twilio's Auth0 page does), nothing to do; this app cannot see Actions. Otherwise add them by hand (with plain names): {how}",
                missing.join(", ")
            )
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flex_sso_model::ids::ConnectionSid;
    use flex_sso_model::values::{new_values, Hosts};
    use serde_json::json;

    pub(crate) const LEGACY_ENTITY: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2/metadata";
    pub(crate) const LEGACY_ACS: &str = "https://iam.twilio.com/v1/Accounts/AC00000000000000000000000000e1e1e1/saml2";
    pub(crate) const NEW_ENTITY: &str = "urn:flex:JQ5a4db0c5000000000000000000000001";
    pub(crate) const NEW_ACS: &str = "https://login.flex.us1.twilio.com/login/callback?connection=JQ5a4db0c5000000000000000000000001";
    pub(crate) const WALLBOARD: &str = "https://wallboard.example.com/auth/callback";

    pub(crate) fn target() -> FlexTarget {
        let sid = ConnectionSid::parse("JQ5a4db0c5000000000000000000000001").unwrap();
        FlexTarget::new(new_values(&sid, &Hosts::default()), Hosts::default())
    }

    pub(crate) fn legacy_app() -> Auth0App {
        Auth0App::from_json(json!({
            "client_id": "FlexSaml0Legacy0Client0000000001", "name": "Twilio Flex", "app_type": "regular_web",
            "callbacks": [LEGACY_ACS, WALLBOARD],
            "addons": {"samlp": {
                "audience": LEGACY_ENTITY, "recipient": LEGACY_ACS,
                "mappings": {"email": "email", "name": "full_name", "app_metadata.roles": "roles"},
                "signResponse": true, "signatureAlgorithm": "rsa-sha256", "digestAlgorithm": "sha256",
                "nameIdentifierFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "lifetimeInSeconds": 3600, "typedAttributes": false
            }}
        }))
        .unwrap()
    }

    #[test]
    fn legacy_values_are_flagged_in_auth0_s_labels_and_the_rest_matches() {
        let comparison = compare(&legacy_app(), &target());
        let keys: Vec<&str> = comparison.rows.iter().map(|r| r.key).collect();
        assert_eq!(&keys[..2], ["entity_id", "acs_url"]);
        let entity = comparison.row("entity_id").unwrap();
        assert_eq!((entity.label.as_str(), entity.verdict), ("audience setting", Verdict::MustChange));
        assert_eq!(entity.note, "This is the legacy Entity ID. Change audience setting to the value shown.");
        let acs = comparison.row("acs_url").unwrap();
        assert_eq!((acs.label.as_str(), acs.field), ("Application Callback URL", "callbacks[0]"));
        assert_eq!(acs.note, "This is the legacy ACS URL. Change Application Callback URL to the value shown.");
        assert_eq!(comparison.row("recipient").unwrap().verdict, Verdict::MustChange);
        let destination = comparison.row("destination").unwrap();
        assert_eq!((destination.verdict, destination.now.as_deref()), (Verdict::Matches, None), "absent is fine");
        for key in ["callbacks", "sign_response", "signature_algorithm", "digest_algorithm", "name_id_format", "attributes"] {
            assert_eq!(comparison.row(key).unwrap().verdict, Verdict::Matches, "{key}: {:?}", comparison.row(key));
        }
        let parts = comparison.row("signed_parts").unwrap();
        assert_eq!(parts.verdict, Verdict::Advice);
        assert!(parts.note.contains("cannot ask for both"), "{}", parts.note);
        assert!(comparison.needs_change());
    }

    #[test]
    fn a_migrated_client_needs_nothing() {
        let mut raw = legacy_app().into_raw();
        raw["callbacks"] = json!([NEW_ACS, WALLBOARD]);
        raw["addons"]["samlp"]["audience"] = json!(NEW_ENTITY);
        raw["addons"]["samlp"]["recipient"] = json!(NEW_ACS);
        let comparison = compare(&Auth0App::from_json(raw).unwrap(), &target());
        assert!(!comparison.needs_change(), "{:#?}", comparison.rows);
    }

    #[test]
    fn the_new_acs_url_added_last_is_not_enough() {
        let mut raw = legacy_app().into_raw();
        raw["callbacks"] = json!([LEGACY_ACS, WALLBOARD, NEW_ACS]);
        let comparison = compare(&Auth0App::from_json(raw).unwrap(), &target());
        let acs = comparison.row("acs_url").unwrap();
        assert_eq!(acs.verdict, Verdict::MustChange);
        assert!(acs.note.contains("but not first"), "{}", acs.note);
    }

    #[test]
    fn defaults_of_auth0_are_named_and_weak_signing_is_flagged() {
        let raw = json!({"client_id": "c", "name": "Twilio Flex", "callbacks": [NEW_ACS, LEGACY_ACS],
            "addons": {"samlp": {"audience": NEW_ENTITY, "mappings": {"email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"},
            "nameIdentifierFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"}}});
        let comparison = compare(&Auth0App::from_json(raw).unwrap(), &target());
        let sign = comparison.row("sign_response").unwrap();
        assert_eq!((sign.verdict, sign.now.as_deref()), (Verdict::MustChange, Some("false (not set)")));
        let algorithm = comparison.row("signature_algorithm").unwrap();
        assert_eq!((algorithm.verdict, algorithm.now.as_deref()), (Verdict::MustChange, Some("rsa-sha1 (not set)")));
        assert!(algorithm.note.contains("\"signatureAlgorithm\": \"rsa-sha256\""), "{}", algorithm.note);
        assert_eq!(comparison.row("digest_algorithm").unwrap().verdict, Verdict::MustChange);
        assert_eq!(comparison.row("name_id_format").unwrap().verdict, Verdict::Advice);
        let callbacks = comparison.row("callbacks").unwrap();
        assert_eq!(callbacks.verdict, Verdict::Advice);
        assert!(callbacks.note.contains(LEGACY_ACS), "{}", callbacks.note);
        let attributes = comparison.row("attributes").unwrap();
        assert_eq!(attributes.verdict, Verdict::Advice);
        assert!(attributes.note.starts_with("Not in mappings: email, full_name, roles."), "{}", attributes.note);
        assert!(attributes.note.contains("api.samlResponse.setAttribute(\"roles\""), "{}", attributes.note);
    }
}
