//! Contract test: what the Graph emulator serves, in every preset, matches Microsoft's OpenAPI cut
//! of Graph v1.0 (`fixtures/graph/`): service principals, applications and sign-ins against their
//! schemas (closed against invented properties), collections against their collection responses,
//! errors against `ODataError`; the PATCH bodies a client builds validate against the PATCH
//! request schema; every route served is in the excerpts' `paths`, and every status is listed for
//! its operation (`2XX` or `default`). The sign-in endpoints (`/login/…`) are not Graph's and have
//! no OpenAPI description; `graph_api.rs` tests them.

mod graph_common;

use std::collections::BTreeSet;

use flex_sso_idp_emulator::graph::routes::{served_routes, template_of};
use flex_sso_idp_emulator::{defaults, EmulatorConfig, GraphPreset, IdpEmulator};
use graph_common::{error_paths, errors_of, without_annotations, Doc, Spec, Tolerance};
use serde_json::{json, Value};

fn flex() -> (Value, Value) {
    let app = GraphPreset::Legacy.scenario().apps.into_iter().find(|a| a.app_id() == defaults::ENTRA_FLEX_APP_ID).unwrap();
    (app.service_principal, app.application)
}

#[test]
fn the_two_load_time_fixes_of_source_md_are_exactly_what_real_objects_need() {
    assert!(flex_sso_idp_emulator::graph::spec::SOURCE_MD.contains("Remove `additionalProperties` at load time"));
    assert!(flex_sso_idp_emulator::graph::spec::SOURCE_MD.contains("Allow `null` for complex-typed properties"));
    let (sp, application) = flex();
    let published = Spec::load(Doc::Applications, Tolerance::AsPublished);
    assert!(errors_of(&published.validator("microsoft.graph.servicePrincipal", false), &sp).len() > 20, "as published, nothing real passes");
    let strict = Spec::load(Doc::Applications, Tolerance::None);
    let sp_failures: BTreeSet<String> = error_paths(&strict.validator("microsoft.graph.servicePrincipal", false), &sp).into_iter().collect();
    assert_eq!(sp_failures, BTreeSet::from(["samlSingleSignOnSettings".to_owned()]), "only Graph's null complex property");
    let app_failures: BTreeSet<String> = error_paths(&strict.validator("microsoft.graph.application", false), &application).into_iter().collect();
    assert_eq!(app_failures, BTreeSet::from(["optionalClaims".to_owned()]));
    let tolerant = Spec::load(Doc::Applications, Tolerance::GraphNulls);
    assert_eq!(errors_of(&tolerant.validator("microsoft.graph.servicePrincipal", true), &sp), Vec::<String>::new());
    assert_eq!(errors_of(&tolerant.validator("microsoft.graph.application", true), &application), Vec::<String>::new());
}

#[test]
fn the_schemas_reject_what_graph_would_never_send() {
    let spec = Spec::load(Doc::Applications, Tolerance::GraphNulls);
    let (sp, application) = flex();
    let sp_schema = spec.validator("microsoft.graph.servicePrincipal", true);
    let app_schema = spec.validator("microsoft.graph.application", true);
    for (pointer, bad) in [
        ("/inventedProperty", json!(true)),
        ("/replyUrls", json!("https://one.example")),
        ("/keyCredentials/1/keyId", json!("not-a-guid")),
        ("/keyCredentials/1/thumbprint", json!("ABC")),
        ("/appRoleAssignmentRequired", Value::Null),
    ] {
        let mut changed = sp.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        changed.pointer_mut(parent).unwrap()[key] = bad.clone();
        assert!(!sp_schema.is_valid(&changed), "{pointer} = {bad}");
    }
    for (pointer, bad) in [("/web/replyUrl", json!([])), ("/identifierUris", json!("urn:x")), ("/createdDateTime", json!("yesterday"))] {
        let mut changed = application.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        changed.pointer_mut(parent).unwrap()[key] = bad.clone();
        assert!(!app_schema.is_valid(&changed), "{pointer} = {bad}");
    }
    let sign_ins = Spec::load(Doc::SignIns, Tolerance::GraphNulls);
    let sign_in = sign_ins.validator("microsoft.graph.signIn", true);
    let good = GraphPreset::Legacy.scenario().sign_ins[0].clone();
    assert_eq!(errors_of(&sign_in, &good), Vec::<String>::new());
    let mut bad = good.clone();
    bad["status"]["errorCode"] = json!("50011");
    assert!(!sign_in.is_valid(&bad));
    bad = good;
    bad["riskState"] = json!("fine");
    assert!(!sign_in.is_valid(&bad));
    let error = spec.validator("microsoft.graph.ODataErrors.ODataError", false);
    assert!(!error.is_valid(&json!({"error": {"code": "x"}})), "message is required");
}

#[test]
fn every_route_served_is_an_operation_of_the_excerpts() {
    let applications = Spec::load(Doc::Applications, Tolerance::None);
    let sign_ins = Spec::load(Doc::SignIns, Tolerance::None);
    let routes = served_routes();
    assert!(routes.len() >= 8);
    for (method, path) in routes {
        let found = applications.operation(method, path).or_else(|| sign_ins.operation(method, path));
        assert!(found.is_some(), "{method} {path} is not in the excerpts");
    }
}

/// What a client sends: only `identifierUris` and the whole `web` with `redirectUris` changed.
fn patch_body(application: &Value) -> Value {
    let mut web = application["web"].clone();
    web["redirectUris"] = json!([format!("https://login.flex.us1.twilio.com/login/callback?connection={}", defaults::CONNECTION_SID)]);
    web["redirectUriSettings"] = json!([]);
    json!({"identifierUris": [format!("urn:flex:{}", defaults::CONNECTION_SID)], "web": web})
}

struct Call {
    method: &'static str,
    path: String,
    token: Option<&'static str>,
    body: Option<Value>,
}

fn call(method: &'static str, path: impl Into<String>, token: Option<&'static str>) -> Call {
    Call { method, path: path.into(), token, body: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_in_every_preset_matches_the_excerpts() {
    let spec = Spec::load(Doc::Applications, Tolerance::GraphNulls);
    let reports = Spec::load(Doc::SignIns, Tolerance::GraphNulls);
    let sp_schema = spec.validator("microsoft.graph.servicePrincipal", true);
    let app_schema = spec.validator("microsoft.graph.application", true);
    let sign_in_schema = reports.validator("microsoft.graph.signIn", true);
    let error_schema = spec.validator("microsoft.graph.ODataErrors.ODataError", false);
    let sp_page = spec.validator("microsoft.graph.servicePrincipalCollectionResponse", false);
    let app_page = spec.validator("microsoft.graph.applicationCollectionResponse", false);
    let sign_in_page = reports.validator("microsoft.graph.signInCollectionResponse", false);
    let patch_schema = {
        let schema = spec.operation("patch", "/applications/{application-id}").unwrap()["requestBody"]["content"]["application/json"]["schema"].clone();
        let mut closed = schema;
        closed["unevaluatedProperties"] = json!(false);
        spec.validator_for(&closed)
    };

    let emulator = IdpEmulator::start(EmulatorConfig::default()).await.unwrap();
    let base = emulator.base_url();
    let http = reqwest::Client::new();
    let rw = Some(defaults::GRAPH_TOKEN_READ_WRITE);
    let ro = Some(defaults::GRAPH_TOKEN_READ_ONLY);
    let mut seen: BTreeSet<(String, &'static str, u16)> = BTreeSet::new();
    let mut counts = (0usize, 0usize, 0usize, 0usize); // service principals, applications, sign-ins, errors

    for preset in GraphPreset::ALL {
        emulator.set_graph_preset(preset);
        let mut calls = vec![
            call("GET", "/v1.0/servicePrincipals", rw),
            call("GET", "/v1.0/servicePrincipals?$filter=preferredSingleSignOnMode%20eq%20'saml'&$select=id,appId,displayName,servicePrincipalNames,replyUrls&$top=100", ro),
            call("GET", "/v1.0/servicePrincipals?$filter=startswith(displayName,'Twilio')", ro),
            call("GET", "/v1.0/servicePrincipals?$filter=notes%20eq%20'x'", rw),
            call("GET", "/v1.0/servicePrincipals?$top=5000", rw),
            call("GET", "/v1.0/servicePrincipals", None),
            call("GET", "/v1.0/servicePrincipals?$skiptoken=2", Some("not-a-token")),
            call("GET", "/v1.0/servicePrincipals/00000000-0000-4000-8000-000000000000", rw),
            call("GET", "/v1.0/servicePrincipals(appId='00000000-0000-4000-8000-000000000000')", rw),
            call("GET", "/v1.0/applications", rw),
            call("GET", "/v1.0/applications?$filter=appId%20eq%20'x'", rw),
            call("GET", "/v1.0/applications/00000000-0000-4000-8000-000000000000", rw),
            call("GET", format!("/v1.0/auditLogs/signIns?$filter=appId%20eq%20'{}'%20and%20createdDateTime%20ge%202020-01-01T00:00:00Z&$top=50", defaults::ENTRA_FLEX_APP_ID), ro),
            call("GET", "/v1.0/auditLogs/signIns?$filter=invented%20eq%201", ro),
            call("GET", "/v1.0/auditLogs/signIns", None),
        ];
        for app in emulator.graph_apps() {
            let sp_id = app.service_principal["id"].as_str().unwrap().to_owned();
            let object_id = app.application["id"].as_str().unwrap().to_owned();
            let app_id = app.app_id().to_owned();
            calls.push(call("GET", format!("/v1.0/servicePrincipals/{sp_id}"), ro));
            calls.push(call("GET", format!("/v1.0/servicePrincipals/{sp_id}?$select=keyCredentials"), ro));
            calls.push(call("GET", format!("/v1.0/servicePrincipals(appId='{app_id}')"), ro));
            calls.push(call("GET", format!("/v1.0/applications(appId='{app_id}')"), rw));
            calls.push(call("GET", format!("/v1.0/applications/{object_id}"), ro));
            let body = patch_body(&app.application);
            assert_eq!(errors_of(&patch_schema, &body), Vec::<String>::new(), "{preset:?}: PATCH body for {app_id}");
            calls.push(Call { method: "PATCH", path: format!("/v1.0/applications/{object_id}"), token: ro, body: Some(body.clone()) });
            calls.push(Call { method: "PATCH", path: format!("/v1.0/applications/{object_id}"), token: rw, body: Some(json!({"appId": app_id})) });
            if app_id == defaults::ENTRA_FLEX_APP_ID {
                calls.push(Call { method: "PATCH", path: format!("/v1.0/applications/{object_id}"), token: rw, body: Some(body) });
                calls.push(call("GET", format!("/v1.0/applications/{object_id}"), rw));
            }
        }
        calls.push(Call { method: "PATCH", path: "/v1.0/applications/00000000-0000-4000-8000-000000000000".into(), token: rw, body: Some(json!({"notes": "x"})) });

        for c in calls {
            let url = format!("{base}{}", c.path);
            let mut request = match c.method {
                "PATCH" => http.patch(&url),
                _ => http.get(&url),
            };
            if let Some(token) = c.token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &c.body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let template = template_of(&c.path).unwrap_or_else(|| panic!("{} is served", c.path));
            seen.insert((c.method.to_owned(), template, status));
            let text = response.text().await.unwrap();
            let context = format!("{preset:?} {} {} -> {status}", c.method, c.path);
            for token in [defaults::GRAPH_TOKEN_READ_WRITE, defaults::GRAPH_TOKEN_READ_ONLY, "not-a-token"] {
                assert!(!text.contains(token), "{context}: a token is echoed");
            }
            if status >= 400 {
                counts.3 += 1;
                let body: Value = serde_json::from_str(&text).expect("errors are JSON");
                assert_eq!(errors_of(&error_schema, &body), Vec::<String>::new(), "{context}: {body}");
                continue;
            }
            if status == 204 {
                assert!(text.is_empty(), "{context}: 204 has no body");
                continue;
            }
            let body: Value = serde_json::from_str(&text).expect("JSON");
            let (page, item): (Option<&jsonschema::Validator>, &jsonschema::Validator) = match template {
                "/servicePrincipals" => (Some(&sp_page), &sp_schema),
                "/applications" => (Some(&app_page), &app_schema),
                "/auditLogs/signIns" => (Some(&sign_in_page), &sign_in_schema),
                t if t.starts_with("/servicePrincipals") => (None, &sp_schema),
                _ => (None, &app_schema),
            };
            let items: Vec<Value> = match page {
                Some(page) => {
                    assert_eq!(errors_of(page, &body), Vec::<String>::new(), "{context}");
                    body["value"].as_array().cloned().unwrap_or_default()
                }
                None => vec![body],
            };
            for object in items {
                match template {
                    "/auditLogs/signIns" => counts.2 += 1,
                    t if t.starts_with("/servicePrincipals") => counts.0 += 1,
                    _ => counts.1 += 1,
                }
                assert_eq!(errors_of(item, &without_annotations(&object)), Vec::<String>::new(), "{context}: {object}");
            }
        }
    }
    emulator.shutdown().await;

    for (method, template, status) in &seen {
        let operation = spec.operation(method, template).or_else(|| reports.operation(method, template)).expect("the route is in the excerpts");
        let key = if (200..300).contains(status) { "2XX" } else { "default" };
        assert!(operation["responses"].get(key).is_some(), "{method} {template} returned {status}, not listed");
    }
    assert!(counts.0 > 60 && counts.1 > 40 && counts.2 > 5 && counts.3 > 60, "{counts:?}");
    for (method, template, status) in [
        ("GET", "/servicePrincipals", 429),
        ("GET", "/servicePrincipals", 400),
        ("GET", "/servicePrincipals(appId='{appId}')", 404),
        ("PATCH", "/applications/{application-id}", 403),
        ("PATCH", "/applications/{application-id}", 400),
        ("PATCH", "/applications/{application-id}", 204),
        ("GET", "/auditLogs/signIns", 403),
        ("GET", "/auditLogs/signIns", 200),
    ] {
        assert!(seen.contains(&(method.to_owned(), template, status)), "{method} {template} {status} was exercised");
    }
}
