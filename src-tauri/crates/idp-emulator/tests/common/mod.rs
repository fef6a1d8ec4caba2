//! Okta's OpenAPI excerpt as JSON Schema validators, for the contract tests.
//!
//! Conversion from OpenAPI 3.0: `nullable: true` becomes `type: [T, "null"]`; the spec's one
//! defect (`SamlAssertionEncryption.encryptionAlgorithm` lists `AES256_CBC` twice) is fixed here
//! by dropping duplicate enum values at load, never in the file; `discriminator` is resolved by
//! the test (the app's `signOnMode` picks the sub-schema from the spec's own mapping).
//!
//! Okta sends `null` in some properties its schema calls non-nullable, and one undeclared
//! property (SOURCE.md, "Known differences"). [`Tolerance::OktaNulls`] allows exactly those and
//! nothing else; [`TOLERATED_NULLS`] is checked against SOURCE.md's list.
//!
//! To catch invented fields, the objects the product reads are closed (`additionalProperties:
//! false`): the SAML sign-on settings, the key, the log event and its parts, the error. Other
//! app parts stay open, as Okta's own examples carry undeclared fields there (`settings.app`,
//! `_links.uploadLogo`, …) that SOURCE.md does not count as differences.
#![allow(dead_code)]

use flex_sso_idp_emulator::okta::spec;
use jsonschema::Validator;
use serde_json::{json, Value};

/// Instance paths where Okta sends `null` against its schema, and the schema property each is.
pub const TOLERATED_NULLS: &[(&str, &str, &str)] = &[
    ("accessibility.errorRedirectUrl", "ApplicationAccessibility", "errorRedirectUrl"),
    ("accessibility.loginRedirectUrl", "ApplicationAccessibility", "loginRedirectUrl"),
    ("settings.notes.admin", "ApplicationSettingsNotes", "admin"),
    ("settings.notes.enduser", "ApplicationSettingsNotes", "enduser"),
    ("settings.notifications.vpn.helpUrl", "ApplicationSettingsNotificationsVpn", "helpUrl"),
    ("settings.notifications.vpn.message", "ApplicationSettingsNotificationsVpn", "message"),
    ("settings.signOn.defaultRelayState", "SamlApplicationSettingsSignOn", "defaultRelayState"),
];
/// The one undeclared property Okta sends (in `settings.signOn`).
pub const TOLERATED_EXTRA: (&str, &str, &str) = ("settings.signOn.samlSignedRequestEnabled", "SamlApplicationSettingsSignOn", "samlSignedRequestEnabled");

/// Closed against invented fields (see the module comment).
const CLOSED: &[&str] = &["SamlApplicationSettingsSignOn", "JsonWebKey", "LogEvent", "LogActor", "LogOutcome", "LogTarget", "LogClient", "LogUserAgent", "LogDebugContext", "LogTransaction", "LogRequest", "LogIpAddress", "Error", "ErrorCause"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// The schema as published.
    None,
    /// Plus SOURCE.md's documented nulls and extra property.
    OktaNulls,
}

/// The excerpt as JSON, duplicate enum values dropped.
pub fn spec_json() -> Value {
    let mut doc: Value = serde_yaml_ng::from_str(spec::MANAGEMENT_API_YAML).expect("the excerpt is YAML");
    dedupe_enums(&mut doc);
    doc
}

fn dedupe_enums(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                let mut seen = Vec::new();
                values.retain(|v| if seen.contains(v) { false } else { seen.push(v.clone()); true });
            }
            map.values_mut().for_each(dedupe_enums);
        }
        Value::Array(items) => items.iter_mut().for_each(dedupe_enums),
        _ => {}
    }
}

/// OpenAPI 3.0 `nullable` → JSON Schema, everywhere.
pub fn openapi_to_json_schema(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            map.values_mut().for_each(openapi_to_json_schema);
        }
        Value::Array(items) => items.iter_mut().for_each(openapi_to_json_schema),
        _ => {}
    }
}

fn allow_null(property: &mut Value) {
    if let Some(Value::String(t)) = property.get("type").cloned() {
        property["type"] = json!([t, "null"]);
    }
}

pub struct Spec {
    pub doc: Value,
    components: Value,
}

impl Spec {
    pub fn load(tolerance: Tolerance) -> Spec {
        let doc = spec_json();
        let mut components = doc["components"].clone();
        openapi_to_json_schema(&mut components);
        let schemas = &mut components["schemas"];
        for name in CLOSED {
            assert!(schemas[*name].get("properties").is_some(), "{name} has its own properties to close");
            schemas[*name]["additionalProperties"] = json!(false);
        }
        if tolerance == Tolerance::OktaNulls {
            for (_, schema, property) in TOLERATED_NULLS {
                let target = &mut schemas[*schema]["properties"][*property];
                assert!(target.is_object(), "{schema}.{property} exists in the spec");
                allow_null(target);
            }
            let (_, schema, property) = TOLERATED_EXTRA;
            assert!(schemas[schema]["properties"].get(property).is_none(), "still undeclared in the spec");
            schemas[schema]["properties"][property] = json!({"type": "boolean"});
        }
        Spec { doc, components }
    }

    /// A validator for `components.schemas[name]`.
    pub fn validator(&self, name: &str) -> Validator {
        assert!(self.components["schemas"].get(name).is_some(), "no schema {name}");
        self.validator_for(&json!({"$ref": format!("#/components/schemas/{name}")}))
    }

    /// A validator for an inline schema whose `$ref`s point into the components.
    pub fn validator_for(&self, schema: &Value) -> Validator {
        let mut root = schema.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["components"] = self.components.clone();
        jsonschema::options().should_validate_formats(true).build(&root).expect("the converted schema compiles")
    }

    /// The concrete schema for `instance` of the schema `name`, following its discriminator
    /// (`Application` + `signOnMode: SAML_2_0` → `SamlApplication`).
    pub fn discriminated(&self, name: &str, instance: &Value) -> String {
        let schema = &self.doc["components"]["schemas"][name];
        let Some(discriminator) = schema.get("discriminator") else {
            return name.to_owned();
        };
        let property = discriminator["propertyName"].as_str().expect("propertyName");
        let value = instance[property].as_str().unwrap_or_else(|| panic!("{property} missing in {instance}"));
        let target = discriminator["mapping"][value].as_str().unwrap_or_else(|| panic!("no mapping for {value}"));
        target.rsplit('/').next().expect("a ref").to_owned()
    }

    pub fn example(&self, name: &str) -> Value {
        self.doc["components"]["examples"][name]["value"].clone()
    }

    /// The operation object for `method` (lower case) on `path`.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.doc["paths"].get(path)?.get(method.to_ascii_lowercase())
    }
}

pub fn errors_of(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// The instance paths (dotted) of the validation errors.
pub fn error_paths(validator: &Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| e.instance_path().to_string().trim_start_matches('/').replace('/', "."))
        .collect()
}
