//! An Okta app object as the Apps API returns it, kept whole (the update is a full replace, so
//! every field Okta sent must go back unchanged), with typed reads of the fields the check needs.
//! Okta sends `null` in fields its schema calls non-nullable; every read here tolerates that.

use serde_json::Value;

use crate::AppRef;

/// One app, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct OktaApp {
    raw: Value,
}

impl OktaApp {
    /// `None` when the object has no `id` (not an app).
    pub fn from_json(raw: Value) -> Option<OktaApp> {
        raw.get("id")?.as_str()?;
        Some(OktaApp { raw })
    }

    pub fn raw(&self) -> &Value {
        &self.raw
    }

    pub fn into_raw(self) -> Value {
        self.raw
    }

    fn text(&self, pointer: &str) -> Option<&str> {
        self.raw.pointer(pointer).and_then(Value::as_str)
    }

    pub fn id(&self) -> &str {
        self.text("/id").unwrap_or_default()
    }

    pub fn label(&self) -> &str {
        self.text("/label").unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.text("/name").unwrap_or_default()
    }

    pub fn status(&self) -> Option<&str> {
        self.text("/status")
    }

    pub fn is_saml(&self) -> bool {
        self.text("/signOnMode") == Some("SAML_2_0")
    }

    /// Okta's version of the object: changes on every update.
    pub fn last_updated(&self) -> &str {
        self.text("/lastUpdated").unwrap_or_default()
    }

    /// `settings.signOn.<key>` as text.
    pub fn sign_on(&self, key: &str) -> Option<&str> {
        self.raw.pointer(&format!("/settings/signOn/{key}")).and_then(Value::as_str)
    }

    pub fn sign_on_flag(&self, key: &str) -> Option<bool> {
        self.raw.pointer(&format!("/settings/signOn/{key}")).and_then(Value::as_bool)
    }

    pub fn sign_on_value(&self, key: &str) -> Option<&Value> {
        self.raw.pointer(&format!("/settings/signOn/{key}")).filter(|v| !v.is_null())
    }

    /// The `kid` of the key that signs the app's SAML responses.
    pub fn signing_kid(&self) -> Option<&str> {
        self.text("/credentials/signing/kid")
    }

    pub fn to_ref(&self, why: impl Into<String>) -> AppRef {
        AppRef { id: self.id().to_owned(), label: self.label().to_owned(), why: why.into() }
    }
}
