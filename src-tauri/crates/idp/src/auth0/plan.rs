//! The Auth0 change as a plan: `PATCH /api/v2/clients/{id}` with `callbacks` and/or `addons`, each
//! whole as read, with only the Flex values changed:
//! - `callbacks`: the new ACS URL first (the add-on's Application Callback URL), legacy Flex
//!   callbacks removed, every other entry kept in its order;
//! - `addons`: every add-on as read, `samlp` with `audience` set to the new Entity ID and
//!   `recipient` / `destination` set to the new ACS URL where they are set (absent stays absent).
//!
//! `addons` goes whole because the API describes no merge inside it [inferred]: sending only
//! `samlp` could drop another add-on if Auth0 replaces the property. Nothing else is sent.

use serde_json::{json, Map, Value};

use super::compare::{compare, is_legacy};
use super::Auth0App;
use crate::plan::{ChangePlan, FieldChange, WriteRequest};
use crate::{FlexTarget, IdpKind, Snapshot};

/// The values a plan may change, by row key: never another setting of the client.
const MANAGED: [&str; 5] = ["entity_id", "acs_url", "recipient", "destination", "callbacks"];

/// The add-on keys behind the managed rows.
fn saml_key(key: &str) -> Option<&'static str> {
    match key {
        "entity_id" => Some("audience"),
        "recipient" => Some("recipient"),
        "destination" => Some("destination"),
        _ => None,
    }
}

/// The change that makes the client hold what Flex needs.
pub fn plan_change(app: &Auth0App, target: &FlexTarget) -> ChangePlan {
    let mut samlp = app.samlp().cloned().unwrap_or_default();
    samlp.insert("audience".to_owned(), json!(target.entity_id));
    for key in ["recipient", "destination"] {
        if samlp.get(key).is_some_and(|v| !v.is_null()) {
            samlp.insert(key.to_owned(), json!(target.acs_url));
        }
    }
    let mut callbacks = vec![target.acs_url.clone()];
    callbacks.extend(
        app.callbacks().into_iter().filter(|c| c.trim() != target.acs_url && !is_legacy(c, target)).map(str::to_owned),
    );
    build(app, samlp, callbacks, "picked")
}

/// The change that puts back the snapshot's Flex values (and nothing else): "Switch back". The
/// snapshot's `callbacks` come back whole; in `samlp` only `audience`, `recipient` and
/// `destination` return to the snapshot's (absent ones removed), so a later edit of another
/// add-on setting stays.
pub fn plan_restore(current: &Auth0App, snapshot: &Snapshot) -> ChangePlan {
    let before = snapshot.settings.pointer("/addons/samlp").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut samlp = current.samlp().cloned().unwrap_or_default();
    for key in ["audience", "recipient", "destination"] {
        match before.get(key) {
            Some(value) => samlp.insert(key.to_owned(), value.clone()),
            None => samlp.remove(key),
        };
    }
    let callbacks: Vec<String> = snapshot
        .settings
        .get("callbacks")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    build(current, samlp, callbacks, "the snapshot taken before the change")
}

fn build(app: &Auth0App, samlp: Map<String, Value>, callbacks: Vec<String>, why: &str) -> ChangePlan {
    let mut body = Map::new();
    let current_callbacks: Vec<String> = app.callbacks().into_iter().map(str::to_owned).collect();
    if callbacks != current_callbacks {
        body.insert("callbacks".to_owned(), json!(callbacks));
    }
    if app.samlp() != Some(&samlp) {
        let mut addons = app.raw().get("addons").and_then(Value::as_object).cloned().unwrap_or_default();
        addons.insert("samlp".to_owned(), Value::Object(samlp.clone()));
        body.insert("addons".to_owned(), Value::Object(addons));
    }
    let mut after = app.raw().clone();
    if let Some(object) = after.as_object_mut() {
        for (key, value) in &body {
            object.insert(key.clone(), value.clone());
        }
    }
    let after = Auth0App::from_json(after).unwrap_or_else(|| app.clone());
    let rows = compare(app, &blank_target());
    let changes = MANAGED
        .iter()
        .filter_map(|key| {
            let (before, now) = (managed_value(app, key), managed_value(&after, key));
            (before != now).then(|| {
                let row = rows.rows.iter().find(|r| r.key == *key);
                FieldChange {
                    key: (*key).to_owned(),
                    label: row.map(|r| r.label.clone()).unwrap_or_default(),
                    field: row.map(|r| r.field.to_owned()).unwrap_or_default(),
                    before,
                    after: now,
                }
            })
        })
        .collect();
    ChangePlan {
        idp: IdpKind::Auth0,
        app: app.to_ref(why),
        changes,
        request: WriteRequest { method: "PATCH".to_owned(), path: format!("api/v2/clients/{}", app.id()), body: Value::Object(body) },
        base_version: base_version(app),
    }
}

/// A client has no version field: the plan's base is what the compare-then-write guards, as JSON.
pub fn base_version(app: &Auth0App) -> String {
    app.guarded().to_string()
}

/// A target with no values, to read the rows' labels and fields (one source for the words).
fn blank_target() -> FlexTarget {
    FlexTarget::new(
        flex_sso_model::values::SpValues { entity_id: String::new(), acs_url: String::new() },
        flex_sso_model::values::Hosts::default(),
    )
}

/// A managed value of a client as the preview shows it, to check a re-read against a plan.
pub(crate) fn managed_value(app: &Auth0App, key: &str) -> Option<String> {
    match key {
        "acs_url" => app.callbacks().first().map(|c| (*c).to_owned()),
        "callbacks" => {
            let all = app.callbacks();
            (!all.is_empty()).then(|| all.join(", "))
        }
        other => saml_key(other).and_then(|k| app.saml_text(k)).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth0::compare::tests::{legacy_app, target, LEGACY_ACS, NEW_ACS, NEW_ENTITY, WALLBOARD};

    #[test]
    fn the_patch_body_is_callbacks_and_addons_with_only_the_flex_values_changed() {
        let app = legacy_app();
        let plan = plan_change(&app, &target());
        assert_eq!(plan.request.method, "PATCH");
        assert_eq!(plan.request.path, "api/v2/clients/FlexSaml0Legacy0Client0000000001");
        let mut samlp = app.raw()["addons"]["samlp"].clone();
        samlp["audience"] = json!(NEW_ENTITY);
        samlp["recipient"] = json!(NEW_ACS);
        let expected = json!({"callbacks": [NEW_ACS, WALLBOARD], "addons": {"samlp": samlp}});
        assert_eq!(plan.request.body, expected, "nothing else sent; destination stays absent; typedAttributes kept");
        let keys: Vec<&str> = plan.changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["entity_id", "acs_url", "recipient", "callbacks"]);
        assert_eq!(plan.changes[0].label, "audience setting");
        assert_eq!(plan.changes[1].label, "Application Callback URL");
        assert_eq!(plan.changes[1].before.as_deref(), Some(LEGACY_ACS));
        assert_eq!(plan.changes[3].after.as_deref(), Some(format!("{NEW_ACS}, {WALLBOARD}").as_str()));
        assert_eq!(serde_json::from_str::<Value>(&plan.base_version).unwrap(), app.guarded());
    }

    #[test]
    fn other_add_ons_go_back_as_read_and_a_late_new_acs_moves_first() {
        let mut raw = legacy_app().into_raw();
        raw["addons"]["wsfed"] = json!({"callback": "https://x.example/wsfed"});
        raw["callbacks"] = json!([LEGACY_ACS, WALLBOARD, NEW_ACS]);
        let app = Auth0App::from_json(raw).unwrap();
        let plan = plan_change(&app, &target());
        assert_eq!(plan.request.body["addons"]["wsfed"], app.raw()["addons"]["wsfed"]);
        assert_eq!(plan.request.body["callbacks"], json!([NEW_ACS, WALLBOARD]));
    }

    #[test]
    fn nothing_to_change_is_an_empty_plan_and_restoring_puts_back_the_snapshot() {
        let before = legacy_app();
        let snapshot = Snapshot {
            idp: "auth0".to_owned(),
            app_id: before.id().to_owned(),
            app_label: before.name().to_owned(),
            taken_at: "2026-12-03T06:00:00Z".to_owned(),
            version: base_version(&before),
            settings: before.raw().clone(),
        };
        let mut changed = before.raw().clone();
        let body = plan_change(&before, &target()).request.body;
        for (key, value) in body.as_object().unwrap() {
            changed[key] = value.clone();
        }
        // An admin's later edit of another add-on setting survives the switch back.
        changed["addons"]["samlp"]["lifetimeInSeconds"] = json!(7200);
        let after = Auth0App::from_json(changed).unwrap();
        assert!(plan_change(&after, &target()).is_empty(), "{:?}", plan_change(&after, &target()).changes);
        let restore = plan_restore(&after, &snapshot);
        let keys: Vec<&str> = restore.changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["entity_id", "acs_url", "recipient", "callbacks"]);
        assert_eq!(restore.request.body["callbacks"], before.raw()["callbacks"]);
        let samlp = &restore.request.body["addons"]["samlp"];
        assert_eq!(samlp["audience"], before.raw()["addons"]["samlp"]["audience"]);
        assert_eq!(samlp["lifetimeInSeconds"], 7200);
        assert!(samlp.get("destination").is_none(), "absent before, absent again");
    }
}
