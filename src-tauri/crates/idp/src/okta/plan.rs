//! The Okta change as a plan: the app object read, with only the Flex settings changed, to be sent
//! back whole (Okta's `PUT /api/v1/apps/{id}` replaces the app). Okta ignores its system fields in
//! a PUT; they are left out so the preview shows only what the admin's app holds.

use serde_json::{json, Value};

use super::compare::{compare, encrypts, DIGEST_ALGORITHM, SIGNATURE_ALGORITHM, SIGNED};
use super::OktaApp;
use crate::compare::Verdict;
use crate::plan::{ChangePlan, FieldChange, WriteRequest};
use crate::{FlexTarget, IdpKind, Snapshot};

/// Read-only fields of an app object (the API description marks them so).
const SYSTEM_FIELDS: [&str; 5] = ["id", "created", "lastUpdated", "_links", "_embedded"];

/// The settings a plan may change, by row key, with where they live in `settings.signOn`. Only
/// these: never another setting of the app.
const MANAGED: [(&str, &str); 9] = [
    ("entity_id", "audience"),
    ("acs_url", "ssoAcsUrl"),
    ("recipient", "recipient"),
    ("destination", "destination"),
    ("response_signed", "responseSigned"),
    ("assertion_signed", "assertionSigned"),
    ("signature_algorithm", "signatureAlgorithm"),
    ("digest_algorithm", "digestAlgorithm"),
    ("assertion_encryption", "assertionEncryption"),
];

/// The change that makes the app hold what Flex needs: every `MustChange` row the app can fix.
pub fn plan_change(app: &OktaApp, target: &FlexTarget) -> ChangePlan {
    let comparison = compare(app, target);
    let mut wanted: Vec<(&str, Value)> = Vec::new();
    for row in comparison.rows.iter().filter(|r| r.verdict == Verdict::MustChange) {
        let value = match row.key {
            "entity_id" => json!(target.entity_id),
            "acs_url" | "recipient" | "destination" => json!(target.acs_url),
            "response_signed" | "assertion_signed" => json!(SIGNED),
            "signature_algorithm" => json!(SIGNATURE_ALGORITHM),
            "digest_algorithm" => json!(DIGEST_ALGORITHM),
            "assertion_encryption" => {
                let mut current = app.sign_on_value("assertionEncryption").cloned().unwrap_or_else(|| json!({}));
                current["enabled"] = json!(false);
                current
            }
            _ => continue,
        };
        wanted.push((row.key, value));
    }
    build(app, wanted, "picked")
}

/// The change that puts back the snapshot's values of the managed settings (and nothing else):
/// "Switch back". Settings that already hold the snapshot's value are left out.
pub fn plan_restore(current: &OktaApp, snapshot: &Snapshot) -> ChangePlan {
    let before = snapshot.settings.pointer("/settings/signOn").cloned().unwrap_or(Value::Null);
    let wanted: Vec<(&str, Value)> = MANAGED
        .iter()
        .filter_map(|(key, okta_key)| {
            let old = before.get(okta_key).cloned().unwrap_or(Value::Null);
            let now = current.sign_on_value(okta_key).cloned().unwrap_or(Value::Null);
            (old != now).then_some((*key, old))
        })
        .collect();
    build(current, wanted, "the snapshot taken before the change")
}

fn build(app: &OktaApp, wanted: Vec<(&str, Value)>, why: &str) -> ChangePlan {
    let comparison_labels = labels_by_key();
    let mut body = app.raw().clone();
    if let Some(object) = body.as_object_mut() {
        for field in SYSTEM_FIELDS {
            object.remove(field);
        }
    }
    let mut changes = Vec::new();
    for (key, value) in wanted {
        let Some((_, okta_key)) = MANAGED.iter().find(|(k, _)| *k == key) else { continue };
        let before = app.sign_on_value(okta_key).cloned();
        if body.pointer("/settings/signOn").is_none() {
            body["settings"]["signOn"] = json!({});
        }
        let sign_on = &mut body["settings"]["signOn"];
        if value.is_null() {
            if let Some(object) = sign_on.as_object_mut() {
                object.remove(*okta_key);
            }
        } else {
            sign_on[*okta_key] = value.clone();
        }
        let (label, field) = comparison_labels.iter().find(|(k, _, _)| *k == key).map(|(_, l, f)| (l.clone(), *f)).unwrap_or_default();
        changes.push(FieldChange {
            key: key.to_owned(),
            label,
            field: field.to_owned(),
            before: before.as_ref().map(|v| shown(okta_key, v)),
            after: (!value.is_null()).then(|| shown(okta_key, &value)),
        });
    }
    ChangePlan {
        idp: IdpKind::Okta,
        app: app.to_ref(why),
        changes,
        request: WriteRequest { method: "PUT".to_owned(), path: format!("api/v1/apps/{}", app.id()), body },
        base_version: app.last_updated().to_owned(),
    }
}

/// A setting's value as the preview shows it (the words of the comparison's rows).
fn shown(okta_key: &str, value: &Value) -> String {
    match (okta_key, value) {
        ("responseSigned" | "assertionSigned", Value::Bool(b)) => if *b { "Signed" } else { "Unsigned" }.to_owned(),
        ("assertionEncryption", v) => {
            if v.get("enabled").and_then(Value::as_bool) == Some(true) { "Encrypted" } else { "Unencrypted" }.to_owned()
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// Label and field of each managed row, from the comparison itself (one source for the words).
fn labels_by_key() -> Vec<(&'static str, String, &'static str)> {
    let probe = OktaApp::from_json(json!({"id": "0oa-probe"})).unwrap_or_else(|| unreachable!("the probe has an id"));
    let target = FlexTarget::new(
        flex_sso_model::values::SpValues { entity_id: String::new(), acs_url: String::new() },
        flex_sso_model::values::Hosts::default(),
    );
    compare(&probe, &target).rows.into_iter().map(|r| (r.key, r.label, r.field)).collect()
}

/// The managed values of an app, to check a re-read against a plan.
pub(crate) fn managed_value(app: &OktaApp, key: &str) -> Option<String> {
    let (_, okta_key) = MANAGED.iter().find(|(k, _)| *k == key)?;
    if *okta_key == "assertionEncryption" {
        return Some(if encrypts(app) == Some(true) { "Encrypted" } else { "Unencrypted" }.to_owned());
    }
    app.sign_on_value(okta_key).map(|v| shown(okta_key, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::compare::tests::{legacy_app, target};

    #[test]
    fn the_put_body_is_the_app_with_only_the_four_values_changed() {
        let app = legacy_app();
        let plan = plan_change(&app, &target());
        let keys: Vec<&str> = plan.changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["entity_id", "acs_url", "recipient", "destination"]);
        assert_eq!(plan.request.method, "PUT");
        assert_eq!(plan.request.path, "api/v1/apps/0oa1flex00legacy00001");
        assert_eq!(plan.base_version, "2026-01-01T00:00:00.000Z");
        let mut expected = app.raw().clone();
        for field in SYSTEM_FIELDS {
            expected.as_object_mut().unwrap().remove(field);
        }
        let sign_on = &mut expected["settings"]["signOn"];
        sign_on["audience"] = json!("urn:flex:JQ5a4db0c5000000000000000000000001");
        for key in ["ssoAcsUrl", "recipient", "destination"] {
            sign_on[key] = json!("https://login.flex.us1.twilio.com/login/callback?connection=JQ5a4db0c5000000000000000000000001");
        }
        assert_eq!(plan.request.body, expected, "nothing else changed, the nulls kept");
        assert_eq!(plan.changes[0].label, "Audience URI (SP Entity ID)");
        assert_eq!(plan.changes[0].field, "settings.signOn.audience");
        assert!(plan.changes[0].before.as_deref().unwrap().starts_with("https://iam.twilio.com/"));
    }

    #[test]
    fn restoring_puts_back_only_what_differs_from_the_snapshot() {
        let before = legacy_app();
        let snapshot = Snapshot {
            idp: "okta".to_owned(),
            app_id: before.id().to_owned(),
            app_label: before.label().to_owned(),
            taken_at: "2026-12-03T06:00:00Z".to_owned(),
            version: before.last_updated().to_owned(),
            settings: before.raw().clone(),
        };
        let mut changed = plan_change(&before, &target()).request.body;
        changed["id"] = json!(before.id());
        changed["lastUpdated"] = json!("2026-12-03T06:01:00.000Z");
        changed["settings"]["signOn"]["assertionEncryption"] = json!({"enabled": false});
        let after = OktaApp::from_json(changed).unwrap();
        let restore = plan_restore(&after, &snapshot);
        let keys: Vec<&str> = restore.changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["entity_id", "acs_url", "recipient", "destination", "assertion_encryption"]);
        assert_eq!(restore.base_version, "2026-12-03T06:01:00.000Z");
        let sign_on = &restore.request.body["settings"]["signOn"];
        assert_eq!(sign_on["audience"], before.raw()["settings"]["signOn"]["audience"]);
        assert!(sign_on.get("assertionEncryption").is_none(), "absent before, absent again");
        assert_eq!(restore.changes[4].after, None);
    }

    #[test]
    fn nothing_to_change_is_an_empty_plan() {
        let t = target();
        let mut raw = legacy_app().into_raw();
        raw["settings"]["signOn"]["audience"] = json!(t.entity_id);
        for key in ["ssoAcsUrl", "recipient", "destination"] {
            raw["settings"]["signOn"][key] = json!(t.acs_url);
        }
        assert!(plan_change(&OktaApp::from_json(raw).unwrap(), &t).is_empty());
    }
}
