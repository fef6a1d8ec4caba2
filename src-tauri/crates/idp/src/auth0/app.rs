//! An Auth0 client (application) as the Management API returns it, restricted to the fields the
//! check reads (`FIELDS`: never the client secret), kept whole so `callbacks` and `addons` can go
//! back exactly as read with only the Flex values changed.

use serde_json::{Map, Value};

use crate::AppRef;

/// The fields asked for on every read (`fields=…&include_fields=true`).
pub(crate) const FIELDS: &str = "client_id,name,app_type,callbacks,addons";

/// One client, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth0App {
    raw: Value,
}

impl Auth0App {
    /// `None` when the object has no `client_id` (not a client).
    pub fn from_json(raw: Value) -> Option<Auth0App> {
        raw.get("client_id")?.as_str()?;
        Some(Auth0App { raw })
    }

    pub fn raw(&self) -> &Value {
        &self.raw
    }

    pub fn into_raw(self) -> Value {
        self.raw
    }

    pub fn id(&self) -> &str {
        self.raw.get("client_id").and_then(Value::as_str).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.raw.get("name").and_then(Value::as_str).unwrap_or_default()
    }

    /// Whether the SAML2 Web App add-on is on (`addons.samlp` present).
    pub fn is_saml(&self) -> bool {
        self.samlp().is_some()
    }

    /// `addons.samlp`, the add-on's settings JSON.
    pub fn samlp(&self) -> Option<&Map<String, Value>> {
        self.raw.pointer("/addons/samlp").and_then(Value::as_object)
    }

    /// `addons.samlp.<key>` as text.
    pub fn saml_text(&self, key: &str) -> Option<&str> {
        self.samlp().and_then(|s| s.get(key)).and_then(Value::as_str)
    }

    pub fn saml_value(&self, key: &str) -> Option<&Value> {
        self.samlp().and_then(|s| s.get(key)).filter(|v| !v.is_null())
    }

    /// The Allowed Callback URLs, in order (the first is the add-on's Application Callback URL).
    pub fn callbacks(&self) -> Vec<&str> {
        self.raw.get("callbacks").and_then(Value::as_array).map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
    }

    /// What the compare-then-write guards: `callbacks` and `addons.samlp` exactly as read (a
    /// client has no version field).
    pub fn guarded(&self) -> Value {
        let pick = |pointer: &str| self.raw.pointer(pointer).cloned().unwrap_or(Value::Null);
        serde_json::json!({"callbacks": pick("/callbacks"), "samlp": pick("/addons/samlp")})
    }

    pub fn to_ref(&self, why: impl Into<String>) -> AppRef {
        AppRef { id: self.id().to_owned(), label: self.name().to_owned(), why: why.into() }
    }
}
