//! Auth0's OpenAPI 3.1 excerpts as JSON Schema validators, for the Auth0 contract test.
//!
//! OpenAPI 3.1 schemas are JSON Schema 2020-12 already: no conversion. To catch invented fields,
//! the objects the product reads or sends are closed (`additionalProperties: false`): the client
//! (as listed, read and returned by a PATCH) and the log events of each type the product reads.
//! `ClientAddonSAML` is open in the spec; it is closed here to the spec's properties plus the
//! keys Auth0's "Customize SAML assertions" page documents ([`DOCUMENTED_SAML_KEYS`], named in
//! `fixtures/auth0/SOURCE.md`). The spec declares no error body; [`error_schema`] is Auth0's.
#![allow(dead_code)]

use flex_sso_idp_emulator::auth0::spec;
use jsonschema::Validator;
use serde_json::{json, Value};

/// Add-on keys Auth0's docs name and the spec does not.
pub const DOCUMENTED_SAML_KEYS: &[&str] = &["typedAttributes", "includeAttributeNameFormat", "logout", "binding", "signingCert"];

/// Management API schemas closed against invented fields.
const CLOSED: &[&str] = &["Client", "GetClientResponseContent", "UpdateClientResponseContent"];
/// Tenant log event types closed the same way.
pub const LOG_TYPES: &[&str] = &["f", "fp", "fu", "s", "w"];

pub struct Spec {
    pub doc: Value,
    components: Value,
    log_schemas: Value,
}

impl Spec {
    pub fn load() -> Spec {
        let doc: Value = serde_json::from_str(spec::MANAGEMENT_API_JSON).expect("the excerpt is JSON");
        let mut components = doc["components"].clone();
        let schemas = &mut components["schemas"];
        for name in CLOSED {
            assert!(schemas[*name].get("properties").is_some(), "{name} has its own properties to close");
            schemas[*name]["additionalProperties"] = json!(false);
        }
        let saml = &mut schemas["ClientAddonSAML"];
        assert_eq!(saml["additionalProperties"], json!(true), "open in the spec");
        for key in DOCUMENTED_SAML_KEYS {
            assert!(saml["properties"].get(*key).is_none(), "{key} is still undeclared in the spec");
            saml["properties"][*key] = json!({});
        }
        saml["additionalProperties"] = json!(false);
        let logs: Value = serde_json::from_str(spec::TENANT_LOGS_JSON).expect("the log schemas are JSON");
        let mut log_schemas = logs["components"].clone();
        for kind in LOG_TYPES {
            log_schemas["schemas"][*kind]["additionalProperties"] = json!(false);
        }
        Spec { doc, components, log_schemas }
    }

    /// A validator for `components.schemas[name]` of the Management API.
    pub fn validator(&self, name: &str) -> Validator {
        assert!(self.components["schemas"].get(name).is_some(), "no schema {name}");
        self.validator_for(&json!({"$ref": format!("#/components/schemas/{name}")}))
    }

    /// A validator for an inline schema whose `$ref`s point into the Management API's components.
    pub fn validator_for(&self, schema: &Value) -> Validator {
        let mut root = schema.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["components"] = self.components.clone();
        jsonschema::options().should_validate_formats(true).build(&root).expect("the schema compiles")
    }

    /// A validator for the tenant log event of type `kind` (`f`, `fp`, …).
    pub fn log_validator(&self, kind: &str) -> Validator {
        assert!(self.log_schemas["schemas"].get(kind).is_some(), "no log schema {kind}");
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#/components/schemas/{kind}"),
            "components": self.log_schemas,
        });
        jsonschema::options().should_validate_formats(true).build(&root).expect("the log schema compiles")
    }

    /// The operation object for `method` (lower case) on `path` (as in the excerpt).
    pub fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.doc["paths"].get(path)?.get(method.to_ascii_lowercase())
    }

    /// The JSON schema of an operation's answer with `status`.
    pub fn response_schema(&self, method: &str, path: &str, status: u16) -> Value {
        self.operation(method, path).expect("operation")["responses"][status.to_string()]["content"]["application/json"]["schema"].clone()
    }

    pub fn request_schema(&self, method: &str, path: &str) -> Value {
        self.operation(method, path).expect("operation")["requestBody"]["content"]["application/json"]["schema"].clone()
    }
}

/// `{statusCode, error, message, errorCode}`, every field required and nothing else.
pub fn error_schema() -> Validator {
    jsonschema::validator_for(&json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["statusCode", "error", "message", "errorCode"],
        "properties": {
            "statusCode": {"type": "integer", "minimum": 400, "maximum": 599},
            "error": {"type": "string", "minLength": 1},
            "message": {"type": "string", "minLength": 1},
            "errorCode": {"type": "string", "pattern": "^[a-z_]+$"},
        }
    }))
    .expect("the error schema compiles")
}

pub fn errors_of(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}
