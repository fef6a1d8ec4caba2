//! The Flex app in Entra: its servicePrincipal and its application, kept whole as Graph sent
//! them (`null` where Graph sends `null`, even where the schema calls the property
//! non-nullable: every read here tolerates it), with typed reads of what the check needs.

use serde_json::{json, Value};

use crate::AppRef;

/// One app, as read: both objects.
#[derive(Debug, Clone, PartialEq)]
pub struct EntraApp {
    service_principal: Value,
    application: Value,
}

fn texts(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|list| list.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

impl EntraApp {
    /// `None` when either object has no `id`, or their `appId`s differ.
    pub fn new(service_principal: Value, application: Value) -> Option<EntraApp> {
        service_principal.get("id")?.as_str()?;
        application.get("id")?.as_str()?;
        let app_id = service_principal.get("appId")?.as_str()?;
        (application.get("appId")?.as_str()? == app_id).then_some(EntraApp { service_principal, application })
    }

    pub fn service_principal(&self) -> &Value {
        &self.service_principal
    }

    pub fn application(&self) -> &Value {
        &self.application
    }

    fn sp_text(&self, name: &str) -> Option<&str> {
        self.service_principal.get(name).and_then(Value::as_str)
    }

    /// The Application (client) ID: the same on both objects, and what the admin sees on both
    /// pages of the Entra admin center. It is the app's id in [`AppRef`] and in snapshots.
    pub fn app_id(&self) -> &str {
        self.sp_text("appId").unwrap_or_default()
    }

    /// The servicePrincipal's object id.
    pub fn service_principal_id(&self) -> &str {
        self.sp_text("id").unwrap_or_default()
    }

    /// The application's object id (the PATCH goes there).
    pub fn application_id(&self) -> &str {
        self.application.get("id").and_then(Value::as_str).unwrap_or_default()
    }

    pub fn display_name(&self) -> &str {
        self.sp_text("displayName").or_else(|| self.application.get("displayName").and_then(Value::as_str)).unwrap_or_default()
    }

    pub fn sso_mode(&self) -> Option<&str> {
        self.sp_text("preferredSingleSignOnMode")
    }

    pub fn signing_thumbprint(&self) -> Option<&str> {
        self.sp_text("preferredTokenSigningKeyThumbprint")
    }

    /// Identifier (Entity ID) values, in Graph's order.
    pub fn identifier_uris(&self) -> Vec<String> {
        texts(self.application.get("identifierUris"))
    }

    /// Reply URL (ACS URL) values, in Graph's order.
    pub fn redirect_uris(&self) -> Vec<String> {
        texts(self.application.pointer("/web/redirectUris"))
    }

    /// The application's `web` object, when Graph sent one (it may be `null`).
    pub fn web(&self) -> Option<&Value> {
        self.application.get("web").filter(|w| w.is_object())
    }

    /// The `value`s of the enabled app roles, on either object.
    pub fn app_role_values(&self) -> Vec<String> {
        let mut values = Vec::new();
        for object in [&self.application, &self.service_principal] {
            for role in object.get("appRoles").and_then(Value::as_array).into_iter().flatten() {
                let enabled = role.get("isEnabled").and_then(Value::as_bool) != Some(false);
                if let (true, Some(value)) = (enabled, role.get("value").and_then(Value::as_str)) {
                    if !values.iter().any(|v| v == value) {
                        values.push(value.to_owned());
                    }
                }
            }
        }
        values
    }

    /// The key Entra encrypts tokens with, when token encryption is on (either object).
    pub fn token_encryption_key_id(&self) -> Option<&str> {
        [&self.application, &self.service_principal].into_iter().find_map(|o| o.get("tokenEncryptionKeyId").and_then(Value::as_str))
    }

    /// What a PATCH of the application would replace, as text: `identifierUris` and the whole
    /// `web`. Graph has no version on the object, so this is the "version" a plan is made from
    /// and checked against before writing (a change to any part of `web` counts, since the
    /// PATCH sends `web` whole).
    pub fn version(&self) -> String {
        json!({
            "identifierUris": self.application.get("identifierUris").cloned().unwrap_or(Value::Null),
            "web": self.application.get("web").cloned().unwrap_or(Value::Null),
        })
        .to_string()
    }

    pub fn to_ref(&self, why: impl Into<String>) -> AppRef {
        AppRef { id: self.app_id().to_owned(), label: self.display_name().to_owned(), why: why.into() }
    }
}
