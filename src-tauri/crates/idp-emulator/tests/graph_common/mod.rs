//! Microsoft's OpenAPI cut of Graph as JSON Schema validators, for the Graph contract test.
//!
//! Two load-time fixes, exactly SOURCE.md's validation caveats and nothing else:
//! 1. `additionalProperties: {type: object}` is removed everywhere (PowerShell-style documents
//!    put it on each `allOf` branch, which would make every derived property "additional" and
//!    demand an object).
//! 2. ([`Tolerance::GraphNulls`]) a property that is a bare `$ref` to an object schema may also be
//!    `null` (Graph sends `"samlSingleSignOnSettings": null`).
//!
//! OpenAPI 3.0 `nullable: true` becomes `type: [T, "null"]`. To catch invented fields, the
//! objects the product reads are closed (`unevaluatedProperties: false`, which sees through
//! `allOf`): the service principal, the application, the sign-in and the complex types named in
//! [`CLOSED`]. OData annotations (`@odata.context`) are not properties and are dropped before
//! validating an object.
#![allow(dead_code)]

use flex_sso_idp_emulator::graph::spec;
use jsonschema::Validator;
use serde_json::{json, Value};

/// Complex types closed against invented fields.
const CLOSED: &[&str] = &[
    "microsoft.graph.webApplication",
    "microsoft.graph.keyCredential",
    "microsoft.graph.passwordCredential",
    "microsoft.graph.appRole",
    "microsoft.graph.implicitGrantSettings",
    "microsoft.graph.redirectUriSettings",
    "microsoft.graph.samlSingleSignOnSettings",
    "microsoft.graph.signInStatus",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// The schemas as published (only `nullable` converted).
    AsPublished,
    /// Only fix 1 (without it nothing real validates at all).
    None,
    /// Fixes 1 and 2.
    GraphNulls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Applications,
    SignIns,
}

pub fn spec_json(doc: Doc) -> Value {
    let text = match doc {
        Doc::Applications => spec::APPLICATIONS_YAML,
        Doc::SignIns => spec::REPORTS_SIGN_INS_YAML,
    };
    serde_yaml_ng::from_str(text).expect("the excerpt is YAML")
}

fn convert(value: &mut Value, tolerance: Tolerance, object_schemas: &[String]) {
    match value {
        Value::Object(map) => {
            if tolerance != Tolerance::AsPublished {
                map.remove("additionalProperties");
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for property in properties.values_mut() {
                    let target = property.get("$ref").and_then(Value::as_str).map(|r| r.rsplit('/').next().unwrap_or_default().to_owned());
                    if tolerance == Tolerance::GraphNulls && property.as_object().is_some_and(|p| p.len() == 1) {
                        if let Some(target) = target.filter(|t| object_schemas.contains(t)) {
                            *property = json!({"anyOf": [{"$ref": format!("#/components/schemas/{target}")}, {"type": "null"}]});
                        }
                    }
                }
            }
            map.values_mut().for_each(|v| convert(v, tolerance, object_schemas));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| convert(v, tolerance, object_schemas)),
        _ => {}
    }
}

/// Names of the schemas that describe objects (a `type: object`, or an `allOf` of them).
fn object_schemas(schemas: &Value) -> Vec<String> {
    schemas
        .as_object()
        .map(|all| {
            all.iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("object") || s.get("allOf").is_some())
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default()
}

pub struct Spec {
    pub doc: Value,
    components: Value,
}

impl Spec {
    pub fn load(doc: Doc, tolerance: Tolerance) -> Spec {
        let doc = spec_json(doc);
        let mut components = doc["components"].clone();
        let objects = object_schemas(&components["schemas"]);
        convert(&mut components, tolerance, &objects);
        for name in CLOSED {
            if let Some(schema) = components["schemas"].get_mut(*name) {
                assert!(schema.get("properties").is_some(), "{name} has its own properties to close");
                schema["unevaluatedProperties"] = json!(false);
            }
        }
        Spec { doc, components }
    }

    /// A validator for `components.schemas[name]`; `closed` also refuses undeclared properties
    /// at the top (for the `allOf` entity types).
    pub fn validator(&self, name: &str, closed: bool) -> Validator {
        assert!(self.components["schemas"].get(name).is_some(), "no schema {name}");
        let mut root = json!({"$ref": format!("#/components/schemas/{name}")});
        if closed {
            root["unevaluatedProperties"] = json!(false);
        }
        self.validator_for(&root)
    }

    pub fn validator_for(&self, schema: &Value) -> Validator {
        let mut root = schema.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["components"] = self.components.clone();
        jsonschema::options().should_validate_formats(true).build(&root).expect("the converted schema compiles")
    }

    pub fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.doc["paths"].get(path)?.get(method.to_ascii_lowercase())
    }
}

/// The object without its OData annotations (`@odata.context`, …), at the top level.
pub fn without_annotations(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().filter(|(k, _)| !k.starts_with('@')).map(|(k, v)| (k.clone(), v.clone())).collect()),
        other => other.clone(),
    }
}

pub fn errors_of(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

pub fn error_paths(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| e.instance_path().to_string().trim_start_matches('/').replace('/', ".")).collect()
}
