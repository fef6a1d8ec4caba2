//! The Entra change as a plan: one `PATCH /applications/{id}` with only `identifierUris` and
//! `web`. Each list gets the new value first, loses the other Flex values (legacy, another
//! connection's) and keeps everything else in its order.
//!
//! `web` is a complex property, and a PATCH replaces a complex property as a whole [inferred:
//! Graph's "Update application" page shows `web` sent with only `redirectUris`, and describes
//! no merge of nested properties]. So `web` is sent whole, as read, with only `redirectUris`
//! changed: `homePageUrl`, `logoutUrl` and `implicitGrantSettings` go back as they were, and
//! `redirectUriSettings` keeps the entries of the URIs that stay (its entries describe
//! `redirectUris` entries by `uri`). `@odata` annotations are left out.

use serde_json::{json, Map, Value};

use super::compare::compare;
use super::EntraApp;
use crate::compare::Verdict;
use crate::plan::{ChangePlan, FieldChange, WriteRequest};
use crate::{FlexTarget, IdpKind, Snapshot};

/// The list with `needed` first, other Flex values dropped, the rest kept in order.
pub(crate) fn with_flex_value(list: &[String], needed: &str, target: &FlexTarget) -> Vec<String> {
    let mut out = vec![needed.to_owned()];
    out.extend(list.iter().filter(|v| v.trim() != needed && !target.is_flex_value(v)).cloned());
    out
}

/// The change that makes the app hold what Flex needs: the Identifier and Reply URL rows.
pub fn plan_change(app: &EntraApp, target: &FlexTarget) -> ChangePlan {
    let comparison = compare(app, target);
    let must = |key: &str| comparison.row(key).is_some_and(|r| r.verdict == Verdict::MustChange);
    let identifiers = must("entity_id").then(|| with_flex_value(&app.identifier_uris(), &target.entity_id, target));
    let redirects = must("acs_url").then(|| with_flex_value(&app.redirect_uris(), &target.acs_url, target));
    build(app, identifiers, redirects, &[], "picked")
}

/// The change that puts back the snapshot's Identifier and Reply URL lists (and nothing else):
/// "Switch back". A list that already equals the snapshot's is left out.
pub fn plan_restore(current: &EntraApp, snapshot: &Snapshot) -> ChangePlan {
    let old = |pointer: &str| -> Vec<String> {
        snapshot
            .settings
            .pointer(pointer)
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let identifiers = old("/application/identifierUris");
    let redirects = old("/application/web/redirectUris");
    let identifiers = (identifiers != current.identifier_uris()).then_some(identifiers);
    let redirects = (redirects != current.redirect_uris()).then_some(redirects);
    // The settings of the URIs that come back, as they were.
    let old_settings: Vec<Value> = snapshot.settings.pointer("/application/web/redirectUriSettings").and_then(Value::as_array).cloned().unwrap_or_default();
    build(current, identifiers, redirects, &old_settings, "the snapshot taken before the change")
}

/// `web` as read, with new `redirectUris` (see the module comment); `earlier_settings` adds the
/// `redirectUriSettings` entries a restored URI had.
fn web_body(app: &EntraApp, redirects: &[String], earlier_settings: &[Value]) -> Value {
    let mut web: Map<String, Value> = app.web().and_then(Value::as_object).cloned().unwrap_or_default();
    web.retain(|k, _| !k.starts_with('@'));
    web.insert("redirectUris".to_owned(), json!(redirects));
    let uri_of = |s: &Value| s.get("uri").and_then(Value::as_str).map(str::to_owned);
    let kept = |s: &Value| uri_of(s).is_none_or(|u| redirects.contains(&u));
    if let Some(Value::Array(settings)) = web.get_mut("redirectUriSettings") {
        settings.retain(kept);
        for earlier in earlier_settings.iter().filter(|s| kept(s)) {
            if !settings.iter().any(|s| uri_of(s) == uri_of(earlier)) {
                settings.push(earlier.clone());
            }
        }
    }
    Value::Object(web)
}

fn build(app: &EntraApp, identifiers: Option<Vec<String>>, redirects: Option<Vec<String>>, earlier_settings: &[Value], why: &str) -> ChangePlan {
    let comparison = compare(app, &probe_target());
    let label_of = |key: &str| comparison.row(key).map(|r| (r.label.clone(), r.field)).unwrap_or_default();
    let mut body = Map::new();
    let mut changes = Vec::new();
    if let Some(list) = identifiers {
        let (label, field) = label_of("entity_id");
        changes.push(FieldChange { key: "entity_id".into(), label, field: field.into(), before: shown(&app.identifier_uris()), after: shown(&list) });
        body.insert("identifierUris".to_owned(), json!(list));
    }
    if let Some(list) = redirects {
        let (label, field) = label_of("acs_url");
        changes.push(FieldChange { key: "acs_url".into(), label, field: field.into(), before: shown(&app.redirect_uris()), after: shown(&list) });
        body.insert("web".to_owned(), web_body(app, &list, earlier_settings));
    }
    ChangePlan {
        idp: IdpKind::Entra,
        app: app.to_ref(why),
        changes,
        request: WriteRequest { method: "PATCH".to_owned(), path: format!("applications/{}", app.application_id()), body: Value::Object(body) },
        base_version: app.version(),
    }
}

/// A list as the preview and the rows show it.
fn shown(list: &[String]) -> Option<String> {
    (!list.is_empty()).then(|| list.join(", "))
}

/// Labels only: the rows' words do not depend on the target.
fn probe_target() -> FlexTarget {
    FlexTarget::new(
        flex_sso_model::values::SpValues { entity_id: String::new(), acs_url: String::new() },
        flex_sso_model::values::Hosts::default(),
    )
}

/// The managed values of an app as the plan shows them, to check a re-read against a plan.
pub(crate) fn managed_value(app: &EntraApp, key: &str) -> Option<String> {
    match key {
        "entity_id" => shown(&app.identifier_uris()),
        "acs_url" => shown(&app.redirect_uris()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entra::compare::tests::{legacy_app, objects, target, with, LEGACY_ACS, LEGACY_ENTITY};

    #[test]
    fn the_patch_carries_only_the_two_lists_with_web_otherwise_as_read() {
        let app = legacy_app();
        let t = target();
        let plan = plan_change(&app, &t);
        assert_eq!(plan.request.method, "PATCH");
        assert_eq!(plan.request.path, "applications/a1000000-0000-4000-8000-0000000000bb");
        let (_, application) = objects();
        let mut web = application["web"].clone();
        web["redirectUris"] = json!([t.acs_url]);
        web["redirectUriSettings"] = json!([]);
        assert_eq!(plan.request.body, json!({"identifierUris": [t.entity_id, "https://contoso.example/other"], "web": web}), "nothing else");
        let keys: Vec<&str> = plan.changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["entity_id", "acs_url"]);
        assert_eq!(plan.changes[0].before.as_deref(), Some(format!("{LEGACY_ENTITY}, https://contoso.example/other").as_str()));
        assert_eq!(plan.changes[1].label, "Reply URL (Assertion Consumer Service URL)");
        assert_eq!(plan.base_version, app.version());
    }

    #[test]
    fn only_what_differs_is_sent() {
        let t = target();
        let half = with(|_, a| a["identifierUris"] = json!([t.entity_id]));
        let plan = plan_change(&half, &t);
        assert_eq!(plan.request.body.as_object().unwrap().keys().collect::<Vec<_>>(), ["web"]);
        let done = with(|_, a| {
            a["identifierUris"] = json!([t.entity_id]);
            a["web"]["redirectUris"] = json!([t.acs_url]);
        });
        assert!(plan_change(&done, &t).is_empty());
    }

    #[test]
    fn a_null_web_becomes_one_with_the_reply_url_only() {
        let t = target();
        let app = with(|_, a| a["web"] = Value::Null);
        assert_eq!(plan_change(&app, &t).request.body["web"], json!({"redirectUris": [t.acs_url]}));
    }

    #[test]
    fn restoring_puts_back_the_snapshot_lists_only() {
        let before = legacy_app();
        let snapshot = Snapshot {
            idp: "azure_ad".into(),
            app_id: before.app_id().into(),
            app_label: before.display_name().into(),
            taken_at: "2026-12-03T06:00:00Z".into(),
            version: before.version(),
            settings: json!({"servicePrincipal": before.service_principal(), "application": before.application()}),
        };
        let t = target();
        let changed = with(|_, a| {
            a["identifierUris"] = json!([t.entity_id, "https://contoso.example/other"]);
            a["web"]["redirectUris"] = json!([t.acs_url]);
            a["web"]["redirectUriSettings"] = json!([]);
            a["web"]["logoutUrl"] = json!("https://changed.example/logout");
        });
        let restore = plan_restore(&changed, &snapshot);
        assert_eq!(restore.request.body["identifierUris"], json!([LEGACY_ENTITY, "https://contoso.example/other"]));
        assert_eq!(restore.request.body["web"]["redirectUris"], json!([LEGACY_ACS]));
        assert_eq!(restore.request.body["web"]["redirectUriSettings"], json!([{"uri": LEGACY_ACS, "index": null}]), "its settings come back too");
        assert_eq!(restore.request.body["web"]["logoutUrl"], "https://changed.example/logout", "only the Flex setting goes back");
        assert_eq!(restore.changes.len(), 2);
    }
}
