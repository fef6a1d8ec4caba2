//! Contract test: what the Auth0 emulator serves, in every preset, matches Auth0's published
//! OpenAPI excerpt (`fixtures/auth0/management-api-excerpt.json`) and tenant-log schemas: clients
//! against `Client` / `GetClientResponseContent` / `UpdateClientResponseContent` (closed), keys
//! against `SigningKeys`, log events against `Log` and their type's schema, errors against Auth0's
//! error body; the PATCH bodies a client builds validate against `UpdateClientRequestContent`;
//! every route served is in the excerpt's `paths`, and every status returned is listed for its
//! operation.

mod auth0_common;

use std::collections::BTreeSet;

use auth0_common::{error_schema, errors_of, Spec, LOG_TYPES};
use flex_sso_idp_emulator::auth0::routes::{served_routes, template_of};
use flex_sso_idp_emulator::{defaults, Auth0Preset, EmulatorConfig, IdpEmulator};
use serde_json::{json, Value};

#[test]
fn every_route_served_is_an_operation_of_the_excerpt() {
    let spec = Spec::load();
    let routes = served_routes();
    assert_eq!(routes.len(), 7);
    for (method, path) in routes {
        assert!(spec.operation(method, path).is_some(), "{method} {path} is not in the excerpt");
    }
    assert_eq!(spec.doc["servers"][0]["url"], "https://{tenantDomain}/api/v2", "served under /api/v2 for that reason");
}

#[test]
fn the_schemas_reject_what_auth0_would_never_send() {
    let spec = Spec::load();
    let client = spec.validator("GetClientResponseContent");
    let good = Auth0Preset::Legacy.scenario().clients.into_iter().find(|c| c["client_id"] == defaults::AUTH0_FLEX_CLIENT_ID).unwrap();
    assert_eq!(errors_of(&client, &good), Vec::<String>::new());
    for (pointer, bad) in [
        ("/inventedField", json!(true)),
        ("/app_type", json!("saml_web_app")),
        ("/callbacks", json!("https://one.example")),
        ("/addons/samlp/inventedKey", json!(1)),
        ("/addons/samlp/audience", json!(42)),
        ("/addons/inventedAddon", json!({})),
    ] {
        let mut value = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        value.pointer_mut(parent).unwrap()[key] = bad.clone();
        assert!(!client.is_valid(&value), "{pointer} = {bad}");
    }
    let update = spec.validator_for(&spec.request_schema("patch", "/clients/{id}"));
    assert!(update.is_valid(&json!({"callbacks": ["https://x.example/cb"]})));
    assert!(!update.is_valid(&json!({})), "minProperties 1");
    assert!(!update.is_valid(&json!({"client_id": "x"})), "read-only fields cannot be sent");
    assert!(!spec.validator("SigningKeys").is_valid(&json!({"kid": "k", "cert": "c", "fingerprint": "f", "thumbprint": "t", "x5t": "old"})));
    assert!(!spec.log_validator("f").is_valid(&json!({"type": "s"})));
    assert!(!error_schema().is_valid(&json!({"statusCode": 403, "error": "Forbidden", "message": "m"})));
}

/// The body a client builds from a client it read: the new ACS URL first in `callbacks`, and
/// `addons` whole with the add-on's audience changed (what `flex-sso-idp`'s Auth0 plan sends).
fn patch_body(client: &Value) -> Option<Value> {
    let samlp = client.pointer("/addons/samlp")?;
    let acs = format!("https://login.flex.us1.twilio.com/login/callback?connection={}", defaults::CONNECTION_SID);
    let mut addons = client["addons"].clone();
    let mut samlp = samlp.clone();
    samlp["audience"] = json!(format!("urn:flex:{}", defaults::CONNECTION_SID));
    addons["samlp"] = samlp;
    let mut callbacks = vec![json!(acs)];
    callbacks.extend(client["callbacks"].as_array().into_iter().flatten().skip(1).cloned());
    Some(json!({"callbacks": callbacks, "addons": addons}))
}

struct Call {
    method: &'static str,
    path: String,
    auth: Option<String>,
    body: Option<Value>,
}

fn call(method: &'static str, path: impl Into<String>, auth: Option<&str>) -> Call {
    Call { method, path: path.into(), auth: auth.map(str::to_owned), body: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_in_every_preset_matches_the_excerpt() {
    let spec = Spec::load();
    let errors = error_schema();
    let listed = spec.validator_for(&spec.response_schema("get", "/clients", 200));
    let one = spec.validator_for(&spec.response_schema("get", "/clients/{id}", 200));
    let patched = spec.validator_for(&spec.response_schema("patch", "/clients/{id}", 200));
    let update = spec.validator_for(&spec.request_schema("patch", "/clients/{id}"));
    let keys = spec.validator_for(&spec.response_schema("get", "/keys/signing", 200));
    let key = spec.validator("SigningKeys");
    let logs = spec.validator_for(&spec.response_schema("get", "/logs", 200));
    let log = spec.validator("Log");
    let typed: Vec<(&str, jsonschema::Validator)> = LOG_TYPES.iter().map(|t| (*t, spec.log_validator(t))).collect();
    let http = reqwest::Client::new();
    let rw = format!("Bearer {}", defaults::AUTH0_TOKEN_READ_WRITE);
    let ro = format!("Bearer {}", defaults::AUTH0_TOKEN_READ_ONLY);
    let mut seen: BTreeSet<(String, &'static str, u16)> = BTreeSet::new();
    let mut counts = (0usize, 0usize, 0usize, 0usize, 0usize);

    let emulator = IdpEmulator::start(EmulatorConfig::default()).await.unwrap();
    let base = emulator.auth0_base_url();
    let kids = kids_of(&http, &base, &rw).await;
    assert_eq!(kids.len(), 3);
    for preset in Auth0Preset::ALL {
        emulator.set_auth0_preset(preset);
        let mut calls = vec![
            call("GET", "/api/v2/clients", Some(&rw)),
            call("GET", "/api/v2/clients?fields=client_id,name,app_type,callbacks,addons&include_fields=true&per_page=100&page=0", Some(&ro)),
            call("GET", "/api/v2/clients?per_page=2&page=1&include_totals=true", Some(&rw)),
            call("GET", "/api/v2/clients?per_page=500", Some(&rw)),
            call("GET", "/api/v2/clients", None),
            call("GET", "/api/v2/clients/NoSuchClient0000000000000000000x", Some(&rw)),
            call("GET", "/api/v2/keys/signing", Some(&ro)),
            call("GET", "/api/v2/keys/signing/nope", Some(&rw)),
            call("GET", "/api/v2/logs", Some(&rw)),
            call("GET", "/api/v2/logs?q=type:f&sort=date:-1&per_page=50", Some(&ro)),
            call("GET", "/api/v2/logs?search=type:fp&include_totals=true", Some(&rw)),
            call("GET", "/api/v2/logs?q=type:", Some(&rw)),
            call("GET", "/api/v2/logs/nope", Some(&rw)),
            call("GET", "/api/v2/logs", Some("Bearer not-a-token")),
        ];
        for kid in &kids {
            calls.push(call("GET", format!("/api/v2/keys/signing/{kid}"), Some(&rw)));
        }
        for event in emulator.auth0_log_events() {
            calls.push(call("GET", format!("/api/v2/logs/{}", event["log_id"].as_str().unwrap()), Some(&ro)));
        }
        for client in emulator.auth0_clients() {
            let id = client["client_id"].as_str().unwrap().to_owned();
            calls.push(call("GET", format!("/api/v2/clients/{id}"), Some(&rw)));
            calls.push(call("GET", format!("/api/v2/clients/{id}?fields=client_id,name,app_type,callbacks,addons&include_fields=true"), Some(&ro)));
            let Some(body) = patch_body(&client) else { continue };
            assert_eq!(errors_of(&update, &body), Vec::<String>::new(), "{preset:?}: PATCH body from {id}");
            calls.push(Call { method: "PATCH", path: format!("/api/v2/clients/{id}"), auth: Some(ro.clone()), body: Some(body.clone()) });
            calls.push(Call { method: "PATCH", path: format!("/api/v2/clients/{id}"), auth: Some(rw.clone()), body: Some(json!({"client_id": "x"})) });
            calls.push(Call { method: "PATCH", path: format!("/api/v2/clients/{id}"), auth: Some(rw.clone()), body: Some(body) });
        }
        calls.push(Call { method: "PATCH", path: "/api/v2/clients/NoSuchClient0000000000000000000x".into(), auth: Some(rw.clone()), body: Some(json!({"name": "x"})) });

        for c in calls {
            let url = format!("{base}{}", c.path);
            let mut request = match c.method {
                "PATCH" => http.patch(&url),
                _ => http.get(&url),
            };
            if let Some(auth) = &c.auth {
                request = request.header("Authorization", auth);
            }
            if let Some(body) = &c.body {
                request = request.json(body);
            }
            let response = request.send().await.expect("the emulator answers");
            let status = response.status().as_u16();
            let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let template = template_of(&c.path).unwrap_or_else(|| panic!("{} is served", c.path));
            seen.insert((c.method.to_owned(), template, status));
            let text = response.text().await.expect("a body");
            let context = format!("{preset:?} {} {} -> {status}", c.method, c.path);
            assert!(content_type.starts_with("application/json"), "{context}");
            let body: Value = serde_json::from_str(&text).expect("JSON");
            if status >= 400 {
                counts.4 += 1;
                assert_eq!(errors_of(&errors, &body), Vec::<String>::new(), "{context}: {body}");
                assert_eq!(body["statusCode"], status, "{context}");
                for token in [defaults::AUTH0_TOKEN_READ_WRITE, defaults::AUTH0_TOKEN_READ_ONLY, "not-a-token"] {
                    assert!(!text.contains(token), "{context}: the token is echoed");
                }
                continue;
            }
            let problems = match (c.method, template) {
                ("GET", "/clients") => {
                    counts.0 += 1;
                    errors_of(&listed, &body)
                }
                ("GET", "/clients/{id}") => {
                    counts.0 += 1;
                    errors_of(&one, &body)
                }
                ("PATCH", _) => {
                    counts.1 += 1;
                    errors_of(&patched, &body)
                }
                (_, "/keys/signing") => {
                    counts.2 += 1;
                    errors_of(&keys, &body)
                }
                (_, "/keys/signing/{kid}") => {
                    counts.2 += 1;
                    errors_of(&key, &body)
                }
                (_, "/logs") => errors_of(&logs, &body),
                (_, "/logs/{id}") => errors_of(&log, &body),
                other => panic!("{other:?} is not checked"),
            };
            assert_eq!(problems, Vec::<String>::new(), "{context}: {body}");
            if template.starts_with("/logs") {
                let events: Vec<Value> = match &body {
                    Value::Array(items) => items.clone(),
                    Value::Object(o) if o.contains_key("logs") => o["logs"].as_array().cloned().unwrap_or_default(),
                    one => vec![one.clone()],
                };
                for event in events {
                    counts.3 += 1;
                    let kind = event["type"].as_str().unwrap_or_default();
                    let (_, validator) = typed.iter().find(|(t, _)| *t == kind).unwrap_or_else(|| panic!("{context}: no schema for type {kind}"));
                    assert_eq!(errors_of(validator, &event), Vec::<String>::new(), "{context}: {event}");
                    assert_eq!(errors_of(&log, &event), Vec::<String>::new(), "{context}: {event}");
                }
            }
        }
    }
    emulator.shutdown().await;

    for (method, template, status) in &seen {
        let operation = spec.operation(method, template).expect("the route is in the excerpt");
        assert!(operation["responses"].get(status.to_string()).is_some(), "{method} {template} returned {status}, not in the excerpt");
    }
    assert!(counts.0 > 50 && counts.1 > 10 && counts.2 > 10 && counts.3 > 10 && counts.4 > 50, "{counts:?}");
    for (method, template, status) in [
        ("GET", "/clients", 200),
        ("GET", "/clients", 400),
        ("GET", "/clients", 401),
        ("GET", "/clients", 403),
        ("GET", "/clients", 429),
        ("GET", "/clients/{id}", 404),
        ("PATCH", "/clients/{id}", 200),
        ("PATCH", "/clients/{id}", 400),
        ("PATCH", "/clients/{id}", 403),
        ("PATCH", "/clients/{id}", 404),
        ("GET", "/keys/signing/{kid}", 200),
        ("GET", "/logs", 400),
        ("GET", "/logs/{id}", 200),
    ] {
        assert!(seen.contains(&(method.to_owned(), template, status)), "{method} {template} {status} was exercised");
    }
}

/// The kids the emulator serves.
async fn kids_of(http: &reqwest::Client, base: &str, auth: &str) -> Vec<String> {
    let response = http.get(format!("{base}/api/v2/keys/signing")).header("Authorization", auth).send().await.expect("an answer");
    let keys: Value = response.json().await.expect("JSON");
    keys.as_array().into_iter().flatten().filter_map(|k| k["kid"].as_str().map(str::to_owned)).collect()
}
